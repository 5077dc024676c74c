import SwitchboardCore

/// One operation of the public API: the same value registers its handler on a router and
/// describes it in the OpenAPI document, so a route cannot be served undocumented or documented
/// without being served.
///
/// ```swift
/// routes.on(AgentsAPI.getAgent) { request, context in … }   // SwitchboardService's router extension
/// ```
package struct APIOperation: Sendable {
    /// The process whose router serves the operation; the gateway forwards the others' paths.
    package enum Owner: String, Sendable {
        case gateway, agents, metrics
        /// `/health`, `/ready` and `/metrics` of every service (documented for the gateway).
        case everyService
    }

    package var owner: Owner
    /// `GET`, `POST`, `PUT`, `DELETE` or `PATCH`; a WebSocket is a `GET`.
    package var method: String
    /// The path with `{name}` parameters, from the root: `/api/v1/agents/{agent_name}`.
    package var path: String
    package var id: String
    package var tag: String
    package var summary: String
    package var description: String?
    package var parameters: [APIParameter] = []
    package var body: APIBody?
    package var responses: [APIResponse] = []
    /// Problem answers besides the ones every operation has (500, and 503/504 behind the proxy).
    package var problems: [APIProblem] = []
    /// For WebSocket operations: the messages (`x-websocket`).
    package var webSocket: APIWebSocket?

    package var isWebSocket: Bool { self.webSocket != nil }

    /// The same operation under another path: the Python backend's `realtime` aliases.
    package func alias(path: String, id: String) -> APIOperation {
        var alias = self
        alias.path = path
        alias.id = id
        alias.summary += " (alias)"
        alias.description = (self.description.map { $0 + " " } ?? "") + "Alias of `\(self.path)` (docs/compatibility.md #5)."
        return alias
    }
}

/// A query or path parameter.
package struct APIParameter: Sendable {
    package enum Location: String, Sendable { case query, path, header }

    package var name: String
    package var location: Location
    package var required: Bool
    package var description: String
    package var schema: JSONValue
    package var example: JSONValue?

    package static func query(
        _ name: String, _ description: String, schema: JSONValue = ["type": "string"], required: Bool = false, example: JSONValue? = nil
    ) -> APIParameter {
        APIParameter(name: name, location: .query, required: required, description: description, schema: schema, example: example)
    }

    /// The `{session_id}` of the session-scoped routes.
    package static let sessionID = APIParameter.path(
        "session_id", "A session id.", schema: ["type": "string", "minLength": 1], example: "demo-session-1")

    package static func path(
        _ name: String, _ description: String, schema: JSONValue = ["type": "string"], example: JSONValue?
    )
        -> APIParameter
    {
        APIParameter(name: name, location: .path, required: true, description: description, schema: schema, example: example)
    }

    /// A request header the operation reads (optional).
    package static func header(_ name: String, _ description: String) -> APIParameter {
        APIParameter(name: name, location: .header, required: false, description: description, schema: ["type": "string"])
    }

    /// The integer limits of the schema, for handlers that read the parameter (``integer(_:)``).
    package var integerRange: ClosedRange<Int>? {
        guard let low = self.schema["minimum"]?.int, let high = self.schema["maximum"]?.int else { return nil }
        return low...high
    }
}

/// A request body: an ``APIType`` (or a schema written out), its media type and whether it is required.
package struct APIBody: Sendable {
    package var schema: APISchema
    package var required: Bool = true
    package var description: String?
    package var mediaType = "application/json"

    package static func json<T: APIType>(_ type: T.Type, description: String? = nil) -> APIBody {
        APIBody(schema: .type(T.self), description: description)
    }

    /// An HTML form (`application/x-www-form-urlencoded`) whose fields are `T`'s.
    package static func form<T: APIType>(_ type: T.Type) -> APIBody {
        APIBody(schema: .type(T.self), mediaType: "application/x-www-form-urlencoded")
    }
}

