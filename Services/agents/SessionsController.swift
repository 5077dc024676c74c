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

    private func metadata(_ state: SessionState, now: Double) async throws -> JSONValue {
        let sessionAgents = try await self.registry.sessionAgents(state.sessionID)
        let scenarios = try await self.registry.sessionScenarios(state.sessionID)
        let profile = state.values["session_profile"]
        return [
            "session_id": .string(state.sessionID), "created_at": .number(state.createdAt), "last_activity": .number(state.updatedAt),
            "last_activity_readable": .string(Self.readable(state.updatedAt, now: now)), "turn_count": .number(Double(state.turnCount)),
            "connection_status": now - state.updatedAt < 3600 ? "active" : "inactive",
            "streaming_mode": state.values["streaming_mode"] ?? nil,
            "user_email": state.values["user_email"] ?? nil, "profile_name": profile?["full_name"] ?? state.values["caller_name"] ?? nil,
            "profile_type": profile == nil ? nil : "demo", "active_agent": state.activeAgent.map(JSONValue.string) ?? nil,
            "agents_count": .number(Double(sessionAgents.count)), "scenarios_count": .number(Double(scenarios.count)),
            "active_agents_count": .number(Double(state.visitedAgents.count)),
            "scenario_agents_count": .number(Double(scenarios.values.reduce(0) { $0 + $1.agents.count })),
            "custom_scenarios_count": .number(Double(scenarios.count)),
            "agents": .array(
                sessionAgents.values.map { agent in
                    [
                        "name": .string(agent.name), "is_active": .bool(agent.name == state.activeAgent), "is_custom": true,
                        "tools": .array(agent.tools.map(JSONValue.string)), "voice": .string(agent.voice.name),
                        "model": .string(agent.cascadeModel.deploymentID),
                    ]
                }),
            "scenarios": .array(
                scenarios.values.map { scenario in
                    [
                        "name": .string(scenario.name), "is_active": .bool(scenario.name == state.scenario),
                        "agents": .array(scenario.agents.map(JSONValue.string)), "handoffs": .number(Double(scenario.edges.count)),
                    ]
                }),
            "has_scenario_agents": .bool(!scenarios.isEmpty), "has_custom_scenarios": .bool(!scenarios.isEmpty),
        ]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONResponse {
        let limit = try request.integer(AgentsAPI.listSessions.parameter("limit"), default: 50)
        let activeOnly = request.uri.queryParameters["active_only"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        let now = Date().timeIntervalSince1970
        var sessions: [JSONValue] = []
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
        return JSONResponse(["sessions": .array(sessions), "total_count": .number(Double(total)), "active_count": .number(Double(active))])
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        guard let state = try await self.store.load(sessionID) else {
            throw ProblemDetails(status: .notFound, detail: "Session '\(sessionID)' not found")
        }
        let flag = { (name: String) in
            request.uri.queryParameters[Substring(name)].map { !["false", "0", "no"].contains($0.lowercased()) } ?? true
        }
        var body: [String: JSONValue] = ["session": try await self.metadata(state, now: Date().timeIntervalSince1970)]
        if flag("include_history") {
            body["chat_history"] = .array(
                try await self.store.history(sessionID).filter { $0.role == .user || ($0.role == .assistant && $0.content != nil) }
                    .map {
                        [
                            "role": .string($0.role.rawValue), "content": $0.content.map(JSONValue.string) ?? nil,
                            "agent": $0.agent.map(JSONValue.string) ?? nil,
                        ]
                    })
        }
        if flag("include_memory") {
            var memory = state.values
            memory["active_agent"] = state.activeAgent.map(JSONValue.string) ?? nil
            memory["previous_agent"] = state.previousAgent.map(JSONValue.string) ?? nil
            memory["visited_agents"] = .array(state.visitedAgents.map(JSONValue.string))
            memory["cascade_turn_count"] = .number(Double(state.turnCount))
            memory["greeting_sent"] = .bool(state.greetingSent)
            body["memory"] = ["corememory": .object(memory)]
        }
        let agents = try await self.registry.sessionAgents(sessionID)
        body["agent_configs"] = .object(agents.mapValues { $0.listing() })
        body["scenario_configs"] = .object(try await self.registry.sessionScenarios(sessionID).mapValues { .string($0.name) })
        return JSONResponse(.object(body))
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
