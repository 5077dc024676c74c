import SwitchboardCore

/// LLM settings of an agent.
package struct ModelConfig: APIType {
    package var deploymentID: String
    package var temperature: Double
    package var topP: Double
    package var maxTokens: Int

    package init(deploymentID: String, temperature: Double, topP: Double, maxTokens: Int) {
        self.deploymentID = deploymentID
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
    }

    enum CodingKeys: String, CodingKey {
        case temperature
        case deploymentID = "deployment_id"
        case topP = "top_p"
        case maxTokens = "max_tokens"
    }

    package static var schemaDescription: String? { "LLM settings of an agent." }
    package static var fields: [APIField<Self>] {
        [
            .field("deployment_id", example: "gpt-4o"), .field("temperature", example: 0.7), .field("top_p", example: 0.9),
            .field("max_tokens", example: 4096),
        ]
    }
}

/// TTS voice of an agent (offline engines map it to a local voice).
package struct VoiceConfig: APIType {
    package var name: String
    package var type: String
    package var style: String
    package var rate: String
    package var pitch: String
    package var endpointID: String?

    package init(name: String, type: String, style: String, rate: String, pitch: String, endpointID: String?) {
        self.name = name
        self.type = type
        self.style = style
        self.rate = rate
        self.pitch = pitch
        self.endpointID = endpointID
    }

    enum CodingKeys: String, CodingKey {
        case name, type, style, rate, pitch
        case endpointID = "endpoint_id"
    }

    package static var schemaDescription: String? { "TTS voice of an agent (offline engines map it to a local voice)." }
    package static var fields: [APIField<Self>] {
        [
            .field("name", example: "en-US-AvaMultilingualNeural"), .field("type", example: "azure-standard"),
            .field("rate", example: "+0%"), .field("pitch", example: "+0%"),
            .field("endpoint_id", "A custom voice's endpoint; absent when the voice has none."),
        ]
    }
}

/// One tool agents can call.
package struct ToolInfo: APIType {
    package var name: String
    package var description: String
    package var isHandoff: Bool
    package var tags: [String]
    package var parameters: JSONValue

    package init(name: String, description: String, isHandoff: Bool, tags: [String], parameters: JSONValue) {
        self.name = name
        self.description = description
        self.isHandoff = isHandoff
        self.tags = tags
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey {
        case name, description, tags, parameters
        case isHandoff = "is_handoff"
    }

    package static var schemaName: String { "Tool" }
    package static var fields: [APIField<Self>] {
        [.field("parameters", "The tool's arguments as a JSON Schema (OpenAI function format).")]
    }
}

/// `GET /api/v1/agent-builder/tools`.
package struct ToolList: APIType {
    package var status = Success.success
    package var total: Int
    package var tools: [ToolInfo]
    package var categories: [String: Int]
    package var responseTimeMS: Double

    package init(tools: [ToolInfo], responseTimeMS: Double) {
        self.total = tools.count
        self.tools = tools
        self.categories = tools.reduce(into: [:]) { counts, tool in for tag in tool.tags { counts[tag, default: 0] += 1 } }
        self.responseTimeMS = responseTimeMS
    }

    enum CodingKeys: String, CodingKey {
        case status, total, tools, categories
        case responseTimeMS = "response_time_ms"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("total", \.total, minimum: 0), .field("categories", "Tag → number of listed tools."),
            .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0),
        ]
    }
}

/// A TTS voice of the builder's catalogue.
package struct VoiceInfo: APIType {
    package enum Category: String, APIEnum { case turbo, standard, hd }

    package var name: String
    package var displayName: String
    package var category: Category
    package var language = "en-US"

    package init(name: String, displayName: String, category: Category) {
        self.name = name
        self.displayName = displayName
        self.category = category
    }

    enum CodingKeys: String, CodingKey {
        case name, category, language
        case displayName = "display_name"
    }

    package static var schemaName: String { "Voice" }
    package static var fields: [APIField<Self>] {
        [
            .field("name", example: "en-US-AvaMultilingualNeural"), .field("display_name", example: "Ava"),
            .field("language", example: "en-US"),
        ]
    }
}