/// A successful answer: its status, and its body's media type and schema.
package struct APIResponse: Sendable {
    package var status: Int
    package var description: String
    /// Media types of the body (several when the body is one of them, all with `schema`).
    package var mediaTypes: [String] = []
    package var schema: APISchema?
    package var example: JSONValue?

    package init(status: Int, description: String, mediaType: String? = nil, schema: APISchema? = nil, example: JSONValue? = nil) {
        self.status = status
        self.description = description
        self.mediaTypes = mediaType.map { [$0] } ?? []
        self.schema = schema
        self.example = example
    }

    package init(status: Int, description: String, mediaTypes: [String], schema: APISchema) {
        self.status = status
        self.description = description
        self.mediaTypes = mediaTypes
        self.schema = schema
    }

    package static func json<T: APIType>(_ status: Int = 200, _ type: T.Type, _ description: String = "OK.") -> APIResponse {
        APIResponse(status: status, description: description, mediaType: "application/json", schema: .type(T.self))
    }

    package static func json(_ status: Int = 200, _ schema: APISchema, _ description: String = "OK.") -> APIResponse {
        APIResponse(status: status, description: description, mediaType: "application/json", schema: schema)
    }

    package static func text(_ status: Int = 200, _ mediaType: String, _ description: String, example: JSONValue? = nil) -> APIResponse {
        APIResponse(status: status, description: description, mediaType: mediaType, schema: .inline(["type": "string"]), example: example)
    }
}

/// A schema in the document: an ``APIType``'s (recorded) or one written inline.
package struct APISchema: Sendable {
    let record: @Sendable (JSONSchemaRecorder) throws -> JSONValue

    package static func type<T: APIType>(_ type: T.Type) -> APISchema {
        APISchema { try $0.reference(to: T.self) }
    }

    package static func inline(_ schema: JSONValue) -> APISchema {
        APISchema { _ in schema }
    }

    /// A JSON object whose fields are not (yet) typed.
    package static func object(_ description: String) -> APISchema {
        .inline(["type": "object", "description": .string(description)])
    }
}

/// A problem answer (`application/problem+json`, ``Problem``): its status and when it happens.
package struct APIProblem: Sendable {
    package var status: Int
    package var description: String

    package init(_ status: Int, _ description: String) {
        self.status = status
        self.description = description
    }

    package static let badRequest = APIProblem(
        400, "A semantically invalid request (unknown tool, agent or scenario; values out of range).")
    package static let notFound = APIProblem(404, "No such resource.")
    package static let contentTooLarge = APIProblem(
        413,
        "The request body is larger than the limit (gateway: `SB_MAX_BODY_BYTES`, 1 MiB by default; the endpoint's own limit is given in its description)."
    )
    package static let unprocessable = APIProblem(422, "The request breaks the schema: `errors[]` names every field.")
    package static let upgradeRequired = APIProblem(
        426, "A plain HTTP request on a WebSocket route: it must ask to upgrade (`Connection: Upgrade`, `Upgrade: websocket`).")
    package static let unauthorized = APIProblem(
        401,
        "With `ENABLE_AUTH_VALIDATION=true`: no Entra ID bearer token, or not a valid one (`WWW-Authenticate: Bearer error=\"invalid_token\"`)."
    )
    package static let forbidden = APIProblem(403, "With `SB_AUTH_WRITE_ROLE`: the token lacks that role (`insufficient_scope`).")
    package static let tooManyRequests = APIProblem(
        429, "The client's rate limit (`SB_RATE_LIMIT_RPS`, `SB_RATE_LIMIT_BURST`) is spent: `Retry-After` says when to come back.")
    package static let internalError = APIProblem(
        500, "An unexpected failure; the detail reveals nothing internal (the service log has it).")
    package static let serviceUnavailable = APIProblem(503, "The back-end service (agents or metrics) is down, or a dependency is.")
    package static let gatewayTimeout = APIProblem(
        504, "The back-end service did not answer within `SB_PROXY_TIMEOUT_MS` (30 s by default).")
}

/// The messages of a WebSocket operation (`x-websocket` in the document).
package struct APIWebSocket: Sendable {
    package var inbound: [APIMessage]
    package var outbound: [APIMessage]
    package var closeCodes: [String: String] = [:]
}

/// One kind of WebSocket message: `binary`, `text`, or `json` with its schema.
package struct APIMessage: Sendable {
    package var name: String
    package var format: String
    package var description: String
    package var schema: APISchema?

    package static func binary(_ name: String, _ description: String) -> APIMessage {
        APIMessage(name: name, format: "binary", description: description)
    }

    package static func text(_ name: String, _ description: String, schema: APISchema? = nil) -> APIMessage {
        APIMessage(name: name, format: "text", description: description, schema: schema)
    }

    package static func json(_ name: String, _ description: String, schema: APISchema) -> APIMessage {
        APIMessage(name: name, format: "json", description: description, schema: schema)
    }
}
