import SwitchboardCore

/// The agents and scenario one session sees: the catalog from disk, with the session's own
/// builder agents over it and the session's active scenario.
package struct AgentDirectory: Sendable {
    package var catalog: AgentCatalog
    package var sessionAgents: [String: AgentDefinition]
    package var scenario: ScenarioDefinition?

    package init(catalog: AgentCatalog, sessionAgents: [String: AgentDefinition] = [:], scenario: ScenarioDefinition? = nil) {
        self.catalog = catalog
        self.sessionAgents = sessionAgents
        self.scenario = scenario
    }

    package func agent(_ name: String) -> AgentDefinition? {
        self.sessionAgents[name] ?? self.catalog.agents[name]
    }

    /// Hand-off tool → agent, session agents winning.
    package var handoffMap: [String: String] {
        var map = self.catalog.handoffMap
        for agent in self.sessionAgents.values { map[agent.handoffTrigger] = agent.name }
        return map
    }

    /// A session agent starts the conversation; else the scenario's start agent; else the catalog's.
    package var startAgent: String? {
        if let first = self.sessionAgents.keys.sorted().first { return first }
        return self.catalog.startAgent(scenario: self.scenario)
    }
}

/// Decides where a hand-off tool call leads and how (docs/compatibility.md §3.5, #10).
package struct HandoffResolver: Sendable {
    /// The outcome of a valid hand-off.
    package struct Handoff: Sendable, Hashable {
        package var target: String
        package var type: ScenarioDefinition.HandoffType
        package var shareContext: Bool
    }

    package static let genericTool = "handoff_to_agent"

    let directory: AgentDirectory

    package init(directory: AgentDirectory) {
        self.directory = directory
    }

    /// Whether `tool` is a hand-off at all.
    package func isHandoff(_ tool: String) -> Bool {
        tool == Self.genericTool || self.directory.handoffMap[tool] != nil
    }

    /// Resolves a hand-off from `source`; throws a reason the model can read when it is not allowed.
    package func resolve(tool: String, arguments: [String: JSONValue], from source: String) throws -> Handoff {
        let scenario = self.directory.scenario
        let handoff: Handoff
        if tool == Self.genericTool {
            guard let target = arguments["target_agent"]?.string, !target.isEmpty else {
                throw HandoffError("handoff_to_agent needs target_agent")
            }
            guard let scenario else { throw HandoffError("hand-off to \(target) is not allowed without a scenario") }
            if let edge = scenario.edges.first(where: { $0.from == source && $0.to == target }) {
                handoff = Handoff(target: target, type: edge.type, shareContext: edge.shareContext)
            } else if scenario.genericHandoff.enabled,
                (scenario.genericHandoff.allowedTargets.isEmpty
                    ? scenario.includes(target) : scenario.genericHandoff.allowedTargets.contains(target))
            {
                handoff = Handoff(
                    target: target, type: scenario.genericHandoff.defaultType, shareContext: scenario.genericHandoff.shareContext)
            } else {
                throw HandoffError("hand-off to \(target) is not allowed in this scenario")
            }
        } else {
            guard let target = self.directory.handoffMap[tool] else { throw HandoffError("\(tool) leads to no agent") }
            let edges = scenario?.edges ?? []
            let edge =
                edges.first { $0.from == source && $0.tool == tool } ?? edges.first { $0.from == source && $0.to == target }
                ?? edges.first { $0.tool == tool }
            handoff = Handoff(
                target: target, type: edge?.type ?? scenario?.handoffType ?? .announced, shareContext: edge?.shareContext ?? true)
        }
        guard self.directory.agent(handoff.target) != nil else { throw HandoffError("agent \(handoff.target) does not exist") }
        guard handoff.target != source else { throw HandoffError("\(source) is already handling the call") }
        return handoff
    }

    /// The block appended to an agent's system prompt for its outgoing edges.
    package func instructions(for agent: String) -> String? {
        guard let edges = self.directory.scenario?.edges(from: agent), !edges.isEmpty else { return nil }
        var lines = ["## Agent Handoff Instructions"]
        for edge in edges {
            let when = edge.condition ?? "When the customer's needs are better served by \(edge.to)."
            lines.append(
                "- call `\(edge.tool == Self.genericTool ? "handoff_to_agent(target_agent=\"\(edge.to)\", reason=\"...\")" : edge.tool)`: \(when)"
            )
        }
        lines.append("Call the hand-off tool at once, without announcing the transfer; the next agent greets the caller.")
        return lines.joined(separator: "\n")
    }

    /// The schema of an explicit hand-off tool, for agents whose tools were not registered at start.
    package func handoffSpec(_ tool: String) -> ToolSpec? {
        guard let target = self.directory.handoffMap[tool], let agent = self.directory.agent(target) else { return nil }
        return HandoffTools.make(for: [agent]).first?.spec
    }

    /// Whether the generic hand-off tool is offered to `agent`.
    package func offersGeneric(to agent: String) -> Bool {
        guard let scenario = self.directory.scenario else { return false }
        return scenario.genericHandoff.enabled || !scenario.edges(from: agent).isEmpty
    }
}

/// A hand-off that is not allowed; the message goes back to the model as the tool result.
package struct HandoffError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}
