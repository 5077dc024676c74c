import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// `/api/v1/agent-builder`: the catalogues a builder UI needs (tools, voices, defaults, templates)
/// and reloading the agent folder (docs/compatibility.md §1.7).
struct AgentBuilderController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry
    let tools: ToolRegistry

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.listTools, use: self.toolList)
        routes.on(AgentsAPI.listVoices, use: self.voices)
        routes.on(AgentsAPI.getAgentDefaults, use: self.defaults)
        routes.on(AgentsAPI.listAgentTemplates, use: self.templates)
        routes.on(AgentsAPI.getAgentTemplate, use: self.template)
        routes.on(AgentsAPI.reloadAgents, use: self.reload)
        return routes
    }

    @Sendable func toolList(_ request: Request, context: Context) async throws -> JSONResponse {
        let started = ContinuousClock.now
        let category = request.uri.queryParameters["category"].map(String.init)
        let includeHandoffs =
            request.uri.queryParameters["include_handoffs"].map { !["false", "0", "no"].contains($0.lowercased()) } ?? true
        let selected = self.tools.sorted.filter { tool in
            (includeHandoffs || !tool.isHandoff) && (category == nil || tool.tags.contains(category!))
        }
        var categories: [String: JSONValue] = [:]
        for tool in selected { for tag in tool.tags { categories[tag] = .number((categories[tag]?.number ?? 0) + 1) } }
        return JSONResponse([
            "status": "success", "total": .number(Double(selected.count)),
            "tools": .array(
                selected.map {
                    [
                        "name": .string($0.name), "description": .string($0.description), "is_handoff": .bool($0.isHandoff),
                        "tags": .array($0.tags.map(JSONValue.string)), "parameters": $0.parameters,
                    ]
                }),
            "categories": .object(categories), "response_time_ms": .number(started.elapsedMilliseconds),
        ])
    }

    @Sendable func voices(_ request: Request, context: Context) async throws -> JSONResponse {
        let category = request.uri.queryParameters["category"].map(String.init)
        let voices = VoiceCatalog.voices.filter { category == nil || $0.category == category }
        let json = voices.map { voice -> JSONValue in
            ["name": .string(voice.name), "display_name": .string(voice.display), "category": .string(voice.category), "language": "en-US"]
        }
        var byCategory: [String: JSONValue] = [:]
        for voice in voices { byCategory[voice.category] = .array((byCategory[voice.category]?.array ?? []) + [.string(voice.name)]) }
        let defaultVoice = self.registry.catalog.defaults["voice"]?["name"]?.string ?? "en-US-AvaMultilingualNeural"
        return JSONResponse([
            "status": "success", "total": .number(Double(json.count)), "voices": .array(json), "by_category": .object(byCategory),
            "default_voice": .string(defaultVoice),
        ])
    }

    @Sendable func defaults(_ request: Request, context: Context) async throws -> JSONResponse {
        let defaults = self.registry.catalog.defaults
        let model = defaults["model"] ?? ["deployment_id": "gpt-4o", "temperature": 0.7, "top_p": 0.9, "max_tokens": 4096]
        let voice = defaults["voice"] ?? ["name": "en-US-AvaMultilingualNeural", "type": "azure-standard", "style": "chat", "rate": "+0%"]
        return JSONResponse([
            "status": "success",
            "defaults": [
                "model": model, "voice": voice, "session": defaults["session"] ?? .object([:]),
                "template_vars": defaults["template_vars"] ?? ["institution_name": "Contoso Financial", "agent_name": "Assistant"],
            ],
            "prompt_template": .string(Self.starterPrompt),
        ])
    }

    static var starterPrompt: String {
        """
        You are {{ agent_name }}, a voice assistant for {{ institution_name }}.
        {% if caller_name %}The caller is {{ caller_name }}.{% endif %}
        Speak in short, natural sentences. Confirm numbers digit by digit. Use your tools for facts; never guess.
        """
    }

    static func template(_ agent: AgentDefinition, full: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "id": .string(agent.source), "name": .string(agent.name), "description": .string(agent.description),
            "greeting": agent.greeting.map(JSONValue.string) ?? nil, "tools": .array(agent.tools.map(JSONValue.string)),
            "voice": agent.voiceJSON, "model": AgentDefinition.json(agent.model), "cascade_model": AgentDefinition.json(agent.cascadeModel),
            "voicelive_model": AgentDefinition.json(agent.voiceLiveModel),
        ]
        if full {
            body["return_greeting"] = agent.returnGreeting.map(JSONValue.string) ?? nil
            body["prompt"] = .string(agent.prompt)
            body["template_vars"] = .object(agent.templateVars)
            body["handoff"] = ["trigger": .string(agent.handoffTrigger), "is_entry_point": .bool(agent.isEntryPoint)]
        } else {
            body["prompt_preview"] = .string(agent.prompt.count > 300 ? String(agent.prompt.prefix(300)) + "..." : agent.prompt)
            body["prompt_full"] = .string(agent.prompt)
            body["is_entry_point"] = .bool(agent.isEntryPoint)
            body["is_session_agent"] = .bool(agent.source.hasPrefix("session:"))
            body["session_id"] = agent.source.hasPrefix("session:") ? .string(String(agent.source.dropFirst(8))) : nil
        }
        return .object(body)
    }

    @Sendable func templates(_ request: Request, context: Context) async throws -> JSONResponse {
        let started = ContinuousClock.now
        let agents = try await self.registry.agents()
        return JSONResponse([
            "status": "success", "total": .number(Double(agents.count)), "templates": .array(agents.map { Self.template($0, full: false) }),
            "response_time_ms": .number(started.elapsedMilliseconds),
        ])
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> JSONResponse {
        let id = try context.parameters.require("template_id")
        guard let agent = try await self.registry.agents().first(where: { $0.source == id || $0.name == id }) else {
            throw ProblemDetails(status: .notFound, detail: "Template '\(id)' not found")
        }
        return JSONResponse(["status": "success", "template": Self.template(agent, full: true)])
    }

    @Sendable func reload(_ request: Request, context: Context) async throws -> JSONBody<AgentReloadResult> {
        let started = ContinuousClock.now
        let catalog: AgentCatalog
        do {
            catalog = try await self.registry.reload()
        } catch let error as AgentConfigurationError {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "The agent folder is invalid; the previous agents stay loaded: \(error)")
        }
        return JSONBody(
            AgentReloadResult(
                message: "Reloaded \(catalog.agents.count) agents", agents: catalog.agentNames, agentCount: catalog.agents.count,
                responseTimeMS: started.elapsedMilliseconds))
    }
}
