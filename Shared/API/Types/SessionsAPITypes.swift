import SwitchboardCore

/// A session as `GET /api/v1/sessions` lists it.
package struct SessionMetadata: APIType {
    /// `active` when the last activity is under an hour old.
    package enum ConnectionStatus: String, APIEnum { case active, inactive }
    /// `demo` when a demo customer's profile is in the session.
    package enum ProfileType: String, APIEnum { case demo }

    /// One of the session's own agents.
    package struct Agent: APIType {
        package var name: String
        package var isActive: Bool
        package var isCustom = true
        package var tools: [String]
        package var voice: String
        package var model: String

        package init(name: String, isActive: Bool, tools: [String], voice: String, model: String) {
            self.name = name
            self.isActive = isActive
            self.tools = tools
            self.voice = voice
            self.model = model
        }

        enum CodingKeys: String, CodingKey {
            case name, tools, voice, model
            case isActive = "is_active"
            case isCustom = "is_custom"
        }

        package static var schemaName: String { "SessionMetadataAgent" }
        package static var fields: [APIField<Self>] { [.field("model", "Deployment id of the cascade model.")] }
    }

    /// One of the session's own scenarios.
    package struct Scenario: APIType {
        package var name: String
        package var isActive: Bool
        package var agents: [String]
        package var handoffs: Int

        package init(name: String, isActive: Bool, agents: [String], handoffs: Int) {
            self.name = name
            self.isActive = isActive
            self.agents = agents
            self.handoffs = handoffs
        }

        enum CodingKeys: String, CodingKey {
            case name, agents, handoffs
            case isActive = "is_active"
        }

        package static var schemaName: String { "SessionMetadataScenario" }
        package static var fields: [APIField<Self>] { [.field("handoffs", \.handoffs, "How many hand-offs it has.", minimum: 0)] }
    }

    package var sessionID: String
    package var createdAt: Double
    package var lastActivity: Double
    package var lastActivityReadable: String
    package var turnCount: Int
    package var connectionStatus: ConnectionStatus
    package var streamingMode: JSONValue
    package var userEmail: JSONValue
    package var profileName: JSONValue
    @Nullable package var profileType: ProfileType?
    @Nullable package var activeAgent: String?
    package var agentsCount: Int
    package var scenariosCount: Int
    package var activeAgentsCount: Int
    package var scenarioAgentsCount: Int
    package var customScenariosCount: Int
    package var agents: [Agent]
    package var scenarios: [Scenario]
    package var hasScenarioAgents: Bool
    package var hasCustomScenarios: Bool

    package init(
        sessionID: String, createdAt: Double, lastActivity: Double, lastActivityReadable: String, turnCount: Int,
        connectionStatus: ConnectionStatus, streamingMode: JSONValue, userEmail: JSONValue, profileName: JSONValue,
        profileType: ProfileType?, activeAgent: String?, activeAgentsCount: Int, agents: [Agent], scenarios: [Scenario]
    ) {
        self.sessionID = sessionID
        self.createdAt = createdAt
        self.lastActivity = lastActivity
        self.lastActivityReadable = lastActivityReadable
        self.turnCount = turnCount
        self.connectionStatus = connectionStatus
        self.streamingMode = streamingMode
        self.userEmail = userEmail
        self.profileName = profileName
        self.profileType = profileType
        self.activeAgent = activeAgent
        self.agentsCount = agents.count
        self.scenariosCount = scenarios.count
        self.activeAgentsCount = activeAgentsCount
        self.scenarioAgentsCount = scenarios.reduce(0) { $0 + $1.agents.count }
        self.customScenariosCount = scenarios.count
        self.agents = agents
        self.scenarios = scenarios
        self.hasScenarioAgents = !scenarios.isEmpty
        self.hasCustomScenarios = !scenarios.isEmpty
    }

    enum CodingKeys: String, CodingKey {
        case agents, scenarios
        case sessionID = "session_id"
        case createdAt = "created_at"
        case lastActivity = "last_activity"
        case lastActivityReadable = "last_activity_readable"
        case turnCount = "turn_count"
        case connectionStatus = "connection_status"
        case streamingMode = "streaming_mode"
        case userEmail = "user_email"
        case profileName = "profile_name"
        case profileType = "profile_type"
        case activeAgent = "active_agent"
        case agentsCount = "agents_count"
        case scenariosCount = "scenarios_count"
        case activeAgentsCount = "active_agents_count"
        case scenarioAgentsCount = "scenario_agents_count"
        case customScenariosCount = "custom_scenarios_count"
        case hasScenarioAgents = "has_scenario_agents"
        case hasCustomScenarios = "has_custom_scenarios"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("created_at", "Seconds since 1970."), .field("last_activity", "Seconds since 1970."),
            .field("last_activity_readable", example: "5m ago"), .field("turn_count", \.turnCount, minimum: 0),
            .field("streaming_mode", "The session's value as stored (a string), or null."),
            .field("user_email", "The demo customer's e-mail as stored, or null."),
            .field("profile_name", "The demo customer's or caller's name as stored, or null."),
            .field("active_agents_count", \.activeAgentsCount, "Agents the session has visited.", minimum: 0),
            .field("scenario_agents_count", \.scenarioAgentsCount, "Agents named by the session's scenarios.", minimum: 0),
        ]
    }
}

