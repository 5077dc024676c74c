import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardRedis

/// Reads the telemetry stream (`sb:events`) and feeds the store.
///
/// Every metrics instance reads the whole stream on its own, so any number of them serve the
/// same aggregates — behind a load balancer or standing by for each other — and none counts an
/// event twice or misses one another took (a shared consumer group would split the events
/// between them). Nothing is lost across restarts either: at start the aggregates are rebuilt
/// from the last day of the stream, then new entries are read as they arrive. A Redis outage
/// pauses reading; it resumes after the last entry applied.
struct TelemetryConsumer: Service {
    let redis: RedisClient
    let store: MetricsStore
    let logger: Logger
    let batch = 500
    private let consumed = Counter(label: "switchboard_metrics_events_consumed_total")
    private let failures = Counter(label: "switchboard_metrics_consumer_errors_total")

    init(redis: RedisClient, store: MetricsStore, logger: Logger) {
        self.redis = redis
        self.store = store
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        var cursor: String?
        while !Task.isCancelled {
            do {
                if cursor == nil { cursor = try await self.rebuild() }
                try await self.follow(from: &cursor!)
            } catch {
                guard !Task.isCancelled else { return }
                self.failures.increment()
                let redisError = error as? RedisError
                self.logger.warning("telemetry reading paused", metadata: ["error": "\(redisError?.message ?? "\(error)")"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Applies the last 24 h of the stream; returns the id of the last entry applied.
    private func rebuild() async throws -> String {
        // The consumer group of earlier versions is not read any more; its pending list goes too.
        _ = try? await self.redis.send("XGROUP", ["DESTROY", .string(RedisKeys.telemetry), "metrics"])
        var start = "\(Int64(Self.now() - 86_400_000))-0"
        var cursor = start
        var replayed = 0
        while true {
            let entries = try await self.redis.xrange(RedisKeys.telemetry, from: start, to: "+", count: self.batch)
            for entry in entries { self.apply(entry) }
            replayed += entries.count
            guard let last = entries.last else { break }
            cursor = last.id
            guard entries.count == self.batch else { break }
            start = "(" + last.id
        }
        self.logger.info("telemetry aggregates rebuilt", metadata: ["replayed": "\(replayed)", "last_id": "\(cursor)"])
        return cursor
    }

    /// Applies new entries as they arrive, on a dedicated connection; `cursor` follows the last.
    private func follow(from cursor: inout String) async throws {
        var last = cursor
        defer { cursor = last }
        try await self.redis.withConnection(forKey: RedisKeys.telemetry) { connection in
            while !Task.isCancelled {
                let entries = try await connection.xread(stream: RedisKeys.telemetry, after: last, count: self.batch, block: .seconds(2))
                for entry in entries { self.apply(entry) }
                if let id = entries.last?.id { last = id }
            }
        }
    }

    private func apply(_ entry: RedisStreamEntry) {
        guard let event = TelemetryEvent(fields: entry.fields) else { return }
        self.store.apply(event, at: Self.milliseconds(of: entry.id) ?? Self.now())
        self.consumed.increment()
    }

    /// The time part of a stream id (`1700000000000-3`).
    static func milliseconds(of id: String) -> Double? {
        id.split(separator: "-").first.flatMap { Double($0) }
    }

    static func now() -> Double {
        (Date().timeIntervalSince1970 * 1000).rounded()
    }
}
