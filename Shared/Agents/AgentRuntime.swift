import AsyncHTTPClient
import Foundation
import Logging
import SwitchboardCore
import SwitchboardRedis

/// Settings of the agent runtime shared by `agents` and `media`.
///
/// | Variable | Default |
/// |---|---|
/// | `SB_AGENTS_DIR` / `SB_SCENARIOS_DIR` | `config/agents` / `config/scenarios` |
/// | `AGENT_SCENARIO` | none (all agents, no edges) |
/// | `SB_LLM_ENGINE` | `scripted`; `openai` uses the settings below |
/// | `AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_KEY` (or `AZURE_OPENAI_API_KEY`), `AZURE_OPENAI_API_VERSION` (`2025-01-01-preview`), `AZURE_OPENAI_DEPLOYMENT` (or `AZURE_OPENAI_CHAT_DEPLOYMENT_ID`) | Azure OpenAI; without a key, Entra ID tokens (``AzureCredential``) |
/// | `SB_OPENAI_BASE_URL`, `SB_OPENAI_API_KEY` (or `OPENAI_API_KEY`), `SB_OPENAI_MODEL` | any OpenAI-compatible server |
/// | `SB_LLM_TIMEOUT_S` | `60` |
/// | `SB_TOOLS_DIR` | `config/tools` (webhook tools) |
/// | `SB_WEBHOOK_ALLOWED_HOSTS` | none (comma-separated) |
/// | `SB_WEBHOOK_MAX_BYTES` | `65536` |
package struct AgentRuntimeSettings: Sendable {
    package var registry: AgentRegistry.Settings
    package var engines: EngineSettings
    package var openAI: OpenAIChatModel.Endpoint?
    /// Where Entra ID tokens come from for Azure services configured without a key.
    package var azureIdentity: AzureCredential.Source
    package var llmTimeout: Duration
    package var toolsDirectory: String
    package var webhookHosts: Set<String>
    package var webhookMaxBytes: Int
    /// Variables that webhook tools' headers may name as `${VAR}`.
    package var environment: EnvironmentReader

    package init(environment: inout EnvironmentReader) {
        self.registry = .init(
            agentsDirectory: environment.string("SB_AGENTS_DIR", default: "config/agents"),
            scenariosDirectory: environment.string("SB_SCENARIOS_DIR", default: "config/scenarios"),
            defaultScenario: environment.optionalString("AGENT_SCENARIO")
        )
        self.engines = EngineSettings(environment: &environment)
        self.llmTimeout = .seconds(environment.int("SB_LLM_TIMEOUT_S", default: 60, in: 1...600))
        if let azure = environment.optionalString("AZURE_OPENAI_ENDPOINT") {
            self.openAI = .init(
                baseURL: azure, apiKey: environment.optionalString("AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY"),
                flavor: .azure(apiVersion: environment.string("AZURE_OPENAI_API_VERSION", default: "2025-01-01-preview")),
                model: environment.optionalString("AZURE_OPENAI_DEPLOYMENT", "AZURE_OPENAI_CHAT_DEPLOYMENT_ID")
            )
        } else if let base = environment.optionalString("SB_OPENAI_BASE_URL") {
            self.openAI = .init(
                baseURL: base, apiKey: environment.optionalString("SB_OPENAI_API_KEY", "OPENAI_API_KEY"), flavor: .openAI,
                model: environment.optionalString("SB_OPENAI_MODEL"))
        }
        if self.engines.languageModel == "openai" && self.openAI == nil {
            environment.report("SB_LLM_ENGINE=openai needs AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL")
        }
        self.azureIdentity = AzureCredential.source(&environment)
        self.toolsDirectory = environment.string("SB_TOOLS_DIR", default: "config/tools")
        self.webhookHosts = Set(
            (environment.optionalString("SB_WEBHOOK_ALLOWED_HOSTS") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        self.webhookMaxBytes = environment.int("SB_WEBHOOK_MAX_BYTES", default: 65_536, in: 1024...(8 << 20))
        self.environment = environment
    }
}

/// The agent runtime: definitions, tools and the turn runner with its language model.
package struct AgentRuntime: Sendable {
    package let registry: AgentRegistry
    package let tools: ToolRegistry
    package let runner: TurnRunner
    package let clients: DemoClients
    /// Tokens for Azure services configured without a key (fetched only when one is used).
    package let azureCredential: AzureCredential

    /// Builds everything from the settings. Reads the config folders: call at start.
    package init(settings: AgentRuntimeSettings, redis: RedisClient, httpClient: HTTPClient, logger: Logger) throws {
        self.registry = try AgentRegistry(settings: settings.registry, redis: redis)
        let catalog = self.registry.catalog
        self.clients = DemoClients(redis: redis)
        self.azureCredential = AzureCredential(settings.azureIdentity, client: httpClient)
        let webhooks = WebhookTools(
            allowedHosts: settings.webhookHosts, maxResponseBytes: settings.webhookMaxBytes, environment: settings.environment,
            client: httpClient
        )
        let webhookTools = try webhooks.load(directory: settings.toolsDirectory)
        self.tools = ToolRegistry(
            DemoTools.all(clients: self.clients) + HandoffTools.make(for: Array(catalog.agents.values)) + webhookTools)
        let model: any LanguageModel
        if settings.engines.languageModel == "openai", let endpoint = settings.openAI {
            model = OpenAIChatModel(
                endpoint: endpoint, authorization: endpoint.authorization(orTokensFrom: self.azureCredential), client: httpClient,
                timeout: settings.llmTimeout, logger: logger)
        } else {
            model = ScriptedLanguageModel()
        }
        self.runner = TurnRunner(tools: self.tools, model: model, store: SessionStore(redis: redis), logger: logger)
        logger.info(
            "agent runtime ready",
            metadata: [
                "agents.count": "\(catalog.agents.count)", "scenarios.count": "\(catalog.scenarios.count)",
                "tools.count": "\(self.tools.tools.count)", "tools.webhooks": "\(webhookTools.count)",
                "llm.engine": "\(settings.engines.languageModel)",
            ])
    }
}
