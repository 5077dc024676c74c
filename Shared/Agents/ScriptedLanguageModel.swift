import Foundation
import SwitchboardCore

/// The offline language model: answers from the intents declared in each agent's YAML.
///
/// It speaks the same protocol as a real model, so the turn runner cannot tell them apart: in the
/// first round it matches the caller's words to an intent and asks for its tool call (or answers);
/// once the tool's result is in the conversation, it answers with the intent's reply rendered over
/// that result, or asks for the intent's follow-up call (typically a hand-off).
package struct ScriptedLanguageModel: LanguageModel {
    private let renderer = TemplateRenderer()

    package init() {}

    package func respond(to request: ChatRequest, onDelta: (ChatDelta) async throws -> Void) async throws {
        for delta in try self.respond(request) { try await onDelta(delta) }
    }

    func respond(_ request: ChatRequest) throws -> [ChatDelta] {
        guard let userIndex = request.messages.lastIndex(where: { $0.role == .user }),
            let userText = request.messages[userIndex].content
        else { return [] }
        let utterance = Utterance(userText)
        let thisTurn = request.messages[(userIndex + 1)...]
        let results = Dictionary(
            thisTurn.filter { $0.role == .tool }.compactMap { message in message.name.map { ($0, message.content ?? "") } },
            uniquingKeysWith: { _, last in last }
        )
        let usage = ChatDelta.usage(promptTokens: userText.count / 4, completionTokens: 0)
        let offered = Set(request.tools.map(\.name))
        guard let script = request.agent.script else {
            return [.text("I'm \(request.agent.name). I don't have a script for that yet."), usage]
        }
        // Later rounds of a turn keep to the intent that made the turn's first call, even though the
        // session values it changed (a card now blocked) would now match another one.
        let firstTool = thisTurn.first { $0.role == .assistant && $0.toolCalls != nil }?.toolCalls?.first?.name
        let matching = script.intents.filter { self.matches($0.match, utterance) }
        let committed = firstTool.flatMap { tool in
            matching.first { $0.step.call?.tool == tool || $0.otherwise?.call?.tool == tool }
        }
        guard let intent = committed ?? matching.first else {
            // Right after a hand-off the new agent has greeted; no match means nothing more to say.
            if request.context["handoff_in_turn"]?.bool == true { return [usage] }
            return [.text(try self.render(script.fallback, request.context, result: nil)), usage]
        }
        // The branch is decided by the first round: values a tool set since must not flip it,
        // unless both branches call the same tool (then the values are all there is to go on).
        let missing = intent.requires.contains { Self.isMissing(request.context[$0]) }
        let step: AgentScript.Step
        switch (firstTool.map { Self.calls(intent.step, $0) }, firstTool.map { Self.calls(intent.otherwise, $0) }) {
        case (true?, false?): step = intent.step
        case (false?, true?): step = intent.otherwise!
        default: step = missing ? (intent.otherwise ?? Self.missingStep(intent)) : intent.step
        }
        var context = request.context
        if let call = step.call, offered.contains(call.tool) {
            guard let resultText = results[call.tool] else {
                return [try self.toolCall(call, context: context, utterance: utterance), usage]
            }
            let result = JSONValue(jsonText: resultText) ?? .string(resultText)
            context["result"] = result
            if result["success"]?.bool == false {
                let text = step.onFailure ?? result["message"]?.string ?? "Sorry, that didn't work."
                return [.text(try self.render(text, context, result: result)), usage]
            }
            if let then = step.then, offered.contains(then.tool), results[then.tool] == nil {
                // Speak the reply (if any) before the follow-up, as a model would.
                let lead = try step.reply.map { ChatDelta.text(try self.render($0, context, result: result)) }
                return [lead, try self.toolCall(then, context: context, utterance: utterance), usage].compactMap { $0 }
            }
        }
        guard let reply = step.reply else { return [usage] }
        return [.text(try self.render(reply, context, result: context["result"])), usage]
    }

    private static func calls(_ step: AgentScript.Step?, _ tool: String) -> Bool {
        step?.call?.tool == tool || step?.then?.tool == tool
    }

    /// Absent, null, empty text or `false` count as not known.
    static func isMissing(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let text)?: text.isEmpty
        case .bool(let flag)?: !flag
        default: false
        }
    }

    private static func missingStep(_ intent: AgentScript.Intent) -> AgentScript.Step {
        let names = intent.requires.joined(separator: " and ").replacingOccurrences(of: "_", with: " ")
        return AgentScript.Step(call: nil, reply: "I need your \(names) before I can do that.", onFailure: nil, then: nil)
    }

    private func matches(_ match: AgentScript.Match, _ utterance: Utterance) -> Bool {
        if match.phrases.contains(where: utterance.matches(phrase:)) { return true }
        if match.keywords.contains(where: utterance.contains(word:)) { return true }
        if let pattern = match.regex, let regex = try? Regex(pattern).ignoresCase(), utterance.text.contains(regex) { return true }
        return false
    }

    private func toolCall(_ call: AgentScript.Call, context: [String: JSONValue], utterance: Utterance) throws -> ChatDelta {
        var arguments: [String: JSONValue] = [:]
        for (name, spec) in call.arguments {
            switch spec {
            case .string(let template):
                let rendered = try self.renderer.render(template, context)
                if !rendered.isEmpty { arguments[name] = .string(rendered) }
            case .object(let extractor) where extractor["extract"] != nil:
                if let value = ValueExtractor.extract(extractor, from: utterance) { arguments[name] = value }
            default:
                arguments[name] = spec
            }
        }
        return .toolCall(index: 0, id: "call_" + call.tool, name: call.tool, arguments: JSONValue.object(arguments).jsonText)
    }

    private func render(_ template: String, _ context: [String: JSONValue], result: JSONValue?) throws -> String {
        var context = context
        if let result { context["result"] = result }
        return try self.renderer.render(template, context).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
