import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// The Redis client every Switchboard service shares: a bounded pool of pipelining connections,
/// multiplexed pub/sub with automatic resubscribe, reconnect with capped exponential backoff.
///
/// All I/O runs on SwiftNIO event loops; no call blocks a thread. Add the client to the service
/// group so it closes its connections on shutdown.
///
/// ```swift
/// let redis = try RedisClient(configuration: .init(host: "127.0.0.1"), logger: logger)
/// try await redis.set("sb:greeting", to: "hello", expiration: .seconds(60))
/// try await redis.subscribe(to: ["sb:relay:abc"]) { messages in
///     for await message in messages { print(message.string) }
/// }
/// ```
package final class RedisClient: Sendable, Service {
    package let configuration: RedisConfiguration
    let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let sslContext: NIOSSLContext?
    private let slots: [RedisConnectionSlot]
    private let nextSlot = Atomic<Int>(0)
    /// Commands waiting for Redis to come back (bounded by `maximumWaitingCommands`).
    private let waiting = Atomic<Int>(0)
    let pubSub: RedisPubSub
    /// Script source → SHA-1 returned by `SCRIPT LOAD`.
    let scriptCache = Mutex<[String: String]>([:])

    /// - Parameters:
    ///   - configuration: address, credentials, pool size, time-outs, TLS.
    ///   - eventLoopGroup: where connections live; NIO's shared group by default.
    package init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        let sslContext: NIOSSLContext?
        if let tls = configuration.tls {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if !tls.verifyPeer { tlsConfiguration.certificateVerification = .none }
            if let caFile = tls.caFile {
                tlsConfiguration.trustRoots = .file(caFile)
            }
            do {
                sslContext = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw RedisError.tls("cannot set up TLS: \(error)")
            }
        } else {
            sslContext = nil
        }
        self.sslContext = sslContext
        let size = max(1, configuration.poolSize)
        self.slots = (0..<size).map { _ in
            RedisConnectionSlot(
                configuration: configuration,
                sslContext: sslContext,
                eventLoop: eventLoopGroup.next()
            )
        }
        self.pubSub = RedisPubSub(
            configuration: configuration,
            sslContext: sslContext,
            eventLoop: eventLoopGroup.next(),
            logger: logger
        )
    }

    /// Waits for graceful shutdown, then closes every connection.
    package func run() async throws {
        try? await gracefulShutdown()
        self.close()
    }

    /// Closes every connection; later commands fail with `clientClosed`.
    package func close() {
        for slot in self.slots { slot.close() }
        self.pubSub.close()
    }

    /// A connection to send on. While Redis cannot be reached (a restart, a failover) the command
    /// — not sent yet, so safe to send later — waits for it up to `reconnectWait` (or `limit`,
    /// when shorter), retrying every 100 ms; at most `maximumWaitingCommands` wait at once, more
    /// fail at once (counted in `switchboard_redis_commands_dropped_total`). The oldest waiters
    /// give up first.
    private func connection(waitingAtMost limit: TimeAmount? = nil) async throws -> RedisConnection {
        do {
            return try await self.connectionNow()
        } catch let error as RedisError where error.isConnectionError {
            let wait = min(limit ?? self.configuration.reconnectWait, self.configuration.reconnectWait)
            guard wait > .zero else { throw error }
            guard self.waiting.add(1, ordering: .relaxed).newValue <= self.configuration.maximumWaitingCommands else {
                self.waiting.subtract(1, ordering: .relaxed)
                RedisMetrics.dropped.increment()
                throw error
            }
            defer { self.waiting.subtract(1, ordering: .relaxed) }
            let deadline = NIODeadline.now() + wait
            var last = error
            while NIODeadline.now() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                do {
                    return try await self.connectionNow()
                } catch let error as RedisError where error.isConnectionError {
                    last = error
                }
            }
            throw last
        }
    }

    /// An open connection if any slot has one (no suspension), else the next slot connects.
    private func connectionNow() async throws -> RedisConnection {
        let start = self.nextSlot.add(1, ordering: .relaxed).oldValue
        for offset in 0..<self.slots.count {
            if let connection = self.slots[(start &+ offset) % self.slots.count].activeConnection {
                return connection
            }
        }
        return try await self.slots[start % self.slots.count].connection().getCancellable()
    }

    /// Sends one command and returns its reply; an error reply is thrown as ``RedisError``.
    @discardableResult
    package func send(_ command: RedisCommand, timeout: TimeAmount? = nil) async throws -> RESPValue {
        do {
            return try await self.connection(waitingAtMost: timeout).send(command, timeout: timeout)
        } catch let error as RedisError {
            RedisMetrics.errors(error).increment()
            throw error
        }
    }

    /// Sends one command built from words: `try await redis.send("HSET", ["k", "f", "v"])`.
    @discardableResult
    package func send(_ name: String, _ arguments: [RedisArgument] = []) async throws -> RESPValue {
        try await self.send(RedisCommand(name, arguments))
    }

    /// Writes all commands with one flush on one connection and returns their replies in order.
    ///
    /// Error replies are returned in place as `.error` so one failing command does not hide the
    /// others' results; a connection failure throws.
    package func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        do {
            let connection = try await self.connection()
            let futures = connection.sendBatch(commands)
            // One suspension for the whole batch: the replies are gathered on the event loop.
            return try await EventLoopFuture.whenAllSucceed(futures, on: connection.channel.eventLoop).getCancellable()
        } catch let error as RedisError {
            RedisMetrics.errors(error).increment()
            throw error
        }
    }

    /// Lends a dedicated connection for the closure's duration, for blocking commands such as
    /// `XREADGROUP … BLOCK` that would stall the pool's pipelines; closed afterwards.
    package func withConnection<Result: Sendable>(
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await RedisConnection.connect(
            configuration: self.configuration,
            sslContext: self.sslContext,
            eventLoop: self.eventLoopGroup.next()
        ).get()
        defer { connection.close() }
        return try await body(connection)
    }
}
