import Logging
import NIOCore
import NIOSSL
import Synchronization

/// All subscriptions of one client (or, on a cluster, of one hash slot's sharded channels),
/// multiplexed on one subscriber connection.
///
/// A channel or pattern is subscribed on the server while at least one scoped subscription wants
/// it. When the connection drops, it reconnects with backoff and subscribes everything again —
/// on a cluster, to the node that owns the slot now (after a failover or a slot migration, which
/// the server announces with `sunsubscribe` or answers with `MOVED`).
final class RedisPubSub: Sendable {
    typealias Continuation = AsyncStream<RedisPubSubMessage>.Continuation
    /// Where to connect: the node to subscribe on; `reconnecting` after a lost connection or a
    /// moved slot, when a cluster client reads its slot map again first.
    typealias Resolver = @Sendable (_ reconnecting: Bool) -> EventLoopFuture<RedisConfiguration>

    struct Topic: Hashable {
        /// `SUBSCRIBE`, `PSUBSCRIBE` or sharded `SSUBSCRIBE` (Redis 7).
        enum Kind { case channel, pattern, shardChannel }
        var kind: Kind
        var name: String
    }

    private enum Link {
        case down(failures: Int)
        case connecting(failures: Int)
        case up(RedisConnection)
        case closed
    }

    private struct State {
        var subscribers: [Topic: [Int: Continuation]] = [:]
        var confirmed: Set<Topic> = []
        var waiters: [Topic: [EventLoopPromise<Void>]] = [:]
        var link: Link = .down(failures: 0)
        var nextID = 0
        var reconnectScheduled = false
        var everConnected = false
        /// Connections in a row that closed before any subscription was confirmed (a cluster
        /// failing over refuses `SSUBSCRIBE`): the reconnects back off, and only the first is a warning.
        var unconfirmedDrops = 0
    }

    private let state = Mutex(State())
    private let configuration: RedisConfiguration
    private let sslContext: NIOSSLContext?
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let resolve: Resolver

    init(
        configuration: RedisConfiguration, sslContext: NIOSSLContext?, eventLoop: any EventLoop, logger: Logger,
        resolve: Resolver? = nil
    ) {
        self.configuration = configuration
        self.sslContext = sslContext
        self.eventLoop = eventLoop
        self.logger = logger
        self.resolve = resolve ?? { _ in eventLoop.makeSucceededFuture(configuration) }
    }

    /// Whether no subscriber is left.
    var isIdle: Bool { self.state.withLock { $0.subscribers.isEmpty } }

