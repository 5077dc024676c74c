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

    @Sendable func templates(_ request: Request, context: Context) async throws -> JSONBody<ScenarioTemplateList> {
        let started = ContinuousClock.now
        let catalog = self.registry.catalog
        let templates = catalog.scenarios.keys.sorted().compactMap { id in
            catalog.scenarios[id].map { $0.template(id: id, startAgent: catalog.startAgent(scenario: $0), full: false) }
        }
        return JSONBody(ScenarioTemplateList(templates: templates, responseTimeMS: started.elapsedMilliseconds))
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> JSONBody<ScenarioTemplateResult> {
        let id = try context.parameters.require("template_id")
        let catalog = self.registry.catalog
        guard let scenario = catalog.scenarios[id] else {
            throw ProblemDetails(status: .notFound, detail: "Scenario template '\(id)' not found")
        }
        return JSONBody(
            ScenarioTemplateResult(template: scenario.template(id: id, startAgent: catalog.startAgent(scenario: scenario), full: true)))
    }

    @Sendable func agents(_ request: Request, context: Context) async throws -> JSONBody<ScenarioBuilderAgents> {
        let started = ContinuousClock.now
        let sessionID = request.uri.queryParameters["session_id"].map(String.init)
        let disk = try await self.registry.agents()
        let session = try await sessionID.asyncMap { try await self.registry.sessionAgents($0) } ?? [:]
        func entry(_ agent: AgentDefinition, name: String, sessionID: String?) -> ScenarioBuilderAgents.Agent {
            ScenarioBuilderAgents.Agent(
                name: name, description: agent.description, greeting: agent.greeting, returnGreeting: agent.returnGreeting,
                tools: agent.tools, toolDetails: agent.tools.map { .init(name: $0, description: self.tools[$0]?.description ?? "") },
                isEntryPoint: agent.name.lowercased().contains("concierge"), sessionID: sessionID)
        }
        let names = Set(disk.map(\.name))
        let entries =
            disk.map { entry($0, name: $0.name, sessionID: nil) }
            + session.values.sorted { $0.name < $1.name }.map {
                entry($0, name: names.contains($0.name) ? "\($0.name) (session)" : $0.name, sessionID: sessionID)
            }
        return JSONBody(
            ScenarioBuilderAgents(
                agents: entries, staticCount: disk.count, sessionCount: session.count, filteredBySession: sessionID != nil,
                responseTimeMS: started.elapsedMilliseconds))
    }

    @Sendable func defaults(_ request: Request, context: Context) async throws -> JSONBody<ScenarioBuilderDefaults> {
        let catalog = self.registry.catalog
        return JSONBody(
            ScenarioBuilderDefaults(
                defaults: .init(
                    startAgent: catalog.agentNames.first,
                    globalTemplateVars: ["company_name": "ART Voice Agent", "industry": "general"]),
                availableAgents: catalog.agentNames))
    }

    // MARK: Session scenarios

    /// Checks a `DynamicScenarioConfig` against the agents and tools there are (its limits are checked
    /// when decoding ``SessionScenarioRequest``) and returns it as a scenario.yaml-shaped tree.
    private func validate(_ body: [String: JSONValue], checked: SessionScenarioRequest, sessionID: String) async throws -> JSONValue {
        let name = checked.name
        let handoffType = (checked.handoffType ?? .announced).rawValue
        let known = Set(self.registry.catalog.agentNames).union(try await self.registry.sessionAgents(sessionID).keys)
        let agents = checked.agents ?? []
        let unknown = agents.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ProblemDetails(status: .badRequest, detail: "Invalid agents: \(unknown.joined(separator: ", "))")
        }
        let members = agents.isEmpty ? known : Set(agents)
        let start = checked.startAgent ?? agents.first
        if let start, !members.contains(start) {
            throw ProblemDetails(status: .badRequest, detail: "start_agent '\(start)' is not one of the scenario's agents")
        }
        var edges: [JSONValue] = []
        for (edge, checkedEdge) in zip(body["handoffs"]?.array ?? [], checked.handoffs ?? []) {
            let from = checkedEdge.fromAgent ?? checkedEdge.from ?? ""
            let to = checkedEdge.toAgent ?? checkedEdge.to ?? ""
            guard members.contains(from), members.contains(to) else {
                throw ProblemDetails(status: .badRequest, detail: "Hand-off \(from) → \(to) names an agent outside the scenario")
            }
            edges.append([
                "from": .string(from), "to": .string(to), "tool": edge["tool"] ?? "handoff_to_agent",
                "type": edge["type"] ?? .string(handoffType),
                "share_context": edge["share_context"] ?? true, "handoff_condition": edge["handoff_condition"] ?? nil,
            ])
        }
        let unknownTools = self.tools.unknown(checked.tools ?? [])
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

    /// The stored scenario as the Scenario Builder answers it.
    private func response(_ sessionID: String, _ tree: JSONValue, status: SessionDefinitionStatus) throws -> SessionScenarioResponse {
        let scenario = try ScenarioDefinition(tree: tree, source: tree["name"]?.string ?? "")
        return SessionScenarioResponse(
            sessionID: sessionID, scenarioName: scenario.name, status: status,
            config: scenario.template(id: scenario.name, startAgent: scenario.startAgent, full: true),
            createdAt: tree["created_at"]?.number, modifiedAt: tree["modified_at"]?.number)
    }

    private func sessionID(_ request: Request) throws -> String {
        guard let id = request.uri.queryParameters["session_id"].map(String.init), !id.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "session_id is required.",
                errors: [.init(field: "session_id", message: "is required")])
        }
        return id
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> JSONBody<SessionScenarioResponse> {
        let sessionID = try self.sessionID(request)
        let (checked, body) = try await request.decodeObject(as: SessionScenarioRequest.self)
        let tree = try await self.validate(body, checked: checked, sessionID: sessionID)
        try await self.store(sessionID, tree)
        return JSONBody(try self.response(sessionID, tree, status: .created))
    }

    private func activeTree(_ sessionID: String) async throws -> JSONValue? {
        let all = try await self.redis.hgetall(RedisKeys.sessionScenarios(sessionID))
        guard let active = all[Self.activeField] ?? all.keys.filter({ $0 != Self.activeField }).sorted().first else { return nil }
        return all[active].flatMap { JSONValue(jsonText: $0) }
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONBody<SessionScenarioResponse> {
        let sessionID = try context.parameters.require("session_id")
        guard let tree = try await self.activeTree(sessionID) else {
            throw ProblemDetails(status: .notFound, detail: "No scenario for session '\(sessionID)'")
        }
        return JSONBody(try self.response(sessionID, tree, status: .active))
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> JSONBody<SessionScenarioResponse> {
        let sessionID = try context.parameters.require("session_id")
        let (checked, body) = try await request.decodeObject(as: SessionScenarioRequest.self)
        var tree = try await self.validate(body, checked: checked, sessionID: sessionID)
        let existing = try await self.redis.hget(RedisKeys.sessionScenarios(sessionID), tree["name"]?.string ?? "").flatMap {
            JSONValue(jsonText: $0)
        }
        if case .object(var object) = tree, let created = existing?["created_at"] {
            object["created_at"] = created
            tree = .object(object)
        }
        try await self.store(sessionID, tree)
        return JSONBody(try self.response(sessionID, tree, status: existing == nil ? .created : .updated))
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> JSONBody<ScenarioRemoval> {
        let sessionID = try context.parameters.require("session_id")
        guard try await self.redis.delete([RedisKeys.sessionScenarios(sessionID)]) > 0 else {
            throw ProblemDetails(status: .notFound, detail: "No scenario for session '\(sessionID)'")
        }
        return JSONBody(ScenarioRemoval(message: "Session scenarios removed", sessionID: sessionID))
    }

    @Sendable func activate(_ request: Request, context: Context) async throws -> JSONBody<ScenarioActivation> {
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
        return JSONBody(ScenarioActivation(message: "Scenario '\(name)' is active", sessionID: sessionID, scenarioName: name))
    }

    @Sendable func applyTemplate(_ request: Request, context: Context) async throws -> JSONBody<ScenarioTemplateApplied> {
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
        return JSONBody(
            ScenarioTemplateApplied(
                message: "Template '\(id)' applied", sessionID: sessionID, templateID: id,
                scenario: .init(
                    name: scenario.name, description: scenario.description, icon: scenario.icon,
                    startAgent: catalog.startAgent(scenario: scenario), agents: scenario.agents, handoffCount: scenario.edges.count)))
    }

    @Sendable func sessionScenarios(_ request: Request, context: Context) async throws -> JSONBody<SessionScenarioList> {
        let sessionID = try context.parameters.require("session_id")
        let all = try await self.redis.hgetall(RedisKeys.sessionScenarios(sessionID))
        let active = all[Self.activeField]
        let scenarios = all.filter { $0.key != Self.activeField }.sorted { $0.key < $1.key }.compactMap { name, text -> ScenarioTemplate? in
            guard let tree = JSONValue(jsonText: text), let scenario = try? ScenarioDefinition(tree: tree, source: name) else { return nil }
            var template = scenario.template(id: name, startAgent: scenario.startAgent, full: true)
            template.isActive = name == active
            return template
        }
        return JSONBody(SessionScenarioList(sessionID: sessionID, activeScenario: active, scenarios: scenarios))
    }

    @Sendable func sessions(_ request: Request, context: Context) async throws -> JSONBody<ScenarioBuilderSessions> {
        var entries: [ScenarioBuilderSessions.Entry] = []
        for (sessionID, _) in try await self.redis.zrange(RedisKeys.builderSessions).reversed() {
            for (name, scenario) in try await self.registry.sessionScenarios(sessionID).sorted(by: { $0.key < $1.key }) {
                entries.append(
                    .init(
                        sessionID: sessionID, scenarioName: name, agents: scenario.agents, startAgent: scenario.startAgent,
                        handoffCount: scenario.edges.count))
            }
        }
        return JSONBody(ScenarioBuilderSessions(sessions: entries))
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
