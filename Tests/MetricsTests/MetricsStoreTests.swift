import SwitchboardCore
import Testing

@testable import metrics

@Suite("Metrics aggregation")
struct MetricsStoreTests {
    /// A fixed "now" on a minute boundary, in milliseconds since 1970.
    let now = 1_800_000_000_000.0

    func turn(_ sessionID: String, e2e: Double, stt: Double? = nil, number: Int = 1) -> TelemetryEvent {
        TelemetryEvent(
            .turn, sessionID: sessionID,
            data: [
                "type": "turn_metrics", "turn_number": .number(Double(number)), "agent_name": "Concierge",
                "e2e_latency_ms": .number(e2e), "stt_latency_ms": stt.map { .number($0) } ?? nil, "llm_ttft_ms": 12.5,
            ])
    }

    @Test("window percentiles come from the recorded turns, per stage")
    func windowPercentiles() {
        let store = MetricsStore()
        for index in 0..<100 {
            store.apply(self.turn("s1", e2e: Double(100 + index), stt: 10), at: self.now - Double(index) * 1000)
        }
        let (window, _) = store.window(minutes: 5, now: self.now)
        #expect(window.turns == 100)
        #expect(window.latency.count(.endToEnd) == 100)
        #expect(window.latency.count(.ttsTTFB) == 0)  // never measured: no samples, not zeros
        let e2e = window.latency.latencyStats(.endToEnd)
        let p50 = e2e.p50MS ?? 0
        let p99 = e2e.p99MS ?? 0
        #expect(abs(p50 - 149.5) <= 2, "p50 \(p50)")  // 1 % resolution
        #expect(abs(p99 - 198) <= 3, "p99 \(p99)")
        #expect(e2e.minMS == 100)
        #expect(window.latency.latencyStats(.ttsTTFB).p50MS == nil)
        #expect(window.latency.latencyStats(.stt).p95MS == 10)
    }

    @Test("a session's latencies are exact (nearest rank), per stage, over its last turns")
    func sessionPercentiles() {
        let store = MetricsStore()
        for index in 0..<10 {
            store.apply(self.turn("s1", e2e: Double(101 + index * 10), number: index + 1), at: self.now + Double(index))
        }
        let e2e = store.session("s1")?.latency.latencyStats(.endToEnd)
        #expect(e2e?.count == 10)
        #expect(e2e?.minMS == 101 && e2e?.maxMS == 191)
        #expect(e2e?.avgMS == 146)
        #expect(e2e?.p50MS == 141)  // the 5th of 10
        #expect(e2e?.p95MS == 191)
        #expect(store.session("s1")?.latency.latencyStats(.stt).count == 0)
        var samples = LatencySamples(limit: 3)
        for value in [5.0, 1, 2, 3] { samples.record(turn: ["e2e_latency_ms": .number(value)]) }
        #expect(samples.latencyStats(.endToEnd).minMS == 1 && samples.latencyStats(.endToEnd).count == 3)
    }

    @Test("a window holds only what happened inside it; older minutes fold into hours")
    func windowBounds() {
        let store = MetricsStore()
        store.apply(self.turn("old", e2e: 900), at: self.now - 90 * 60_000)  // 90 minutes ago
        store.apply(self.turn("recent", e2e: 300), at: self.now - 10 * 60_000)
        store.apply(self.turn("new", e2e: 100), at: self.now)  // folds the 90-minute-old minute into its hour
        #expect(store.window(minutes: 1, now: self.now).bucket.turns == 1)
        #expect(store.window(minutes: 15, now: self.now).bucket.turns == 2)
        #expect(store.window(minutes: 60, now: self.now).bucket.turns == 2)
        #expect(store.window(minutes: 120, now: self.now).bucket.turns == 3)
        #expect(store.window(minutes: 120, now: self.now).bucket.sessions == ["old", "recent", "new"])
        // A day later the 90-minute-old turn has left the 24-hour window, the others not yet.
        #expect(store.window(minutes: 1440, now: self.now + 22 * 3_600_000).bucket.turns == 3)
        #expect(store.window(minutes: 1440, now: self.now + 23 * 3_600_000).bucket.turns == 2)
    }

    @Test("sessions: start, resume, usage, barge-ins, errors, hand-offs and end")
    func sessionLifecycle() {
        let store = MetricsStore()
        let started = self.now - 60_000
        store.apply(TelemetryEvent(.sessionStarted, sessionID: "c1", data: ["transport": "acs", "streaming_mode": "media"]), at: started)
        store.apply(self.turn("c1", e2e: 200), at: started + 5000)
        store.apply(TelemetryEvent(.usage, sessionID: "c1", data: ["input_tokens": 40, "output_tokens": 12]), at: started + 6000)
        store.apply(TelemetryEvent(.agentChange, sessionID: "c1", data: ["agent_name": "AuthAgent"]), at: started + 6000)
        // The worker died; another resumed the call: still one session, started when it started.
        store.apply(TelemetryEvent(.sessionStarted, sessionID: "c1", data: ["transport": "acs", "resume": true]), at: started + 7000)
        store.apply(TelemetryEvent(.bargeIn, sessionID: "c1"), at: started + 8000)
        store.apply(TelemetryEvent(.error, sessionID: "c1", data: ["stage": "tts"]), at: started + 8500)
        #expect(store.openSessions().map(\.sessionID) == ["c1"])
        store.apply(TelemetryEvent(.sessionEnded, sessionID: "c1", data: ["reason": "caller hung up"]), at: started + 9000)
        let session = store.session("c1")
        #expect(session?.started == started)
        #expect(session?.ended == started + 9000)
        #expect(session?.transport == "acs")
        #expect(session?.activeAgent == "AuthAgent")
        #expect(session?.turnCount == 1)
        #expect(session?.inputTokens == 40 && session?.outputTokens == 12)
        #expect(session?.bargeIns == 1 && session?.errors == 1)
        #expect(store.openSessions().isEmpty)
        let window = store.window(minutes: 5, now: self.now).bucket
        #expect(window.connected == 1 && window.disconnected == 1)
        #expect(window.bargeIns == 1 && window.errors == 1 && window.inputTokens == 40)
    }

    @Test("telemetry records survive their stream fields")
    func telemetryFields() {
        let event = self.turn("s9", e2e: 123.4)
        let fields = Dictionary(uniqueKeysWithValues: event.fields)
        #expect(TelemetryEvent(fields: fields) == event)
        #expect(TelemetryEvent(fields: ["kind": "nonsense", "session_id": "x"]) == nil)
        #expect(TelemetryConsumer.milliseconds(of: "1700000000123-4") == 1_700_000_000_123)
    }
}
