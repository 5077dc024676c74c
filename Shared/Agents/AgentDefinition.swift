import SwitchboardCore

/// One agent, as its YAML (merged over `_defaults.yaml`) describes it (docs/compatibility.md §3.1).
///
/// The raw merged tree is kept in `source` so fields this type does not model (metadata, VoiceLive
/// `session` settings) survive a round trip through the builder APIs.
package struct AgentDefinition: Sendable, Hashable {
    /// LLM settings: `model`, `cascade_model` or `voicelive_model`.
    package struct Model: Sendable, Hashable, Codable {
        package var deploymentID: String = "gpt-4o"
        package var temperature: Double = 0.7
        package var topP: Double = 0.9
        package var maxTokens: Int = 4096

        package init(deploymentID: String = "gpt-4o", temperature: Double = 0.7, topP: Double = 0.9, maxTokens: Int = 4096) {
            self.deploymentID = deploymentID
            self.temperature = temperature
            self.topP = topP
            self.maxTokens = maxTokens
        }

        enum CodingKeys: String, CodingKey {
            case deploymentID = "deployment_id"
            case temperature
            case topP = "top_p"
            case maxTokens = "max_tokens"
        }

        init(_ tree: JSONValue?, fallback: Model = Model()) {
            self = fallback
            guard let tree else { return }
            if let id = tree["deployment_id"]?.string ?? tree["name"]?.string { self.deploymentID = id }
            if let value = tree["temperature"]?.number { self.temperature = value }
            if let value = tree["top_p"]?.number { self.topP = value }
            if let value = tree["max_tokens"]?.int { self.maxTokens = value }
        }
    }

    /// The TTS voice: Azure names are kept as configured; offline engines map them to a local voice.
    package struct Voice: Sendable, Hashable, Codable {
        package var name: String = "en-US-AvaMultilingualNeural"
        package var type: String = "azure-standard"
        package var style: String = "chat"
        package var rate: String = "+0%"
        package var pitch: String = "+0%"
        package var endpointID: String?

        package init() {}

        enum CodingKeys: String, CodingKey {
            case name, type, style, rate, pitch
            case endpointID = "endpoint_id"
        }

        init(_ tree: JSONValue?) {
            guard let tree else { return }
            if let value = tree["name"]?.string { self.name = value }
            if let value = tree["type"]?.string { self.type = value }
            if let value = tree["style"]?.string { self.style = value }
            if let value = tree["rate"]?.string { self.rate = value }
            if let value = tree["pitch"]?.string { self.pitch = value }
            self.endpointID = tree["endpoint_id"]?.string
        }
    }

    package var name: String
    package var description: String
    package var greeting: String?
    package var returnGreeting: String?
    /// The tool other agents call to hand off here (`handoff_concierge`).
    package var handoffTrigger: String
    package var isEntryPoint: Bool
    package var voice: Voice
    package var model: Model
    package var cascadeModel: Model
    package var voiceLiveModel: Model
    package var tools: [String]
    /// The system prompt template (Jinja).
    package var prompt: String
    package var templateVars: [String: JSONValue]
    /// Silence that ends a caller's turn, in milliseconds.
    package var silenceTimeoutMS: Int
    /// A JSGF grammar the recogniser uses while this agent listens (menus, digits, yes/no), from
    /// `speech.grammar` (inline) or `speech.grammar_file`; the open language model when `nil`.
    package var grammar: String?
    /// The offline scripted engine's intents and fallback.
    package var script: AgentScript?
    /// Where it came from: the folder name, or `session:<id>` for builder agents.
    package var source: String
    /// The merged YAML tree, with every key the file had.
    package var tree: JSONValue

    /// Builds an agent from its merged YAML tree and prompt text.
    ///
    /// - Throws: ``AgentConfigurationError`` naming the file and the problem.
    package init(tree: JSONValue, prompt promptFile: String?, source: String) throws {
        // `agent:` may nest name/description/greetings (docs/compatibility.md §3.1).
        let nested = tree["agent"]
        func text(_ key: String) -> String? { nested?[key]?.string ?? tree[key]?.string }
        guard let name = text("name") ?? (source.isEmpty ? nil : source), !name.isEmpty else {
            throw AgentConfigurationError(source: source, problem: "no name")
        }
        self.name = name
        self.description = text("description") ?? ""
        self.greeting = text("greeting")
        self.returnGreeting = text("return_greeting")
        let handoff = tree["handoff"]
        self.handoffTrigger =
            handoff?["trigger"]?.string ?? tree["handoff_trigger"]?.string
            ?? "handoff_" + name.lowercased().replacingOccurrences(of: " ", with: "_")
        self.isEntryPoint = handoff?["is_entry_point"]?.bool ?? false
        var voiceTree = tree["voice"] ?? .object([:])
        if let sessionVoice = tree["session"]?["voice"] { voiceTree = voiceTree.deepMerged(with: sessionVoice) }
        self.voice = Voice(voiceTree)
        let base = Model(tree["model"])
        self.model = base
        self.cascadeModel = Model(tree["cascade_model"], fallback: base.deploymentID.contains("realtime") ? Model() : base)
        self.voiceLiveModel = Model(
            tree["voicelive_model"],
            fallback: base.deploymentID.contains("realtime") ? base : Model(deploymentID: "gpt-realtime")
        )
        self.tools = tree["tools"]?.array?.compactMap(\.string) ?? []
        self.prompt = promptFile ?? tree["prompts"]?["content"]?.string ?? tree["prompt"]?.string ?? ""
        self.templateVars = tree["template_vars"]?.object ?? [:]
        self.silenceTimeoutMS = tree["speech"]?["vad_silence_timeout_ms"]?.int ?? 800
        self.grammar = tree["speech"]?["grammar"]?.string
        self.script = try tree["scripted"].map { try AgentScript(tree: $0, agent: name) }
        self.source = source
        self.tree = tree
    }

    /// The tool names that hand off: explicit `handoff_tools`, else tools named `handoff_*`.
    package var handoffTools: [String] {
        if let explicit = self.tree["handoff_tools"]?.array?.compactMap(\.string) { return explicit }
        return self.tools.filter { $0.hasPrefix("handoff_") }
    }
}

/// A problem in an agent or scenario definition, with the file it came from.
package struct AgentConfigurationError: Error, CustomStringConvertible, Sendable {
    package var source: String
    package var problem: String
    package var description: String { "\(self.source): \(self.problem)" }
}
