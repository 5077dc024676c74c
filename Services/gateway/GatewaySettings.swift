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
/// | `SB_STT_ENGINE` | `pocketsphinx` (or `azure`, `openai`) |
/// | `SB_TTS_ENGINE` | `flite` (or `azure`, `openai`) |
/// | `SB_LLM_ENGINE` | `scripted` (or `openai`) |
struct GatewaySettings: Sendable {
    var service: ServiceSettings
    var agentsURL: String
    var metricsURL: String
    var proxyTimeout: Duration
    var maxBodyBytes: Int
    var engines: EngineSettings

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "gateway", defaultPort: 8080, portFallbacks: ["PORT"], environment: &environment)
        self.agentsURL = environment.httpURL("SB_AGENTS_URL", default: "http://127.0.0.1:8081")
        self.metricsURL = environment.httpURL("SB_METRICS_URL", default: "http://127.0.0.1:8082")
        self.proxyTimeout = environment.milliseconds("SB_PROXY_TIMEOUT_MS", default: 30_000, in: 100...600_000)
        self.maxBodyBytes = environment.int("SB_MAX_BODY_BYTES", default: 1 << 20, in: 1024...(64 << 20))
        self.engines = EngineSettings(environment: &environment)
    }
}
