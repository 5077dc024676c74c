import SwitchboardCore

/// `PUT /api/v1/agents/{agent_name}`: a runtime override of an agent's model and voice.
package struct AgentUpdateRequest: APIType {
    /// The model fields to override; each may be left out.
    package struct Model: APIType {
        package var deploymentID: String?
        package var temperature: Double?
        package var topP: Double?
        package var maxTokens: Int?

        enum CodingKeys: String, CodingKey {
            case temperature
            case deploymentID = "deployment_id"
            case topP = "top_p"
            case maxTokens = "max_tokens"
        }

        package static var schemaName: String { "AgentModelOverride" }
        package static var fields: [APIField<Self>] {
            [
                .field("temperature", \.temperature, minimum: 0, maximum: 2),
                .field("top_p", \.topP, minimum: 0, maximum: 1),
                .field("max_tokens", \.maxTokens, minimum: 1, maximum: 16384),
            ]
        }
    }

    /// The voice fields to override.
    package struct Voice: APIType {
        package var voiceName: String?
        package var voiceStyle: String?

        enum CodingKeys: String, CodingKey {
            case voiceName = "voice_name"
            case voiceStyle = "voice_style"
        }

        package static var schemaName: String { "AgentVoiceOverride" }
    }

    @Nullable package var model: Model?
    @Nullable package var voice: Voice?

    package static var schemaDescription: String? {
        "A runtime override of an agent's model and voice, stored in Redis (every process sees it; it survives restarts). Out-of-range numbers are 400 naming each field; a wrong type is 422."
    }
    package static var fields: [APIField<Self>] { [.nested("model", \.model), .nested("voice", \.voice)] }
}

/// The answer to an agent override.
package struct AgentUpdateResult: APIType {
    package var status = Success.success
    package var agentName: String
    package var updatedFields: [String]
    package var message: String
    package var responseTimeMS: Double
    package var note: String

    package init(agentName: String, updatedFields: [String], message: String, responseTimeMS: Double, note: String) {
        self.agentName = agentName
        self.updatedFields = updatedFields
        self.message = message
        self.responseTimeMS = responseTimeMS
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case status, message, note
        case agentName = "agent_name"
        case updatedFields = "updated_fields"
        case responseTimeMS = "response_time_ms"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("updated_fields", example: ["model.temperature"]),
            .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0),
        ]
    }
}

/// A scenario as `/api/v1/scenarios` lists it.
package struct ScenarioSummary: APIType {
    package var name: String
    package var description: String
    package var agents: [String]
    @Nullable package var startAgent: String?

    package init(name: String, description: String, agents: [String], startAgent: String?) {
        self.name = name
        self.description = description
        self.agents = agents
        self.startAgent = startAgent
    }

    enum CodingKeys: String, CodingKey {
        case name, description, agents
        case startAgent = "start_agent"
    }

    package static var fields: [APIField<Self>] { [.field("agents", "`[\"all\"]` when the scenario names no agents.")] }
}

/// `GET /api/v1/scenarios`.
package struct ScenarioList: APIType {
    package var scenarios: [ScenarioSummary]

    package init(scenarios: [ScenarioSummary]) {
        self.scenarios = scenarios
    }
}

/// `POST /api/v1/sessions/{session_id}/messages`: one typed turn.
package struct MessageRequest: APIType {
    package var text: String
    package var scenario: String?

    package static var fields: [APIField<Self>] {
        [
            .field(
                "text", \.text, "What the caller says: at most 4000 characters, not only white space.", minLength: 1, maxLength: 4000,
                pattern: "\\S"),
            .field(
                "scenario", "A scenario of `GET /api/v1/scenarios` (`banking`, `insurance`, `default`); others are 400.",
                example: "banking"),
        ]
    }
}

/// `DELETE /api/v1/sessions/{session_id}`.
package struct SessionDeletion: APIType {
    package var status = Success.success
    package var message: String
    package var deletedKeys: [String]

    package init(message: String, deletedKeys: [String]) {
        self.message = message
        self.deletedKeys = deletedKeys
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case deletedKeys = "deleted_keys"
    }
}

/// `DELETE /api/v1/agent-builder/session/{session_id}`.
package struct SessionAgentRemoval: APIType {
    package enum State: String, APIEnum {
        case removed
        case notFound = "not_found"
    }

    package var status: State
    package var sessionID: String
    package var message: String

    package init(status: State, sessionID: String, message: String) {
        self.status = status
        self.sessionID = sessionID
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case sessionID = "session_id"
    }
}
