import SwitchboardCore

/// A scenario: which agents take part, who starts, and the hand-off edges between them (docs/compatibility.md §3.4).
package struct ScenarioDefinition: Sendable, Hashable {
    /// Announced: the target greets. Discrete: the conversation goes on without a greeting.
    package enum HandoffType: String, Sendable, Hashable, Codable {
        case announced, discrete
    }

    /// A directed hand-off edge.
    package struct Edge: Sendable, Hashable {
        package var from: String
        package var to: String
        package var tool: String
        package var type: HandoffType
        package var shareContext: Bool
        package var condition: String?
    }

    /// The generic `handoff_to_agent` tool's rules.
    package struct GenericHandoff: Sendable, Hashable {
        package var enabled = false
        package var allowedTargets: [String] = []
        package var requireClientID = false
        package var defaultType: HandoffType = .announced
        package var shareContext = true
    }

    package var name: String
    package var description: String
    package var icon: String
    package var startAgent: String?
    /// Empty means every agent.
    package var agents: [String]
    package var handoffType: HandoffType
    package var edges: [Edge]
    package var genericHandoff: GenericHandoff
    package var agentDefaults: JSONValue?
    package var templateVars: [String: JSONValue]
    package var tools: [String]
    package var tree: JSONValue

    package init(tree: JSONValue, source: String) throws {
        guard let name = tree["name"]?.string ?? (source.isEmpty ? nil : source) else {
            throw AgentConfigurationError(source: source, problem: "scenario has no name")
        }
        self.name = name
        self.description = tree["description"]?.string ?? ""
        self.icon = tree["icon"]?.string ?? "🎭"
        self.startAgent = tree["start_agent"]?.string
        self.agents = tree["agents"]?.array?.compactMap(\.string) ?? []
        let defaultType = HandoffType(rawValue: tree["handoff_type"]?.string ?? "announced") ?? .announced
        self.handoffType = defaultType
        self.edges = try (tree["handoffs"]?.array ?? []).map { node in
            guard let from = node["from"]?.string ?? node["from_agent"]?.string,
                let to = node["to"]?.string ?? node["to_agent"]?.string
            else {
                throw AgentConfigurationError(source: source, problem: "a hand-off edge needs from and to")
            }
            return Edge(
                from: from,
                to: to,
                tool: node["tool"]?.string ?? node["tool_name"]?.string ?? "handoff_to_agent",
                type: node["type"]?.string.flatMap(HandoffType.init(rawValue:)) ?? defaultType,
                shareContext: node["share_context"]?.bool ?? true,
                condition: node["handoff_condition"]?.string ?? node["condition"]?.string
            )
        }
        var generic = GenericHandoff()
        if let node = tree["generic_handoff"] {
            generic.enabled = node["enabled"]?.bool ?? false
            generic.allowedTargets = node["allowed_targets"]?.array?.compactMap(\.string) ?? []
            generic.requireClientID = node["require_client_id"]?.bool ?? false
            generic.defaultType = node["default_type"]?.string.flatMap(HandoffType.init(rawValue:)) ?? defaultType
            generic.shareContext = node["share_context"]?.bool ?? true
        }
        self.genericHandoff = generic
        self.agentDefaults = tree["agent_defaults"]
        self.templateVars = (tree["template_vars"] ?? tree["global_template_vars"])?.object ?? [:]
        self.tools = tree["tools"]?.array?.compactMap(\.string) ?? []
        self.tree = tree
    }

    /// Whether `agent` takes part.
    package func includes(_ agent: String) -> Bool {
        self.agents.isEmpty || self.agents.contains(agent)
    }

    /// Edges leaving `agent`.
    package func edges(from agent: String) -> [Edge] {
        self.edges.filter { $0.from == agent }
    }
}
