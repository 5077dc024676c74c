import NIOCore

/// A message received on a subscription.
package struct RedisPubSubMessage: Sendable, Hashable {
    /// The channel it was published to.
    package var channel: String
    /// The pattern that matched, for pattern subscriptions.
    package var pattern: String?
    package var payload: ByteBuffer

    /// The payload as UTF-8 text.
    package var string: String { String(buffer: self.payload) }
}

/// The messages of one scoped subscription, in arrival order.
///
/// When the consumer falls behind by more than the configured buffer, the oldest messages are
/// dropped: a publisher never waits for a slow subscriber.
package struct RedisSubscription: AsyncSequence, Sendable {
    package typealias Element = RedisPubSubMessage
    let stream: AsyncStream<RedisPubSubMessage>

    package func makeAsyncIterator() -> AsyncStream<RedisPubSubMessage>.AsyncIterator {
        self.stream.makeAsyncIterator()
    }
}
