import CoreMetrics

/// The Redis client's metrics, the same on every service: `switchboard_redis_errors_total{error}`
/// where `error` is the kind (`connection refused`, `command timed out`, `server error`, …) —
/// never a key or a message.
enum RedisMetrics {
    /// Commands failed at once because too many were already waiting for Redis to come back.
    static let dropped = Counter(label: "switchboard_redis_commands_dropped_total")

    static func errors(_ error: RedisError) -> Counter {
        Counter(label: "switchboard_redis_errors_total", dimensions: [("error", error.description)])
    }
}
