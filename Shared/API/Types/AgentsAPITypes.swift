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

/// An agent as `GET /api/v1/agents` lists it. `GET /api/v1/agents/{agent_name}` answers the same
/// shape, without `voice.voice_configurable` and `voice.is_per_agent_voice`, and with `session_id`
/// and `current_agent` when asked about a session.
package struct AgentListing: APIType {
    /// `"loaded"`: every listed agent is.
    package enum State: String, APIEnum { case loaded }
    /// Where the agent comes from: the agent folder, or a session (Agent Builder).
    package enum Source: String, APIEnum { case unified, session }

    /// The model an agent's cascade turns use.
    package struct Model: APIType {
        package var deploymentID: String

        package init(deploymentID: String) { self.deploymentID = deploymentID }

        enum CodingKeys: String, CodingKey { case deploymentID = "deployment_id" }

        package static var schemaName: String { "AgentListingModel" }
    }

    /// The voice an agent speaks with.
    package struct Voice: APIType {
        package var currentVoice: String
        package var voiceStyle: String
        package var voiceConfigurable: Bool?
        package var isPerAgentVoice: Bool?

        package init(currentVoice: String, voiceStyle: String, voiceConfigurable: Bool? = nil, isPerAgentVoice: Bool? = nil) {
            self.currentVoice = currentVoice
            self.voiceStyle = voiceStyle
            self.voiceConfigurable = voiceConfigurable
            self.isPerAgentVoice = isPerAgentVoice
        }

        enum CodingKeys: String, CodingKey {
            case currentVoice = "current_voice"
            case voiceStyle = "voice_style"
            case voiceConfigurable = "voice_configurable"
            case isPerAgentVoice = "is_per_agent_voice"
        }

        package static var schemaName: String { "AgentListingVoice" }
        package static var fields: [APIField<Self>] {
            [.field("voice_configurable", "Listings only."), .field("is_per_agent_voice", "Listings only; always true.")]
        }
    }

    package var name: String
    package var status = State.loaded
    package var description: String
    @Nullable package var promptPath: String?
    @Nullable package var configPath: String?
    package var model: Model
    package var voice: Voice
    package var toolCount: Int
    package var tools: [String]
    package var handoffTools: [String]
    package var handoffTrigger: String
    package var promptPreview: String
    package var source: Source
    package var sessionID: String?
    /// Only when asked about a session that has an active agent.
    package var currentAgent: String?

    package init(
        name: String, description: String, promptPath: String?, configPath: String?, model: Model, voice: Voice, tools: [String],
        handoffTools: [String], handoffTrigger: String, promptPreview: String, source: Source
    ) {
        self.name = name
        self.description = description
        self.promptPath = promptPath
        self.configPath = configPath
        self.model = model
        self.voice = voice
        self.toolCount = tools.count
        self.tools = tools
        self.handoffTools = handoffTools
        self.handoffTrigger = handoffTrigger
        self.promptPreview = promptPreview
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case name, status, description, model, voice, tools, source
        case promptPath = "prompt_path"
        case configPath = "config_path"
        case toolCount = "tool_count"
        case handoffTools = "handoff_tools"
        case handoffTrigger = "handoff_trigger"
        case promptPreview = "prompt_preview"
        case sessionID = "session_id"
        case currentAgent = "current_agent"
    }

    package static var schemaDescription: String? {
        "An agent as `GET /api/v1/agents` lists it; `GET /api/v1/agents/{agent_name}` adds `session_id` and `current_agent` when given a `session_id`."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("prompt_path", "Null for session agents.", example: "fraud_agent/prompt.jinja"),
            .field("config_path", "Null for session agents.", example: "fraud_agent/agent.yaml"),
            .field("tool_count", \.toolCount, minimum: 0),
            .field("handoff_trigger", "The tool other agents call to hand off here.", example: "handoff_fraud_agent"),
            .field("prompt_preview", "The first 320 characters of the prompt template."),
            .field("source", "`session` for Agent Builder agents."),
            .field("session_id", "`GET /api/v1/agents/{agent_name}` only: the `session_id` asked about."),
            .field(
                "current_agent", "`GET /api/v1/agents/{agent_name}` only, when the session asked about has an active agent: that agent."),
        ]
    }
}

