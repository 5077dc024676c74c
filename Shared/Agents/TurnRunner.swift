import Foundation
import Logging
import SwitchboardCore
import Synchronization

/// Runs one conversational turn: the caller's words in, the agent's streamed answer, tool calls
/// and hand-offs out as ``AgentEvent``s, state and history saved in Redis.
///
/// Messages = rendered system prompt (+ hand-off instructions) + the agent's history + the caller's
/// words. Up to five tool rounds; a hand-off switches the active agent (announced: it greets;
/// discrete: silent) and the new agent answers in the same turn.
package struct TurnRunner: Sendable {
    package typealias EventSink = @Sendable (AgentEvent) async -> Void

    let tools: ToolRegistry
    let model: any LanguageModel
    let store: SessionStore
    let renderer = TemplateRenderer()
    let logger: Logger
    static let maximumToolRounds = 5
    static let maximumHandoffs = 3

    package init(tools: ToolRegistry, model: any LanguageModel, store: SessionStore, logger: Logger) {
        self.tools = tools
        self.model = model
        self.store = store
        self.logger = logger
    }

    /// Starts a session if needed and returns the greeting to speak (the active agent's greeting,
    /// or its return greeting when the session was greeted before); `nil` when it has none.
    package func greet(sessionID: String, directory: AgentDirectory) async throws -> (agent: String, text: String)? {
        var state = try await self.store.load(sessionID) ?? SessionState(sessionID: sessionID)
        guard let name = state.activeAgent ?? directory.startAgent, let agent = directory.agent(name) else { return nil }
        if state.activeAgent == nil {
            state.activeAgent = name
            state.visitedAgents = [name]
            state.scenario = directory.scenario?.name
        }
        let template = state.greetingSent ? (agent.returnGreeting ?? agent.greeting) : agent.greeting
        let text = try template.map { try self.renderer.render($0, self.context(agent, state, directory)) } ?? ""
        state.greetingSent = true
        try await self.store.save(state)
        guard !text.isEmpty else { return nil }
        try await self.store.append(sessionID, [.assistant(text, agent: name)])
        return (name, text)
    }

    /// Runs a turn for `text` and returns everything the agent said.
    ///
    /// `interrupted` is asked as the answer streams: once it says yes (the caller barged in), the
    /// model's stream is abandoned, tool calls still pending are not run, and the history keeps
    /// the caller's words and what the agent had said so far.
    @discardableResult
    package func run(
        sessionID: String, text: String, directory: AgentDirectory, interrupted: @Sendable () -> Bool = { false },
        events: EventSink
    ) async throws -> String {
        let base = try await self.store.load(sessionID)
        guard let answer = try await self.answer(sessionID, text, directory, base: base, draft: false, interrupted, events) else {
            return ""  // only a draft stops short
        }
        try await self.save(answer, sessionID: sessionID)
        await events(answer.end)
        return answer.said
    }

    /// Answers `text` — the caller's words so far, at a pause — without saving anything or running
    /// tools, so the answer is ready when the turn really ends (preemptive generation). Hand-offs
    /// are made (they change only the state it keeps); `nil` when the answer needs a tool: that
    /// turn runs for real once it ends.
    package func draft(sessionID: String, text: String, directory: AgentDirectory) async throws -> TurnDraft? {
        let base = try await self.store.load(sessionID)
        let recorder = Mutex<[AgentEvent]>([])
        let record: EventSink = { event in recorder.withLock { $0.append(event) } }
        guard let answer = try await self.answer(sessionID, text, directory, base: base, draft: true, { false }, record) else {
            return nil
        }
        return TurnDraft(text: text, base: base, answer: answer, events: recorder.withLock { $0 } + [answer.end])
    }

    /// Saves a draft's turn as if it had just run; `false` (nothing saved) when the session has
    /// changed since the draft was made, so its answer may no longer be right.
    package func commit(_ draft: TurnDraft, sessionID: String) async throws -> Bool {
        guard try await self.store.load(sessionID) == draft.base else { return false }
        try await self.save(draft.answer, sessionID: sessionID)
        return true
    }

    private func save(_ answer: Answer, sessionID: String) async throws {
        try await self.store.append(sessionID, answer.messages)
        try await self.store.save(answer.state)
    }

    /// A turn's answer, not yet saved.
    struct Answer: Sendable {
        var state: SessionState
        var messages: [ChatMessage]
        var said: String
        var end: AgentEvent
    }

    private func answer(
        _ sessionID: String, _ text: String, _ directory: AgentDirectory, base: SessionState?, draft: Bool,
        _ interrupted: @Sendable () -> Bool, _ events: EventSink
    ) async throws -> Answer? {
        var state = base ?? SessionState(sessionID: sessionID)
        // A new scenario (Scenario Builder) that leaves out the active agent restarts at its start agent.
        let outside = state.activeAgent.map { active in directory.scenario.map { !$0.includes(active) } ?? false } ?? false
        if state.activeAgent == nil || directory.agent(state.activeAgent!) == nil || outside {
            guard let start = directory.startAgent else { throw TurnError("no agent is defined") }
            state.activeAgent = start
            state.visitedAgents = [start]
            state.scenario = directory.scenario?.name
        }
        var history = try await self.store.history(sessionID)
        var agentName = state.activeAgent!
        var newMessages: [ChatMessage] = [.user(text, agent: agentName)]
        var spoken: [String] = []
        var usage = (prompt: 0, completion: 0)
        var handoffs = 0
        var toolRounds = 0
        var handoffInTurn = false
        let resolver = HandoffResolver(directory: directory)

        rounds: for _ in 0..<(Self.maximumToolRounds + Self.maximumHandoffs + 1) {
            guard let agent = directory.agent(agentName) else { throw TurnError("agent \(agentName) does not exist") }
            var context = self.context(agent, state, directory)
            if handoffInTurn { context["handoff_in_turn"] = true }
            let request = ChatRequest(
                agent: agent,
                messages: try self.messages(agent, context: context, history: history + newMessages, resolver: resolver),
                tools: self.toolSpecs(agent, resolver: resolver),
                context: context
            )
            var answer = ""
            var calls = ToolCallAccumulator()
            var stopped = false
            do {
                try await self.model.respond(to: request) { delta in
                    if interrupted() { throw Interrupted() }
                    switch delta {
                    case .text(let piece):
                        guard calls.isEmpty, !piece.isEmpty else { return }  // text after a tool call is not spoken
                        answer += piece
                        await events(.text(agent: agentName, text: piece))
                    case .toolCall(let index, let id, let name, let arguments):
                        calls.add(index: index, id: id, name: name, arguments: arguments)
                    case .usage(let prompt, let completion):
                        usage.prompt += prompt
                        usage.completion += completion
                    }
                }
            } catch is Interrupted {
                stopped = true
            }
            if !answer.isEmpty { spoken.append(answer) }
            let toolCalls = calls.complete
            // Interrupted: no tool runs (the history gets no call without its result).
            guard !toolCalls.isEmpty, !stopped, !interrupted() else {
                if !answer.isEmpty { newMessages.append(.assistant(answer, agent: agentName)) }
                break rounds
            }
            // A tool has effects: it runs only when the turn is real. A hand-off only changes the
            // session's state, which a draft keeps until it is committed.
            if draft, toolCalls.contains(where: { !resolver.isHandoff($0.name) }) { return nil }
            newMessages.append(
                ChatMessage(role: .assistant, content: answer.isEmpty ? nil : answer, toolCalls: toolCalls, agent: agentName))
            var switchTo: (HandoffResolver.Handoff, String?)?
            for call in toolCalls {
                let (result, handoff) = await self.execute(call, agent: agentName, state: state, resolver: resolver, events: events)
                if let slots = result["slots"]?.object {
                    state.values.merge(slots.filter { !$0.value.isNull }) { _, new in new }
                }
                newMessages.append(
                    ChatMessage(role: .tool, content: result.jsonText, toolCallID: call.id, name: call.name, agent: agentName))
                if let handoff, switchTo == nil {
                    switchTo = (handoff, call.argumentValues["reason"]?.string ?? call.argumentValues["issue_summary"]?.string)
                }
            }
            guard let (handoff, reason) = switchTo else {
                toolRounds += 1
                guard toolRounds < Self.maximumToolRounds else { break rounds }  // at most five tool rounds
                continue rounds
            }
            handoffs += 1
            guard handoffs <= Self.maximumHandoffs else { break rounds }
            let previous = agentName
            agentName = handoff.target
            state.previousAgent = previous
            state.activeAgent = agentName
            state.values["handoff_reason"] = reason.map(JSONValue.string)  // cleared when the hand-off gives none
            await events(.agentChange(from: previous, to: agentName, handoffType: handoff.type.rawValue, reason: reason))
            let firstVisit = !state.visitedAgents.contains(agentName)
            if firstVisit { state.visitedAgents.append(agentName) }
            if handoff.type == .announced, let target = directory.agent(agentName),
                let template = firstVisit ? target.greeting : (target.returnGreeting ?? target.greeting)
            {
                let greeting = try self.renderer.render(template, self.context(target, state, directory))
                if !greeting.isEmpty {
                    spoken.append(greeting)
                    newMessages.append(.assistant(greeting, agent: agentName))
                    await events(.greeting(agent: agentName, text: greeting))
                }
            }
            // The new agent hears what the caller said, and answers in the same turn.
            newMessages.append(.user(text, agent: agentName))
            handoffInTurn = true
        }
        state.turnCount += 1
        let all = spoken.joined(separator: " ")
        return Answer(
            state: state, messages: newMessages, said: all,
            end: .turnEnd(agent: agentName, text: all, promptTokens: usage.prompt, completionTokens: usage.completion))
    }

    /// Runs one tool call, reporting start and end; hand-offs are resolved, not executed blindly.
    func execute(
        _ call: ToolCall, agent: String, state: SessionState, resolver: HandoffResolver, events: EventSink
    ) async -> (JSONValue, HandoffResolver.Handoff?) {
        let arguments = call.argumentValues
        await events(.toolStart(agent: agent, tool: call.name, callID: call.id, arguments: .object(arguments)))
        let clock = ContinuousClock()
        let start = clock.now
        var handoff: HandoffResolver.Handoff?
        var result: JSONValue
        do {
            if resolver.isHandoff(call.name) {
                let resolved = try resolver.resolve(tool: call.name, arguments: arguments, from: agent)
                handoff = resolved
                result = [
                    "success": true, "handoff": true, "target_agent": .string(resolved.target),
                    "handoff_type": .string(resolved.type.rawValue),
                ]
            } else if let tool = self.tools[call.name] {
                let context = ToolContext(sessionID: state.sessionID, agent: agent, values: state.values, redis: self.store.redis)
                result = try await tool.executor(arguments, context)
            } else {
                result = ["success": false, "message": .string("unknown tool \(call.name)")]
            }
        } catch {
            self.logger.warning("tool failed", metadata: ["tool.name": "\(call.name)", "error": "\(error)"])
            result = ["success": false, "message": .string("\(error)")]
        }
        let milliseconds = start.duration(to: clock.now).fractionalMilliseconds
        let status = result["success"]?.bool == false ? "error" : "success"
        await events(.toolEnd(agent: agent, tool: call.name, callID: call.id, result: result, status: status, durationMS: milliseconds))
        return (result, handoff)
    }

    /// Values templates and the scripted engine see: session values plus who is talking.
    func context(_ agent: AgentDefinition, _ state: SessionState, _ directory: AgentDirectory) -> [String: JSONValue] {
        var runtime = state.values
        runtime["active_agent"] = .string(agent.name)
        runtime["previous_agent"] = state.previousAgent.map(JSONValue.string) ?? .null
        runtime["visited_agents"] = .array(state.visitedAgents.map(JSONValue.string))
        return TemplateRenderer.promptContext(
            agent: agent,
            scenarioVars: directory.scenario?.templateVars ?? [:],
            scenarioOverrides: directory.scenario?.agentDefaults?["template_vars"]?.object ?? [:],
            runtime: runtime
        )
    }

    private func messages(
        _ agent: AgentDefinition, context: [String: JSONValue], history: [ChatMessage], resolver: HandoffResolver
    ) throws -> [ChatMessage] {
        var system = try self.renderer.render(agent.prompt, context)
        if let instructions = resolver.instructions(for: agent.name) { system += "\n\n" + instructions }
        // The agent's own thread; other agents' substantive user messages give it continuity.
        var seen = Set<String>()
        let thread = history.filter { message in
            if message.agent == agent.name { return true }
            guard message.role == .user, let text = message.content, text.count > 10, !seen.contains(text) else { return false }
            seen.insert(text)
            return true
        }
        return [.system(system)]
            + thread.map { message in
                var copy = message
                copy.agent = nil
                return copy
            }
    }

    func toolSpecs(_ agent: AgentDefinition, resolver: HandoffResolver) -> [ToolSpec] {
        var specs = agent.tools.compactMap { name -> ToolSpec? in
            if let tool = self.tools[name] { return tool.spec }
            return resolver.handoffSpec(name)  // agents added after start (reload, builder)
        }
        if resolver.offersGeneric(to: agent.name), !agent.tools.contains(HandoffResolver.genericTool),
            let generic = self.tools[HandoffResolver.genericTool]
        {
            specs.append(generic.spec)
        }
        return specs
    }
}

