import CoreMetrics
import SwitchboardRedis

/// A session's relay and telemetry writes, sent to Redis in order by a task of their own, so
/// that neither the audio nor the turns ever wait for Redis.
///
/// While Redis cannot be reached (a restart, a failover) the writes wait in a bounded buffer and
/// are retried, for up to a minute each; when more than `capacity` are waiting the oldest are
/// dropped (`switchboard_media_redis_writes_dropped_total`). The session's state and history are
/// not written here: a turn saves them itself, and waits for Redis to do so.
final class SessionWrites: Sendable {
    private let sink: AsyncStream<[RedisCommand]>.Continuation
    private let dropped: Counter

    init(redis: RedisClient, capacity: Int = 1024, dropped: Counter) {
        let (stream, sink) = AsyncStream.makeStream(of: [RedisCommand].self, bufferingPolicy: .bufferingNewest(capacity))
        self.sink = sink
        self.dropped = dropped
        // Not a child of the session: it outlives it to send the session's last events.
        Task {
            for await commands in stream {
                await Self.write(commands, to: redis, dropped: dropped)
            }
        }
    }

    /// Queues commands (sent together in one pipeline); never waits.
    func send(_ commands: [RedisCommand]) {
        if case .dropped = self.sink.yield(commands) { self.dropped.increment() }
    }

    /// No more writes: those queued are still sent.
    func finish() { self.sink.finish() }

    private static func write(_ commands: [RedisCommand], to redis: RedisClient, dropped: Counter) async {
        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(60)
        while true {
            do {
                _ = try await redis.pipeline(commands)  // waits for a reconnect itself, for a while
                return
            } catch let error as RedisError where error.isConnectionError && clock.now < giveUp {
                try? await Task.sleep(for: .milliseconds(200))
            } catch {
                dropped.increment()  // Redis refused them, or was away too long
                return
            }
        }
    }
}
