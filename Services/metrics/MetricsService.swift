import SwitchboardCore
import SwitchboardService

/// Reads settings and runs the metrics service (latency aggregation).
@main
struct MetricsService {
    static func main() async throws {
        let settings = ServiceBootstrap.settings { environment in
            ServiceSettings(name: "metrics", defaultPort: 8082, environment: &environment)
        }
        let (logger, registry) = ServiceBootstrap.bootstrap(settings)
        let app = try buildApplication(settings, logger: logger, metrics: registry)
        try await app.runService()
    }
}