/// A turn that could not run at all (no agents, unknown agent).
package struct TurnError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}

/// Gathers streamed tool-call fragments by index into complete calls (OpenAI streams the
/// arguments of one call across many deltas).
package struct ToolCallAccumulator: Sendable {
    private var calls: [Int: (id: String, name: String, arguments: String)] = [:]

    package init() {}

    package var isEmpty: Bool { self.calls.isEmpty }

    package mutating func add(index: Int, id: String?, name: String?, arguments: String) {
        var call = self.calls[index] ?? ("", "", "")
        if let id, !id.isEmpty { call.id = id }
        if let name, !name.isEmpty { call.name += name }
        call.arguments += arguments
        self.calls[index] = call
    }

    /// Calls in index order; ones with no name or with arguments that are not JSON are dropped.
    package var complete: [ToolCall] {
        self.calls.keys.sorted().compactMap { index in
            let call = self.calls[index]!
            guard !call.name.isEmpty else { return nil }
            let arguments = call.arguments.isEmpty ? "{}" : call.arguments
            guard JSONValue(jsonText: arguments) != nil else { return nil }
            return ToolCall(id: call.id.isEmpty ? "call_\(index)" : call.id, name: call.name, arguments: arguments)
        }
    }
}

/// Thrown into the model's stream to abandon it when the caller interrupts the turn.
private struct Interrupted: Error {}

/// An answer made ahead of the turn's end (``TurnRunner/draft(sessionID:text:directory:)``): its
/// events replay as the turn's once it is committed.
package struct TurnDraft: Sendable {
    /// The words it answers.
    package let text: String
    let base: SessionState?
    let answer: TurnRunner.Answer
    /// What the turn would have reported, in order, ending with `turnEnd`.
    package let events: [AgentEvent]
}
