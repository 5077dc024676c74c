import SwitchboardCore

/// One message of a conversation, in the shape of OpenAI chat completions, plus the agent that
/// produced or received it (kept in history so each agent has its own thread).
package struct ChatMessage: Sendable, Hashable, Codable {
    package enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, tool
    }

    package var role: Role
    package var content: String?
    package var toolCalls: [ToolCall]?
    package var toolCallID: String?
    /// The tool's name, on tool messages.
    package var name: String?
    package var agent: String?

    package init(
        role: Role, content: String?, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil, name: String? = nil, agent: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
        self.agent = agent
    }

    enum CodingKeys: String, CodingKey {
        case role, content, name, agent
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    package static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    package static func user(_ text: String, agent: String? = nil) -> ChatMessage { ChatMessage(role: .user, content: text, agent: agent) }
    package static func assistant(_ text: String, agent: String? = nil) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, agent: agent)
    }
}

/// A function call the model asked for; `arguments` is JSON text, as the wire carries it.
package struct ToolCall: Sendable, Hashable, Codable {
    package var id: String
    package var name: String
    package var arguments: String

    package init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed; an empty object when they are not a JSON object.
    package var argumentValues: [String: JSONValue] {
        JSONValue(jsonText: self.arguments)?.object ?? [:]
    }
}

/// A tool offered to the model: name, description and JSON-schema parameters.
package struct ToolSpec: Sendable, Hashable {
    package var name: String
    package var description: String
    package var parameters: JSONValue
}

/// What a language model is asked for one round of a turn.
package struct ChatRequest: Sendable {
    package var agent: AgentDefinition
    package var messages: [ChatMessage]
    package var tools: [ToolSpec]
    /// Session values (client id, caller name, hand-off reason…): the scripted engine reads them;
    /// a real model sees them through the rendered system prompt.
    package var context: [String: JSONValue]

    package init(agent: AgentDefinition, messages: [ChatMessage], tools: [ToolSpec], context: [String: JSONValue]) {
        self.agent = agent
        self.messages = messages
        self.tools = tools
        self.context = context
    }
}

/// A piece of a streamed answer.
package enum ChatDelta: Sendable, Hashable {
    case text(String)
    /// Part of a tool call; fragments with the same index belong to one call.
    case toolCall(index: Int, id: String?, name: String?, arguments: String)
    case usage(promptTokens: Int, completionTokens: Int)
}

/// A language model: turns a conversation into streamed text, tool-call fragments and usage.
///
/// Implementations: ``ScriptedLanguageModel`` (offline, deterministic, the default) and
/// ``OpenAIChatModel`` (OpenAI-compatible chat completions: Azure OpenAI, OpenAI, Ollama, vLLM).
package protocol LanguageModel: Sendable {
    /// Streams the answer to `request`, handing each piece to `onDelta` as it arrives.
    func respond(to request: ChatRequest, onDelta: (ChatDelta) async throws -> Void) async throws
}
