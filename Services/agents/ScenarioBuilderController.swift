import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `/api/v1/scenario-builder` (docs/compatibility.md §1.8): scenario templates from disk, and session-scoped scenarios
/// kept in Redis (docs/compatibility.md #11) — the session's turns use its active one at once.
struct ScenarioBuilderController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry
    let tools: ToolRegistry
    var redis: RedisClient { self.registry.redis }
    static var activeField: String { "_active" }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.listScenarioTemplates, use: self.templates)
        routes.on(AgentsAPI.getScenarioTemplate, use: self.template)
        routes.on(AgentsAPI.listScenarioBuilderAgents, use: self.agents)
        routes.on(AgentsAPI.getScenarioDefaults, use: self.defaults)
        routes.on(AgentsAPI.createSessionScenario, use: self.create)
        routes.on(AgentsAPI.getSessionScenario, use: self.get)
        routes.on(AgentsAPI.putSessionScenario, use: self.update)
        routes.on(AgentsAPI.deleteSessionScenarios, use: self.remove)
        routes.on(AgentsAPI.activateSessionScenario, use: self.activate)
        routes.on(AgentsAPI.applyScenarioTemplate, use: self.applyTemplate)
        routes.on(AgentsAPI.listSessionScenarios, use: self.sessionScenarios)
        routes.on(AgentsAPI.listScenarioBuilderSessions, use: self.sessions)
        routes.on(AgentsAPI.reloadScenarios, use: self.reload)
        return routes
    }

    // MARK: Templates and catalogues

    @Sendable func templates(_ request: Request, context: Context) async throws -> JSONResponse {
        let started = ContinuousClock.now
        let catalog = self.registry.catalog
        let templates = catalog.scenarios.keys.sorted().compactMap { id in
            catalog.scenarios[id].map { $0.builderJSON(id: id, startAgent: catalog.startAgent(scenario: $0), full: false) }
        }
        return JSONResponse([
            "status": "success", "total": .number(Double(templates.count)), "templates": .array(templates),
            "response_time_ms": .number(started.elapsedMilliseconds),
        ])
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> JSONResponse {
        let id = try context.parameters.require("template_id")
        let catalog = self.registry.catalog
        guard let scenario = catalog.scenarios[id] else {
            throw ProblemDetails(status: .notFound, detail: "Scenario template '\(id)' not found")
        }
        return JSONResponse([
            "status": "success", "template": scenario.builderJSON(id: id, startAgent: catalog.startAgent(scenario: scenario), full: true),
        ])
    }

    @Sendable func agents(_ request: Request, context: Context) async throws -> JSONResponse {
        let started = ContinuousClock.now
        let sessionID = request.uri.queryParameters["session_id"].map(String.init)
        let disk = try await self.registry.agents()
        let session = try await sessionID.asyncMap { try await self.registry.sessionAgents($0) } ?? [:]
        func entry(_ agent: AgentDefinition, name: String, sessionID: String?) -> JSONValue {
            [
                "name": .string(name), "description": .string(agent.description), "greeting": agent.greeting.map(JSONValue.string) ?? nil,
                "return_greeting": agent.returnGreeting.map(JSONValue.string) ?? nil, "tools": .array(agent.tools.map(JSONValue.string)),
                "tool_details": .array(
                    agent.tools.map { ["name": .string($0), "description": .string(self.tools[$0]?.description ?? "")] }),
                "is_entry_point": .bool(agent.name.lowercased().contains("concierge")), "is_session_agent": .bool(sessionID != nil),
                "session_id": sessionID.map(JSONValue.string) ?? nil,
            ]
        }
        let names = Set(disk.map(\.name))
        let entries =
            disk.map { entry($0, name: $0.name, sessionID: nil) }
            + session.values.sorted { $0.name < $1.name }.map {
                entry($0, name: names.contains($0.name) ? "\($0.name) (session)" : $0.name, sessionID: sessionID)
            }
        return JSONResponse([
            "status": "success", "total": .number(Double(entries.count)), "agents": .array(entries),
            "static_count": .number(Double(disk.count)),
            "session_count": .number(Double(session.count)), "filtered_by_session": .bool(sessionID != nil),
            "response_time_ms": .number(started.elapsedMilliseconds),
        ])
    }

    @Sendable func defaults(_ request: Request, context: Context) async throws -> JSONResponse {
        let catalog = self.registry.catalog
        return JSONResponse([
            "status": "success",
            "defaults": [
                "name": "Custom Scenario", "description": "", "agents": [],
                "start_agent": catalog.agentNames.first.map(JSONValue.string) ?? nil,
                "handoff_type": "announced", "handoffs": [],
                "global_template_vars": ["company_name": "ART Voice Agent", "industry": "general"],
                "agent_defaults": nil,
            ],
            "available_agents": .array(catalog.agentNames.map(JSONValue.string)), "handoff_types": ["announced", "discrete"],
        ])
    }

    // MARK: Session scenarios

    /// Validates a `DynamicScenarioConfig` and returns it as a scenario.yaml-shaped tree.
    private func validate(_ body: [String: JSONValue], sessionID: String) async throws -> JSONValue {
        var errors: [ProblemDetails.FieldError] = []
        let name = body["name"]?.string ?? ""
        if !(1...64).contains(name.count) { errors.append(.init(field: "name", message: "1–64 characters, required")) }
        if (body["description"]?.string ?? "").count > 512 { errors.append(.init(field: "description", message: "at most 512 characters")) }
        if (body["icon"]?.string ?? "").count > 8 { errors.append(.init(field: "icon", message: "at most 8 characters")) }
        let handoffType = body["handoff_type"]?.string ?? "announced"
        if !["announced", "discrete"].contains(handoffType) {
            errors.append(.init(field: "handoff_type", message: "announced or discrete"))
        }
        guard errors.isEmpty else { throw ProblemDetails(status: .unprocessableContent, detail: "Invalid fields.", errors: errors) }
        let known = Set(self.registry.catalog.agentNames).union(try await self.registry.sessionAgents(sessionID).keys)
        let agents = body["agents"]?.array?.compactMap(\.string) ?? []
        let unknown = agents.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ProblemDetails(status: .badRequest, detail: "Invalid agents: \(unknown.joined(separator: ", "))")
        }
        let members = agents.isEmpty ? known : Set(agents)
        let start = body["start_agent"]?.string ?? agents.first
        if let start, !members.contains(start) {
            throw ProblemDetails(status: .badRequest, detail: "start_agent '\(start)' is not one of the scenario's agents")
        }
        var edges: [JSONValue] = []
        for edge in body["handoffs"]?.array ?? [] {
            let from = edge["from_agent"]?.string ?? edge["from"]?.string ?? ""
            let to = edge["to_agent"]?.string ?? edge["to"]?.string ?? ""
            guard members.contains(from), members.contains(to) else {
                throw ProblemDetails(status: .badRequest, detail: "Hand-off \(from) → \(to) names an agent outside the scenario")
            }
            edges.append([
                "from": .string(from), "to": .string(to), "tool": edge["tool"] ?? "handoff_to_agent",
                "type": edge["type"] ?? .string(handoffType),
                "share_context": edge["share_context"] ?? true, "handoff_condition": edge["handoff_condition"] ?? nil,
            ])
        }
        let unknownTools = self.tools.unknown(body["tools"]?.array?.compactMap(\.string) ?? [])
        guard unknownTools.isEmpty else {
            throw ProblemDetails(status: .badRequest, detail: "Invalid tools: \(unknownTools.joined(separator: ", "))")
        }
        let now = Date().timeIntervalSince1970
        return [
            "name": .string(name), "description": body["description"] ?? "", "icon": body["icon"] ?? "🎭",
            "agents": .array(agents.map(JSONValue.string)), "start_agent": start.map(JSONValue.string) ?? nil,
            "handoff_type": .string(handoffType),
            "handoffs": .array(edges), "agent_defaults": body["agent_defaults"] ?? nil,
            "template_vars": body["global_template_vars"] ?? [:],
            "tools": body["tools"] ?? [],
            "generic_handoff": body["generic_handoff"] ?? ["enabled": true, "default_type": .string(handoffType)],
            "created_at": .number(now), "modified_at": .number(now),
        ]
    }

    private func store(_ sessionID: String, _ tree: JSONValue, activate: Bool = true) async throws {
        let name = tree["name"]?.string ?? ""
        var fields = [(name, tree.jsonText)]
        if activate { fields.append((Self.activeField, name)) }
        try await self.registry.storeSessionDefinitions(key: RedisKeys.sessionScenarios(sessionID), sessionID: sessionID, fields: fields)
    }

    private func response(_ sessionID: String, _ tree: JSONValue, status: String) throws -> JSONResponse {
        let scenario = try ScenarioDefinition(tree: tree, source: tree["name"]?.string ?? "")
        return JSONResponse([
            "session_id": .string(sessionID), "scenario_name": .string(scenario.name), "status": .string(status),
            "config": scenario.builderJSON(id: scenario.name, startAgent: scenario.startAgent, full: true),
            "created_at": tree["created_at"] ?? nil, "modified_at": tree["modified_at"] ?? nil,
        ])
    }

    private func sessionID(_ request: Request) throws -> String {
        guard let id = request.uri.queryParameters["session_id"].map(String.init), !id.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "session_id is required.",
                errors: [.init(field: "session_id", message: "is required")])
        }
        return id
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try self.sessionID(request)
        let tree = try await self.validate(try await request.jsonObject(), sessionID: sessionID)
        try await self.store(sessionID, tree)
        return try self.response(sessionID, tree, status: "created")
    }

    private func activeTree(_ sessionID: String) async throws -> JSONValue? {
        let all = try await self.redis.hgetall(RedisKeys.sessionScenarios(sessionID))
        guard let active = all[Self.activeField] ?? all.keys.filter({ $0 != Self.activeField }).sorted().first else { return nil }
        return all[active].flatMap { JSONValue(jsonText: $0) }
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        guard let tree = try await self.activeTree(sessionID) else {
            throw ProblemDetails(status: .notFound, detail: "No scenario for session '\(sessionID)'")
        }
        return try self.response(sessionID, tree, status: "active")
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        var tree = try await self.validate(try await request.jsonObject(), sessionID: sessionID)
        let existing = try await self.redis.hget(RedisKeys.sessionScenarios(sessionID), tree["name"]?.string ?? "").flatMap {
            JSONValue(jsonText: $0)
        }
        if case .object(var object) = tree, let created = existing?["created_at"] {
            object["created_at"] = created
            tree = .object(object)
        }
        try await self.store(sessionID, tree)
        return try self.response(sessionID, tree, status: existing == nil ? "created" : "updated")
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        guard try await self.redis.delete([RedisKeys.sessionScenarios(sessionID)]) > 0 else {
            throw ProblemDetails(status: .notFound, detail: "No scenario for session '\(sessionID)'")
        }
        return JSONResponse(["status": "success", "message": "Session scenarios removed", "session_id": .string(sessionID)])
    }

    @Sendable func activate(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        guard let name = request.uri.queryParameters["scenario_name"].map(String.init), !name.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "scenario_name is required.",
                errors: [.init(field: "scenario_name", message: "is required")])
        }
        let key = RedisKeys.sessionScenarios(sessionID)
        guard name != Self.activeField, try await self.redis.hget(key, name) != nil else {
            throw ProblemDetails(status: .notFound, detail: "Scenario '\(name)' not found in session '\(sessionID)'")
        }
        try await self.redis.hset(key, [(Self.activeField, .string(name))])
        return JSONResponse([
            "status": "success", "message": .string("Scenario '\(name)' is active"), "session_id": .string(sessionID),
            "scenario_name": .string(name),
        ])
    }

    @Sendable func applyTemplate(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        let id = request.uri.queryParameters["template_id"].map(String.init) ?? ""
        let catalog = self.registry.catalog
        guard let scenario = catalog.scenarios[id], case .object(var tree) = scenario.tree else {
            throw ProblemDetails(status: .notFound, detail: "Scenario template '\(id)' not found")
        }
        let now = Date().timeIntervalSince1970
        tree["name"] = .string(scenario.name)
        tree["created_at"] = .number(now)
        tree["modified_at"] = .number(now)
        try await self.store(sessionID, .object(tree))
        return JSONResponse([
            "status": "success", "message": .string("Template '\(id)' applied"), "session_id": .string(sessionID),
            "template_id": .string(id),
            "scenario": [
                "name": .string(scenario.name), "description": .string(scenario.description), "icon": .string(scenario.icon),
                "start_agent": catalog.startAgent(scenario: scenario).map(JSONValue.string) ?? nil,
                "agents": .array(scenario.agents.map(JSONValue.string)), "handoff_count": .number(Double(scenario.edges.count)),
            ],
        ])
    }

    @Sendable func sessionScenarios(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        let all = try await self.redis.hgetall(RedisKeys.sessionScenarios(sessionID))
        let active = all[Self.activeField]
        let scenarios = all.filter { $0.key != Self.activeField }.sorted { $0.key < $1.key }.compactMap { name, text -> JSONValue? in
            guard let tree = JSONValue(jsonText: text), let scenario = try? ScenarioDefinition(tree: tree, source: name),
                case .object(var json) = scenario.builderJSON(id: name, startAgent: scenario.startAgent, full: true)
            else { return nil }
            json["is_active"] = .bool(name == active)
            return .object(json)
        }
        return JSONResponse([
            "status": "success", "session_id": .string(sessionID), "total": .number(Double(scenarios.count)),
            "active_scenario": active.map(JSONValue.string) ?? nil, "scenarios": .array(scenarios),
        ])
    }

    @Sendable func sessions(_ request: Request, context: Context) async throws -> JSONResponse {
        var entries: [JSONValue] = []
        for (sessionID, _) in try await self.redis.zrange(RedisKeys.builderSessions).reversed() {
            for (name, scenario) in try await self.registry.sessionScenarios(sessionID).sorted(by: { $0.key < $1.key }) {
                entries.append([
                    "key": .string("\(sessionID):\(name)"), "session_id": .string(sessionID), "scenario_name": .string(name),
                    "agents": .array(scenario.agents.map(JSONValue.string)),
                    "start_agent": scenario.startAgent.map(JSONValue.string) ?? nil,
                    "handoff_count": .number(Double(scenario.edges.count)),
                ])
            }
        }
        return JSONResponse(["status": "success", "total": .number(Double(entries.count)), "sessions": .array(entries)])
    }

    @Sendable func reload(_ request: Request, context: Context) async throws -> JSONBody<ScenarioReloadResult> {
        let catalog: AgentCatalog
        do {
            catalog = try await self.registry.reload()
        } catch let error as AgentConfigurationError {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "The scenario folder is invalid; the previous scenarios stay loaded: \(error)")
        }
        return JSONBody(
            ScenarioReloadResult(message: "Reloaded \(catalog.scenarios.count) scenarios", scenarios: catalog.scenarios.keys.sorted()))
    }
}
