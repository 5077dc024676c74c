import SwitchboardCore
import SwitchboardService

/// Reads settings and runs the agents service (agent and scenario definitions).
@main
struct AgentsService {
    static func main() async throws {
        let settings = ServiceBootstrap.settings { environment in
            ServiceSettings(name: "agents", defaultPort: 8081, environment: &environment)
        }
        let (logger, registry) = ServiceBootstrap.bootstrap(settings)
        let app = try buildApplication(settings, logger: logger, metrics: registry)
        try await app.runService()
    }
}
