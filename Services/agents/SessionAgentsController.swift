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

    /// The stored agent as the Agent Builder answers it; `full` adds the whole prompt and its variables.
    static func response(
        _ sessionID: String, _ tree: JSONValue, status: SessionDefinitionStatus, full: Bool = false
    ) throws
        -> SessionAgentResponse
    {
        let agent = try AgentDefinition(tree: tree, prompt: tree["prompt"]?.string, source: "session:\(sessionID)")
        var config = SessionAgentConfig(
            name: agent.name, description: agent.description, greeting: agent.greeting, returnGreeting: agent.returnGreeting,
            handoffTrigger: agent.handoffTrigger, promptPreview: agent.promptPreview(200), tools: agent.tools,
            cascadeModel: ModelConfig(agent.cascadeModel), voiceLiveModel: ModelConfig(agent.voiceLiveModel),
            model: ModelConfig(agent.model),
            voice: agent.voiceConfig, speech: tree["speech"] ?? nil, session: tree["session"] ?? nil)
        if full {
            config.promptFull = agent.prompt
            config.templateVars = agent.templateVars
        }
        return SessionAgentResponse(
            sessionID: sessionID, agentName: agent.name, status: status, config: config, createdAt: tree["created_at"]?.number,
            modifiedAt: tree["modified_at"]?.number)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> JSONBody<SessionAgentResponse> {
        guard let sessionID = request.uri.queryParameters["session_id"].map(String.init), !sessionID.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "session_id is required.",
                errors: [.init(field: "session_id", message: "is required")])
        }
        let (checked, body) = try await request.decodeObject(as: SessionAgentRequest.self)
        let now = Date().timeIntervalSince1970
        let tree = try AgentConfigValidator(tools: self.tools).tree(from: body, checked: checked, createdAt: now, modifiedAt: now)
        try await self.store(sessionID, tree)
        return JSONBody(try Self.response(sessionID, tree, status: .created))
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONBody<SessionAgentResponse> {
        let sessionID = try context.parameters.require("session_id")
        guard let tree = try await self.trees(sessionID).first else {
            throw ProblemDetails(status: .notFound, detail: "No session agent for session '\(sessionID)'")
        }
        return JSONBody(try Self.response(sessionID, tree, status: .active, full: true))
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> JSONBody<SessionAgentResponse> {
        let sessionID = try context.parameters.require("session_id")
        let (checked, body) = try await request.decodeObject(as: SessionAgentRequest.self)
        let existing = try await self.trees(sessionID).first { $0["name"]?.string == checked.name }
        let now = Date().timeIntervalSince1970
        let tree = try AgentConfigValidator(tools: self.tools).tree(
            from: body, checked: checked, createdAt: existing?["created_at"]?.number ?? now, modifiedAt: now)
        try await self.store(sessionID, tree)
        return JSONBody(try Self.response(sessionID, tree, status: existing == nil ? .created : .updated))
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> JSONBody<SessionAgentRemoval> {
        let sessionID = try context.parameters.require("session_id")
        let removed = try await self.redis.delete([RedisKeys.sessionAgents(sessionID)]) > 0
        return JSONBody(
            SessionAgentRemoval(
                status: removed ? .removed : .notFound, sessionID: sessionID,
                message: removed ? "Session agents removed" : "No session agents for '\(sessionID)'"))
    }

    @Sendable func sessions(_ request: Request, context: Context) async throws -> JSONBody<AgentBuilderSessions> {
        var entries: [AgentBuilderSessions.Entry] = []
        for (sessionID, _) in try await self.redis.zrange(RedisKeys.builderSessions).reversed() {
            for tree in try await self.trees(sessionID) {
                entries.append(
                    .init(
                        sessionID: "\(sessionID):\(tree["name"]?.string ?? "")", agentName: tree["name"]?.string,
                        toolsCount: tree["tools"]?.array?.count ?? 0, createdAt: tree["created_at"]?.number,
                        modifiedAt: tree["modified_at"]?.number))
            }
        }
        return JSONBody(AgentBuilderSessions(sessions: entries))
    }
}
