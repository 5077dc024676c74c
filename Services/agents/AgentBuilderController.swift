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

    @Sendable func toolList(_ request: Request, context: Context) async throws -> JSONBody<ToolList> {
        let started = ContinuousClock.now
        let category = request.uri.queryParameters["category"].map(String.init)
        let includeHandoffs =
            request.uri.queryParameters["include_handoffs"].map { !["false", "0", "no"].contains($0.lowercased()) } ?? true
        let selected = self.tools.sorted.filter { tool in
            (includeHandoffs || !tool.isHandoff) && (category == nil || tool.tags.contains(category!))
        }
        return JSONBody(
            ToolList(
                tools: selected.map {
                    ToolInfo(name: $0.name, description: $0.description, isHandoff: $0.isHandoff, tags: $0.tags, parameters: $0.parameters)
                }, responseTimeMS: started.elapsedMilliseconds))
    }

    @Sendable func voices(_ request: Request, context: Context) async throws -> JSONBody<VoiceList> {
        let category = request.uri.queryParameters["category"].map(String.init)
        let voices = VoiceCatalog.voices.filter { category == nil || $0.category == category }.compactMap { voice in
            VoiceInfo.Category(rawValue: voice.category).map { VoiceInfo(name: voice.name, displayName: voice.display, category: $0) }
        }
        let defaultVoice = self.registry.catalog.defaults["voice"]?["name"]?.string ?? "en-US-AvaMultilingualNeural"
        return JSONBody(VoiceList(voices: voices, defaultVoice: defaultVoice))
    }

    @Sendable func defaults(_ request: Request, context: Context) async throws -> JSONBody<AgentDefaults> {
        let defaults = self.registry.catalog.defaults
        return JSONBody(
            AgentDefaults(
                defaults: .init(
                    model: defaults["model"] ?? ["deployment_id": "gpt-4o", "temperature": 0.7, "top_p": 0.9, "max_tokens": 4096],
                    voice: defaults["voice"]
                        ?? ["name": "en-US-AvaMultilingualNeural", "type": "azure-standard", "style": "chat", "rate": "+0%"],
                    session: defaults["session"] ?? .object([:]),
                    templateVars: defaults["template_vars"] ?? ["institution_name": "Contoso Financial", "agent_name": "Assistant"]),
                promptTemplate: Self.starterPrompt))
    }

    static var starterPrompt: String {
        """
        You are {{ agent_name }}, a voice assistant for {{ institution_name }}.
        {% if caller_name %}The caller is {{ caller_name }}.{% endif %}
        Speak in short, natural sentences. Confirm numbers digit by digit. Use your tools for facts; never guess.
        """
    }

    /// The agent as a template: the list's fields, or (`full`) one template's.
    static func template(_ agent: AgentDefinition, full: Bool) -> AgentTemplate {
        var template = AgentTemplate(
            id: agent.source, name: agent.name, description: agent.description, greeting: agent.greeting, tools: agent.tools,
            voice: agent.voiceConfig, model: ModelConfig(agent.model), cascadeModel: ModelConfig(agent.cascadeModel),
            voiceLiveModel: ModelConfig(agent.voiceLiveModel))
        if full {
            template.returnGreeting = agent.returnGreeting
            template.prompt = agent.prompt
            template.templateVars = agent.templateVars
            template.handoff = .init(trigger: agent.handoffTrigger, isEntryPoint: agent.isEntryPoint)
        } else {
            template.promptPreview = agent.prompt.count > 300 ? String(agent.prompt.prefix(300)) + "..." : agent.prompt
            template.promptFull = agent.prompt
            template.isEntryPoint = agent.isEntryPoint
            template.isSessionAgent = agent.isSessionAgent
            template.sessionID = agent.isSessionAgent ? String(agent.source.dropFirst(8)) : nil
        }
        return template
    }

    @Sendable func templates(_ request: Request, context: Context) async throws -> JSONBody<AgentTemplateList> {
        let started = ContinuousClock.now
        let agents = try await self.registry.agents()
        return JSONBody(
            AgentTemplateList(templates: agents.map { Self.template($0, full: false) }, responseTimeMS: started.elapsedMilliseconds))
    }

    @Sendable func template(_ request: Request, context: Context) async throws -> JSONBody<AgentTemplateResult> {
        let id = try context.parameters.require("template_id")
        guard let agent = try await self.registry.agents().first(where: { $0.source == id || $0.name == id }) else {
            throw ProblemDetails(status: .notFound, detail: "Template '\(id)' not found")
        }
        return JSONBody(AgentTemplateResult(template: Self.template(agent, full: true)))
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
