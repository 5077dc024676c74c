import Histogram
import SwitchboardAPI
import SwitchboardCore

/// One HdrHistogram per stage, in tenths of a millisecond from 0.1 ms to 10 minutes with two
/// significant digits (1 % resolution), about 12 KB each; mergeable, so windows are sums of buckets.
struct LatencyHistograms: Sendable {
    private static let unitsPerMillisecond = 10.0
    private static let highest: UInt64 = 6_000_000
    private var histograms: [Histogram<UInt32>]

    init() {
        self.histograms = LatencyStage.allCases.map { _ in
            Histogram<UInt32>(lowestDiscernibleValue: 1, highestTrackableValue: Self.highest, numberOfSignificantValueDigits: .two)
        }
    }

    /// Records every stage a `turn_metrics` message measured.
    mutating func record(turn: JSONValue) {
        for (index, stage) in LatencyStage.allCases.enumerated() {
            guard let milliseconds = turn[stage.field]?.number, milliseconds.isFinite, milliseconds >= 0 else { continue }
            let units = UInt64((milliseconds * Self.unitsPerMillisecond).rounded())
            _ = self.histograms[index].record(min(max(units, 1), Self.highest))
        }
    }

    mutating func add(_ other: LatencyHistograms) {
        for index in self.histograms.indices { self.histograms[index].add(other.histograms[index]) }
    }

    func count(_ stage: LatencyStage) -> Int {
        Int(self.histograms[stage.index].totalCount)
    }

    /// `{avg_ms, min_ms, max_ms, p50_ms, p95_ms, p99_ms, count}`; percentiles from the first sample
    /// (docs/compatibility.md #14), null when there is none.
    func latencyStats(_ stage: LatencyStage) -> LatencyStats {
        let histogram = self.histograms[stage.index]
        guard histogram.totalCount > 0 else { return .empty }
        func milliseconds(_ units: UInt64) -> Double { (Double(units) / Self.unitsPerMillisecond * 10).rounded() / 10 }
        return LatencyStats(
            avgMS: (histogram.mean / Self.unitsPerMillisecond * 10).rounded() / 10, minMS: milliseconds(histogram.min),
            maxMS: milliseconds(histogram.max), p50MS: milliseconds(histogram.valueAtPercentile(50)),
            p95MS: milliseconds(histogram.valueAtPercentile(95)), p99MS: milliseconds(histogram.valueAtPercentile(99)),
            count: Int(histogram.totalCount))
    }

    /// `{stt: …, llm_ttft: …, tts_ttfb: …, e2e: …}`.
    var summary: [String: LatencyStats] {
        Dictionary(uniqueKeysWithValues: LatencyStage.allCases.map { ($0.rawValue, self.latencyStats($0)) })
    }
}

/// One session's latencies as measured, per stage (its last `limit` turns): a session has few
/// turns, and a histogram per stage would cost tens of kilobytes for each of the up to
/// `SB_METRICS_MAX_SESSIONS` sessions kept. Percentiles are exact (nearest rank).
struct LatencySamples: Sendable {
    private var values: [[Double]] = LatencyStage.allCases.map { _ in [] }
    private let limit: Int

    init(limit: Int = 1000) {
        self.limit = limit
    }

    /// Records every stage a `turn_metrics` message measured.
    mutating func record(turn: JSONValue) {
        for (index, stage) in LatencyStage.allCases.enumerated() {
            guard let milliseconds = turn[stage.field]?.number, milliseconds.isFinite, milliseconds >= 0 else { continue }
            if self.values[index].count == self.limit { self.values[index].removeFirst() }
            self.values[index].append(milliseconds)
        }
    }

    /// `{avg_ms, min_ms, max_ms, p50_ms, p95_ms, p99_ms, count}`, to a tenth of a millisecond.
    func latencyStats(_ stage: LatencyStage) -> LatencyStats {
        let sorted = self.values[stage.index].sorted()
        guard let first = sorted.first, let last = sorted.last else { return .empty }
        func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }
        func percentile(_ p: Double) -> Double {
            tenths(sorted[max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)])
        }
        return LatencyStats(
            avgMS: tenths(sorted.reduce(0, +) / Double(sorted.count)), minMS: tenths(first), maxMS: tenths(last),
            p50MS: percentile(50), p95MS: percentile(95), p99MS: percentile(99), count: sorted.count)
    }
}
