import SwitchboardCore
import SwitchboardRedis

/// What a tool's executor knows about the call: the session, the agent, the session's values.
package struct ToolContext: Sendable {
    package var sessionID: String
    package var agent: String
    /// Session values (client id, caller name…) gathered so far.
    package var values: [String: JSONValue]
    package var redis: RedisClient

    package init(sessionID: String, agent: String, values: [String: JSONValue], redis: RedisClient) {
        self.sessionID = sessionID
        self.agent = agent
        self.values = values
        self.redis = redis
    }
}

/// A tool agents can call: its schema for the model, and the code that runs it.
///
/// An executor returns a JSON object. By convention `success: false` marks a failure, a `slots`
/// object is merged into the session's values, and hand-off tools return `handoff: true`.
package struct ToolDefinition: Sendable {
    package typealias Executor = @Sendable (_ arguments: [String: JSONValue], _ context: ToolContext) async throws -> JSONValue

    package var name: String
    package var description: String
    /// JSON schema of the arguments.
    package var parameters: JSONValue
    package var isHandoff: Bool
    package var tags: [String]
    package var executor: Executor

    package init(
        name: String, description: String, parameters: JSONValue, isHandoff: Bool = false, tags: [String] = [],
        executor: @escaping Executor
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.isHandoff = isHandoff
        self.tags = tags
        self.executor = executor
    }

    package var spec: ToolSpec { ToolSpec(name: self.name, description: self.description, parameters: self.parameters) }

    /// A JSON schema object with the given properties (`name: (type, description)`) and required names.
    package static func schema(_ properties: [String: (String, String)], required: [String] = []) -> JSONValue {
        .object([
            "type": "object",
            "properties": .object(properties.mapValues { .object(["type": .string($0.0), "description": .string($0.1)]) }),
            "required": .array(required.map(JSONValue.string)),
        ])
    }
}

/// Every tool by name. Built once per process from the demo tools, the hand-off tools and the
/// webhook tools declared in YAML.
package struct ToolRegistry: Sendable {
    package private(set) var tools: [String: ToolDefinition] = [:]

    package init(_ tools: [ToolDefinition] = []) {
        for tool in tools { self.register(tool) }
    }

    /// Adds a tool; a later registration of the same name replaces the earlier one.
    package mutating func register(_ tool: ToolDefinition) {
        self.tools[tool.name] = tool
    }

    package subscript(name: String) -> ToolDefinition? { self.tools[name] }

    /// Names that are not registered, for validating agent definitions.
    package func unknown(_ names: [String]) -> [String] {
        names.filter { self.tools[$0] == nil }
    }

    /// All tools, non-hand-off first, then by name (the builder's listing order).
    package var sorted: [ToolDefinition] {
        self.tools.values.sorted { ($0.isHandoff ? 1 : 0, $0.name) < ($1.isHandoff ? 1 : 0, $1.name) }
    }
}
