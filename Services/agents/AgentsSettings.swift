import Foundation
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
/// | `SB_TOOLS_DIR` | `config/tools` (webhook tools, `*.yaml`) |
/// | `SB_WEBHOOK_ALLOWED_HOSTS` | none: webhook tools refuse every host until listed (comma-separated) |
/// | `SB_WEBHOOK_MAX_BYTES` | `65536` |
struct AgentsSettings: Sendable {
    var service: ServiceSettings
    var agentsDirectory: String
    var scenariosDirectory: String
    var defaultScenario: String?
    var engines: EngineSettings
    var openAI: (baseURL: String, apiKey: String?, azureVersion: String?, model: String?)?
    var llmTimeout: Duration
    var toolsDirectory: String
    var webhookHosts: Set<String>
    var webhookMaxBytes: Int
    var environment: [String: String]

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "agents", defaultPort: 8081, environment: &environment)
        self.agentsDirectory = environment.string("SB_AGENTS_DIR", default: "config/agents")
        self.scenariosDirectory = environment.string("SB_SCENARIOS_DIR", default: "config/scenarios")
        self.defaultScenario = environment.optionalString("AGENT_SCENARIO")
        self.engines = EngineSettings(environment: &environment)
        self.llmTimeout = .seconds(environment.int("SB_LLM_TIMEOUT_S", default: 60, in: 1...600))
        self.toolsDirectory = environment.string("SB_TOOLS_DIR", default: "config/tools")
        self.webhookHosts = Set(
            (environment.optionalString("SB_WEBHOOK_ALLOWED_HOSTS") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        self.webhookMaxBytes = environment.int("SB_WEBHOOK_MAX_BYTES", default: 65_536, in: 1024...(8 << 20))
        self.environment = environment.values
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
