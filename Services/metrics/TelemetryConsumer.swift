import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardRedis

/// Consumes the telemetry stream (`sb:events`) in the `metrics` consumer group and feeds the store.
///
/// Nothing is lost across restarts: at start the aggregates are rebuilt by re-reading the last
/// day of the stream up to the group's last delivered id (entries delivered to a consumer that
/// died before acknowledging them are among those, and are acknowledged then); after that every
/// new entry is applied and acknowledged. A Redis outage pauses consumption; it resumes where it
/// stopped.
struct TelemetryConsumer: Service {
    let redis: RedisClient
    let store: MetricsStore
    let consumer: String
    let logger: Logger
    let batch = 500
    private let consumed = Counter(label: "switchboard_metrics_events_consumed_total")
    private let failures = Counter(label: "switchboard_metrics_consumer_errors_total")

    init(redis: RedisClient, store: MetricsStore, consumer: String, logger: Logger) {
        self.redis = redis
        self.store = store
        self.consumer = consumer
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        var rebuilt = false
        while !Task.isCancelled {
            do {
                if !rebuilt {
                    try await self.rebuild()
                    rebuilt = true
                }
                try await self.consume()
            } catch {
                guard !Task.isCancelled else { return }
                self.failures.increment()
                let redisError = error as? RedisError
                // The stream or group is gone (a Redis without persistence restarted): start over.
                if redisError?.serverErrorPrefix == "NOGROUP" { rebuilt = false }
                self.logger.warning("telemetry consumer paused", metadata: ["error": "\(redisError?.message ?? "\(error)")"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Replays what the group has already delivered (the last 24 h), acknowledging leftovers.
    private func rebuild() async throws {
        let stream = RedisKeys.telemetry
        let group = RedisKeys.telemetryGroup
        _ = try await self.redis.xgroupCreate(stream, group: group, startID: "0")
        let lastDelivered = try await self.lastDeliveredID()
        var start = "\(Int64(Self.now() - 86_400_000))-0"
        var replayed = 0
        if lastDelivered != "0-0" {
            while true {
                let entries = try await self.redis.xrange(stream, from: start, to: lastDelivered, count: self.batch)
                for entry in entries { self.apply(entry) }
                replayed += entries.count
                guard entries.count == self.batch, let last = entries.last else { break }
                start = "(" + last.id
            }
        }
        // Delivered before but never acknowledged (a crash between apply and XACK): already
        // replayed above, so only acknowledged here — this consumer's and any dead consumer's.
        var pending = try await self.redis.xreadgroup(group: group, consumer: self.consumer, stream: stream, count: self.batch, id: "0")
        while !pending.isEmpty {
            _ = try await self.redis.xack(stream, group: group, ids: pending.map(\.id))
            pending = try await self.redis.xreadgroup(group: group, consumer: self.consumer, stream: stream, count: self.batch, id: "0")
        }
        var cursor = "0-0"
        repeat {
            let claimed = try await self.redis.xautoclaim(
                stream, group: group, consumer: self.consumer, minIdle: .zero, start: cursor, count: self.batch)
            _ = try await self.redis.xack(stream, group: group, ids: claimed.entries.map(\.id))
            cursor = claimed.next
        } while cursor != "0-0"
        self.logger.info("telemetry aggregates rebuilt", metadata: ["replayed": "\(replayed)", "last_delivered": "\(lastDelivered)"])
    }

    /// Applies and acknowledges new entries as they arrive, on a dedicated connection.
    private func consume() async throws {
        try await self.redis.withConnection(forKey: RedisKeys.telemetry) { connection in
            while !Task.isCancelled {
                let entries = try await connection.xreadgroup(
                    group: RedisKeys.telemetryGroup, consumer: self.consumer, stream: RedisKeys.telemetry, count: self.batch,
                    block: .seconds(2))
                guard !entries.isEmpty else { continue }
                for entry in entries { self.apply(entry) }
                _ = try await self.redis.xack(RedisKeys.telemetry, group: RedisKeys.telemetryGroup, ids: entries.map(\.id))
            }
        }
    }

    private func apply(_ entry: RedisStreamEntry) {
        guard let event = TelemetryEvent(fields: entry.fields) else { return }
        self.store.apply(event, at: Self.milliseconds(of: entry.id) ?? Self.now())
        self.consumed.increment()
    }

    private func lastDeliveredID() async throws -> String {
        let groups = try await self.redis.send("XINFO", ["GROUPS", .string(RedisKeys.telemetry)]).array ?? []
        for group in groups {
            let fields = group.dictionary
            if fields["name"] == RedisKeys.telemetryGroup { return fields["last-delivered-id"] ?? "0-0" }
        }
        return "0-0"
    }

    /// The time part of a stream id (`1700000000000-3`).
    static func milliseconds(of id: String) -> Double? {
        id.split(separator: "-").first.flatMap { Double($0) }
    }

    static func now() -> Double {
        (Date().timeIntervalSince1970 * 1000).rounded()
    }
}
