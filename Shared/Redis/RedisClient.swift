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
    /// The single node's connections; `nil` in cluster mode.
    private let pool: RedisConnectionPool?
    /// Slot map and per-master pools in cluster mode (`configuration.cluster`).
    let cluster: RedisCluster?
    /// Channels and patterns (and, on a single node, sharded channels).
    let pubSub: RedisPubSub
    /// Commands waiting for Redis to come back (a restart, a failover).
    private let outage: RedisOutageWait
    /// Cluster mode: one subscriber per hash slot with sharded subscriptions, with its subscriber count.
    let shardedPubSubs = Mutex<[Int: (pubSub: RedisPubSub, users: Int)]>([:])
    /// Script source → SHA-1 returned by `SCRIPT LOAD`.
    let scriptCache = Mutex<[String: String]>([:])

    /// - Parameters:
    ///   - configuration: address (or cluster seeds), credentials, pool size, time-outs, TLS.
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
        self.outage = RedisOutageWait(configuration: configuration)
        let pubSubLoop = eventLoopGroup.next()
        if let settings = configuration.cluster {
            let cluster = RedisCluster(
                configuration: configuration, settings: settings, sslContext: sslContext, eventLoopGroup: eventLoopGroup,
                outage: self.outage, logger: logger)
            self.cluster = cluster
            self.pool = nil
            // Classic pub/sub is cluster-wide: any master will do.
            self.pubSub = RedisPubSub(
                configuration: configuration, sslContext: sslContext, eventLoop: pubSubLoop, logger: logger,
                resolve: { reconnecting in
                    cluster.prepared(reconnecting: reconnecting).hop(to: pubSubLoop).map {
                        configuration.node(cluster.endpoint(forSlot: nil))
                    }
                })
        } else {
            self.cluster = nil
            self.pool = RedisConnectionPool(configuration: configuration, sslContext: sslContext, eventLoopGroup: eventLoopGroup)
            self.pubSub = RedisPubSub(configuration: configuration, sslContext: sslContext, eventLoop: pubSubLoop, logger: logger)
        }
    }

    /// Whether commands are routed over a Redis Cluster.
    package var isCluster: Bool { self.cluster != nil }

    /// Waits for graceful shutdown, then closes every connection. On a cluster, reads the slot
    /// map every `refreshInterval` meanwhile.
    package func run() async throws {
        if let cluster {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await cluster.refreshPeriodically() }
                try? await gracefulShutdown()
                group.cancelAll()
            }
        } else {
            try? await gracefulShutdown()
        }
        self.close()
    }

    /// Closes every connection; later commands fail with `clientClosed`.
    package func close() {
        self.pool?.close()
        self.cluster?.close()
        self.pubSub.close()
        let sharded = self.shardedPubSubs.withLock { pubSubs in
            defer { pubSubs = [:] }
            return pubSubs.values.map(\.pubSub)
        }
        for pubSub in sharded { pubSub.close() }
    }

    /// Sends one command and returns its reply; an error reply is thrown as ``RedisError``.
    ///
    /// On a cluster the command goes to the master of its keys' slot; every key must be in one slot.
    @discardableResult
    package func send(_ command: RedisCommand, timeout: TimeAmount? = nil) async throws -> RESPValue {
        do {
            if let cluster {
                return try await cluster.execute(command, timeout: timeout).checked()
            }
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
    /// others' results; a connection failure throws. On a cluster, commands are grouped by the
    /// master of their slot (one flush per node) and their replies put back in order.
    package func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        do {
            if let cluster { return try await cluster.pipeline(commands) }
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
    ///
    /// - Parameter key: the key the blocking commands read; on a cluster, the connection goes to its master.
    package func withConnection<Result: Sendable>(
        forKey key: String? = nil,
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection: RedisConnection
        if let cluster {
            connection = try await cluster.dedicatedConnection(slot: key.map(RedisHashSlot.of))
        } else {
            connection = try await RedisConnection.connect(
                configuration: self.configuration,
                sslContext: self.sslContext,
                eventLoop: self.eventLoopGroup.next()
            ).get()
        }
        defer { connection.close() }
        return try await body(connection)
    }

    /// A single node's connection to send on. While Redis cannot be reached (a restart) the
    /// command — not sent yet, so safe to send later — waits for it (``RedisOutageWait``; `limit`
    /// when shorter), trying again every 100 ms.
    private func connection(waitingAtMost limit: TimeAmount? = nil) async throws -> RedisConnection {
        do {
            return try await self.singlePool.connection()
        } catch let error as RedisError where error.isConnectionError {
            var entered = false
            guard limit.map({ $0 > .zero }) ?? true, self.outage.enter(&entered) else { throw error }
            defer { self.outage.leave(entered) }
            let deadline = NIODeadline.now() + min(limit ?? self.outage.limit, self.outage.limit)
            var last = error
            while NIODeadline.now() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                do {
                    return try await self.singlePool.connection()
                } catch let error as RedisError where error.isConnectionError {
                    last = error
                }
            }
            throw last
        }
    }

    private var singlePool: RedisConnectionPool {
        guard let pool else { preconditionFailure("a single-node client has a pool") }
        return pool
    }

    /// Cluster mode: the subscriber of one hash slot's sharded channels, made on first use and
    /// counted, so ``releaseShardedPubSub(slot:)`` closes it after its last subscriber.
    func shardedPubSub(slot: Int) -> RedisPubSub {
        self.shardedPubSubs.withLock { pubSubs in
            if let entry = pubSubs[slot] {
                pubSubs[slot]?.users += 1
                return entry.pubSub
            }
            let cluster = self.cluster
            let configuration = self.configuration
            let loop = self.eventLoopGroup.next()
            let pubSub = RedisPubSub(
                configuration: configuration, sslContext: self.sslContext, eventLoop: loop, logger: self.logger,
                resolve: { reconnecting in
                    guard let cluster else { return loop.makeSucceededFuture(configuration) }
                    return cluster.prepared(reconnecting: reconnecting).hop(to: loop).map {
                        configuration.node(cluster.endpoint(forSlot: slot))
                    }
                })
            pubSubs[slot] = (pubSub, 1)
            return pubSub
        }
    }

    /// Releases a subscriber taken with ``shardedPubSub(slot:)``.
    func releaseShardedPubSub(slot: Int) {
        let idle: RedisPubSub? = self.shardedPubSubs.withLock { pubSubs in
            guard let entry = pubSubs[slot] else { return nil }
            if entry.users > 1 {
                pubSubs[slot]?.users -= 1
                return nil
            }
            pubSubs[slot] = nil
            return entry.pubSub
        }
        idle?.close()
    }
}
