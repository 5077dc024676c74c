import Hummingbird
import Prometheus
import SwitchboardCore
import SwitchboardRedis

extension Router {
    /// The routes and middleware every service has: an access log, problem JSON for errors, request metrics and traces,
    /// `/health`, `/ready` (Redis plus `checks`) and `/metrics`.
    package func addServiceEndpoints(
        service: String,
        redis: RedisClient,
        checks: [ReadinessCheck] = [],
        registry: PrometheusCollectorRegistry
    ) {
        self.add(middleware: AccessLogMiddleware())
        self.add(middleware: ProblemMiddleware())
        self.add(middleware: MetricsMiddleware())
        self.add(middleware: TracingMiddleware())  // a no-op unless traces are on (ServiceTracing)
        self.addRoutes(HealthController<Context>(service: service, checks: [.redis(redis)] + checks).endpoints)
        self.addRoutes(PrometheusController<Context>(registry: registry).endpoints)
    }
}

extension ReadinessCheck {
    /// `PING` with a 500 ms limit.
    package static func redis(_ redis: RedisClient) -> ReadinessCheck {
        ReadinessCheck("redis") {
            let answer = try await redis.ping(timeout: .milliseconds(500))
            return .healthy("\(answer) from \(redis.configuration.address)")
        }
    }
}
