import SwitchboardCore

/// How a hand-off sounds to the caller: `announced` (the new agent greets) or `discrete`.
package enum HandoffType: String, APIEnum {
    case announced, discrete
}

/// One hand-off of a scenario.
package struct HandoffEdge: APIType {
    package var fromAgent: String
    package var toAgent: String
    package var tool: String
    package var type: HandoffType
    package var shareContext: Bool
    @Nullable package var handoffCondition: String?

    package init(fromAgent: String, toAgent: String, tool: String, type: HandoffType, shareContext: Bool, handoffCondition: String?) {
        self.fromAgent = fromAgent
        self.toAgent = toAgent
        self.tool = tool
        self.type = type
        self.shareContext = shareContext
        self.handoffCondition = handoffCondition
    }

    enum CodingKeys: String, CodingKey {
        case tool, type
        case fromAgent = "from_agent"
        case toAgent = "to_agent"
        case shareContext = "share_context"
        case handoffCondition = "handoff_condition"
    }

    package static var fields: [APIField<Self>] {
        [.field("handoff_condition", "Free text injected into the source agent's prompt.")]
    }
}

/// A scenario as the Scenario Builder shows it (templates from disk and session scenarios).
package struct ScenarioTemplate: APIType {
    /// Rules of the generic `handoff_to_agent` tool.
    package struct GenericHandoff: APIType {
        package var enabled: Bool
        package var allowedTargets: [String]
        package var requireClientID: Bool
        package var defaultType: HandoffType
        package var shareContext: Bool

        package init(enabled: Bool, allowedTargets: [String], requireClientID: Bool, defaultType: HandoffType, shareContext: Bool) {
            self.enabled = enabled
            self.allowedTargets = allowedTargets
            self.requireClientID = requireClientID
            self.defaultType = defaultType
            self.shareContext = shareContext
        }

        enum CodingKeys: String, CodingKey {
            case enabled
            case allowedTargets = "allowed_targets"
            case requireClientID = "require_client_id"
            case defaultType = "default_type"
            case shareContext = "share_context"
        }
    }

    package var id: String
    package var name: String
    package var description: String
    package var icon: String
    package var agents: [String]
    @Nullable package var startAgent: String?
    package var handoffType: HandoffType
    package var handoffs: [HandoffEdge]
    package var globalTemplateVars: [String: JSONValue]
    package var genericHandoff: GenericHandoff
    /// Not in the template list; elsewhere the scenario's `agent_defaults` when it has the key.
    package var agentDefaults: JSONValue?
    package var isActive: Bool?

    package init(
        id: String, name: String, description: String, icon: String, agents: [String], startAgent: String?, handoffType: HandoffType,
        handoffs: [HandoffEdge], globalTemplateVars: [String: JSONValue], genericHandoff: GenericHandoff
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.icon = icon
        self.agents = agents
        self.startAgent = startAgent
        self.handoffType = handoffType
        self.handoffs = handoffs
        self.globalTemplateVars = globalTemplateVars
        self.genericHandoff = genericHandoff
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, icon, agents, handoffs
        case startAgent = "start_agent"
        case handoffType = "handoff_type"
        case globalTemplateVars = "global_template_vars"
        case genericHandoff = "generic_handoff"
        case agentDefaults = "agent_defaults"
        case isActive = "is_active"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("agents", "Empty: every agent."),
            .field(
                "agent_defaults",
                "Not in the template list; elsewhere the scenario's `agent_defaults` when it has one (null when set to null)."),
            .field("is_active", "`/session/{session_id}/scenarios` only."),
        ]
    }
}

/// `GET /api/v1/scenario-builder/templates`.
package typealias ScenarioTemplateList = TemplateList<ScenarioTemplate>

/// `GET /api/v1/scenario-builder/templates/{template_id}`.
package typealias ScenarioTemplateResult = TemplateResult<ScenarioTemplate>