/// An agent in a few words: an entry of `summaries` in `GET /api/v1/agents`.
package struct AgentSummary: APIType {
    package var name: String
    package var description: String
    package var greeting: Bool
    package var returnGreeting: Bool
    package var toolCount: Int
    package var toolsPreview: [String]
    package var handoffTrigger: String
    package var model: String
    package var voice: String

    package init(
        name: String, description: String, greeting: Bool, returnGreeting: Bool, tools: [String], handoffTrigger: String, model: String,
        voice: String
    ) {
        self.name = name
        self.description = String(description.prefix(160))
        self.greeting = greeting
        self.returnGreeting = returnGreeting
        self.toolCount = tools.count
        self.toolsPreview = Array(tools.prefix(5))
        self.handoffTrigger = handoffTrigger
        self.model = model
        self.voice = voice
    }

    enum CodingKeys: String, CodingKey {
        case name, description, greeting, model, voice
        case returnGreeting = "return_greeting"
        case toolCount = "tool_count"
        case toolsPreview = "tools_preview"
        case handoffTrigger = "handoff_trigger"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("description", "At most 160 characters."), .field("greeting", "Whether the agent has a greeting."),
            .field("return_greeting", "Whether the agent has a greeting for callers who come back."),
            .field("tool_count", \.toolCount, minimum: 0), .field("tools_preview", "The first five tools."),
            .field("model", "Deployment id of the cascade model.", example: "gpt-4o"),
        ]
    }
}

/// The TTS voices offered, by category.
package struct AvailableVoices: APIType {
    package var turboVoices: [String]
    package var standardVoices: [String]
    package var hdVoices: [String]

    package init(turboVoices: [String], standardVoices: [String], hdVoices: [String]) {
        self.turboVoices = turboVoices
        self.standardVoices = standardVoices
        self.hdVoices = hdVoices
    }

    enum CodingKeys: String, CodingKey {
        case turboVoices = "turbo_voices"
        case standardVoices = "standard_voices"
        case hdVoices = "hd_voices"
    }
}

/// `GET /api/v1/agents`: every agent, their summaries, the hand-off map and the voices.
package struct AgentList: APIType {
    /// A hand-off tool and the agent it hands off to.
    package struct Connection: APIType {
        package var tool: String
        package var target: String

        package init(tool: String, target: String) {
            self.tool = tool
            self.target = target
        }

        package static var schemaName: String { "HandoffConnection" }
    }

    package var status = Success.success
    package var agentsCount: Int
    package var agents: [AgentListing]
    package var summaries: [AgentSummary]
    package var handoffMap: [String: String]
    @Nullable package var startAgent: String?
    @Nullable package var scenario: String?
    package var connections: [Connection]
    package var availableVoices: AvailableVoices
    package var responseTimeMS: Double
    /// Absent unless `include_state`; then the session's active agent, else the start agent.
    package var currentAgent: Nullable<String>?

    package init(
        agents: [AgentListing], summaries: [AgentSummary], handoffMap: [String: String], startAgent: String?, scenario: String?,
        availableVoices: AvailableVoices, responseTimeMS: Double
    ) {
        self.agentsCount = agents.count
        self.agents = agents
        self.summaries = summaries
        self.handoffMap = handoffMap
        self.startAgent = startAgent
        self.scenario = scenario
        self.connections = handoffMap.sorted { $0.key < $1.key }.map { Connection(tool: $0.key, target: $0.value) }
        self.availableVoices = availableVoices
        self.responseTimeMS = responseTimeMS
    }

    enum CodingKeys: String, CodingKey {
        case status, agents, summaries, scenario, connections
        case agentsCount = "agents_count"
        case handoffMap = "handoff_map"
        case startAgent = "start_agent"
        case availableVoices = "available_voices"
        case responseTimeMS = "response_time_ms"
        case currentAgent = "current_agent"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("agents_count", \.agentsCount, minimum: 0),
            .field("handoff_map", "Hand-off tool → agent.", example: ["handoff_fraud_agent": "FraudAgent"]),
            .field("start_agent", "The agent a new session starts with (of the default scenario)."),
            .field("scenario", "`AGENT_SCENARIO` of the agents service."),
            .field("connections", "`handoff_map` as a list, by tool."),
            .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0),
            .field("current_agent", "Only with `include_state=true`: the session's active agent, else the start agent."),
        ]
    }
}
