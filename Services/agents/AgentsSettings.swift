import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// The agents service's settings: `SB_AGENTS_PORT` (default `8081`) and the agent runtime's
/// (see ``AgentRuntimeSettings``).
struct AgentsSettings: Sendable {
    var service: ServiceSettings
    var runtime: AgentRuntimeSettings

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "agents", defaultPort: 8081, environment: &environment)
        self.runtime = AgentRuntimeSettings(environment: &environment)
    }
}
