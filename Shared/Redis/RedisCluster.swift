import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The cluster side of ``RedisClient``: the slot map, a connection pool per master, and the
/// routing of each command to the master of its keys' slot, following `MOVED` and `ASK` and
/// retrying while a failover is under way (as long and as many as ``RedisOutageWait`` lets a
/// command wait for a restarted single node). A command whose connection dropped after it was
/// written is sent again too: a promoted replica may not have it, but an old master that did
/// apply it applies it twice.
///
/// The map is read from any known node with `CLUSTER SHARDS` (falling back to `CLUSTER SLOTS`)
/// at the first command, after every `MOVED` or unreachable node, and every `refreshInterval`
/// while the client runs as a service. Concurrent refreshes share one request.
final class RedisCluster: Sendable {
    private struct State {
        var map = RedisSlotMap()
        var pools: [RedisConfiguration.Endpoint: RedisConnectionPool] = [:]
        var refreshing: EventLoopFuture<Void>?
        var closed = false
    }

    let configuration: RedisConfiguration
    let settings: RedisConfiguration.Cluster
    private let sslContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())
    /// Shared with the client: how long and how many commands wait through a failover.
    private let outage: RedisOutageWait

    /// Redirections followed for one command before its error reply is returned.
    static let maximumRedirects = 5

    init(
        configuration: RedisConfiguration, settings: RedisConfiguration.Cluster, sslContext: NIOSSLContext?,
        eventLoopGroup: any EventLoopGroup, outage: RedisOutageWait, logger: Logger
    ) {
        self.outage = outage
        self.configuration = configuration
        self.settings = settings
        self.sslContext = sslContext
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    // MARK: Routing

    /// The master of `slot` as the map knows it; for keyless commands (or an unknown slot), any master or seed.
    func endpoint(forSlot slot: Int?) -> RedisConfiguration.Endpoint {
        self.state.withLock { state in
            if let slot, let owner = state.map.owner(of: slot) { return owner }
            return state.map.masters.randomElement() ?? self.settings.seeds.randomElement()
                ?? RedisConfiguration.Endpoint(host: self.configuration.host, port: self.configuration.port)
        }
    }

    /// Every master the map knows.
    var masters: [RedisConfiguration.Endpoint] { self.state.withLock { $0.map.masters } }

    /// The connection pool of one node, made on first use.
    func pool(_ endpoint: RedisConfiguration.Endpoint) throws -> RedisConnectionPool {
        try self.state.withLock { state in
            if state.closed { throw RedisError.clientClosed }
            if let pool = state.pools[endpoint] { return pool }
            let pool = RedisConnectionPool(
                configuration: self.configuration.node(endpoint), sslContext: self.sslContext,
                eventLoopGroup: self.eventLoopGroup)
            state.pools[endpoint] = pool
            return pool
        }
    }

    /// Reads the map first if it is still empty.
    func ready() async throws {
        if self.state.withLock({ $0.map.isEmpty }) { try await self.refresh().get() }
    }

    /// For event-loop code: the map read again when `reconnecting` or still empty, else at once.
    func prepared(reconnecting: Bool) -> EventLoopFuture<Void> {
        if reconnecting || self.state.withLock({ $0.map.isEmpty }) { return self.refresh() }
        return self.eventLoopGroup.any().makeSucceededVoidFuture()
    }

    /// Sends one command to the master of its slot and returns its reply (an error reply in place),
    /// following redirections and retrying through a failover.
    func execute(_ command: RedisCommand, timeout: TimeAmount?) async throws -> RESPValue {
        try await self.ready()
        let slot = command.slot
        var target = self.endpoint(forSlot: slot)
        var asking = false
        var redirects = 0
        var failures = 0
        let deadline = NIODeadline.now() + self.outage.limit
        var waiting = false
        defer { self.outage.leave(waiting) }
        while true {
            let reply: RESPValue
            do {
                let connection = try await self.pool(target).connection()
                if asking {
                    let replies = connection.sendBatch([RedisCommand("ASKING"), command], timeout: timeout)
                    reply = try await replies[1].getCancellable()
                    asking = false
                } else {
                    reply = try await connection.sendUnchecked(command, timeout: timeout)
                }
            } catch let error as RedisError where error.isConnectionError {
                guard NIODeadline.now() < deadline, self.outage.enter(&waiting) else { throw error }
                failures += 1
                try await self.pause(after: failures)
                _ = try? await self.refresh().get()
                target = self.endpoint(forSlot: slot)
                continue
            }
            guard case .error(let text) = reply, let cluster = RedisClusterReply(error: text, current: target) else {
                return reply
            }
            switch cluster {
            case .moved(let movedSlot, let endpoint):
                redirects += 1
                guard redirects <= Self.maximumRedirects else { return reply }
                self.state.withLock { $0.map.assign(movedSlot, to: endpoint) }
                _ = self.refresh()
                target = endpoint
            case .ask(_, let endpoint):
                redirects += 1
                guard redirects <= Self.maximumRedirects else { return reply }
                target = endpoint
                asking = true
            case .retry:
                guard NIODeadline.now() < deadline, self.outage.enter(&waiting) else { return reply }
                failures += 1
                try await self.pause(after: failures)
                _ = try? await self.refresh().get()
                target = self.endpoint(forSlot: slot)
            }
        }
    }

    /// Sends commands grouped by node, one flush per node, and returns their replies in the
    /// original order; a command redirected or refused is sent again on its own.
    func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await self.ready()
        var groups: [RedisConfiguration.Endpoint: [Int]] = [:]
        for (index, command) in commands.enumerated() {
            groups[self.endpoint(forSlot: command.slot), default: []].append(index)
        }
        var replies = [RESPValue?](repeating: nil, count: commands.count)
        try await withThrowingTaskGroup(of: (indices: [Int], replies: [RESPValue]?).self) { group in
            for (endpoint, indices) in groups {
                group.addTask {
                    do {
                        let connection = try await self.pool(endpoint).connection()
                        let futures = connection.sendBatch(indices.map { commands[$0] })
                        let values = try await EventLoopFuture.whenAllSucceed(futures, on: connection.channel.eventLoop)
                            .getCancellable()
                        return (indices, values)
                    } catch let error as RedisError where error.isConnectionError {
                        return (indices, nil)  // sent again one by one below, through the failover
                    }
                }
            }
            for try await (indices, values) in group {
                guard let values else { continue }
                for (index, value) in zip(indices, values) { replies[index] = value }
            }
        }
        // In the original order, so a key's commands still run in sequence.
        for index in commands.indices where replies[index].map(RedisClusterReply.isRedirectOrRetry) ?? true {
            replies[index] = try await self.execute(commands[index], timeout: nil)
        }
        return replies.map { $0 ?? .null }
    }

    /// A dedicated connection to the master of `slot` (any master without one), for blocking commands.
    func dedicatedConnection(slot: Int?) async throws -> RedisConnection {
        try await self.ready()
        var failures = 0
        let deadline = NIODeadline.now() + self.outage.limit
        var waiting = false
        defer { self.outage.leave(waiting) }
        while true {
            do {
                return try await RedisConnection.connect(
                    configuration: self.configuration.node(self.endpoint(forSlot: slot)),
                    sslContext: self.sslContext,
                    eventLoop: self.eventLoopGroup.next()
                ).get()
            } catch let error as RedisError where error.isConnectionError {
                guard NIODeadline.now() < deadline, self.outage.enter(&waiting) else { throw error }
                failures += 1
                try await self.pause(after: failures)
                _ = try? await self.refresh().get()
            }
        }
    }

    private func pause(after failures: Int) async throws {
        let delay = min(self.configuration.backoff(afterFailures: failures), .milliseconds(500))
        try await Task.sleep(nanoseconds: UInt64(max(0, delay.nanoseconds)))
    }

    // MARK: Slot map

    /// Reads the slot map again from the first node that answers; concurrent callers share one read.
    /// Never fails: when no node answers, the old map stays.
    @discardableResult
    func refresh() -> EventLoopFuture<Void> {
        let eventLoop = self.eventLoopGroup.any()
        let promise = eventLoop.makePromise(of: Void.self)
        let candidates: [RedisConfiguration.Endpoint]? = self.state.withLock { state in
            if state.refreshing != nil { return nil }
            state.refreshing = promise.futureResult
            var candidates = state.map.masters.shuffled()
            for seed in self.settings.seeds where !candidates.contains(seed) { candidates.append(seed) }
            return candidates
        }
        guard let candidates else {
            promise.succeed()
            return self.state.withLock { $0.refreshing } ?? eventLoop.makeSucceededVoidFuture()
        }
        promise.futureResult.whenComplete { _ in self.state.withLock { $0.refreshing = nil } }
        self.read(from: candidates[...], promise: promise)
        return promise.futureResult
    }

    private func read(from candidates: ArraySlice<RedisConfiguration.Endpoint>, promise: EventLoopPromise<Void>) {
        guard let endpoint = candidates.first, let pool = try? self.pool(endpoint) else {
            self.logger.warning("redis cluster: no node answered CLUSTER SHARDS; keeping the slot map")
            return promise.succeed()
        }
        let tls = self.configuration.tls != nil
        pool.connectionFuture()
            .flatMap { connection in
                connection.sendBatch([RedisCommand("CLUSTER", ["SHARDS"])])[0].flatMap { reply in
                    if case .error = reply {
                        return connection.sendBatch([RedisCommand("CLUSTER", ["SLOTS"])])[0].map {
                            RedisSlotMap(slots: $0, asked: endpoint)
                        }
                    }
                    return connection.channel.eventLoop.makeSucceededFuture(RedisSlotMap(shards: reply, asked: endpoint, tls: tls))
                }
            }
            .whenComplete { result in
                guard case .success(let read?) = result else {
                    return self.read(from: candidates.dropFirst(), promise: promise)
                }
                let (changed, map) = self.state.withLock { state in
                    let merged = read.merged(keepingOwnersFrom: state.map)
                    defer { state.map = merged }
                    return (state.map.masters != merged.masters || state.map.owners != merged.owners, merged)
                }
                if changed {
                    self.logger.info(
                        "redis cluster slot map read", metadata: ["redis.masters": "\(map.masters.map(\.description))"])
                }
                promise.succeed()
            }
    }

    /// Reads the map every `refreshInterval` until cancelled (graceful shutdown).
    func refreshPeriodically() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(max(1, self.settings.refreshInterval.nanoseconds)))
            guard !Task.isCancelled else { return }
            _ = try? await self.refresh().get()
        }
    }

    /// Closes every node's connections.
    func close() {
        let pools = self.state.withLock { state in
            state.closed = true
            return Array(state.pools.values)
        }
        for pool in pools { pool.close() }
    }
}