/// `GET /api/v1/agent-builder/voices`.
package struct VoiceList: APIType {
    package var status = Success.success
    package var total: Int
    package var voices: [VoiceInfo]
    package var byCategory: [String: [String]]
    package var defaultVoice: String

    package init(voices: [VoiceInfo], defaultVoice: String) {
        self.total = voices.count
        self.voices = voices
        self.byCategory = voices.reduce(into: [:]) { names, voice in names[voice.category.rawValue, default: []].append(voice.name) }
        self.defaultVoice = defaultVoice
    }

    enum CodingKeys: String, CodingKey {
        case status, total, voices
        case byCategory = "by_category"
        case defaultVoice = "default_voice"
    }

    package static var fields: [APIField<Self>] {
        [.field("total", \.total, minimum: 0), .field("by_category", "Category → voice names (only categories listed).")]
    }
}

/// `GET /api/v1/agent-builder/defaults`: what a new agent starts from, and a starter prompt.
package struct AgentDefaults: APIType {
    /// From `config/agents/_defaults.yaml` (built-in values where it has none).
    package struct Defaults: APIType {
        package var model: JSONValue
        package var voice: JSONValue
        package var session: JSONValue
        package var templateVars: JSONValue

        package init(model: JSONValue, voice: JSONValue, session: JSONValue, templateVars: JSONValue) {
            self.model = model
            self.voice = voice
            self.session = session
            self.templateVars = templateVars
        }

        enum CodingKeys: String, CodingKey {
            case model, voice, session
            case templateVars = "template_vars"
        }

        package static var schemaName: String { "AgentDefaultValues" }
        package static var fields: [APIField<Self>] {
            [
                .field("model", "Model settings (`deployment_id`, `temperature`, `top_p`, `max_tokens`)."),
                .field("voice", "Voice settings (`name`, `type`, `style`, `rate`)."), .field("session", "VoiceLive session settings."),
                .field(
                    "template_vars", "Prompt variables.", example: ["institution_name": "Contoso Financial", "agent_name": "Assistant"]),
            ]
        }
    }

    package var status = Success.success
    package var defaults: Defaults
    package var promptTemplate: String

    package init(defaults: Defaults, promptTemplate: String) {
        self.defaults = defaults
        self.promptTemplate = promptTemplate
    }

    enum CodingKeys: String, CodingKey {
        case status, defaults
        case promptTemplate = "prompt_template"
    }

    package static var fields: [APIField<Self>] { [.field("prompt_template", "A Jinja starter prompt.")] }
}

/// An agent as a template to start from. The list (`GET …/templates`) has the `prompt_preview`
/// group of fields; one template (`GET …/templates/{template_id}`) has the `prompt` group.
package struct AgentTemplate: APIType {
    /// How other agents reach this one.
    package struct Handoff: APIType {
        package var trigger: String
        package var isEntryPoint: Bool

        package init(trigger: String, isEntryPoint: Bool) {
            self.trigger = trigger
            self.isEntryPoint = isEntryPoint
        }

        enum CodingKeys: String, CodingKey {
            case trigger
            case isEntryPoint = "is_entry_point"
        }

        package static var schemaName: String { "AgentTemplateHandoff" }
    }

    package var id: String
    package var name: String
    package var description: String
    @Nullable package var greeting: String?
    package var tools: [String]
    package var voice: VoiceConfig
    package var model: ModelConfig
    package var cascadeModel: ModelConfig
    package var voiceLiveModel: ModelConfig
    // The list's fields.
    package var promptPreview: String?
    package var promptFull: String?
    package var isEntryPoint: Bool?
    package var isSessionAgent: Bool?
    package var sessionID: String?
    // One template's fields.
    package var returnGreeting: String?
    package var prompt: String?
    package var templateVars: [String: JSONValue]?
    package var handoff: Handoff?

    package init(
        id: String, name: String, description: String, greeting: String?, tools: [String], voice: VoiceConfig, model: ModelConfig,
        cascadeModel: ModelConfig, voiceLiveModel: ModelConfig
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.greeting = greeting
        self.tools = tools
        self.voice = voice
        self.model = model
        self.cascadeModel = cascadeModel
        self.voiceLiveModel = voiceLiveModel
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, greeting, tools, voice, model, prompt, handoff
        case cascadeModel = "cascade_model"
        case voiceLiveModel = "voicelive_model"
        case promptPreview = "prompt_preview"
        case promptFull = "prompt_full"
        case isEntryPoint = "is_entry_point"
        case isSessionAgent = "is_session_agent"
        case sessionID = "session_id"
        case returnGreeting = "return_greeting"
        case templateVars = "template_vars"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("id", "The agent's folder (`fraud_agent`), or `session:<session id>` for a session agent.", example: "fraud_agent"),
            .field("prompt_preview", "List only: the first 300 characters, then `...`."), .field("prompt_full", "List only."),
            .field("is_entry_point", "List only."), .field("is_session_agent", "List only."),
            .field("session_id", "List only, session agents only."),
            .field("return_greeting", "One template only; absent when the agent has none."), .field("prompt", "One template only."),
            .field("template_vars", "One template only."), .field("handoff", "One template only."),
        ]
    }
}

