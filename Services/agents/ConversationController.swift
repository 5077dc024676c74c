import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService
import Synchronization

/// Talk to an agent in text, with no audio: `POST /api/v1/sessions/{session_id}/messages`
/// `{"text": "…", "scenario"?: "banking"}` runs one turn through the same runner the media
/// workers use and returns what the agent said with every event (tool calls, hand-offs).
/// A new session is greeted first; the greeting is returned in `greeting`.
struct ConversationController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry
    let runner: TurnRunner

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.sendMessage, use: self.message)
        return routes
    }

    @Sendable func message(_ request: Request, context: Context) async throws -> JSONBody<MessageReply> {
        let sessionID = try context.parameters.require("session_id")
        guard sessionID.count <= 128, sessionID.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else {
            throw ProblemDetails(status: .unprocessableContent, detail: "session_id must be 1–128 letters, digits, '-', '_', '.' or ':'.")
        }
        let body = try await request.decode(as: MessageRequest.self, limit: 16 * 1024)
        let text = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let scenario = body.scenario
        if let scenario, self.registry.catalog.scenarios[scenario] == nil {
            throw ProblemDetails(status: .badRequest, detail: "Unknown scenario '\(scenario)'.")
        }
        let directory = try await self.registry.directory(for: sessionID, scenario: scenario)
        let store = SessionStore(redis: self.registry.redis)
        var greeting: MessageReply.Greeting?
        if try await store.load(sessionID) == nil, let greeted = try await self.runner.greet(sessionID: sessionID, directory: directory) {
            greeting = .init(agent: greeted.agent, text: greeted.text)
        }
        let events = EventLog()
        let reply: String
        do {
            reply = try await self.runner.run(sessionID: sessionID, text: text, directory: directory) { events.append($0) }
        } catch let error as TurnError {
            throw ProblemDetails(status: .badRequest, detail: error.description)
        }
        let state = try await store.load(sessionID)
        try await self.registry.redis.zadd(RedisKeys.sessions, [(sessionID, Date().timeIntervalSince1970)])
        return JSONBody(
            MessageReply(
                sessionID: sessionID, agent: state?.activeAgent, reply: reply, greeting: greeting, turnNumber: state?.turnCount ?? 0,
                events: events.values))
    }
}

/// Collects a turn's events in the reference's shapes.
final class EventLog: Sendable {
    private let box = Mutex<[ConversationEvent]>([])
    var values: [ConversationEvent] { self.box.withLock { $0 } }

    func append(_ event: AgentEvent) {
        var json: ConversationEvent
        switch event {
        case .text(let agent, let text): json = ConversationEvent(type: .assistantStreaming, agent: agent, content: text)
        case .greeting(let agent, let text): json = ConversationEvent(type: .greeting, agent: agent, content: text)
        case .toolStart(let agent, let tool, let id, let arguments):
            json = ConversationEvent(type: .toolStart, agent: agent)
            json.tool = tool
            json.callID = id
            json.arguments = arguments
        case .toolEnd(let agent, let tool, let id, let result, let status, let duration):
            json = ConversationEvent(type: .toolEnd, agent: agent)
            json.tool = tool
            json.callID = id
            json.result = result
            json.status = status
            json.durationMS = (duration * 100).rounded() / 100
        case .agentChange(let from, let to, let type, let reason):
            json = ConversationEvent(type: .agentChange)
            json.previousAgent = from
            json.agentName = to
            json.handoffType = type
            json.reason = Nullable(wrappedValue: reason)
        case .turnEnd(let agent, let text, let prompt, let completion):
            json = ConversationEvent(type: .assistant, agent: agent, content: text)
            json.usage = .init(promptTokens: prompt, completionTokens: completion)
        }
        self.box.withLock { $0.append(json) }
    }
}