/// `GET /api/v1/scenario-builder/agents`: the agents a scenario can use.
package struct ScenarioBuilderAgents: APIType {
    /// One agent a scenario can name.
    package struct Agent: APIType {
        /// A tool of the agent, with its description.
        package struct ToolDetail: APIType {
            package var name: String
            package var description: String

            package init(name: String, description: String) {
                self.name = name
                self.description = description
            }

            package static var schemaName: String { "ToolDetail" }
        }

        package var name: String
        package var description: String
        @Nullable package var greeting: String?
        @Nullable package var returnGreeting: String?
        package var tools: [String]
        package var toolDetails: [ToolDetail]
        package var isEntryPoint: Bool
        package var isSessionAgent: Bool
        @Nullable package var sessionID: String?

        package init(
            name: String, description: String, greeting: String?, returnGreeting: String?, tools: [String], toolDetails: [ToolDetail],
            isEntryPoint: Bool, sessionID: String?
        ) {
            self.name = name
            self.description = description
            self.greeting = greeting
            self.returnGreeting = returnGreeting
            self.tools = tools
            self.toolDetails = toolDetails
            self.isEntryPoint = isEntryPoint
            self.isSessionAgent = sessionID != nil
            self.sessionID = sessionID
        }

        enum CodingKeys: String, CodingKey {
            case name, description, greeting, tools
            case returnGreeting = "return_greeting"
            case toolDetails = "tool_details"
            case isEntryPoint = "is_entry_point"
            case isSessionAgent = "is_session_agent"
            case sessionID = "session_id"
        }

        package static var schemaName: String { "ScenarioBuilderAgent" }
        package static var fields: [APIField<Self>] {
            [.field("name", "A session agent whose name a disk agent has gets ` (session)` appended.")]
        }
    }

    package var status = Success.success
    package var total: Int
    package var agents: [Agent]
    package var staticCount: Int
    package var sessionCount: Int
    package var filteredBySession: Bool
    package var responseTimeMS: Double

    package init(agents: [Agent], staticCount: Int, sessionCount: Int, filteredBySession: Bool, responseTimeMS: Double) {
        self.total = agents.count
        self.agents = agents
        self.staticCount = staticCount
        self.sessionCount = sessionCount
        self.filteredBySession = filteredBySession
        self.responseTimeMS = responseTimeMS
    }

    enum CodingKeys: String, CodingKey {
        case status, total, agents
        case staticCount = "static_count"
        case sessionCount = "session_count"
        case filteredBySession = "filtered_by_session"
        case responseTimeMS = "response_time_ms"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("total", \.total, minimum: 0), .field("static_count", \.staticCount, "Agents of the agent folder.", minimum: 0),
            .field("session_count", \.sessionCount, "The session's own agents.", minimum: 0),
            .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0),
        ]
    }
}

/// `GET /api/v1/scenario-builder/defaults`: what a new scenario starts from.
package struct ScenarioBuilderDefaults: APIType {
    /// A new scenario.
    package struct Defaults: APIType {
        package var name = "Custom Scenario"
        package var description = ""
        package var agents: [String] = []
        @Nullable package var startAgent: String?
        package var handoffType = HandoffType.announced
        package var handoffs: [HandoffEdge] = []
        package var globalTemplateVars: [String: JSONValue]
        @Nullable package var agentDefaults: JSONValue?

        package init(startAgent: String?, globalTemplateVars: [String: JSONValue]) {
            self.startAgent = startAgent
            self.globalTemplateVars = globalTemplateVars
        }

        enum CodingKeys: String, CodingKey {
            case name, description, agents, handoffs
            case startAgent = "start_agent"
            case handoffType = "handoff_type"
            case globalTemplateVars = "global_template_vars"
            case agentDefaults = "agent_defaults"
        }

        package static var schemaName: String { "ScenarioDefaultValues" }
        package static var fields: [APIField<Self>] {
            [.field("start_agent", "The first agent of the folder."), .field("agent_defaults", "Always null.")]
        }
    }

    package var status = Success.success
    package var defaults: Defaults
    package var availableAgents: [String]
    package var handoffTypes = HandoffType.allCases

    package init(defaults: Defaults, availableAgents: [String]) {
        self.defaults = defaults
        self.availableAgents = availableAgents
    }

    enum CodingKeys: String, CodingKey {
        case status, defaults
        case availableAgents = "available_agents"
        case handoffTypes = "handoff_types"
    }
}

