import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Tools declared in YAML that call an HTTP endpoint, so users add tools without writing Swift.
///
/// ```yaml
/// name: lookup_order
/// description: Look up an order by its number.
/// url: https://orders.example.com/api/lookup
/// method: POST                      # GET sends the arguments as query parameters
/// timeout_ms: 3000                  # at most 30000
/// headers: {Authorization: "Bearer ${ORDERS_TOKEN}"}   # ${VAR} comes from the environment
/// parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
/// ```
/// Guarded: the host must be listed in `SB_WEBHOOK_ALLOWED_HOSTS`, the answer may be at most
/// `maxResponseBytes`, and a slow endpoint fails the tool (not the turn) after its time-out.
package struct WebhookTools: Sendable {
    package var allowedHosts: Set<String>
    package var maxResponseBytes: Int
    package var environment: EnvironmentReader
    let client: HTTPClient

    package init(allowedHosts: Set<String>, maxResponseBytes: Int = 64 * 1024, environment: EnvironmentReader, client: HTTPClient) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.maxResponseBytes = maxResponseBytes
        self.environment = environment
        self.client = client
    }

    /// Reads every `*.yaml` in `directory` (none if it does not exist). Blocking: call at start.
    package func load(directory: String) throws -> [ToolDefinition] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            let path = directory + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return try self.tool(from: try YAMLTree.parse(text), source: path)
        }
    }

    /// Builds one tool from its YAML tree.
    package func tool(from tree: JSONValue, source: String) throws -> ToolDefinition {
        func fail(_ problem: String) -> AgentConfigurationError { AgentConfigurationError(source: source, problem: problem) }
        guard let name = tree["name"]?.string, name.firstMatch(of: /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/) != nil else {
            throw fail("a webhook tool needs a name of letters, digits and underscores")
        }
        guard let url = tree["url"]?.string, let parsed = URL(string: url), let host = parsed.host?.lowercased(),
            ["http", "https"].contains(parsed.scheme ?? "")
        else { throw fail("\(name): url must be an http or https URL") }
        let method = (tree["method"]?.string ?? "POST").uppercased()
        guard ["GET", "POST", "PUT", "PATCH"].contains(method) else { throw fail("\(name): method must be GET, POST, PUT or PATCH") }
        let timeout = min(max(tree["timeout_ms"]?.int ?? 5000, 100), 30_000)
        let headers = try (tree["headers"]?.object ?? [:]).mapValues { value -> String in
            guard let text = value.string else { throw fail("\(name): header values must be text") }
            return try self.expand(text, tool: name, source: source)
        }
        let parameters = tree["parameters"] ?? ["type": "object", "properties": .object([:])]
        let allowed = self.allowedHosts.contains(host)
        let client = self.client
        let limit = self.maxResponseBytes
        return ToolDefinition(
            name: name, description: tree["description"]?.string ?? "Calls \(host).", parameters: parameters,
            tags: (tree["tags"]?.array?.compactMap(\.string) ?? []) + ["webhook"]
        ) { arguments, context in
            guard allowed else {
                return ["success": false, "message": .string("webhook host \(host) is not in SB_WEBHOOK_ALLOWED_HOSTS")]
            }
            var request: HTTPClientRequest
            if method == "GET" {
                var components = URLComponents(string: url)
                let existing = components?.queryItems ?? []
                components?.queryItems =
                    existing
                    + arguments.sorted { $0.key < $1.key }.map {
                        URLQueryItem(name: $0.key, value: $0.value.string ?? $0.value.jsonText)
                    }
                request = HTTPClientRequest(url: components?.string ?? url)
            } else {
                request = HTTPClientRequest(url: url)
                request.headers.add(name: "Content-Type", value: "application/json")
                let body: JSONValue = [
                    "arguments": .object(arguments), "session_id": .string(context.sessionID), "agent": .string(context.agent),
                ]
                request.body = .bytes(ByteBuffer(string: body.jsonText))
            }
            request.method = HTTPMethod(rawValue: method)
            for (field, value) in headers { request.headers.add(name: field, value: value) }
            let response: HTTPClientResponse
            let collected: ByteBuffer
            do {
                response = try await client.execute(request, timeout: .milliseconds(Int64(timeout)))
                collected = try await response.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                return ["success": false, "message": .string("webhook answer is larger than \(limit) bytes")]
            } catch {
                return ["success": false, "message": .string("webhook did not answer in \(timeout) ms (\(error))")]
            }
            guard (200..<300).contains(Int(response.status.code)) else {
                return ["success": false, "message": .string("webhook answered \(response.status.code)")]
            }
            let text = String(buffer: collected)
            guard case .object(var object) = JSONValue(jsonText: text) ?? .string(text) else {
                return ["success": true, "text": .string(text)]
            }
            if object["success"] == nil { object["success"] = true }
            return .object(object)
        }
    }

    /// Replaces `${VAR}` with the environment's value; a missing variable is a configuration error.
    private func expand(_ text: String, tool: String, source: String) throws -> String {
        var result = text
        for match in text.matches(of: /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/) {
            let name = String(match.output.1)
            guard let value = self.environment.value(name) else {
                throw AgentConfigurationError(source: source, problem: "\(tool): header needs environment variable \(name)")
            }
            result = result.replacingOccurrences(of: String(match.output.0), with: value)
        }
        return result
    }
}
