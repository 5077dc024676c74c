import SwitchboardCore
import SwitchboardService

/// The gateway's settings.
///
/// | Variable | Default |
/// |---|---|
/// | `SB_GATEWAY_PORT` (or `PORT`) | `8080` |
/// | `SB_AGENTS_URL` | `http://127.0.0.1:8081` |
/// | `SB_METRICS_URL` | `http://127.0.0.1:8082` |
/// | `SB_PROXY_TIMEOUT_MS` | `30000` (whole proxied request) |
/// | `SB_MAX_BODY_BYTES` | `1048576` (largest request body accepted) |
/// | `SB_STT_ENGINE` | `whisper` (reported in readiness; the media workers run it) |
/// | `SB_TTS_ENGINE` | `flite` (or `azure`, `openai`) |
/// | `SB_LLM_ENGINE` | `scripted` (or `openai`) |
/// | `ACS_STREAMING_MODE` | `media` (or `transcription`, or `voice_live` through `SB_REALTIME_URL` on the workers; `realtime` means `transcription` on a phone) |
/// | `SB_MAX_CALLS` | `200` (concurrent voice sockets; more are closed with 1011 "too many connections") |
/// | `SB_MAX_MESSAGES_PER_SECOND` | `200` per voice socket (more: closed with 1008) |
/// | `SB_MAX_FRAME_BYTES` | `65536` per voice message (more: closed with 1009) |
/// | `SB_MAX_DASHBOARDS` | `200` relay sockets (more: closed with 1013) |
/// | `SB_RELAY_QUEUE` | `512` messages waiting for one slow dashboard (then the oldest are dropped) |
/// | `SB_RELAY_REPLAY` | `200` recent envelopes replayed to a dashboard joining a session |
/// | `SB_WEB_ROOT` | the `web` folder of the working directory, or of the checkout the binary was built in |
///
/// Call control (ACS, Twilio): see ``TelephonySettings``. Authentication, CORS and rate limits:
/// see ``EdgeSettings``.
struct GatewaySettings: Sendable {
    var service: ServiceSettings
    var agentsURL: String
    var metricsURL: String
    var proxyTimeout: Duration
    var maxBodyBytes: Int
    var engines: EngineSettings
    var streamingMode: MediaStart.Mode
    var maxCalls: Int
    var maxMessagesPerSecond: Int
    var maxFrameBytes: Int
    var relay: DashboardRelay.Limits
    var webRoot: String
    var telephony: TelephonySettings
    var edge: EdgeSettings

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "gateway", defaultPort: 8080, portFallbacks: ["PORT"], environment: &environment)
        self.agentsURL = environment.httpURL("SB_AGENTS_URL", default: "http://127.0.0.1:8081")
        self.metricsURL = environment.httpURL("SB_METRICS_URL", default: "http://127.0.0.1:8082")
        self.proxyTimeout = environment.milliseconds("SB_PROXY_TIMEOUT_MS", default: 30_000, in: 100...600_000)
        self.maxBodyBytes = environment.int("SB_MAX_BODY_BYTES", default: 1 << 20, in: 1024...(64 << 20))
        self.engines = EngineSettings(environment: &environment)
        let mode = environment.choice("ACS_STREAMING_MODE", default: "media", from: ["media", "transcription", "voice_live", "realtime"])
        self.streamingMode = MediaStart.Mode(rawValue: mode)?.onPhone ?? .media
        self.maxCalls = environment.int("SB_MAX_CALLS", default: 200, in: 1...100_000)
        self.maxMessagesPerSecond = environment.int("SB_MAX_MESSAGES_PER_SECOND", default: 200, in: 10...100_000)
        self.maxFrameBytes = environment.int("SB_MAX_FRAME_BYTES", default: 65_536, in: 1024...(16 << 20))
        self.relay = DashboardRelay.Limits(
            maxDashboards: environment.int("SB_MAX_DASHBOARDS", default: 200, in: 1...100_000),
            queueSize: environment.int("SB_RELAY_QUEUE", default: 512, in: 1...100_000),
            replayCount: environment.int("SB_RELAY_REPLAY", default: 200, in: 0...2000))
        self.webRoot = environment.optionalString("SB_WEB_ROOT") ?? WebFolder.locate()
        self.telephony = TelephonySettings(environment: &environment)
        self.edge = EdgeSettings(environment: &environment)
    }
}

extension MediaStart.Mode {
    /// The mode a phone call runs in: the cascade (`media`), transcripts only, or `voice_live`
    /// (a speech-to-speech service); `realtime`, a browser mode, falls back to `transcription` as
    /// in the Python backend.
    var onPhone: MediaStart.Mode {
        switch self {
        case .media: .media
        case .transcription, .realtime: .transcription
        case .voiceLive: .voiceLive
        }
    }
}
