import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Testing

@Suite("Webhook tools declared in YAML")
struct WebhookToolsTests {
    /// A live HTTP endpoint: echoes arguments, answers slowly, too much, or with an error.
    private func withEndpoint(_ body: @Sendable (Int, HTTPClient) async throws -> Void) async throws {
        let router = Router()
        router.post("echo") { request, _ -> Response in
            let received = JSONValue(jsonText: String(buffer: try await request.body.collect(upTo: 65536))) ?? .null
            let auth = request.headers[.authorization] ?? ""
            let answer: JSONValue = ["order": received["arguments"]?["order_id"] ?? nil, "status": "shipped", "auth": .string(auth)]
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer.jsonText)))
        }
        router.get("query") { request, _ in "order \(request.uri.queryParameters["order_id"] ?? "?")" }
        router.post("slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(2))
            return "late"
        }
        router.post("big") { _, _ in String(repeating: "x", count: 200_000) }
        router.post("fail") { _, _ -> Response in Response(status: .internalServerError) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do { try await body(try #require(client.port), http) } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    private func tool(_ yaml: String, hosts: Set<String> = ["127.0.0.1"], client: HTTPClient) throws -> ToolDefinition {
        let webhooks = WebhookTools(
            allowedHosts: hosts, maxResponseBytes: 64 * 1024, environment: EnvironmentReader(["ORDERS_TOKEN": "t0k"]), client: client)
        return try webhooks.tool(from: try YAMLTree.parse(yaml), source: "test.yaml")
    }

    private func run(_ tool: ToolDefinition, _ arguments: [String: JSONValue]) async throws -> JSONValue {
        let redis = try RedisClient(configuration: RedisTesting.configuration(port: 1), logger: Logger(label: "unused"))
        defer { redis.close() }
        return try await tool.executor(arguments, ToolContext(sessionID: "s1", agent: "Concierge", values: [:], redis: redis))
    }

    @Test func aPostWebhookGetsTheArgumentsAndHeadersFromTheEnvironment() async throws {
        try await self.withEndpoint { port, client in
            let tool = try self.tool(
                """
                name: order_status
                url: http://127.0.0.1:\(port)/echo
                headers: {Authorization: "Bearer ${ORDERS_TOKEN}"}
                parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
                """, client: client)
            #expect(tool.parameters["required"] == ["order_id"])
            let result = try await self.run(tool, ["order_id": "A-17"])
            #expect(result == ["order": "A-17", "status": "shipped", "auth": "Bearer t0k", "success": true])
        }
    }

    @Test func aGetWebhookSendsArgumentsAsQueryParameters() async throws {
        try await self.withEndpoint { port, client in
            let tool = try self.tool("name: lookup\nmethod: GET\nurl: http://127.0.0.1:\(port)/query", client: client)
            #expect(try await self.run(tool, ["order_id": "B-2"]) == ["success": true, "text": "order B-2"])
        }
    }

    @Test func guardsRefuseHostsSlownessSizeAndErrors() async throws {
        try await self.withEndpoint { port, client in
            let elsewhere = try self.tool("name: t\nurl: http://127.0.0.1:\(port)/echo", hosts: ["api.example.com"], client: client)
            #expect(try await self.run(elsewhere, [:])["message"]?.string?.contains("not in SB_WEBHOOK_ALLOWED_HOSTS") == true)
            let slow = try self.tool("name: t\ntimeout_ms: 200\nurl: http://127.0.0.1:\(port)/slow", client: client)
            #expect(try await self.run(slow, [:])["success"] == false)
            let big = try self.tool("name: t\nurl: http://127.0.0.1:\(port)/big", client: client)
            #expect(try await self.run(big, [:])["message"]?.string?.contains("larger than") == true)
            let failing = try self.tool("name: t\nurl: http://127.0.0.1:\(port)/fail", client: client)
            #expect(try await self.run(failing, [:])["message"] == "webhook answered 500")
        }
    }

    @Test func badDeclarationsAreConfigurationErrors() throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { try? client.syncShutdown() }
        #expect(throws: AgentConfigurationError.self) { try self.tool("name: t\nurl: ftp://x", client: client) }
        #expect(throws: AgentConfigurationError.self) { try self.tool("name: bad-name\nurl: http://x", client: client) }
        #expect(throws: AgentConfigurationError.self) {
            try self.tool("name: t\nurl: http://x\nheaders: {A: \"${MISSING_VAR}\"}", client: client)
        }
    }
}
