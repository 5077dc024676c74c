import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `/api/v1/sessions`: the session inventory (docs/compatibility.md §1.5) read from Redis.
struct SessionsController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry
    var store: SessionStore { SessionStore(redis: self.registry.redis) }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.listSessions, use: self.list)
        routes.on(AgentsAPI.getSession, use: self.get)
        routes.on(AgentsAPI.deleteSession, use: self.remove)
        return routes
    }

    static func readable(_ seconds: Double, now: Double) -> String {
        let age = max(0, now - seconds)
        switch age {
        case ..<60: return "Just now"
        case ..<3600: return "\(Int(age / 60))m ago"
        case ..<86_400: return "\(Int(age / 3600))h ago"
        case ..<(7 * 86_400): return "\(Int(age / 86_400))d ago"
        default:
            let formatter = DateFormatter()
            formatter.dateFormat = "MMM dd, yyyy"
            formatter.locale = Locale(identifier: "en_US_POSIX")
            return formatter.string(from: Date(timeIntervalSince1970: seconds))
        }
    }

    private func metadata(_ state: SessionState, now: Double) async throws -> SessionMetadata {
        let sessionAgents = try await self.registry.sessionAgents(state.sessionID)
        let scenarios = try await self.registry.sessionScenarios(state.sessionID)
        let profile = state.values["session_profile"]
        return SessionMetadata(
            sessionID: state.sessionID, createdAt: state.createdAt, lastActivity: state.updatedAt,
            lastActivityReadable: Self.readable(state.updatedAt, now: now), turnCount: state.turnCount,
            connectionStatus: now - state.updatedAt < 3600 ? .active : .inactive, streamingMode: state.values["streaming_mode"] ?? nil,
            userEmail: state.values["user_email"] ?? nil, profileName: profile?["full_name"] ?? state.values["caller_name"] ?? nil,
            profileType: profile == nil ? nil : .demo, activeAgent: state.activeAgent, activeAgentsCount: state.visitedAgents.count,
            agents: sessionAgents.values.map { agent in
                .init(
                    name: agent.name, isActive: agent.name == state.activeAgent, tools: agent.tools, voice: agent.voice.name,
                    model: agent.cascadeModel.deploymentID)
            },
            scenarios: scenarios.values.map { scenario in
                .init(
                    name: scenario.name, isActive: scenario.name == state.scenario, agents: scenario.agents, handoffs: scenario.edges.count)
            })
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONBody<SessionList> {
        let limit = try request.integer(AgentsAPI.listSessions.parameter("limit"), default: 50)
        let activeOnly = request.uri.queryParameters["active_only"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        let now = Date().timeIntervalSince1970
        var sessions: [SessionMetadata] = []
        var active = 0
        var total = 0
        for (sessionID, _) in try await self.registry.redis.zrange(RedisKeys.sessions).reversed() {
            guard let state = try await self.store.load(sessionID) else {
                _ = try? await self.registry.redis.zrem(RedisKeys.sessions, [sessionID])  // expired
                continue
            }
            total += 1
            let isActive = now - state.updatedAt < 3600
            if isActive { active += 1 }
            if (!activeOnly || isActive) && sessions.count < limit { sessions.append(try await self.metadata(state, now: now)) }
        }
        return JSONBody(SessionList(sessions: sessions, totalCount: total, activeCount: active))
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONBody<SessionDetail> {
        let sessionID = try context.parameters.require("session_id")
        guard let state = try await self.store.load(sessionID) else {
            throw ProblemDetails(status: .notFound, detail: "Session '\(sessionID)' not found")
        }
        let flag = { (name: String) in
            request.uri.queryParameters[Substring(name)].map { !["false", "0", "no"].contains($0.lowercased()) } ?? true
        }
        var history: [SessionDetail.ChatEntry]?
        if flag("include_history") {
            history = try await self.store.history(sessionID).compactMap { message in
                guard message.role == .user || (message.role == .assistant && message.content != nil) else { return nil }
                return SessionDetail.ChatEntry.Role(rawValue: message.role.rawValue).map {
                    .init(role: $0, content: message.content, agent: message.agent)
                }
            }
        }
        var memory: SessionDetail.Memory?
        if flag("include_memory") {
            var values = state.values
            values["active_agent"] = state.activeAgent.map(JSONValue.string) ?? nil
            values["previous_agent"] = state.previousAgent.map(JSONValue.string) ?? nil
            values["visited_agents"] = .array(state.visitedAgents.map(JSONValue.string))
            values["cascade_turn_count"] = .number(Double(state.turnCount))
            values["greeting_sent"] = .bool(state.greetingSent)
            memory = .init(corememory: values)
        }
        return JSONBody(
            SessionDetail(
                session: try await self.metadata(state, now: Date().timeIntervalSince1970), chatHistory: history, memory: memory,
                agentConfigs: try await self.registry.sessionAgents(sessionID).mapValues(\.listing),
                scenarioConfigs: try await self.registry.sessionScenarios(sessionID).mapValues(\.name)))
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> JSONBody<SessionDeletion> {
        let sessionID = try context.parameters.require("session_id")
        guard try await self.store.load(sessionID) != nil else {
            throw ProblemDetails(status: .notFound, detail: "Session '\(sessionID)' not found")
        }
        var deleted = try await self.store.delete(sessionID)
        for key in [RedisKeys.sessionAgents(sessionID), RedisKeys.sessionScenarios(sessionID)]
        where try await self.registry.redis.delete([key]) > 0 {
            deleted.append(key)
        }
        _ = try await self.registry.redis.zrem(RedisKeys.sessions, [sessionID])
        return JSONBody(SessionDeletion(message: "Session '\(sessionID)' deleted", deletedKeys: deleted))
    }
}
