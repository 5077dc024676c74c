import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `/api/v1/agents`: list, get, and the runtime override of model and voice (docs/compatibility.md #12).
struct AgentsController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.listAgents, use: self.list)
        routes.on(AgentsAPI.getAgent, use: self.get)
        routes.on(AgentsAPI.updateAgent, use: self.update)
        return routes
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONBody<AgentList> {
        let started = ContinuousClock.now
        let agents = try await self.registry.agents()
        let catalog = self.registry.catalog
        let scenario = self.registry.settings.defaultScenario
        var body = AgentList(
            agents: agents.map(\.listing), summaries: agents.map(\.summary), handoffMap: catalog.handoffMap,
            startAgent: catalog.startAgent(scenario: scenario.flatMap { catalog.scenarios[$0] }), scenario: scenario,
            availableVoices: .catalog, responseTimeMS: started.elapsedMilliseconds)
        if request.uri.queryParameters["include_state"].map({ ["true", "1", "yes"].contains($0.lowercased()) }) == true {
            let session = request.uri.queryParameters["session_id"].map(String.init)
            let state = try await session.asyncMap { try await SessionStore(redis: self.registry.redis).load($0) } ?? nil
            body.currentAgent = Nullable(wrappedValue: state?.activeAgent ?? body.startAgent)
        }
        return JSONBody(body)
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONBody<AgentListing> {
        let name = try context.parameters.require("agent_name")
        guard let agent = try await self.registry.agent(name) else {
            throw ProblemDetails(status: .notFound, detail: "Agent '\(name)' not found")
        }
        var body = agent.listing
        body.voice = .init(currentVoice: agent.voice.name, voiceStyle: agent.voice.style)
        if let session = request.uri.queryParameters["session_id"].map(String.init) {
            body.sessionID = session
            body.currentAgent = try await SessionStore(redis: self.registry.redis).load(session)?.activeAgent
        }
        return JSONBody(body)
    }

    /// Validates ranges (400, as the reference does; wrong types are 422) and stores the override in Redis.
    @Sendable func update(_ request: Request, context: Context) async throws -> JSONBody<AgentUpdateResult> {
        let started = ContinuousClock.now
        let name = try context.parameters.require("agent_name")
        guard let agent = try await self.registry.agent(name) else {
            throw ProblemDetails(status: .notFound, detail: "Agent '\(name)' not found")
        }
        let body = try await request.decode(as: AgentUpdateRequest.self, limitStatus: .badRequest)
        var updated: [String] = []
        var override: [String: JSONValue] = [:]
        if let model = body.model {
            let set: [(String, Bool)] = [
                ("temperature", model.temperature != nil), ("top_p", model.topP != nil), ("max_tokens", model.maxTokens != nil),
                ("deployment_id", model.deploymentID != nil),
            ]
            updated += set.filter(\.1).map { "model.\($0.0)" }
            override["model"] = try JSONValue(encoding: model)
        }
        if let voice = body.voice {
            updated += [("voice_name", voice.voiceName != nil), ("voice_style", voice.voiceStyle != nil)].filter(\.1).map {
                "voice.\($0.0)"
            }
            override["voice"] = try JSONValue(encoding: voice)
        }
        let key = RedisKeys.agentOverride(agent.name)
        let previous = try await self.registry.redis.get(key).flatMap { JSONValue(jsonText: $0) } ?? .object([:])
        try await self.registry.redis.set(key, to: .string(previous.deepMerged(with: .object(override)).jsonText))
        return JSONBody(
            AgentUpdateResult(
                agentName: agent.name, updatedFields: updated, message: "Agent '\(agent.name)' updated",
                responseTimeMS: started.elapsedMilliseconds, note: "Stored in Redis: every process sees it and it survives restarts."))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
