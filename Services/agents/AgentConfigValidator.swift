import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// Checks a `DynamicAgentConfig` body (docs/compatibility.md §1.7) field by field and turns it into the YAML-shaped
/// tree an ``AgentDefinition`` is built from. Field limits give 422 with every error listed;
/// unknown tools give 400 naming them.
struct AgentConfigValidator {
    let tools: ToolRegistry

    func tree(from body: [String: JSONValue], createdAt: Double, modifiedAt: Double) throws -> JSONValue {
        var errors: [ProblemDetails.FieldError] = []
        func text(_ field: String, _ range: ClosedRange<Int>, required: Bool = false) -> String? {
            guard let value = body[field], !value.isNull else {
                if required { errors.append(.init(field: field, message: "is required")) }
                return nil
            }
            guard let string = value.string, case .string = value else {
                errors.append(.init(field: field, message: "must be a string"))
                return nil
            }
            if !range.contains(string.count) {
                errors.append(.init(field: field, message: "must be \(range.lowerBound)–\(range.upperBound) characters"))
            }
            return string
        }
        func number(_ object: JSONValue?, _ path: String, _ key: String, _ range: ClosedRange<Double>) {
            guard let value = object?[key], !value.isNull else { return }
            guard let number = value.number, range.contains(number) else {
                errors.append(.init(field: "\(path).\(key)", message: "must be between \(range.lowerBound) and \(range.upperBound)"))
                return
            }
        }
        let name = text("name", 1...64, required: true)
        _ = text("description", 0...512)
        _ = text("greeting", 0...1024)
        _ = text("return_greeting", 0...1024)
        let trigger = text("handoff_trigger", 1...128)
        let prompt = text("prompt", 10...100_000, required: true)
        for key in ["model", "cascade_model", "voicelive_model"] {
            number(body[key], key, "temperature", 0...2)
            number(body[key], key, "top_p", 0...1)
            number(body[key], key, "max_tokens", 1...16384)
        }
        number(body["speech"], "speech", "vad_silence_timeout_ms", 100...5000)
        number(body["speech"], "speech", "speaker_count_hint", 1...10)
        number(body["session"], "session", "turn_detection_threshold", 0...1)
        number(body["session"], "session", "silence_duration_ms", 100...3000)
        number(body["session"], "session", "prefix_padding_ms", 0...1000)
        let toolNames: [String]
        if let list = body["tools"], !list.isNull {
            guard let array = list.array, array.allSatisfy({ $0.string != nil }) else {
                throw ProblemDetails(
                    status: .unprocessableContent, detail: "Invalid fields.",
                    errors: errors + [.init(field: "tools", message: "must be a list of tool names")])
            }
            toolNames = array.compactMap(\.string)
        } else {
            toolNames = []
        }
        guard errors.isEmpty, let name, let prompt else {
            throw ProblemDetails(status: .unprocessableContent, detail: "Invalid fields.", errors: errors)
        }
        let unknown = self.tools.unknown(toolNames)
        guard unknown.isEmpty else {
            throw ProblemDetails(status: .badRequest, detail: "Invalid tools: \(unknown.joined(separator: ", "))")
        }
        var tree = body
        tree["prompt"] = .string(prompt)
        tree["tools"] = .array(toolNames.map(JSONValue.string))
        tree["handoff"] = ["trigger": .string(trigger ?? "handoff_" + name.lowercased().replacingOccurrences(of: " ", with: "_"))]
        tree["speech"] = body["speech"] ?? ["candidate_languages": ["en-US"]]
        tree["created_at"] = .number(createdAt)
        tree["modified_at"] = .number(modifiedAt)
        // The rest of the body (scripted intents, voice, model…) must make a valid agent too:
        // an agent that cannot be built is never stored.
        do {
            _ = try AgentDefinition(tree: .object(tree), prompt: prompt, source: "agent-builder")
        } catch {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "Invalid agent definition: \(error)",
                errors: [.init(field: "body", message: "\(error)")])
        }
        return .object(tree)
    }
}
