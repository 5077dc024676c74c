import NIOCore

extension RedisClient {
    /// Subscribes to channels, patterns and sharded channels for the closure's duration.
    ///
    /// Returns once Redis has confirmed every subscription, so a message published after the
    /// closure starts is delivered. Unsubscribes when the closure returns or throws. Survives
    /// reconnects: the subscription is renewed on the new connection — on a cluster, sharded
    /// channels on the master that owns their slot then (after a failover or a slot migration).
    ///
    /// - Parameter shardChannels: channels for `SSUBSCRIBE` (Redis 7), published with ``spublish(_:to:)``;
    ///   on a cluster all of one call must be in one hash slot.
    package func subscribe<Result>(
        channels: [String] = [],
        patterns: [String] = [],
        shardChannels: [String] = [],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        let topics =
            channels.map { RedisPubSub.Topic(kind: .channel, name: $0) }
            + patterns.map { RedisPubSub.Topic(kind: .pattern, name: $0) }
        let shardTopics = shardChannels.map { RedisPubSub.Topic(kind: .shardChannel, name: $0) }
        precondition(!(topics + shardTopics).isEmpty, "subscribe needs at least one channel or pattern")
        guard self.isCluster, let first = shardChannels.first else {
            let all = topics + shardTopics
            let (id, subscription) = try await self.pubSub.subscribe(all)
            defer { self.pubSub.unsubscribe(id: id, topics: all) }
            return try await body(subscription)
        }
        // Cluster: sharded channels on their slot's subscriber; a call is one slot (see RedisCommand.slot).
        precondition(topics.isEmpty, "on a cluster, subscribe to sharded channels in a call of their own")
        let slot = RedisHashSlot.of(first)
        assert(
            shardChannels.allSatisfy { RedisHashSlot.of($0) == slot },
            "sharded channels \(shardChannels) are in different hash slots; subscribe to each on its own")
        let pubSub = self.shardedPubSub(slot: slot)
        defer { self.releaseShardedPubSub(slot: slot) }
        let (id, subscription) = try await pubSub.subscribe(shardTopics)
        defer { pubSub.unsubscribe(id: id, topics: shardTopics) }
        return try await body(subscription)
    }

    /// Subscribes to channels: `try await redis.subscribe(to: ["a"]) { messages in … }`.
    package func subscribe<Result>(
        to channels: [String],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await self.subscribe(channels: channels, patterns: [], body)
    }

    /// Subscribes to glob patterns (`sb:relay:*`). Not for sharded channels, and on a cluster only
    /// for channels published with ``publish(_:to:)`` (which a cluster broadcasts to every node).
    package func psubscribe<Result>(
        to patterns: [String],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await self.subscribe(channels: [], patterns: patterns, body)
    }

    /// Subscribes to sharded channels (`SSUBSCRIBE`): `try await redis.ssubscribe(to: ["sb:relay:{abc}"]) { … }`.
    package func ssubscribe<Result>(
        to channels: [String],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await self.subscribe(shardChannels: channels, body)
    }

    /// Publishes a message; returns how many subscribers received it (on a cluster: on the node
    /// that took it, though every node's subscribers get it).
    @discardableResult
    package func publish(_ message: RedisArgument, to channel: String) async throws -> Int {
        try await self.send("PUBLISH", [.string(channel), message]).int ?? 0
    }

    /// Publishes on a sharded channel (`SPUBLISH`, Redis 7): on a cluster only the master of the
    /// channel's slot and its replicas carry it.
    @discardableResult
    package func spublish(_ message: RedisArgument, to channel: String) async throws -> Int {
        try await self.send("SPUBLISH", [.string(channel), message]).int ?? 0
    }
}
