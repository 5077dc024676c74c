import CoreMetrics
import SwitchboardCore

/// Every metric the media worker reports. Prometheus names are stable (`/metrics`): counters end
/// in `_total`, durations are histograms in seconds. Bounded dimensions only: never a session or
/// caller id.
struct MediaMetrics: Sendable {
    let framesIn = Counter(label: "switchboard_media_frames_in_total")
    let framesOut = Counter(label: "switchboard_media_frames_out_total")
    /// Frames sent more than one frame late against the pacer's schedule.
    let framesLate = Counter(label: "switchboard_media_frames_late_total")
    let bargeIns = Counter(label: "switchboard_media_barge_ins_total")
    /// Answers prepared at a pause (preemptive generation): sent when the turn ended with the same
    /// words, discarded when the caller went on or the session changed.
    let draftsUsed = Counter(label: "switchboard_media_drafts_total", dimensions: [("outcome", "used")])
    let draftsDiscarded = Counter(label: "switchboard_media_drafts_total", dimensions: [("outcome", "discarded")])
    let turns = Counter(label: "switchboard_turns_total")
    /// A speech engine failed (a service's error, time-out or dropped stream): the call went on.
    let recognitionErrors = Counter(label: "switchboard_media_engine_errors_total", dimensions: [("stage", "stt")])
    let synthesisErrors = Counter(label: "switchboard_media_engine_errors_total", dimensions: [("stage", "tts")])
    let sessions = Counter(label: "switchboard_media_sessions_total")
    /// Relay and telemetry writes dropped: too many waiting while Redis was away, or refused.
    let redisWritesDropped = Counter(label: "switchboard_media_redis_writes_dropped_total")
    /// Sessions moved between turns to another worker while this one shut down.
    let handOffs = Counter(label: "switchboard_media_handoffs_total")
    let activeSessions = Gauge(label: "switchboard_media_active_sessions")
    /// Sessions this worker takes; with `active_sessions`, its load.
    let capacity = Gauge(label: "switchboard_media_capacity_sessions")
    /// One histogram per stage: `switchboard_turn_stt_latency_seconds`, `…_llm_ttft_seconds`,
    /// `…_tts_ttfb_seconds`, `…_e2e_latency_seconds`.
    private let latencies = LatencyStage.allCases.map { stage in
        Timer(label: "switchboard_turn_\(stage.field.dropLast(3))_seconds")
    }

    func latency(_ stage: LatencyStage) -> Timer {
        self.latencies[stage.index]
    }
}
