import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// OpenAI-compatible chat completions with streaming (SSE): Azure OpenAI deployments (`api-key`),
/// OpenAI, Ollama, vLLM (`Authorization: Bearer`).
///
/// Tool-call fragments are passed on by index for ``ToolCallAccumulator``; usage comes from the
/// final chunk (`stream_options.include_usage`). 429 and 5xx answers are retried with backoff
/// (honouring `Retry-After`) as long as nothing has been streamed yet.
package struct OpenAIChatModel: LanguageModel {
    /// Where to send requests.
    package typealias Endpoint = OpenAIEndpoint

    let endpoint: Endpoint
    let authorization: ServiceAuthorization
    let client: HTTPClient
    let timeout: Duration
    let maxRetries: Int
    let logger: Logger

    /// `authorization`: the endpoint's key unless given (Entra ID tokens for a keyless Azure endpoint).
    package init(
        endpoint: Endpoint, authorization: ServiceAuthorization? = nil, client: HTTPClient, timeout: Duration = .seconds(60),
        maxRetries: Int = 3, logger: Logger
    ) {
        self.endpoint = endpoint
        self.authorization = authorization ?? endpoint.authorization.map { .header($0.name, $0.value) } ?? .none
        self.client = client
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.logger = logger
    }

    package func respond(to request: ChatRequest, onDelta: (ChatDelta) async throws -> Void) async throws {
        let model = self.endpoint.model ?? request.agent.cascadeModel.deploymentID
        var http = HTTPClientRequest(url: self.endpoint.url(model: model, operation: "chat/completions"))
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "text/event-stream")
        if let (name, value) = try await self.authorization.header() { http.headers.add(name: name, value: value) }
        let body = Self.body(request, model: model)
        var attempt = 0
        while true {
            http.body = .bytes(ByteBuffer(string: body.jsonText))
            let response = try await self.client.execute(http, timeout: TimeAmount(self.timeout))
            let status = response.status.code
            if status == 200 {
                try await self.readEvents(response, onDelta: onDelta)
                return
            }
            let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            guard (status == 429 || status >= 500) && attempt < self.maxRetries else {
                throw LanguageModelError(status: Int(status), message: Self.errorMessage(text))
            }
            attempt += 1
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Double.init).map {
                Duration.milliseconds(Int64($0 * 1000))
            }
            let backoff = retryAfter ?? .milliseconds(250 * (1 << (attempt - 1)))
            self.logger.warning("language model busy; retrying", metadata: ["http.status": "\(status)", "retry.attempt": "\(attempt)"])
            try await Task.sleep(for: min(backoff, .seconds(10)))
        }
    }

    /// Reads `data: {...}` lines up to `data: [DONE]`.
    private func readEvents(_ response: HTTPClientResponse, onDelta: (ChatDelta) async throws -> Void) async throws {
        var pending = ""
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
                pending = String(pending[pending.index(after: newline)...])
                guard line.hasPrefix("data:") else { continue }
                let payload = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                if payload == "[DONE]" { return }
                guard let event = JSONValue(jsonText: payload) else { continue }
                for delta in Self.deltas(event) { try await onDelta(delta) }
            }
        }
    }

    static func deltas(_ event: JSONValue) -> [ChatDelta] {
        var deltas: [ChatDelta] = []
        if let choice = event["choices"]?.array?.first, let delta = choice["delta"] {
            if let text = delta["content"]?.string, !text.isEmpty { deltas.append(.text(text)) }
            for call in delta["tool_calls"]?.array ?? [] {
                deltas.append(
                    .toolCall(
                        index: call["index"]?.int ?? 0, id: call["id"]?.string, name: call["function"]?["name"]?.string,
                        arguments: call["function"]?["arguments"]?.string ?? ""))
            }
        }
        if let usage = event["usage"], usage.object != nil {
            deltas.append(.usage(promptTokens: usage["prompt_tokens"]?.int ?? 0, completionTokens: usage["completion_tokens"]?.int ?? 0))
        }
        return deltas
    }

    static func body(_ request: ChatRequest, model: String) -> JSONValue {
        let messages: [JSONValue] = request.messages.map { message in
            var object: [String: JSONValue] = ["role": .string(message.role.rawValue)]
            object["content"] = message.content.map(JSONValue.string) ?? .null
            if let calls = message.toolCalls {
                object["tool_calls"] = .array(
                    calls.map {
                        [
                            "id": .string($0.id), "type": "function",
                            "function": ["name": .string($0.name), "arguments": .string($0.arguments)],
                        ]
                    })
            }
            if let id = message.toolCallID { object["tool_call_id"] = .string(id) }
            if message.role == .tool, let name = message.name { object["name"] = .string(name) }
            return .object(object)
        }
        let parameters = request.agent.cascadeModel
        var body: [String: JSONValue] = [
            "model": .string(model), "messages": .array(messages), "stream": true, "stream_options": ["include_usage": true],
            "temperature": .number(parameters.temperature), "top_p": .number(parameters.topP),
            "max_tokens": .number(Double(parameters.maxTokens)),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map {
                    [
                        "type": "function",
                        "function": ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters],
                    ]
                })
            body["tool_choice"] = "auto"
        }
        return .object(body)
    }

    private static func errorMessage(_ text: String) -> String {
        JSONValue(jsonText: text)?["error"]?["message"]?.string ?? String(text.prefix(300))
    }
}

/// The language model answered with an error status.
package struct LanguageModelError: Error, CustomStringConvertible, Sendable {
    package var status: Int
    package var message: String
    package var description: String { "language model error \(self.status): \(self.message)" }
}
