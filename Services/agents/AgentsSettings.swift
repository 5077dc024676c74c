import SwitchboardCore
import SwitchboardService

/// The agents service's settings.
///
/// | Variable | Default |
/// |---|---|
/// | `SB_AGENTS_PORT` | `8081` |
/// | `SB_AGENTS_DIR` | `config/agents` |
/// | `SB_SCENARIOS_DIR` | `config/scenarios` |
/// | `AGENT_SCENARIO` | none (all agents, no edges) |
/// | `SB_LLM_ENGINE` | `scripted`; `openai` uses the settings below |
/// | `AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_KEY`, `AZURE_OPENAI_API_VERSION` (`2025-01-01-preview`) | Azure OpenAI |
/// | `SB_OPENAI_BASE_URL`, `SB_OPENAI_API_KEY`, `SB_OPENAI_MODEL` | any OpenAI-compatible server (OpenAI, Ollama, vLLM) |
/// | `SB_LLM_TIMEOUT_S` | `60` |
struct AgentsSettings: Sendable {
    var service: ServiceSettings
    var agentsDirectory: String
    var scenariosDirectory: String
    var defaultScenario: String?
    var engines: EngineSettings
    var openAI: (baseURL: String, apiKey: String?, azureVersion: String?, model: String?)?
    var llmTimeout: Duration

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "agents", defaultPort: 8081, environment: &environment)
        self.agentsDirectory = environment.string("SB_AGENTS_DIR", default: "config/agents")
        self.scenariosDirectory = environment.string("SB_SCENARIOS_DIR", default: "config/scenarios")
        self.defaultScenario = environment.optionalString("AGENT_SCENARIO")
        self.engines = EngineSettings(environment: &environment)
        self.llmTimeout = .seconds(environment.int("SB_LLM_TIMEOUT_S", default: 60, in: 1...600))
        if let azure = environment.optionalString("AZURE_OPENAI_ENDPOINT") {
            self.openAI = (
                azure, environment.optionalString("AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY"),
                environment.string("AZURE_OPENAI_API_VERSION", default: "2025-01-01-preview"),
                environment.optionalString("AZURE_OPENAI_DEPLOYMENT", "AZURE_OPENAI_CHAT_DEPLOYMENT_ID")
            )
        } else if let base = environment.optionalString("SB_OPENAI_BASE_URL") {
            self.openAI = (
                base, environment.optionalString("SB_OPENAI_API_KEY", "OPENAI_API_KEY"), nil, environment.optionalString("SB_OPENAI_MODEL")
            )
        }
        if self.engines.languageModel == "openai" && self.openAI == nil {
            environment.report("SB_LLM_ENGINE=openai needs AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL")
        }
    }
}
