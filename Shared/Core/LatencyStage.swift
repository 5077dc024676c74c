/// The latency stages of a turn (docs/compatibility.md #6, #14), measured by media workers and aggregated by
/// the metrics service, with the `turn_metrics` field each is reported in.
package enum LatencyStage: String, CaseIterable, Sendable {
    /// End of the caller's speech → final transcript.
    case stt
    /// Turn start → the language model's first token.
    case llmTTFT = "llm_ttft"
    /// First token → first synthesised audio.
    case ttsTTFB = "tts_ttfb"
    /// End of the caller's speech (or turn start, for typed text) → first frame out.
    case endToEnd = "e2e"

    /// Its position in `allCases`, for per-stage arrays.
    package var index: Int { Self.allCases.firstIndex(of: self)! }

    /// Its field in `turn_metrics`, in milliseconds.
    package var field: String {
        switch self {
        case .stt: "stt_latency_ms"
        case .llmTTFT: "llm_ttft_ms"
        case .ttsTTFB: "tts_ttfb_ms"
        case .endToEnd: "e2e_latency_ms"
        }
    }
}