    /// Registers a subscriber for `topics` and waits until the server has confirmed all of them.
    func subscribe(_ topics: [Topic]) async throws -> (id: Int, subscription: RedisSubscription) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: RedisPubSubMessage.self,
            bufferingPolicy: .bufferingNewest(max(1, self.configuration.subscriptionBufferSize))
        )
        enum Registration { case closed, registered(id: Int, waits: [EventLoopFuture<Void>], connect: Bool) }
        let registration: Registration = self.state.withLock { state in
            if case .closed = state.link { return .closed }
            let id = state.nextID
            state.nextID += 1
            var toSend: [Topic] = []
            var waits: [EventLoopFuture<Void>] = []
            for topic in Set(topics) {
                if state.subscribers[topic, default: [:]].isEmpty { toSend.append(topic) }
                state.subscribers[topic, default: [:]][id] = continuation
                if !state.confirmed.contains(topic) {
                    let promise = self.eventLoop.makePromise(of: Void.self)
                    state.waiters[topic, default: []].append(promise)
                    waits.append(promise.futureResult)
                }
            }
            switch state.link {
            case .up(let connection):
                Self.write(toSend, subscribe: true, on: connection)
                return .registered(id: id, waits: waits, connect: false)
            case .down:
                return .registered(id: id, waits: waits, connect: true)
            case .connecting, .closed:
                return .registered(id: id, waits: waits, connect: false)
            }
        }
        guard case .registered(let id, let waits, let connect) = registration else {
            continuation.finish()
            throw RedisError.clientClosed
        }
        if connect { self.connect() }
        do {
            let deadline = self.configuration.connectTimeout + self.configuration.commandTimeout
            let all = EventLoopFuture.andAllSucceed(waits, on: self.eventLoop)
            let timeout = self.eventLoop.scheduleTask(in: deadline) {}
            let raced = self.eventLoop.makePromise(of: Void.self)
            all.cascade(to: raced)
            timeout.futureResult.whenSuccess { raced.fail(RedisError.commandTimeout("SUBSCRIBE")) }
            defer { timeout.cancel() }
            try await raced.futureResult.get()
        } catch {
            self.unsubscribe(id: id, topics: topics)
            throw (error as? RedisError) ?? RedisConnection.translate(error)
        }
        return (id, RedisSubscription(stream: stream))
    }

    /// Removes a subscriber; topics nobody wants any more are unsubscribed on the server.
    func unsubscribe(id: Int, topics: [Topic]) {
        let (finished, abandoned): ([Continuation], [EventLoopPromise<Void>]) = self.state.withLock { state in
            var finished: [Continuation] = []
            var abandoned: [EventLoopPromise<Void>] = []
            var toRemove: [Topic] = []
            for topic in Set(topics) {
                guard let continuation = state.subscribers[topic]?.removeValue(forKey: id) else { continue }
                finished.append(continuation)
                if state.subscribers[topic]?.isEmpty == true {
                    state.subscribers[topic] = nil
                    state.confirmed.remove(topic)
                    abandoned += state.waiters.removeValue(forKey: topic) ?? []
                    toRemove.append(topic)
                }
            }
            if case .up(let connection) = state.link {
                Self.write(toRemove, subscribe: false, on: connection)
            }
            return (finished, abandoned)
        }
        for waiter in abandoned { waiter.fail(RedisError.connectionClosed("unsubscribed")) }
        // One continuation serves all topics of a subscriber: finishing it once is enough.
        finished.first?.finish()
    }

    /// Closes the subscriber connection; subscriptions end.
    func close() {
        let (connection, continuations, waiters) = self.state.withLock { state in
            var connection: RedisConnection?
            if case .up(let current) = state.link { connection = current }
            state.link = .closed
            let continuations = state.subscribers.values.flatMap { $0.values }
            let waiters = state.waiters.values.flatMap { $0 }
            state.subscribers = [:]
            state.waiters = [:]
            return (connection, continuations, waiters)
        }
        for waiter in waiters { waiter.fail(RedisError.clientClosed) }
        for continuation in continuations { continuation.finish() }
        connection?.close()
    }

    private static func write(_ topics: [Topic], subscribe: Bool, on connection: RedisConnection) {
        let channels = topics.filter { $0.kind == .channel }.map { RedisArgument.string($0.name) }
        let patterns = topics.filter { $0.kind == .pattern }.map { RedisArgument.string($0.name) }
        if !channels.isEmpty {
            _ = connection.sendPush(RedisCommand(subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE", channels))
        }
        if !patterns.isEmpty {
            _ = connection.sendPush(RedisCommand(subscribe ? "PSUBSCRIBE" : "PUNSUBSCRIBE", patterns))
        }
        // One command per sharded channel: on a cluster, one SSUBSCRIBE may only name channels of one slot.
        for topic in topics where topic.kind == .shardChannel {
            _ = connection.sendPush(RedisCommand(subscribe ? "SSUBSCRIBE" : "SUNSUBSCRIBE", [.string(topic.name)]))
        }
    }

    // MARK: Connection

    private func connect() {
        let attempt: (failures: Int, reconnecting: Bool)? = self.state.withLock { state in
            guard case .down(let failures) = state.link else { return nil }
            state.link = .connecting(failures: failures)
            defer { state.everConnected = true }
            return (failures, state.everConnected)
        }
        guard let attempt else { return }
        let failures = attempt.failures
        let sslContext = self.sslContext
        let eventLoop = self.eventLoop
        self.resolve(attempt.reconnecting).flatMap { configuration in
            RedisConnection.connect(
                configuration: configuration,
                sslContext: sslContext,
                eventLoop: eventLoop,
                onPush: { [weak self] value in self?.receive(value) }
            )
        }.whenComplete { result in
            switch result {
            case .success(let connection):
                self.connected(connection)
            case .failure(let error):
                self.connectFailed(RedisConnection.translate(error), failures: failures + 1)
            }
        }
    }

    private func connected(_ connection: RedisConnection) {
        let keep = self.state.withLock { state -> Bool in
            guard case .connecting = state.link else { return false }
            state.link = .up(connection)
            state.confirmed = []
            Self.write(Array(state.subscribers.keys), subscribe: true, on: connection)
            return true
        }
        guard keep else { return connection.close() }
        self.logger.debug(
            "redis subscriber connected", metadata: ["redis.address": "\(connection.channel.remoteAddress.map { "\($0)" } ?? "")"])
        connection.closeFuture.whenComplete { _ in self.disconnected(connection) }
    }

    private func disconnected(_ connection: RedisConnection) {
        let drops = self.state.withLock { state -> Int? in
            guard case .up(let current) = state.link, current === connection else { return nil }
            state.link = .down(failures: 0)
            state.unconfirmedDrops = state.confirmed.isEmpty ? state.unconfirmedDrops + 1 : 0
            state.confirmed = []
            return state.subscribers.isEmpty ? nil : state.unconfirmedDrops
        }
        guard let drops else { return }
        self.logger.log(
            level: drops <= 1 ? .warning : .debug, "redis subscriber connection lost; resubscribing",
            metadata: ["redis.address": "\(connection.channel.remoteAddress.map { "\($0)" } ?? "")", "redis.attempt": "\(drops + 1)"])
        // At most half a second apart: the subscription is back soon after the cluster is.
        let delay = min(self.configuration.backoff(afterFailures: drops), .milliseconds(500))
        self.scheduleReconnect(after: max(self.configuration.initialBackoff, delay))
    }

    private func connectFailed(_ error: RedisError, failures: Int) {
        let (waiters, reconnect): ([EventLoopPromise<Void>], Bool) = self.state.withLock { state in
            guard case .connecting = state.link else { return ([], false) }
            state.link = .down(failures: failures)
            // Subscribers waiting for a first confirmation learn now; established ones wait for the reconnect.
            let waiters = state.waiters.values.flatMap { $0 }
            state.waiters = [:]
            return (waiters, !state.subscribers.isEmpty)
        }
        for waiter in waiters { waiter.fail(error) }
        if reconnect { self.scheduleReconnect(after: self.configuration.backoff(afterFailures: failures)) }
    }

    private func scheduleReconnect(after delay: TimeAmount) {
        let schedule = self.state.withLock { state -> Bool in
            guard !state.reconnectScheduled, case .down = state.link else { return false }
            state.reconnectScheduled = true
            return true
        }
        guard schedule else { return }
        self.eventLoop.scheduleTask(in: delay) {
            self.state.withLock { $0.reconnectScheduled = false }
            self.connect()
        }
    }

    // MARK: Inbound

    private func receive(_ value: RESPValue) {
        if case .error(let text) = value {
            // SSUBSCRIBE sent to a node that no longer owns the slot (MOVED), or a cluster going down.
            return self.moved(text)
        }
        guard let parts = value.array, let kind = parts.first?.string else { return }
        switch (kind, parts.count) {
        case ("message", 3):
            guard let channel = parts[1].string, let payload = parts[2].bytes else { return }
            self.deliver(RedisPubSubMessage(channel: channel, pattern: nil, payload: payload), to: Topic(kind: .channel, name: channel))
        case ("pmessage", 4):
            guard let pattern = parts[1].string, let channel = parts[2].string, let payload = parts[3].bytes else { return }
            self.deliver(RedisPubSubMessage(channel: channel, pattern: pattern, payload: payload), to: Topic(kind: .pattern, name: pattern))
        case ("smessage", 3):
            guard let channel = parts[1].string, let payload = parts[2].bytes else { return }
            self.deliver(
                RedisPubSubMessage(channel: channel, pattern: nil, payload: payload), to: Topic(kind: .shardChannel, name: channel))
        case ("subscribe", 3), ("psubscribe", 3), ("ssubscribe", 3):
            guard let name = parts[1].string else { return }
            let kinds: [String: Topic.Kind] = ["subscribe": .channel, "psubscribe": .pattern, "ssubscribe": .shardChannel]
            self.confirm(Topic(kind: kinds[kind] ?? .channel, name: name))
        case ("sunsubscribe", 3):
            // Unasked (the topic still has subscribers): the slot moved to another node.
            guard let name = parts[1].string,
                self.state.withLock({ $0.subscribers[Topic(kind: .shardChannel, name: name)]?.isEmpty == false })
            else { return }
            self.moved("slot migrated")
        default:
            break  // unsubscribe confirmations, pongs
        }
    }

    /// The server says a sharded channel's slot is elsewhere: drop the connection, and subscribe
    /// again on the slot's owner once the slot map has been read again.
    private func moved(_ reason: String) {
        let connection: RedisConnection? = self.state.withLock { state in
            if case .up(let connection) = state.link { return connection }
            return nil
        }
        let repeated = self.state.withLock { $0.unconfirmedDrops > 0 }
        self.logger.log(
            level: repeated ? .debug : .info, "redis sharded subscription moved; resubscribing", metadata: ["redis.reason": "\(reason)"])
        connection?.close()
    }

    private func deliver(_ message: RedisPubSubMessage, to topic: Topic) {
        let continuations = self.state.withLock { state in state.subscribers[topic].map { Array($0.values) } ?? [] }
        for continuation in continuations { continuation.yield(message) }
    }

    private func confirm(_ topic: Topic) {
        let waiters: [EventLoopPromise<Void>] = self.state.withLock { state in
            guard state.subscribers[topic] != nil else { return [] }
            state.confirmed.insert(topic)
            return state.waiters.removeValue(forKey: topic) ?? []
        }
        for waiter in waiters { waiter.succeed() }
    }
}