/// `GET /api/v1/agent-builder/templates`.
package typealias AgentTemplateList = TemplateList<AgentTemplate>

/// `GET /api/v1/agent-builder/templates/{template_id}`.
package typealias AgentTemplateResult = TemplateResult<AgentTemplate>

/// A builder's template list (agents or scenarios); its schema is `<Template>List`.
package struct TemplateList<Template: APIType>: APIType {
    package var status = Success.success
    package var total: Int
    package var templates: [Template]
    package var responseTimeMS: Double

    package init(templates: [Template], responseTimeMS: Double) {
        self.total = templates.count
        self.templates = templates
        self.responseTimeMS = responseTimeMS
    }

    enum CodingKeys: String, CodingKey {
        case status, total, templates
        case responseTimeMS = "response_time_ms"
    }

    package static var schemaName: String { Template.schemaName + "List" }

    package static var fields: [APIField<Self>] {
        [.field("total", \.total, minimum: 0), .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0)]
    }
}

/// One template of a builder (agent or scenario); its schema is `<Template>Result`.
package struct TemplateResult<Template: APIType>: APIType {
    package var status = Success.success
    package var template: Template

    package init(template: Template) { self.template = template }

    package static var schemaName: String { Template.schemaName + "Result" }
}

/// `POST /api/v1/agent-builder/create`, `PUT /api/v1/agent-builder/session/{session_id}`: a
/// session agent. Every broken limit is listed in one 422 answer (`errors[]`); tools that do not
/// exist are 400 `Invalid tools: …`. `null` counts as absent. Other keys are stored with the
/// agent as they are.
package struct SessionAgentRequest: APIType {
    /// The TTS voice.
    package struct Voice: APIType {
        package var name: String?
        package var type: String?
        package var style: String?
        package var rate: String?
        package var pitch: String?
        package var endpointID: String?

        enum CodingKeys: String, CodingKey {
            case name, type, style, rate, pitch
            case endpointID = "endpoint_id"
        }

        package static var schemaName: String { "SessionAgentVoice" }
        package static var fields: [APIField<Self>] {
            [.field("name", example: "en-US-AvaMultilingualNeural"), .field("type", example: "azure-standard")]
        }
    }

    /// Speech recognition settings.
    package struct Speech: APIType {
        package var vadSilenceTimeoutMS: Double?
        package var useSemanticSegmentation: Bool?
        package var candidateLanguages: [String]?
        package var enableDiarization: Bool?
        package var speakerCountHint: Double?

        enum CodingKeys: String, CodingKey {
            case vadSilenceTimeoutMS = "vad_silence_timeout_ms"
            case useSemanticSegmentation = "use_semantic_segmentation"
            case candidateLanguages = "candidate_languages"
            case enableDiarization = "enable_diarization"
            case speakerCountHint = "speaker_count_hint"
        }

        package static var schemaName: String { "SessionAgentSpeech" }
        package static var fields: [APIField<Self>] {
            [
                .field("vad_silence_timeout_ms", \.vadSilenceTimeoutMS, "Default 800.", minimum: 100, maximum: 5000),
                .field("candidate_languages", example: ["en-US"]),
                .field("speaker_count_hint", \.speakerCountHint, "Default 2.", minimum: 1, maximum: 10),
            ]
        }
    }

    /// VoiceLive session settings.
    package struct Session: APIType {
        package var modalities: [String]?
        package var inputAudioFormat: String?
        package var outputAudioFormat: String?
        package var turnDetectionType: String?
        package var turnDetectionThreshold: Double?
        package var silenceDurationMS: Double?
        package var prefixPaddingMS: Double?
        package var toolChoice: String?

        enum CodingKeys: String, CodingKey {
            case modalities
            case inputAudioFormat = "input_audio_format"
            case outputAudioFormat = "output_audio_format"
            case turnDetectionType = "turn_detection_type"
            case turnDetectionThreshold = "turn_detection_threshold"
            case silenceDurationMS = "silence_duration_ms"
            case prefixPaddingMS = "prefix_padding_ms"
            case toolChoice = "tool_choice"
        }

        package static var schemaName: String { "SessionAgentSession" }
        package static var fields: [APIField<Self>] {
            [
                .field("turn_detection_type", example: "azure_semantic_vad"),
                .field("turn_detection_threshold", \.turnDetectionThreshold, "Default 0.5.", minimum: 0, maximum: 1),
                .field("silence_duration_ms", \.silenceDurationMS, "Default 700.", minimum: 100, maximum: 3000),
                .field("prefix_padding_ms", \.prefixPaddingMS, "Default 240.", minimum: 0, maximum: 1000),
            ]
        }
    }

    package var name: String
    package var description: String?
    package var greeting: String?
    package var returnGreeting: String?
    package var handoffTrigger: String?
    package var prompt: String
    package var tools: [String]?
    package var model: AgentUpdateRequest.Model?
    package var cascadeModel: AgentUpdateRequest.Model?
    package var voiceLiveModel: AgentUpdateRequest.Model?
    package var voice: Voice?
    package var speech: Speech?
    package var session: Session?
    package var templateVars: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case name, description, greeting, prompt, tools, model, voice, speech, session
        case returnGreeting = "return_greeting"
        case handoffTrigger = "handoff_trigger"
        case cascadeModel = "cascade_model"
        case voiceLiveModel = "voicelive_model"
        case templateVars = "template_vars"
    }

    package static var schemaName: String { "DynamicAgentConfig" }
    package static var schemaDescription: String? {
        "A session agent (Agent Builder). Every broken limit is listed in one 422 answer (`errors[]`); a wrong type is 422 naming the field; tools that do not exist are 400 `Invalid tools: …`. `null` counts as absent. Other keys are stored with the agent as they are."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("name", \.name, example: "Bob", minLength: 1, maxLength: 64),
            .field("description", \.description, maxLength: 512),
            .field("greeting", \.greeting, "Jinja template.", maxLength: 1024),
            .field("return_greeting", \.returnGreeting, "For callers who come back.", maxLength: 1024),
            .field(
                "handoff_trigger", \.handoffTrigger, "Default `handoff_<name lower-cased, spaces → _>`.", minLength: 1, maxLength: 128),
            .field("prompt", \.prompt, "System prompt (Jinja).", minLength: 10, maxLength: 100_000),
            .field("tools", "Tool names from `GET /api/v1/agent-builder/tools`.", example: ["escalate_human"]),
            .nested("model", \.model, "Model settings; out-of-range numbers are 422 naming `model.<field>`."),
            .nested("cascade_model", \.cascadeModel, "Model of cascade turns (`model` when absent)."),
            .nested("voicelive_model", \.voiceLiveModel, "Model of VoiceLive turns (`model` when absent)."),
            .field("voice", "The TTS voice."),
            .nested("speech", \.speech, "Default `{\"candidate_languages\": [\"en-US\"]}`."),
            .nested("session", \.session, "VoiceLive session settings."),
            .field("template_vars", "Prompt variables."),
        ]
    }
}

