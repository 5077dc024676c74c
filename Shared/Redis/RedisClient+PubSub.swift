import NIOCore

extension RedisClient {
    /// Subscribes to channels and patterns for the closure's duration.
    ///
    /// Returns once Redis has confirmed every subscription, so a message published after the
    /// closure starts is delivered. Unsubscribes when the closure returns or throws. Survives
    /// reconnects: the subscription is renewed on the new connection.
    package func subscribe<Result>(
        channels: [String] = [],
        patterns: [String] = [],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        let topics =
            channels.map { RedisPubSub.Topic(kind: .channel, name: $0) }
            + patterns.map { RedisPubSub.Topic(kind: .pattern, name: $0) }
        precondition(!topics.isEmpty, "subscribe needs at least one channel or pattern")
        let (id, subscription) = try await self.pubSub.subscribe(topics)
        defer { self.pubSub.unsubscribe(id: id, topics: topics) }
        return try await body(subscription)
    }

    /// Subscribes to channels: `try await redis.subscribe(to: ["a"]) { messages in … }`.
    package func subscribe<Result>(
        to channels: [String],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await self.subscribe(channels: channels, patterns: [], body)
    }

    /// Subscribes to glob patterns (`sb:relay:*`).
    package func psubscribe<Result>(
        to patterns: [String],
        _ body: (RedisSubscription) async throws -> Result
    ) async throws -> Result {
        try await self.subscribe(channels: [], patterns: patterns, body)
    }

    /// Publishes a message; returns how many subscribers received it.
    @discardableResult
    package func publish(_ message: RedisArgument, to channel: String) async throws -> Int {
        try await self.send("PUBLISH", [.string(channel), message]).int ?? 0
    }
}
