import Hummingbird
import Logging
import Prometheus
import SwitchboardRedis
import SwitchboardService

/// The agents service's composition root: the only place that builds its concrete parts.
func buildApplication(
    _ settings: ServiceSettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let redis = try RedisClient(configuration: settings.redis, logger: logger)
    let router = Router()
    router.addServiceEndpoints(service: "agents", redis: redis, registry: metrics)
    return Application(router: router, settings: settings, services: [redis], logger: logger)
}
