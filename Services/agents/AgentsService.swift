import SwitchboardCore
import SwitchboardService

/// Reads settings and runs the agents service (agent and scenario definitions, builder APIs).
@main
struct AgentsService {
    static func main() async {
        let settings = await ServiceBootstrap.settings(AgentsSettings.init)
        await ServiceBootstrap.run(settings.service) { logger, registry in
            try await buildApplication(settings, logger: logger, metrics: registry)
        }
    }
}