/// `POST /api/v1/scenario-builder/create`, `PUT /api/v1/scenario-builder/session/{session_id}`: a
/// session scenario.
package struct SessionScenarioRequest: APIType {
    /// One hand-off: `from_agent` (or `from`) to `to_agent` (or `to`).
    package struct Handoff: APIType {
        package var fromAgent: String?
        package var toAgent: String?
        package var from: String?
        package var to: String?
        package var tool: String?
        package var type: HandoffType?
        package var shareContext: Bool?
        package var handoffCondition: String?

        enum CodingKeys: String, CodingKey {
            case from, to, tool, type
            case fromAgent = "from_agent"
            case toAgent = "to_agent"
            case shareContext = "share_context"
            case handoffCondition = "handoff_condition"
        }

        package static var schemaName: String { "ScenarioHandoffRequest" }
        package static var fields: [APIField<Self>] {
            [
                .field("from_agent", "One of the scenario's agents.", example: "Concierge"),
                .field("to_agent", "One of the scenario's agents.", example: "FraudAgent"),
                .field("from", "Alias of `from_agent`."), .field("to", "Alias of `to_agent`."),
                .field("tool", "Default `handoff_to_agent`.", example: "handoff_fraud_agent"),
                .field("type", "Default: the scenario's `handoff_type`."), .field("share_context", "Default true."),
                .field("handoff_condition", "Free text injected into the source agent's prompt."),
            ]
        }
    }

    package var name: String
    package var description: String?
    package var icon: String?
    package var agents: [String]?
    package var startAgent: String?
    package var handoffType: HandoffType?
    package var handoffs: [Handoff]?
    package var agentDefaults: JSONValue?
    package var globalTemplateVars: [String: JSONValue]?
    package var tools: [String]?
    package var genericHandoff: JSONValue?

    enum CodingKeys: String, CodingKey {
        case name, description, icon, agents, handoffs, tools
        case startAgent = "start_agent"
        case handoffType = "handoff_type"
        case agentDefaults = "agent_defaults"
        case globalTemplateVars = "global_template_vars"
        case genericHandoff = "generic_handoff"
    }

    package static var schemaName: String { "DynamicScenarioConfig" }
    package static var schemaDescription: String? {
        "A session scenario (Scenario Builder). Limits broken are 422 with every field in `errors[]`; a wrong type is 422 naming the field; agents that do not exist (disk agents plus the session's own), a `start_agent` outside the scenario, a hand-off naming an agent outside it, or unknown tools are 400."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("name", \.name, example: "Mine", minLength: 1, maxLength: 64),
            .field("description", \.description, maxLength: 512),
            .field("icon", \.icon, "Default 🎭.", maxLength: 8),
            .field("agents", "Empty or absent: every agent.", example: ["Concierge", "FraudAgent"]),
            .field("start_agent", "Default: the first of `agents`.", example: "Concierge"),
            .field("handoff_type", "Default `announced`."),
            .field("agent_defaults", "Settings every agent of the scenario starts from."),
            .field("global_template_vars", "Prompt variables of every agent."),
            .field("tools", "Tool names from `GET /api/v1/agent-builder/tools`."),
            .field("generic_handoff", "Rules of the generic `handoff_to_agent` tool (default: enabled)."),
        ]
    }
}

