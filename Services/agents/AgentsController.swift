import Foundation
import Hummingbird
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `/api/v1/agents`: list, get, and the runtime override of model and voice (docs/compatibility.md #12).
struct AgentsController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(use: self.list)
        routes.get(":name", use: self.get)
        routes.put(":name", use: self.update)
        return routes
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONResponse {
        let started = ContinuousClock.now
        let agents = try await self.registry.agents()
        let catalog = self.registry.catalog
        let handoffMap = catalog.handoffMap
        var body: [String: JSONValue] = [
            "status": "success", "agents_count": .number(Double(agents.count)),
            "agents": .array(agents.map { $0.listing() }), "summaries": .array(agents.map(\.summary)),
            "handoff_map": .object(handoffMap.mapValues(JSONValue.string)),
            "start_agent": catalog.startAgent(scenario: self.registry.settings.defaultScenario.flatMap { catalog.scenarios[$0] }).map(
                JSONValue.string) ?? nil,
            "scenario": self.registry.settings.defaultScenario.map(JSONValue.string) ?? nil,
            "connections": .array(handoffMap.sorted { $0.key < $1.key }.map { ["tool": .string($0.key), "target": .string($0.value)] }),
            "available_voices": VoiceCatalog.byCategory, "response_time_ms": .number(started.elapsedMilliseconds),
        ]
        if request.uri.queryParameters["include_state"].map({ ["true", "1", "yes"].contains($0.lowercased()) }) == true {
            let session = request.uri.queryParameters["session_id"].map(String.init)
            let state = try await session.asyncMap { try await SessionStore(redis: self.registry.redis).load($0) } ?? nil
            body["current_agent"] = (state?.activeAgent).map(JSONValue.string) ?? body["start_agent"] ?? nil
        }
        return JSONResponse(.object(body))
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONResponse {
        let name = try context.parameters.require("name")
        guard let agent = try await self.registry.agent(name) else {
            throw ProblemDetails(status: .notFound, detail: "Agent '\(name)' not found")
        }
        guard case .object(var body) = agent.listing() else { return JSONResponse(agent.listing()) }
        body["model"] = ["deployment_id": .string(agent.cascadeModel.deploymentID)]
        body["voice"] = ["current_voice": .string(agent.voice.name), "voice_style": .string(agent.voice.style)]
        if let session = request.uri.queryParameters["session_id"].map(String.init) {
            body["session_id"] = .string(session)
            body["current_agent"] =
                try await SessionStore(redis: self.registry.redis).load(session)?.activeAgent.map(JSONValue.string) ?? nil
        }
        return JSONResponse(.object(body))
    }

    /// Validates ranges (400, as the reference does) and stores the override in Redis.
    @Sendable func update(_ request: Request, context: Context) async throws -> JSONResponse {
        let started = ContinuousClock.now
        let name = try context.parameters.require("name")
        guard let agent = try await self.registry.agent(name) else {
            throw ProblemDetails(status: .notFound, detail: "Agent '\(name)' not found")
        }
        let body = try await request.jsonObject()
        var errors: [ProblemDetails.FieldError] = []
        var updated: [String] = []
        var override: [String: JSONValue] = [:]
        if let model = body["model"], !model.isNull {
            guard let fields = model.object else { throw ProblemDetails(status: .unprocessableContent, detail: "model must be an object") }
            let ranges: [(String, ClosedRange<Double>)] = [("temperature", 0...2), ("top_p", 0...1), ("max_tokens", 1...16384)]
            for (field, range) in ranges {
                guard let value = fields[field], !value.isNull else { continue }
                if let number = value.number, range.contains(number) {
                    updated.append("model.\(field)")
                } else {
                    errors.append(.init(field: "model.\(field)", message: "must be between \(range.lowerBound) and \(range.upperBound)"))
                }
            }
            if fields["deployment_id"]?.string != nil { updated.append("model.deployment_id") }
            override["model"] = model
        }
        if let voice = body["voice"], !voice.isNull {
            guard let fields = voice.object else { throw ProblemDetails(status: .unprocessableContent, detail: "voice must be an object") }
            for field in ["voice_name", "voice_style"] where fields[field]?.string != nil { updated.append("voice.\(field)") }
            override["voice"] = voice
        }
        guard errors.isEmpty else { throw ProblemDetails(status: .badRequest, detail: "Invalid values.", errors: errors) }
        let key = RedisKeys.agentOverride(agent.name)
        let previous = try await self.registry.redis.get(key).flatMap { JSONValue(jsonText: $0) } ?? .object([:])
        try await self.registry.redis.set(key, to: .string(previous.deepMerged(with: .object(override)).jsonText))
        return JSONResponse([
            "status": "success", "agent_name": .string(agent.name), "updated_fields": .array(updated.map(JSONValue.string)),
            "message": .string("Agent '\(agent.name)' updated"), "response_time_ms": .number(started.elapsedMilliseconds),
            "note": "Stored in Redis: every process sees it and it survives restarts.",
        ])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
