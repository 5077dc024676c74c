/// `POST /api/v1/agent-builder/reload-agents`: the agents read again from disk.
package struct AgentReloadResult: APIType {
    package var status = Success.success
    package var message: String
    package var agents: [String]
    package var agentCount: Int
    package var responseTimeMS: Double

    package init(message: String, agents: [String], agentCount: Int, responseTimeMS: Double) {
        self.message = message
        self.agents = agents
        self.agentCount = agentCount
        self.responseTimeMS = responseTimeMS
    }

    enum CodingKeys: String, CodingKey {
        case status, message, agents
        case agentCount = "agent_count"
        case responseTimeMS = "response_time_ms"
    }

    package static var fields: [APIField<Self>] {
        [.field("agent_count", \.agentCount, minimum: 0), .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0)]
    }
}

/// `POST /api/v1/scenario-builder/reload-scenarios`: the scenarios read again from disk.
package struct ScenarioReloadResult: APIType {
    package var status = Success.success
    package var message: String
    package var scenarios: [String]

    package init(message: String, scenarios: [String]) {
        self.message = message
        self.scenarios = scenarios
    }
}