/// The answer of the session-scenario operations of the Scenario Builder.
package struct SessionScenarioResponse: APIType {
    package var sessionID: String
    package var scenarioName: String
    package var status: SessionDefinitionStatus
    package var config: ScenarioTemplate
    @Nullable package var createdAt: Double?
    @Nullable package var modifiedAt: Double?

    package init(
        sessionID: String, scenarioName: String, status: SessionDefinitionStatus, config: ScenarioTemplate, createdAt: Double?,
        modifiedAt: Double?
    ) {
        self.sessionID = sessionID
        self.scenarioName = scenarioName
        self.status = status
        self.config = config
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    enum CodingKeys: String, CodingKey {
        case status, config
        case sessionID = "session_id"
        case scenarioName = "scenario_name"
        case createdAt = "created_at"
        case modifiedAt = "modified_at"
    }

    package static var fields: [APIField<Self>] {
        [.field("created_at", "Seconds since 1970."), .field("modified_at", "Seconds since 1970.")]
    }
}

/// `DELETE /api/v1/scenario-builder/session/{session_id}`.
package struct ScenarioRemoval: APIType {
    package var status = Success.success
    package var message: String
    package var sessionID: String

    package init(message: String, sessionID: String) {
        self.message = message
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case sessionID = "session_id"
    }
}

/// `POST /api/v1/scenario-builder/session/{session_id}/active`.
package struct ScenarioActivation: APIType {
    package var status = Success.success
    package var message: String
    package var sessionID: String
    package var scenarioName: String

    package init(message: String, sessionID: String, scenarioName: String) {
        self.message = message
        self.sessionID = sessionID
        self.scenarioName = scenarioName
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case sessionID = "session_id"
        case scenarioName = "scenario_name"
    }
}

/// A scenario in a few words.
package struct ScenarioBrief: APIType {
    package var name: String
    package var description: String
    package var icon: String
    @Nullable package var startAgent: String?
    package var agents: [String]
    package var handoffCount: Int

    package init(name: String, description: String, icon: String, startAgent: String?, agents: [String], handoffCount: Int) {
        self.name = name
        self.description = description
        self.icon = icon
        self.startAgent = startAgent
        self.agents = agents
        self.handoffCount = handoffCount
    }

    enum CodingKeys: String, CodingKey {
        case name, description, icon, agents
        case startAgent = "start_agent"
        case handoffCount = "handoff_count"
    }

    package static var fields: [APIField<Self>] { [.field("handoff_count", \.handoffCount, minimum: 0)] }
}

/// `POST /api/v1/scenario-builder/session/{session_id}/apply-template`.
package struct ScenarioTemplateApplied: APIType {
    package var status = Success.success
    package var message: String
    package var sessionID: String
    package var templateID: String
    package var scenario: ScenarioBrief

    package init(message: String, sessionID: String, templateID: String, scenario: ScenarioBrief) {
        self.message = message
        self.sessionID = sessionID
        self.templateID = templateID
        self.scenario = scenario
    }

    enum CodingKeys: String, CodingKey {
        case status, message, scenario
        case sessionID = "session_id"
        case templateID = "template_id"
    }
}

/// `GET /api/v1/scenario-builder/session/{session_id}/scenarios`.
package struct SessionScenarioList: APIType {
    package var status = Success.success
    package var sessionID: String
    package var total: Int
    @Nullable package var activeScenario: String?
    package var scenarios: [ScenarioTemplate]

    package init(sessionID: String, activeScenario: String?, scenarios: [ScenarioTemplate]) {
        self.sessionID = sessionID
        self.total = scenarios.count
        self.activeScenario = activeScenario
        self.scenarios = scenarios
    }

    enum CodingKeys: String, CodingKey {
        case status, total, scenarios
        case sessionID = "session_id"
        case activeScenario = "active_scenario"
    }

    package static var fields: [APIField<Self>] { [.field("total", \.total, minimum: 0)] }
}

/// `GET /api/v1/scenario-builder/sessions`: every session scenario.
package struct ScenarioBuilderSessions: APIType {
    /// One session scenario.
    package struct Entry: APIType {
        package var key: String
        package var sessionID: String
        package var scenarioName: String
        package var agents: [String]
        @Nullable package var startAgent: String?
        package var handoffCount: Int

        package init(sessionID: String, scenarioName: String, agents: [String], startAgent: String?, handoffCount: Int) {
            self.key = "\(sessionID):\(scenarioName)"
            self.sessionID = sessionID
            self.scenarioName = scenarioName
            self.agents = agents
            self.startAgent = startAgent
            self.handoffCount = handoffCount
        }

        enum CodingKeys: String, CodingKey {
            case key, agents
            case sessionID = "session_id"
            case scenarioName = "scenario_name"
            case startAgent = "start_agent"
            case handoffCount = "handoff_count"
        }

        package static var schemaName: String { "ScenarioBuilderSession" }
        package static var fields: [APIField<Self>] {
            [.field("key", "`<session id>:<scenario name>`."), .field("handoff_count", \.handoffCount, minimum: 0)]
        }
    }

    package var status = Success.success
    package var total: Int
    package var sessions: [Entry]

    package init(sessions: [Entry]) {
        self.total = sessions.count
        self.sessions = sessions
    }

    package static var fields: [APIField<Self>] { [.field("total", \.total, minimum: 0)] }
}