/// What a session-scoped definition's answer says happened to it.
package enum SessionDefinitionStatus: String, APIEnum {
    case created, updated, active
}

/// A session agent as the Agent Builder answers it.
package struct SessionAgentConfig: APIType {
    package var name: String
    package var description: String
    @Nullable package var greeting: String?
    @Nullable package var returnGreeting: String?
    package var handoffTrigger: String
    package var promptPreview: String
    package var tools: [String]
    package var cascadeModel: ModelConfig
    package var voiceLiveModel: ModelConfig
    package var model: ModelConfig
    package var voice: VoiceConfig
    package var speech: JSONValue
    package var session: JSONValue
    package var promptFull: String?
    package var templateVars: [String: JSONValue]?

    package init(
        name: String, description: String, greeting: String?, returnGreeting: String?, handoffTrigger: String, promptPreview: String,
        tools: [String], cascadeModel: ModelConfig, voiceLiveModel: ModelConfig, model: ModelConfig, voice: VoiceConfig,
        speech: JSONValue, session: JSONValue
    ) {
        self.name = name
        self.description = description
        self.greeting = greeting
        self.returnGreeting = returnGreeting
        self.handoffTrigger = handoffTrigger
        self.promptPreview = promptPreview
        self.tools = tools
        self.cascadeModel = cascadeModel
        self.voiceLiveModel = voiceLiveModel
        self.model = model
        self.voice = voice
        self.speech = speech
        self.session = session
    }

    enum CodingKeys: String, CodingKey {
        case name, description, greeting, tools, model, voice, speech, session
        case returnGreeting = "return_greeting"
        case handoffTrigger = "handoff_trigger"
        case promptPreview = "prompt_preview"
        case cascadeModel = "cascade_model"
        case voiceLiveModel = "voicelive_model"
        case promptFull = "prompt_full"
        case templateVars = "template_vars"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("prompt_preview", "The first 200 characters of the prompt."),
            .field("speech", "The `speech` object as sent (or the default `{\"candidate_languages\": [\"en-US\"]}`)."),
            .field("session", "The `session` object as sent, or null."), .field("prompt_full", "`GET` only."),
            .field("template_vars", "`GET` only."),
        ]
    }
}

