import SwitchboardCore

/// The per-turn timing marks, all on one monotonic clock (issue 4 §6, DEVIATIONS #6).
struct TurnTiming: Sendable {
    var turnNumber: Int
    var agent: String
    var speechEnded: ContinuousClock.Instant?
    var recognised: ContinuousClock.Instant?
    var turnStarted: ContinuousClock.Instant
    var firstToken: ContinuousClock.Instant?
    var firstAudio: ContinuousClock.Instant?
    var firstFrameOut: ContinuousClock.Instant?
    /// When the turn's audio ended at the caller's ear, or was interrupted.
    var finished: ContinuousClock.Instant?
    var bargeIn = false

    private static func milliseconds(_ from: ContinuousClock.Instant?, _ to: ContinuousClock.Instant?) -> JSONValue {
        guard let from, let to else { return nil }
        return .number((from.duration(to: to).fractionalMilliseconds * 10).rounded() / 10)
    }

    /// The `turn_metrics` message (DEVIATIONS #6): STT = speech end → final text; LLM = turn start →
    /// first token; TTS = first token → first audio; end-to-end = speech end (or turn start) → first
    /// frame out; duration = speech end (or turn start) → the end of the answer (or the barge-in).
    func message(sessionID: String) -> JSONValue {
        let origin = self.speechEnded ?? self.turnStarted
        return [
            "type": "turn_metrics", "session_id": .string(sessionID), "turn_number": .number(Double(self.turnNumber)),
            "agent_name": .string(self.agent), "stt_latency_ms": Self.milliseconds(self.speechEnded, self.recognised),
            "llm_ttft_ms": Self.milliseconds(self.turnStarted, self.firstToken),
            "tts_ttfb_ms": Self.milliseconds(self.firstToken ?? self.turnStarted, self.firstAudio),
            "e2e_latency_ms": Self.milliseconds(origin, self.firstFrameOut), "barge_in": .bool(self.bargeIn),
            "duration_ms": Self.milliseconds(origin, self.finished ?? self.firstFrameOut),
        ]
    }
}