/// `GET /api/v1/sessions`.
package struct SessionList: APIType {
    package var sessions: [SessionMetadata]
    package var totalCount: Int
    package var activeCount: Int

    package init(sessions: [SessionMetadata], totalCount: Int, activeCount: Int) {
        self.sessions = sessions
        self.totalCount = totalCount
        self.activeCount = activeCount
    }

    enum CodingKeys: String, CodingKey {
        case sessions
        case totalCount = "total_count"
        case activeCount = "active_count"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("sessions", "Most recent first."), .field("total_count", \.totalCount, minimum: 0),
            .field("active_count", \.activeCount, minimum: 0),
        ]
    }
}

/// `GET /api/v1/sessions/{session_id}`.
package struct SessionDetail: APIType {
    /// One message of the conversation.
    package struct ChatEntry: APIType {
        package enum Role: String, APIEnum { case user, assistant }

        package var role: Role
        @Nullable package var content: String?
        @Nullable package var agent: String?

        package init(role: Role, content: String?, agent: String?) {
            self.role = role
            self.content = content
            self.agent = agent
        }

        package static var schemaName: String { "ChatEntry" }
    }

    /// The session's memory, as the reference names it.
    package struct Memory: APIType {
        package var corememory: [String: JSONValue]

        package init(corememory: [String: JSONValue]) { self.corememory = corememory }

        package static var schemaName: String { "SessionMemory" }
    }

    package var session: SessionMetadata
    package var chatHistory: [ChatEntry]?
    package var memory: Memory?
    package var agentConfigs: [String: AgentListing]
    package var scenarioConfigs: [String: String]

    package init(
        session: SessionMetadata, chatHistory: [ChatEntry]?, memory: Memory?, agentConfigs: [String: AgentListing],
        scenarioConfigs: [String: String]
    ) {
        self.session = session
        self.chatHistory = chatHistory
        self.memory = memory
        self.agentConfigs = agentConfigs
        self.scenarioConfigs = scenarioConfigs
    }

    enum CodingKeys: String, CodingKey {
        case session, memory
        case chatHistory = "chat_history"
        case agentConfigs = "agent_configs"
        case scenarioConfigs = "scenario_configs"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("chat_history", "With `include_history` (default true)."), .field("memory", "With `include_memory` (default true)."),
            .field("agent_configs", "The session's own agents by name."), .field("scenario_configs", "The session's scenarios by name."),
        ]
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

/// One event of a text turn, in order; `type` says which fields it has.
package struct ConversationEvent: APIType {
    package enum Kind: String, APIEnum {
        case assistantStreaming = "assistant_streaming"
        case greeting
        case toolStart = "tool_start"
        case toolEnd = "tool_end"
        case agentChange = "agent_change"
        case assistant
    }

    /// Tokens of a turn.
    package struct Usage: APIType {
        package var promptTokens: Int
        package var completionTokens: Int

        package init(promptTokens: Int, completionTokens: Int) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
        }

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }

        package static var schemaName: String { "TokenUsage" }
    }

    package var type: Kind
    package var agent: String?
    package var content: String?
    package var tool: String?
    package var callID: String?
    package var arguments: JSONValue?
    package var result: JSONValue?
    package var status: String?
    package var durationMS: Double?
    package var previousAgent: String?
    package var agentName: String?
    package var handoffType: String?
    package var reason: Nullable<String>?
    package var usage: Usage?

    package init(type: Kind, agent: String? = nil, content: String? = nil) {
        self.type = type
        self.agent = agent
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case type, agent, content, tool, arguments, result, status, reason, usage
        case callID = "call_id"
        case durationMS = "duration_ms"
        case previousAgent = "previous_agent"
        case agentName = "agent_name"
        case handoffType = "handoff_type"
    }

    package static var schemaDescription: String? {
        "One event of the turn, in order. `assistant_streaming`, `greeting`: `agent`, `content`. `tool_start`: `agent`, `tool`, `call_id`, `arguments`. `tool_end`: those and `result`, `status`, `duration_ms`. `agent_change`: `previous_agent`, `agent_name`, `handoff_type`, `reason`. `assistant`: `agent`, `content`, `usage`."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("arguments", "`tool_start`, `tool_end`: the tool's arguments."), .field("result", "`tool_end`: what the tool returned."),
            .field("status", "`tool_end`.", example: "success"),
            .field("duration_ms", \.durationMS, "`tool_end`: milliseconds, to 0.01.", minimum: 0),
            .field("handoff_type", "`agent_change`.", example: "announced"), .field("reason", "`agent_change`: why, or null."),
        ]
    }
}

/// `POST /api/v1/sessions/{session_id}/messages`: what the agent said in the turn.
package struct MessageReply: APIType {
    /// The start agent's greeting of a new session.
    package struct Greeting: APIType {
        package var agent: String
        package var text: String

        package init(agent: String, text: String) {
            self.agent = agent
            self.text = text
        }

        package static var schemaName: String { "MessageGreeting" }
    }

    package var sessionID: String
    @Nullable package var agent: String?
    package var reply: String
    @Nullable package var greeting: Greeting?
    package var turnNumber: Int
    package var events: [ConversationEvent]

    package init(sessionID: String, agent: String?, reply: String, greeting: Greeting?, turnNumber: Int, events: [ConversationEvent]) {
        self.sessionID = sessionID
        self.agent = agent
        self.reply = reply
        self.greeting = greeting
        self.turnNumber = turnNumber
        self.events = events
    }

    enum CodingKeys: String, CodingKey {
        case agent, reply, greeting, events
        case sessionID = "session_id"
        case turnNumber = "turn_number"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("agent", "The agent that holds the conversation after the turn."),
            .field("reply", "Everything the agent said in the turn."),
            .field("greeting", "Set on a session's first message: the start agent's greeting."),
            .field("turn_number", \.turnNumber, minimum: 0),
        ]
    }
}