/// The answer of the session-agent operations of the Agent Builder.
package struct SessionAgentResponse: APIType {
    package var sessionID: String
    package var agentName: String
    package var status: SessionDefinitionStatus
    package var config: SessionAgentConfig
    @Nullable package var createdAt: Double?
    @Nullable package var modifiedAt: Double?

    package init(
        sessionID: String, agentName: String, status: SessionDefinitionStatus, config: SessionAgentConfig, createdAt: Double?,
        modifiedAt: Double?
    ) {
        self.sessionID = sessionID
        self.agentName = agentName
        self.status = status
        self.config = config
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    enum CodingKeys: String, CodingKey {
        case status, config
        case sessionID = "session_id"
        case agentName = "agent_name"
        case createdAt = "created_at"
        case modifiedAt = "modified_at"
    }

    package static var fields: [APIField<Self>] {
        [.field("created_at", "Seconds since 1970."), .field("modified_at", "Seconds since 1970.")]
    }
}

/// `DELETE /api/v1/agent-builder/session/{session_id}`.
package struct SessionAgentRemoval: APIType {
    package enum State: String, APIEnum {
        case removed
        case notFound = "not_found"
    }

    package var status: State
    package var sessionID: String
    package var message: String

    package init(status: State, sessionID: String, message: String) {
        self.status = status
        self.sessionID = sessionID
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case sessionID = "session_id"
    }
}

/// `GET /api/v1/agent-builder/sessions`: every session agent, most recently changed session first.
package struct AgentBuilderSessions: APIType {
    /// One session agent.
    package struct Entry: APIType {
        package var sessionID: String
        @Nullable package var agentName: String?
        package var toolsCount: Int
        @Nullable package var createdAt: Double?
        @Nullable package var modifiedAt: Double?

        package init(sessionID: String, agentName: String?, toolsCount: Int, createdAt: Double?, modifiedAt: Double?) {
            self.sessionID = sessionID
            self.agentName = agentName
            self.toolsCount = toolsCount
            self.createdAt = createdAt
            self.modifiedAt = modifiedAt
        }

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case agentName = "agent_name"
            case toolsCount = "tools_count"
            case createdAt = "created_at"
            case modifiedAt = "modified_at"
        }

        package static var schemaName: String { "AgentBuilderSession" }
        package static var fields: [APIField<Self>] {
            [
                .field("session_id", "`<session id>:<agent name>`.", example: "demo-session-1:Bob"),
                .field("tools_count", \.toolsCount, minimum: 0), .field("created_at", "Seconds since 1970."),
                .field("modified_at", "Seconds since 1970."),
            ]
        }
    }

    package var status = Success.success
    package var total: Int
    package var sessions: [Entry]

    package init(sessions: [Entry]) {
        self.total = sessions.count
        self.sessions = sessions
    }

    package static var fields: [APIField<Self>] { [.field("total", \.total, minimum: 0)] }
}
