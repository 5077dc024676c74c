import Foundation
import SwitchboardCore

/// The OpenAPI 3.1 document of the gateway, generated from the operations (``APIRoutes/all``)
/// and the schemas of their ``APIType``s. `gateway --openapi` prints it; `/openapi.json` serves it.
package enum OpenAPIDocument {
    /// The document as JSON text: sorted keys, two-space indentation, a final newline.
    package static func text(_ operations: [APIOperation] = APIRoutes.all) throws -> String {
        try Self.build(operations).prettyText + "\n"
    }

    /// The document for `operations`.
    package static func build(_ operations: [APIOperation]) throws -> JSONValue {
        let recorder = JSONSchemaRecorder()
        let problem = try recorder.reference(to: Problem.self)
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.lowercased()] = try Self.operation(operation, recorder, problem)
        }
        return [
            "openapi": "3.1.0",
            "info": APIRoutes.info,
            "servers": [["url": "/", "description": "The gateway that serves this document."]],
            "tags": .array(APIRoutes.tags.map { ["name": .string($0.name), "description": .string($0.description)] }),
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": [
                "schemas": .object(recorder.components),
                "securitySchemes": [
                    "entraBearer": [
                        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                        "description": "An Entra ID access token for the API, needed when `ENABLE_AUTH_VALIDATION=true`.",
                    ]
                ],
            ],
        ]
    }

    private static func operation(_ operation: APIOperation, _ recorder: JSONSchemaRecorder, _ problem: JSONValue) throws -> JSONValue {
        var object: [String: JSONValue] = [
            "operationId": .string(operation.id), "tags": [.string(operation.tag)], "summary": .string(operation.summary),
        ]
        if let description = operation.description { object["description"] = .string(description) }
        if !operation.parameters.isEmpty {
            object["parameters"] = .array(
                operation.parameters.map { parameter in
                    var json: [String: JSONValue] = [
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "required": .bool(parameter.required), "description": .string(parameter.description),
                        "schema": parameter.schema,
                    ]
                    if let example = parameter.example { json["example"] = example }
                    return .object(json)
                })
        }
        if let body = operation.body {
            var json: [String: JSONValue] = [
                "required": .bool(body.required), "content": [body.mediaType: ["schema": try body.schema.record(recorder)]],
            ]
            if let description = body.description { json["description"] = .string(description) }
            object["requestBody"] = .object(json)
        }
        if operation.owner == .agents || operation.owner == .metrics { object["x-backend"] = .string(operation.owner.rawValue) }
        var responses: [String: JSONValue] = [:]
        for response in operation.responses {
            var json: [String: JSONValue] = ["description": .string(response.description)]
            if let schema = response.schema, !response.mediaTypes.isEmpty {
                var content: [String: JSONValue] = ["schema": try schema.record(recorder)]
                if let example = response.example { content["example"] = example }
                json["content"] = .object(Dictionary(uniqueKeysWithValues: response.mediaTypes.map { ($0, .object(content)) }))
            }
            responses[String(response.status)] = .object(json)
        }
        for answer in Self.problems(of: operation) {
            var json: [String: JSONValue] = [
                "description": .string(answer.description), "content": ["application/problem+json": ["schema": problem]],
            ]
            if answer.status == 429 {
                json["headers"] = ["Retry-After": ["description": "Seconds to wait.", "schema": ["type": "integer", "minimum": 1]]]
            }
            responses[String(answer.status)] = .object(json)
        }
        object["responses"] = .object(responses)
        // A token when authentication is on; none when it is off (the default).
        if EdgeRoute(path: operation.path) == .api { object["security"] = [["entraBearer": []], [:]] }
        if let socket = operation.webSocket { object["x-websocket"] = try Self.webSocket(socket, recorder) }
        return .object(object)
    }

    /// The operation's own problems; 401, 403 (writes) and 429 where the edge checks tokens and
    /// rate limits; 503/504 for proxied operations and 500 for all.
    static func problems(of operation: APIOperation) -> [APIProblem] {
        var problems = operation.problems
        if EdgeRoute(path: operation.path) == .api && !operation.isWebSocket {
            problems.append(.unauthorized)
            if !["GET", "HEAD", "OPTIONS"].contains(operation.method.uppercased()) { problems.append(.forbidden) }
            problems.append(.tooManyRequests)
        }
        if operation.owner == .agents || operation.owner == .metrics { problems += [.serviceUnavailable, .gatewayTimeout] }
        if operation.isWebSocket { problems.append(.upgradeRequired) }
        problems.append(.internalError)
        var seen = Set<Int>()
        return problems.filter { seen.insert($0.status).inserted }
    }

    private static func webSocket(_ socket: APIWebSocket, _ recorder: JSONSchemaRecorder) throws -> JSONValue {
        func messages(_ list: [APIMessage]) throws -> JSONValue {
            .array(
                try list.map { message in
                    var json: [String: JSONValue] = [
                        "name": .string(message.name), "format": .string(message.format), "description": .string(message.description),
                    ]
                    if let schema = message.schema { json["schema"] = try schema.record(recorder) }
                    return .object(json)
                })
        }
        var json: [String: JSONValue] = ["inbound": try messages(socket.inbound), "outbound": try messages(socket.outbound)]
        if !socket.closeCodes.isEmpty { json["closeCodes"] = .object(socket.closeCodes.mapValues(JSONValue.string)) }
        return .object(json)
    }
}

extension JSONValue {
    /// Indented JSON text with sorted keys, for documents people read and diff.
    package var prettyText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }
}
