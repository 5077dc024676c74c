import Foundation
import SwitchboardCore

/// The agent runtime as a speech-to-speech model (OpenAI Realtime, Azure VoiceLive) sees it: the
/// service hears, answers and speaks; Switchboard tells it who the active agent is (instructions,
/// tools, voice), runs the tools it calls — a hand-off switches the active agent — and keeps the
/// session's state and history in Redis as for any turn, so dashboards, failover and the cascade
/// see the same session.
extension TurnRunner {
    /// What the model is configured with for the active agent.
    package struct RealtimeAgent: Sendable {
        package var agent: AgentDefinition
        package var instructions: String
        package var tools: [ToolSpec]
    }

    /// The active agent (the scenario's start agent for a new session).
    package func realtimeAgent(sessionID: String, directory: AgentDirectory) async throws -> RealtimeAgent {
        let state = try await self.store.load(sessionID) ?? SessionState(sessionID: sessionID)
        guard let name = state.activeAgent ?? directory.startAgent, let agent = directory.agent(name) else {
            throw TurnError("no agent is defined")
        }
        let resolver = HandoffResolver(directory: directory)
        var instructions = try self.renderer.render(agent.prompt, self.context(agent, state, directory))
        if let handoffs = resolver.instructions(for: agent.name) { instructions += "\n\n" + handoffs }
        return RealtimeAgent(agent: agent, instructions: instructions, tools: self.toolSpecs(agent, resolver: resolver))
    }

    /// Runs a tool the model called and returns its output for the model; a hand-off makes its
    /// target the active agent (`handedOff`), whose configuration the model then needs.
    package func realtimeTool(
        sessionID: String, directory: AgentDirectory, call: ToolCall, events: EventSink
    ) async throws -> (output: JSONValue, handedOff: Bool) {
        var state = try await self.store.load(sessionID) ?? SessionState(sessionID: sessionID)
        let agentName = state.activeAgent ?? directory.startAgent ?? ""
        let resolver = HandoffResolver(directory: directory)
        let (result, handoff) = await self.execute(call, agent: agentName, state: state, resolver: resolver, events: events)
        if let slots = result["slots"]?.object {
            state.values.merge(slots.filter { !$0.value.isNull }) { _, new in new }
        }
        try await self.store.append(
            sessionID,
            [
                ChatMessage(role: .assistant, content: nil, toolCalls: [call], agent: agentName),
                ChatMessage(role: .tool, content: result.jsonText, toolCallID: call.id, name: call.name, agent: agentName),
            ])
        if let handoff {
            let reason = call.argumentValues["reason"]?.string ?? call.argumentValues["issue_summary"]?.string
            state.previousAgent = agentName
            state.activeAgent = handoff.target
            state.values["handoff_reason"] = reason.map(JSONValue.string)
            if !state.visitedAgents.contains(handoff.target) { state.visitedAgents.append(handoff.target) }
            await events(.agentChange(from: agentName, to: handoff.target, handoffType: handoff.type.rawValue, reason: reason))
        }
        try await self.store.save(state)
        return (result, handoff != nil)
    }

    /// What the caller said (a turn begins) or what the agent said, as the service transcribed
    /// it, into the session's history.
    package func realtimeRecord(sessionID: String, caller: String? = nil, agent: String? = nil) async throws {
        var state = try await self.store.load(sessionID) ?? SessionState(sessionID: sessionID)
        let name = state.activeAgent
        if let caller {
            state.turnCount += 1
            try await self.store.append(sessionID, [.user(caller, agent: name)])
            try await self.store.save(state)
        }
        if let agent { try await self.store.append(sessionID, [.assistant(agent, agent: name)]) }
    }
}
