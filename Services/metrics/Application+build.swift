import Hummingbird
import Logging
import Prometheus
import SwitchboardRedis
import SwitchboardService

/// The metrics service's composition root: the only place that builds its concrete parts.
func buildApplication(
    _ settings: MetricsSettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let redis = try RedisClient(configuration: settings.service.redis, logger: logger)
    let store = MetricsStore(maxSessions: settings.maxSessions)
    let consumer = TelemetryConsumer(redis: redis, store: store, logger: logger)
    let router = buildRouter(store: store, redis: redis, metrics: metrics)
    router.printRoutesIfAsked()
    return Application(router: router, settings: settings.service, services: [redis, consumer], logger: logger)
}

/// The metrics service's routes (``MetricsAPI`` and the service endpoints), separate from the
/// server so tests can check them.
func buildRouter(store: MetricsStore, redis: RedisClient, metrics: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
    let router = Router()
    router.addServiceEndpoints(service: "metrics", redis: redis, registry: metrics)
    router.addRoutes(MetricsController(store: store, redis: redis).endpoints)
    return router
}
