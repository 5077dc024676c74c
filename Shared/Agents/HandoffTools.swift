import SwitchboardCore

/// The hand-off tools: one per agent trigger (`handoff_fraud_agent`) and the generic
/// `handoff_to_agent`. Their result only acknowledges; the turn runner performs the switch.
package enum HandoffTools {
    package static func make(for agents: [AgentDefinition]) -> [ToolDefinition] {
        var tools = agents.map { agent in
            ToolDefinition(
                name: agent.handoffTrigger,
                description:
                    "Transfer the caller to \(agent.name)\(agent.description.isEmpty ? "" : " (\(agent.description))"). "
                    + "Call it silently; \(agent.name) will greet the caller.",
                parameters: ToolDefinition.schema(
                    ["client_id": ("string", "Verified client id, if known"), "reason": ("string", "Why the caller needs this agent")]),
                isHandoff: true,
                tags: ["handoff"],
                executor: { _, _ in ["success": true, "handoff": true, "target_agent": .string(agent.name)] }
            )
        }
        tools.append(
            ToolDefinition(
                name: HandoffResolver.genericTool,
                description: "Transfer the caller to another agent by name. Call it silently; the agent will greet the caller.",
                parameters: ToolDefinition.schema(
                    [
                        "target_agent": ("string", "Agent name"), "reason": ("string", "Why"),
                        "context": ("string", "What the next agent should know"),
                        "client_id": ("string", "Verified client id, if known"),
                    ],
                    required: ["target_agent", "reason"]),
                isHandoff: true,
                tags: ["handoff"],
                executor: { arguments, _ in ["success": true, "handoff": true, "target_agent": arguments["target_agent"] ?? nil] }
            ))
        return tools
    }
}
