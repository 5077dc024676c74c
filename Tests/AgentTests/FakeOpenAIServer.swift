import Foundation
import Hummingbird
import SwitchboardCore
import Synchronization

/// A local stand-in for an OpenAI-compatible chat completions server. It speaks the documented
/// wire format — `POST /v1/chat/completions` with `stream: true`, answered as `text/event-stream`
/// chunks `data: {"choices":[{"delta":…}]}` ending in `data: [DONE]`, tool-call arguments split
/// across many deltas, usage in the last chunk — and plays a bank's lost-card conversation by
/// looking at the offered tools, the caller's words and the latest tool result.
struct FakeOpenAIServer: Sendable {
    /// Requests seen, for assertions (headers and bodies).
    final class Log: Sendable {
        private let box = Mutex<[(headers: [String: String], body: JSONValue)]>([])
        var requests: [(headers: [String: String], body: JSONValue)] { self.box.withLock { $0 } }
        func append(_ headers: [String: String], _ body: JSONValue) { self.box.withLock { $0.append((headers, body)) } }
        /// Answer the next this-many requests with 429 before answering normally.
        let busy = Mutex<Int>(0)
    }

    let log = Log()

    var router: Router<BasicRequestContext> {
        let router = Router()
        let log = self.log
        router.post("v1/chat/completions") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let body = JSONValue(jsonText: String(buffer: try await request.body.collect(upTo: 1 << 20))) ?? .null
            log.append(headers, body)
            let busy = log.busy.withLock { value -> Bool in
                defer { value = max(0, value - 1) }
                return value > 0
            }
            if busy {
                return Response(
                    status: .tooManyRequests, headers: [.contentType: "application/json", .retryAfter: "0"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"Rate limit reached","type":"rate_limit"}}"#)))
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: Self.events(for: body).joined())))
        }
        return router
    }

    /// Decides the answer like a model would for this conversation, then frames it as SSE.
    static func events(for body: JSONValue) -> [String] {
        let messages = body["messages"]?.array ?? []
        let tools = Set((body["tools"]?.array ?? []).compactMap { $0["function"]?["name"]?.string })
        let user = messages.last { $0["role"]?.string == "user" }?["content"]?.string?.lowercased() ?? ""
        let last = messages.last
        if last?["role"]?.string == "tool" {
            let result = JSONValue(jsonText: last?["content"]?.string ?? "") ?? .null
            switch last?["name"]?.string {
            case "verify_client_identity":
                return self.call("handoff_fraud_agent", ["client_id": result["client_id"] ?? "", "reason": "lost card"])
            case "block_card_emergency":
                return self.say("Your card ending in \(result["card_last4"]?.string ?? "?") is blocked. Shall I send a replacement?")
            case "ship_replacement_card":
                return self.say("Your new card arrives in \(result["delivery_days"]?.string ?? "?") business days.")
            default:
                return self.say("Done.")
            }
        }
        if user.contains("lost"), tools.contains("handoff_to_auth") { return self.call("handoff_to_auth", ["reason": "lost card"]) }
        if user.contains("lost") { return self.say("") }  // a specialist who just greeted has nothing to add
        if user.contains("name"), tools.contains("verify_client_identity") {
            return self.call("verify_client_identity", ["full_name": "Jane Doe", "ssn_last_4": "1234"])
        }
        if user.contains("name") { return self.say("") }
        if user.contains("block"), tools.contains("block_card_emergency") {
            return self.call("block_card_emergency", ["client_id": "CLT-1001", "reason": "lost"])
        }
        if user.contains("replacement"), tools.contains("ship_replacement_card") {
            return self.call("ship_replacement_card", ["client_id": "CLT-1001", "expedited": true])
        }
        return self.say("How can I help?")
    }

    /// Text streamed a few words per chunk.
    static func say(_ text: String) -> [String] {
        var chunks = [self.chunk(["role": "assistant", "content": ""])]
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        while !words.isEmpty {
            let piece = words.prefix(3).joined(separator: " ")
            words.removeFirst(min(3, words.count))
            chunks.append(self.chunk(["content": .string(piece + (words.isEmpty ? "" : " "))]))
        }
        return chunks + self.finish("stop")
    }

    /// A tool call whose JSON arguments arrive five characters at a time, as real servers split them.
    static func call(_ name: String, _ arguments: [String: JSONValue]) -> [String] {
        let text = JSONValue.object(arguments).jsonText
        var chunks = [
            self.chunk([
                "role": "assistant", "content": nil,
                "tool_calls": [
                    ["index": 0, "id": .string("call_\(name)"), "type": "function", "function": ["name": .string(name), "arguments": ""]]
                ],
            ])
        ]
        var rest = Substring(text)
        while !rest.isEmpty {
            let piece = rest.prefix(5)
            rest = rest.dropFirst(5)
            chunks.append(self.chunk(["tool_calls": [["index": 0, "function": ["arguments": .string(String(piece))]]]]))
        }
        return chunks + self.finish("tool_calls")
    }

    static func chunk(_ delta: JSONValue, finish: String? = nil) -> String {
        let event: JSONValue = [
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_790_000_000, "model": "gpt-4o",
            "choices": [["index": 0, "delta": delta, "finish_reason": finish.map(JSONValue.string) ?? nil]],
        ]
        return "data: \(event.jsonText)\n\n"
    }

    static func finish(_ reason: String) -> [String] {
        let usage: JSONValue = [
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_790_000_000, "model": "gpt-4o", "choices": [],
            "usage": ["prompt_tokens": 120, "completion_tokens": 12, "total_tokens": 132],
        ]
        return [self.chunk(.object([:]), finish: reason), "data: \(usage.jsonText)\n\n", "data: [DONE]\n\n"]
    }
}
