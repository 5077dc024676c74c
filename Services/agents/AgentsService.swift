import SwitchboardCore
import SwitchboardService

/// Reads settings and runs the agents service (agent and scenario definitions, builder APIs).
@main
struct AgentsService {
    static func main() async throws {
        let settings = ServiceBootstrap.settings(AgentsSettings.init)
        let (logger, registry, tracing) = try ServiceBootstrap.bootstrap(settings.service)
        let app = try await buildApplication(settings, logger: logger, metrics: registry)
        try await app.run(tracing: tracing, logger: logger)
    }
}
