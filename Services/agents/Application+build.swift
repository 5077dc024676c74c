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
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    let runtime: AgentRuntime
    do {
        runtime = try AgentRuntime(settings: settings.runtime, redis: redis, httpClient: httpClient, logger: logger)
    } catch {
        try? await httpClient.shutdown()  // a client must be shut down before it goes away
        throw error
    }
    let (registry, tools, runner, clients) = (runtime.registry, runtime.tools, runtime.runner, runtime.clients)

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
    router.printRoutesIfAsked()
    return Application(
        router: router, settings: settings.service,
        services: [redis, HTTPClientService(client: httpClient), DemoSeedService(clients: clients, logger: logger)], logger: logger
    )
}
