import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// Session-scoped agents of the Agent Builder (docs/compatibility.md §1.7), kept in Redis (docs/compatibility.md #11) so every
/// process sees them and they survive restarts (24 h).
struct SessionAgentsController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry
    let tools: ToolRegistry

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.createSessionAgent, use: self.create)
        routes.on(AgentsAPI.getSessionAgent, use: self.get)
        routes.on(AgentsAPI.putSessionAgent, use: self.update)
        routes.on(AgentsAPI.deleteSessionAgents, use: self.remove)
        routes.on(AgentsAPI.listAgentBuilderSessions, use: self.sessions)
        return routes
    }

    var redis: RedisClient { self.registry.redis }

    private func store(_ sessionID: String, _ tree: JSONValue) async throws {
        try await self.registry.storeSessionDefinitions(
            key: RedisKeys.sessionAgents(sessionID), sessionID: sessionID, fields: [(tree["name"]?.string ?? "", tree.jsonText)])
    }

    private func trees(_ sessionID: String) async throws -> [JSONValue] {
        try await self.redis.hgetall(RedisKeys.sessionAgents(sessionID)).values.compactMap { JSONValue(jsonText: $0) }
            .sorted { ($0["created_at"]?.number ?? 0) < ($1["created_at"]?.number ?? 0) }
    }

    static func response(_ sessionID: String, _ tree: JSONValue, status: String, full: Bool = false) throws -> JSONResponse {
        let agent = try AgentDefinition(tree: tree, prompt: tree["prompt"]?.string, source: "session:\(sessionID)")
        var config: [String: JSONValue] = [
            "name": .string(agent.name), "description": .string(agent.description), "greeting": agent.greeting.map(JSONValue.string) ?? nil,
            "return_greeting": agent.returnGreeting.map(JSONValue.string) ?? nil, "handoff_trigger": .string(agent.handoffTrigger),
            "prompt_preview": .string(agent.promptPreview(200)), "tools": .array(agent.tools.map(JSONValue.string)),
            "cascade_model": AgentDefinition.json(agent.cascadeModel), "voicelive_model": AgentDefinition.json(agent.voiceLiveModel),
            "model": AgentDefinition.json(agent.model), "voice": agent.voiceJSON, "speech": tree["speech"] ?? nil,
            "session": tree["session"] ?? nil,
        ]
        if full {
            config["prompt_full"] = .string(agent.prompt)
            config["template_vars"] = .object(agent.templateVars)
        }
        return JSONResponse([
            "session_id": .string(sessionID), "agent_name": .string(agent.name), "status": .string(status), "config": .object(config),
            "created_at": tree["created_at"] ?? nil, "modified_at": tree["modified_at"] ?? nil,
        ])
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> JSONResponse {
        guard let sessionID = request.uri.queryParameters["session_id"].map(String.init), !sessionID.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "session_id is required.",
                errors: [.init(field: "session_id", message: "is required")])
        }
        let now = Date().timeIntervalSince1970
        let tree = try AgentConfigValidator(tools: self.tools).tree(from: try await request.jsonObject(), createdAt: now, modifiedAt: now)
        try await self.store(sessionID, tree)
        return try Self.response(sessionID, tree, status: "created")
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        guard let tree = try await self.trees(sessionID).first else {
            throw ProblemDetails(status: .notFound, detail: "No session agent for session '\(sessionID)'")
        }
        return try Self.response(sessionID, tree, status: "active", full: true)
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        let body = try await request.jsonObject()
        let existing = try await self.trees(sessionID).first { $0["name"] == body["name"] }
        let now = Date().timeIntervalSince1970
        let tree = try AgentConfigValidator(tools: self.tools).tree(
            from: body, createdAt: existing?["created_at"]?.number ?? now, modifiedAt: now)
        try await self.store(sessionID, tree)
        return try Self.response(sessionID, tree, status: existing == nil ? "created" : "updated")
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> JSONBody<SessionAgentRemoval> {
        let sessionID = try context.parameters.require("session_id")
        let removed = try await self.redis.delete([RedisKeys.sessionAgents(sessionID)]) > 0
        return JSONBody(
            SessionAgentRemoval(
                status: removed ? .removed : .notFound, sessionID: sessionID,
                message: removed ? "Session agents removed" : "No session agents for '\(sessionID)'"))
    }

    @Sendable func sessions(_ request: Request, context: Context) async throws -> JSONResponse {
        var entries: [JSONValue] = []
        for (sessionID, _) in try await self.redis.zrange(RedisKeys.builderSessions).reversed() {
            for tree in try await self.trees(sessionID) {
                entries.append([
                    "session_id": .string("\(sessionID):\(tree["name"]?.string ?? "")"), "agent_name": tree["name"] ?? nil,
                    "tools_count": .number(Double(tree["tools"]?.array?.count ?? 0)), "created_at": tree["created_at"] ?? nil,
                    "modified_at": tree["modified_at"] ?? nil,
                ])
            }
        }
        return JSONResponse(["status": "success", "total": .number(Double(entries.count)), "sessions": .array(entries)])
    }
}
