import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore

/// Agents and scenarios in the shapes of the public API (docs/compatibility.md §1.1, §1.7, §1.8).
extension AgentDefinition {
    var isSessionAgent: Bool { self.source.hasPrefix("session:") }

    /// An entry of `GET /api/v1/agents`.
    var listing: AgentListing {
        AgentListing(
            name: self.name, description: self.description,
            promptPath: self.isSessionAgent ? nil : "\(self.source)/prompt.jinja",
            configPath: self.isSessionAgent ? nil : "\(self.source)/agent.yaml",
            model: .init(deploymentID: self.cascadeModel.deploymentID),
            voice: .init(currentVoice: self.voice.name, voiceStyle: self.voice.style, voiceConfigurable: true, isPerAgentVoice: true),
            tools: self.tools, handoffTools: self.handoffTools, handoffTrigger: self.handoffTrigger, promptPreview: self.promptPreview(320),
            source: self.isSessionAgent ? .session : .unified)
    }

    /// An entry of the `summaries` of `GET /api/v1/agents`.
    var summary: AgentSummary {
        AgentSummary(
            name: self.name, description: self.description, greeting: self.greeting != nil, returnGreeting: self.returnGreeting != nil,
            tools: self.tools, handoffTrigger: self.handoffTrigger, model: self.cascadeModel.deploymentID, voice: self.voice.name)
    }

    var voiceConfig: VoiceConfig {
        VoiceConfig(
            name: self.voice.name, type: self.voice.type, style: self.voice.style, rate: self.voice.rate, pitch: self.voice.pitch,
            endpointID: self.voice.endpointID)
    }

    /// The first `count` characters of the prompt.
    func promptPreview(_ count: Int) -> String {
        self.prompt.count > count ? String(self.prompt.prefix(count)) : self.prompt
    }
}

extension ModelConfig {
    init(_ model: AgentDefinition.Model) {
        self.init(deploymentID: model.deploymentID, temperature: model.temperature, topP: model.topP, maxTokens: model.maxTokens)
    }
}

extension AvailableVoices {
    /// The builder's voices by category.
    static var catalog: AvailableVoices {
        func names(_ category: String) -> [String] { VoiceCatalog.voices.filter { $0.category == category }.map(\.name) }
        return AvailableVoices(turboVoices: names("turbo"), standardVoices: names("standard"), hdVoices: names("hd"))
    }
}

extension ScenarioDefinition {
    /// The scenario as the Scenario Builder shows it; `full` adds `agent_defaults`.
    func template(id: String, startAgent: String?, full: Bool) -> ScenarioTemplate {
        let generic = self.genericHandoff
        var template = ScenarioTemplate(
            id: id, name: self.name, description: self.description, icon: self.icon, agents: self.agents, startAgent: startAgent,
            handoffType: SwitchboardAPI.HandoffType(self.handoffType),
            handoffs: self.edges.map {
                HandoffEdge(
                    fromAgent: $0.from, toAgent: $0.to, tool: $0.tool, type: SwitchboardAPI.HandoffType($0.type),
                    shareContext: $0.shareContext,
                    handoffCondition: $0.condition)
            },
            globalTemplateVars: self.templateVars,
            genericHandoff: .init(
                enabled: generic.enabled, allowedTargets: generic.allowedTargets, requireClientID: generic.requireClientID,
                defaultType: SwitchboardAPI.HandoffType(generic.defaultType), shareContext: generic.shareContext))
        if full { template.agentDefaults = self.agentDefaults }
        return template
    }
}

extension HandoffType {
    init(_ type: ScenarioDefinition.HandoffType) {
        switch type {
        case .announced: self = .announced
        case .discrete: self = .discrete
        }
    }
}
