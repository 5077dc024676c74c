import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// Turns a checked `DynamicAgentConfig` body (docs/compatibility.md §1.7; its limits are checked
/// when decoding ``SessionAgentRequest``) into the YAML-shaped tree an ``AgentDefinition`` is built
/// from. Unknown tools give 400 naming them; an agent that cannot be built gives 422.
struct AgentConfigValidator {
    let tools: ToolRegistry

    func tree(from body: [String: JSONValue], checked: SessionAgentRequest, createdAt: Double, modifiedAt: Double) throws -> JSONValue {
        let toolNames = checked.tools ?? []
        let unknown = self.tools.unknown(toolNames)
        guard unknown.isEmpty else {
            throw ProblemDetails(status: .badRequest, detail: "Invalid tools: \(unknown.joined(separator: ", "))")
        }
        let name = checked.name
        var tree = body
        tree["prompt"] = .string(checked.prompt)
        tree["tools"] = .array(toolNames.map(JSONValue.string))
        tree["handoff"] = [
            "trigger": .string(checked.handoffTrigger ?? "handoff_" + name.lowercased().replacingOccurrences(of: " ", with: "_"))
        ]
        tree["speech"] = body["speech"] ?? ["candidate_languages": ["en-US"]]
        tree["created_at"] = .number(createdAt)
        tree["modified_at"] = .number(modifiedAt)
        // The rest of the body (scripted intents, voice, model…) must make a valid agent too:
        // an agent that cannot be built is never stored.
        do {
            _ = try AgentDefinition(tree: .object(tree), prompt: checked.prompt, source: "agent-builder")
        } catch {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "Invalid agent definition: \(error)",
                errors: [.init(field: "body", message: "\(error)")])
        }
        return .object(tree)
    }
}
