import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import Prometheus
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// The agents service's composition root: the only place that builds its concrete parts.
func buildApplication(
    _ settings: AgentsSettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) async throws -> some ApplicationProtocol {
    let redis = try RedisClient(configuration: settings.service.redis, logger: logger)
    let catalog = try AgentCatalog.load(agentsDirectory: settings.agentsDirectory, scenariosDirectory: settings.scenariosDirectory)
    logger.info("agents loaded", metadata: ["agents.count": "\(catalog.agents.count)", "scenarios.count": "\(catalog.scenarios.count)"])
    let registry = AgentRegistry(catalog: catalog, settings: settings, redis: redis)
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    let clients = DemoClients(redis: redis)
    let webhooks = WebhookTools(
        allowedHosts: settings.webhookHosts, maxResponseBytes: settings.webhookMaxBytes, environment: settings.environment,
        client: httpClient
    )
    let webhookTools = try webhooks.load(directory: settings.toolsDirectory)
    let tools = ToolRegistry(DemoTools.all(clients: clients) + HandoffTools.make(for: Array(catalog.agents.values)) + webhookTools)
    logger.info("tools loaded", metadata: ["tools.count": "\(tools.tools.count)", "tools.webhooks": "\(webhookTools.count)"])
    let model: any LanguageModel
    if settings.engines.languageModel == "openai", let openAI = settings.openAI {
        let flavor: OpenAIChatModel.Endpoint.Flavor = openAI.azureVersion.map { .azure(apiVersion: $0) } ?? .openAI
        model = OpenAIChatModel(
            endpoint: .init(baseURL: openAI.baseURL, apiKey: openAI.apiKey, flavor: flavor, model: openAI.model),
            client: httpClient, timeout: settings.llmTimeout, logger: logger
        )
    } else {
        model = ScriptedLanguageModel()
    }
    let runner = TurnRunner(tools: tools, model: model, store: SessionStore(redis: redis), logger: logger)

    let router = Router()
    router.addServiceEndpoints(
        service: "agents", redis: redis,
        checks: [ReadinessCheck("agents") { .healthy("\(registry.catalog.agents.count) agents loaded") }],
        registry: metrics
    )
    router.addRoutes(AgentsController(registry: registry).endpoints, atPath: "/api/v1/agents")
    router.addRoutes(ScenariosController(registry: registry).endpoints, atPath: "/api/v1/scenarios")
    router.addRoutes(AgentBuilderController(registry: registry, tools: tools).endpoints, atPath: "/api/v1/agent-builder")
    router.addRoutes(SessionAgentsController(registry: registry, tools: tools).endpoints, atPath: "/api/v1/agent-builder")
    router.addRoutes(ScenarioBuilderController(registry: registry, tools: tools).endpoints, atPath: "/api/v1/scenario-builder")
    router.addRoutes(ConversationController(registry: registry, runner: runner).endpoints, atPath: "/api/v1/sessions")
    router.addRoutes(SessionsController(registry: registry).endpoints, atPath: "/api/v1/sessions")
    router.addRoutes(DemoEnvironmentController(clients: clients, store: SessionStore(redis: redis)).endpoints, atPath: "/api/v1/demo-env")
    return Application(
        router: router, settings: settings.service,
        services: [redis, HTTPClientService(client: httpClient), DemoSeedService(clients: clients, logger: logger)], logger: logger
    )
}
