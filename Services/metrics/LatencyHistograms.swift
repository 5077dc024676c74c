import Histogram
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
    func stats(_ stage: LatencyStage) -> JSONValue {
        let histogram = self.histograms[stage.index]
        guard histogram.totalCount > 0 else {
            return ["avg_ms": nil, "min_ms": nil, "max_ms": nil, "p50_ms": nil, "p95_ms": nil, "p99_ms": nil, "count": 0]
        }
        func milliseconds(_ units: UInt64) -> JSONValue { .number((Double(units) / Self.unitsPerMillisecond * 10).rounded() / 10) }
        return [
            "avg_ms": .number((histogram.mean / Self.unitsPerMillisecond * 10).rounded() / 10),
            "min_ms": milliseconds(histogram.min), "max_ms": milliseconds(histogram.max),
            "p50_ms": milliseconds(histogram.valueAtPercentile(50)), "p95_ms": milliseconds(histogram.valueAtPercentile(95)),
            "p99_ms": milliseconds(histogram.valueAtPercentile(99)), "count": .number(Double(histogram.totalCount)),
        ]
    }

    /// `{stt: …, llm_ttft: …, tts_ttfb: …, e2e: …}`.
    var summary: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: LatencyStage.allCases.map { ($0.rawValue, self.stats($0)) }))
    }
}
