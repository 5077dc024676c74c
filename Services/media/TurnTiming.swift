import SwitchboardAPI
import SwitchboardCore

/// The per-turn timing marks, all on one monotonic clock (issue 4 §6, docs/compatibility.md #6).
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

    /// Where the caller's wait began: the end of their speech, or the turn's start for typed text.
    var origin: ContinuousClock.Instant { self.speechEnded ?? self.turnStarted }

    /// How long a stage took, when both its marks were set.
    func duration(_ stage: LatencyStage) -> Duration? {
        let (from, to): (ContinuousClock.Instant?, ContinuousClock.Instant?) =
            switch stage {
            case .stt: (self.speechEnded, self.recognised)
            case .llmTTFT: (self.turnStarted, self.firstToken)
            case .ttsTTFB: (self.firstToken ?? self.turnStarted, self.firstAudio)
            case .endToEnd: (self.origin, self.firstFrameOut)
            }
        guard let from, let to else { return nil }
        return from.duration(to: to)
    }

    /// Milliseconds to a tenth.
    static func milliseconds(_ duration: Duration) -> Double {
        (duration.fractionalMilliseconds * 10).rounded() / 10
    }

    /// The `turn_metrics` message (docs/compatibility.md #6): every stage's latency, and the duration from the
    /// origin to the end of the answer (or the barge-in).
    func message(sessionID: String) -> TurnMetricsMessage {
        func milliseconds(_ stage: LatencyStage) -> Double? { self.duration(stage).map(Self.milliseconds) }
        return TurnMetricsMessage(
            sessionID: sessionID, turnNumber: self.turnNumber, agentName: self.agent, bargeIn: self.bargeIn,
            durationMS: (self.finished ?? self.firstFrameOut).map { Self.milliseconds(self.origin.duration(to: $0)) },
            sttLatencyMS: milliseconds(.stt), llmTTFTMS: milliseconds(.llmTTFT), ttsTTFBMS: milliseconds(.ttsTTFB),
            e2eLatencyMS: milliseconds(.endToEnd))
    }
}
