import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One connection to Redis: commands are written and their replies matched in order, so many
/// callers can pipeline on it at once.
///
/// Made by ``RedisClient`` for its pool, or lent out by `withConnection` for blocking commands.
package final class RedisConnection: Sendable {
    let channel: any Channel
    let commandTimeoutValue: TimeAmount

    private init(channel: any Channel, commandTimeout: TimeAmount) {
        self.channel = channel
        self.commandTimeoutValue = commandTimeout
    }

    /// Whether the socket is still open.
    package var isActive: Bool { self.channel.isActive }

    /// Completes when the connection closes, for whatever reason.
    var closeFuture: EventLoopFuture<Void> { self.channel.closeFuture }

    /// Writes all commands with one flush and returns their replies in order.
    func sendBatch(_ commands: [RedisCommand], timeout: TimeAmount? = nil) -> [EventLoopFuture<RESPValue>] {
        let loop = self.channel.eventLoop
        let requests = commands.map {
            RedisRequest(command: $0, promise: loop.makePromise(of: RESPValue.self), timeout: timeout ?? self.commandTimeoutValue)
        }
        self.channel.writeAndFlush(RedisBatch(requests: requests)).whenFailure { error in
            let translated = RedisConnection.translate(error)
            for request in requests { request.promise.fail(translated) }
        }
        return requests.map(\.promise.futureResult)
    }

    /// Sends a command and throws server errors as ``RedisError``.
    ///
    /// - Parameter timeout: how long to wait for the reply; the configured command time-out if `nil`.
    package func send(_ command: RedisCommand, timeout: TimeAmount? = nil) async throws -> RESPValue {
        try await self.sendUnchecked(command, timeout: timeout).checked()
    }

    /// Sends a command and returns its reply, an error reply included (a cluster client reads
    /// `MOVED` and `ASK` from it).
    func sendUnchecked(_ command: RedisCommand, timeout: TimeAmount? = nil) async throws -> RESPValue {
        let promise = self.channel.eventLoop.makePromise(of: RESPValue.self)
        let request = RedisRequest(command: command, promise: promise, timeout: timeout ?? self.commandTimeoutValue)
        self.channel.writeAndFlush(RedisBatch(requests: [request])).whenFailure { error in
            promise.fail(RedisConnection.translate(error))
        }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
        }
    }

    /// Closes the socket; commands still waiting fail with `connectionClosed`.
    package func close() {
        self.channel.close(promise: nil)
    }

    /// Opens a connection, then authenticates, selects the database and names the client.
    ///
    /// - Parameter pubSub: a connection for SUBSCRIBE mode, whose inbound messages go to `onPush`.
    static func connect(
        configuration: RedisConfiguration,
        sslContext: NIOSSLContext?,
        eventLoop: any EventLoop,
        onPush: (@Sendable (RESPValue) -> Void)? = nil
    ) -> EventLoopFuture<RedisConnection> {
        let serverName = configuration.tls?.serverName ?? configuration.host
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        let hostname = serverName.isIPAddress ? nil : serverName
                        try pipeline.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: hostname))
                    }
                    try pipeline.addHandler(HiredisReplyDecoder())
                    try pipeline.addHandler(RedisConnectionHandler())
                }
            }
        let address = configuration.address
        return bootstrap.connect(host: configuration.host, port: configuration.port)
            .flatMapErrorThrowing { error in throw Self.translateConnect(error, address: address) }
            .flatMap { channel in
                let connection = RedisConnection(channel: channel, commandTimeout: configuration.commandTimeout)
                return connection.handshake(configuration)
                    .flatMapThrowing {
                        // A subscriber connection swaps the reply matcher for the push router once
                        // the handshake's replies are in; nothing else is in flight at that point.
                        if let onPush { try connection.switchToPushMode(onPush) }
                        return connection
                    }
                    .flatMapError { error in
                        connection.close()
                        return channel.eventLoop.makeFailedFuture(error)
                    }
            }
    }

    private func handshake(_ configuration: RedisConfiguration) -> EventLoopFuture<Void> {
        var commands: [RedisCommand] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", [.string(username), .string(password)]))
            } else {
                commands.append(RedisCommand("AUTH", [.string(password)]))
            }
        }
        if configuration.database != 0 {
            commands.append(RedisCommand("SELECT", [.integer(configuration.database)]))
        }
        if let name = configuration.clientName {
            commands.append(RedisCommand("CLIENT", ["SETNAME", .string(name)]))
        }
        guard !commands.isEmpty else { return self.channel.eventLoop.makeSucceededVoidFuture() }
        let replies = self.sendBatch(commands, timeout: configuration.commandTimeout)
        return EventLoopFuture.whenAllSucceed(replies, on: self.channel.eventLoop).flatMapThrowing { values in
            for value in values { _ = try value.checked() }
        }
    }

    /// Must run on the channel's event loop.
    private func switchToPushMode(_ onPush: @escaping @Sendable (RESPValue) -> Void) throws {
        let pipeline = self.channel.pipeline.syncOperations
        let matcher = try pipeline.handler(type: RedisConnectionHandler.self)
        pipeline.removeHandler(matcher, promise: nil)
        try pipeline.addHandler(RedisPushHandler(onPush: onPush))
    }

    /// Writes a command on a subscriber connection; its answer arrives as a push message.
    func sendPush(_ command: RedisCommand) -> EventLoopFuture<Void> {
        self.channel.writeAndFlush(command)
    }

    static func translate(_ error: any Error) -> RedisError {
        if let error = error as? RedisError { return error }
        if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .alreadyClosed {
            return .connectionClosed()
        }
        if error is NIOSSLError || error is BoringSSLError { return .tls("\(error)") }
        return .connectionClosed("connection error: \(error)")
    }

    static func translateConnect(_ error: any Error, address: String) -> RedisError {
        if let error = error as? ChannelError, case .connectTimeout = error { return .connectTimeout(address) }
        let text = "\(error)"
        if text.contains("refused") || text.contains("ECONNREFUSED") || text.contains("errno: 111") {
            return .connectionRefused(address)
        }
        if text.lowercased().contains("timeout") || text.lowercased().contains("timed out") {
            return .connectTimeout(address)
        }
        return .connectionClosed("could not connect to \(address): \(text)")
    }
}

extension String {
    /// A rough check, enough to keep IP literals out of SNI.
    var isIPAddress: Bool {
        self.contains(":") || self.allSatisfy { $0.isNumber || $0 == "." }
    }
}
