import CoreMetrics

/// Every metric the media worker reports, with stable OpenTelemetry-style names (STYLE #13, #18).
/// Bounded dimensions only: never a session or caller id.
struct MediaMetrics: Sendable {
    let framesIn = Counter(label: "switchboard.media.frames_in")
    let framesOut = Counter(label: "switchboard.media.frames_out")
    /// Frames sent more than one frame late against the pacer's schedule.
    let framesLate = Counter(label: "switchboard.media.frames_late")
    let bargeIns = Counter(label: "switchboard.media.barge_ins")
    let turns = Counter(label: "switchboard.turns")
    let sessions = Counter(label: "switchboard.media.sessions")
    let activeSessions = Gauge(label: "switchboard.media.active_sessions")
    let endToEnd = Timer(label: "switchboard.turn.e2e_latency")
    let speechRecognition = Timer(label: "switchboard.turn.stt_latency")
    let firstToken = Timer(label: "switchboard.turn.llm_ttft")
    let firstAudio = Timer(label: "switchboard.turn.tts_ttfb")
}
