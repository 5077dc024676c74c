import SwitchboardCore

/// The JSON shapes of agents that the reference API returns (docs/compatibility.md §1.1, §1.7).
extension AgentDefinition {
    package var modelJSON: JSONValue { Self.json(self.cascadeModel) }

    package static func json(_ model: Model) -> JSONValue {
        [
            "deployment_id": .string(model.deploymentID), "temperature": .number(model.temperature), "top_p": .number(model.topP),
            "max_tokens": .number(Double(model.maxTokens)),
        ]
    }

    package var voiceJSON: JSONValue {
        var voice: JSONValue = [
            "name": .string(self.voice.name), "type": .string(self.voice.type), "style": .string(self.voice.style),
            "rate": .string(self.voice.rate), "pitch": .string(self.voice.pitch),
        ]
        if let endpoint = self.voice.endpointID, case .object(var object) = voice {
            object["endpoint_id"] = .string(endpoint)
            voice = .object(object)
        }
        return voice
    }

    /// The first `count` characters of the prompt.
    package func promptPreview(_ count: Int) -> String {
        self.prompt.count > count ? String(self.prompt.prefix(count)) : self.prompt
    }

    /// An entry of `GET /api/v1/agents`.
    package func listing(voiceConfigurable: Bool = true) -> JSONValue {
        [
            "name": .string(self.name), "status": "loaded", "description": .string(self.description),
            "prompt_path": self.source.hasPrefix("session:") ? nil : .string("\(self.source)/prompt.jinja"),
            "config_path": self.source.hasPrefix("session:") ? nil : .string("\(self.source)/agent.yaml"),
            "model": ["deployment_id": .string(self.cascadeModel.deploymentID)],
            "voice": [
                "current_voice": .string(self.voice.name), "voice_style": .string(self.voice.style),
                "voice_configurable": .bool(voiceConfigurable), "is_per_agent_voice": true,
            ],
            "tool_count": .number(Double(self.tools.count)), "tools": .array(self.tools.map(JSONValue.string)),
            "handoff_tools": .array(self.handoffTools.map(JSONValue.string)), "handoff_trigger": .string(self.handoffTrigger),
            "prompt_preview": .string(self.promptPreview(320)), "source": self.source.hasPrefix("session:") ? "session" : "unified",
        ]
    }

    /// An entry of the `summaries` list.
    package var summary: JSONValue {
        [
            "name": .string(self.name), "description": .string(String(self.description.prefix(160))),
            "greeting": .bool(self.greeting != nil), "return_greeting": .bool(self.returnGreeting != nil),
            "tool_count": .number(Double(self.tools.count)), "tools_preview": .array(self.tools.prefix(5).map(JSONValue.string)),
            "handoff_trigger": .string(self.handoffTrigger), "model": .string(self.cascadeModel.deploymentID),
            "voice": .string(self.voice.name),
        ]
    }

    /// Applies a runtime override (`{model?, voice?}`) on top of the definition.
    package func overridden(by override: JSONValue?) -> AgentDefinition {
        guard let override else { return self }
        var agent = self
        if let model = override["model"] {
            agent.cascadeModel = Model(model, fallback: agent.cascadeModel)
            agent.model = Model(model, fallback: agent.model)
        }
        if let voice = override["voice"] {
            if let name = voice["voice_name"]?.string { agent.voice.name = name }
            if let style = voice["voice_style"]?.string { agent.voice.style = style }
        }
        return agent
    }
}

/// The TTS voices the builder offers (docs/compatibility.md §3.3).
package enum VoiceCatalog {
    package static let voices: [(name: String, display: String, category: String)] = [
        ("en-US-AlloyTurboMultilingualNeural", "Alloy (Turbo)", "turbo"), ("en-US-EchoTurboMultilingualNeural", "Echo (Turbo)", "turbo"),
        ("en-US-FableTurboMultilingualNeural", "Fable (Turbo)", "turbo"), ("en-US-OnyxTurboMultilingualNeural", "Onyx (Turbo)", "turbo"),
        ("en-US-NovaTurboMultilingualNeural", "Nova (Turbo)", "turbo"),
        ("en-US-ShimmerTurboMultilingualNeural", "Shimmer (Turbo)", "turbo"),
        ("en-US-AvaMultilingualNeural", "Ava", "standard"), ("en-US-AndrewMultilingualNeural", "Andrew", "standard"),
        ("en-US-EmmaMultilingualNeural", "Emma", "standard"), ("en-US-BrianMultilingualNeural", "Brian", "standard"),
        ("en-US-Ava:DragonHDLatestNeural", "Ava (HD)", "hd"), ("en-US-Andrew:DragonHDLatestNeural", "Andrew (HD)", "hd"),
        ("en-US-Brian:DragonHDLatestNeural", "Brian (HD)", "hd"), ("en-US-Emma:DragonHDLatestNeural", "Emma (HD)", "hd"),
    ]

    /// `{turbo_voices, standard_voices, hd_voices}` as `GET /api/v1/agents` returns it.
    package static var byCategory: JSONValue {
        var result: [String: JSONValue] = [:]
        for category in ["turbo", "standard", "hd"] {
            result["\(category)_voices"] = .array(self.voices.filter { $0.category == category }.map { .string($0.name) })
        }
        return .object(result)
    }
}

/// The JSON shapes of scenarios that the Scenario Builder returns (docs/compatibility.md §1.8).
extension ScenarioDefinition {
    package var edgesJSON: JSONValue {
        .array(
            self.edges.map { edge in
                [
                    "from_agent": .string(edge.from), "to_agent": .string(edge.to), "tool": .string(edge.tool),
                    "type": .string(edge.type.rawValue),
                    "share_context": .bool(edge.shareContext), "handoff_condition": edge.condition.map(JSONValue.string) ?? nil,
                ]
            })
    }

    /// `{id, name, description, icon, agents, start_agent, handoff_type, handoffs, global_template_vars}` (+ `agent_defaults`).
    package func builderJSON(id: String, startAgent: String?, full: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "id": .string(id), "name": .string(self.name), "description": .string(self.description), "icon": .string(self.icon),
            "agents": .array(self.agents.map(JSONValue.string)), "start_agent": startAgent.map(JSONValue.string) ?? nil,
            "handoff_type": .string(self.handoffType.rawValue), "handoffs": self.edgesJSON,
            "global_template_vars": .object(self.templateVars),
            "generic_handoff": [
                "enabled": .bool(self.genericHandoff.enabled),
                "allowed_targets": .array(self.genericHandoff.allowedTargets.map(JSONValue.string)),
                "require_client_id": .bool(self.genericHandoff.requireClientID),
                "default_type": .string(self.genericHandoff.defaultType.rawValue),
                "share_context": .bool(self.genericHandoff.shareContext),
            ],
        ]
        if full { body["agent_defaults"] = self.agentDefaults ?? nil }
        return .object(body)
    }
}
