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
    let router = buildRouter(runtime: runtime, redis: redis, metrics: metrics)
    router.printRoutesIfAsked()
    return Application(
        router: router, settings: settings.service,
        services: [redis, HTTPClientService(client: httpClient), DemoSeedService(clients: runtime.clients, logger: logger)], logger: logger
    )
}

/// The agents service's routes (``AgentsAPI`` and the service endpoints), separate from the server
/// so tests can check them.
func buildRouter(runtime: AgentRuntime, redis: RedisClient, metrics: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
    let (registry, tools, runner, clients) = (runtime.registry, runtime.tools, runtime.runner, runtime.clients)
    let router = Router()
    router.addServiceEndpoints(
        service: "agents", redis: redis,
        checks: [ReadinessCheck("agents") { .healthy("\(registry.catalog.agents.count) agents loaded") }],
        registry: metrics
    )
    router.addRoutes(AgentsController(registry: registry).endpoints)
    router.addRoutes(ScenariosController(registry: registry).endpoints)
    router.addRoutes(AgentBuilderController(registry: registry, tools: tools).endpoints)
    router.addRoutes(SessionAgentsController(registry: registry, tools: tools).endpoints)
    router.addRoutes(ScenarioBuilderController(registry: registry, tools: tools).endpoints)
    router.addRoutes(ConversationController(registry: registry, runner: runner).endpoints)
    router.addRoutes(SessionsController(registry: registry).endpoints)
    router.addRoutes(DemoEnvironmentController(clients: clients, store: SessionStore(redis: redis)).endpoints)
    return router
}
