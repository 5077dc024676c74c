import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService
import SwitchboardTestSupport
import Testing

@testable import gateway

@Suite("Gateway routes", .serialized)
struct GatewayRouterTests {
    /// Builds the gateway's real router on a private Redis, with back-ends at `agentsURL`/`metricsURL`.
    private func withGateway(
        agentsURL: String = "http://127.0.0.1:1",
        metricsURL: String = "http://127.0.0.1:1",
        _ body: @Sendable (any TestClientProtocol, WorkerRegistry, RedisServerProcess) async throws -> Void
    ) async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.stop() }
        var environment = EnvironmentReader([
            "REDIS_PORT": String(server.port), "SB_AGENTS_URL": agentsURL, "SB_METRICS_URL": metricsURL,
            "SB_REDIS_MAX_BACKOFF_MS": "100",
        ])
        let settings = GatewaySettings(environment: &environment)
        try environment.validate()
        let redis = try RedisClient(configuration: settings.service.redis, logger: RedisTesting.logger)
        defer { redis.close() }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let workers = WorkerRegistry(redis: redis)
        let router = try buildRouter(
            settings, redis: redis, httpClient: httpClient, workers: workers, metrics: PrometheusCollectorRegistry(),
            logger: Logger(label: "test"))
        let app = Application(router: router)
        do {
            try await app.test(.router) { client in try await body(client, workers, server) }
        } catch {
            try await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    private func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    private func check(_ body: [String: Any], _ component: String) -> [String: Any]? {
        (body["checks"] as? [[String: Any]])?.first { $0["component"] as? String == component }
    }

    @Test func healthAnswersInTheReferenceShape() async throws {
        try await self.withGateway { client, _, _ in
            try await client.execute(uri: "/api/v1/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try self.json(response)
                #expect(body["status"] as? String == "healthy")
                #expect(body["message"] as? String == "Real-Time Audio Agent API v1 is running")
                #expect((body["details"] as? [String: String])?["api_version"] == "v1")
                #expect(body.keys.contains("active_sessions"))
                #expect(body["timestamp"] is Double)
            }
        }
    }

    @Test func readinessNamesEveryCheckAndCountsLiveWorkers() async throws {
        try await self.withGateway { client, workers, _ in
            try await client.execute(uri: "/api/v1/readiness", method: .get) { response in
                let body = try self.json(response)
                #expect(response.status == .ok)  // degraded, not every check failed
                #expect(body["status"] as? String == "degraded")
                let components = (body["checks"] as? [[String: Any]])?.compactMap { $0["component"] as? String }
                #expect(components == ["redis", "media_workers", "agents_service", "metrics_service", "speech_services"])
                #expect(self.check(body, "redis")?["status"] as? String == "healthy")
                #expect(self.check(body, "media_workers")?["status"] as? String == "unhealthy")
                #expect(self.check(body, "agents_service")?["status"] as? String == "unhealthy")
                #expect(self.check(body, "speech_services")?["details"] as? String == "stt=whisper, tts=flite, llm=scripted")
            }
            try await workers.announce(WorkerInfo(id: "m1", url: "http://127.0.0.1:9", capacity: 5), ttl: .seconds(5))
            try await workers.announce(WorkerInfo(id: "m2", url: "http://127.0.0.1:9", capacity: 5), ttl: .seconds(5))
            try await client.execute(uri: "/api/v1/readiness", method: .get) { response in
                let body = try self.json(response)
                #expect(self.check(body, "media_workers")?["status"] as? String == "healthy")
                #expect(self.check(body, "media_workers")?["details"] as? String == "2 live workers: m1, m2")
            }
        }
    }

    @Test func readinessReportsRedisDownAndRecoversWithoutARestart() async throws {
        try await self.withGateway { client, _, server in
            server.stop()
            try await client.execute(uri: "/api/v1/readiness", method: .get) { response in
                let body = try self.json(response)
                #expect(self.check(body, "redis")?["status"] as? String == "unhealthy")
                #expect((self.check(body, "redis")?["error"] as? String)?.contains("refused") == true)
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await server.start()
            try await Task.sleep(for: .milliseconds(300))
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func unknownRoutesGetProblemJSON() async throws {
        try await self.withGateway { client, _, _ in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try self.json(response)
                #expect(body["status"] as? Int == 404)
                #expect(body["title"] as? String == "Not Found")
                #expect(body["instance"] as? String == "/api/v1/nothing-here")
            }
        }
    }

    @Test func aDownBackendGives503ProblemJSON() async throws {
        let closed = try RedisServerProcess.freePort()
        try await self.withGateway(agentsURL: "http://127.0.0.1:\(closed)") { client, _, _ in
            try await client.execute(uri: "/api/v1/agents?include_state=true", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try self.json(response)
                #expect(body["detail"] as? String == "The agents service is unavailable.")
            }
        }
    }

    @Test func proxiedRequestsKeepMethodPathQueryAndBody() async throws {
        // A real HTTP back-end that echoes what it received.
        let backend = Router()
        backend.post("api/v1/agent-builder/create") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let echo = "\(request.method.rawValue) \(request.uri.string) \(String(buffer: body))"
            return Response(
                status: .created, headers: [.contentType: "text/plain", .init("X-Backend")!: "agents"],
                body: .init(byteBuffer: ByteBuffer(string: echo)))
        }
        let backendApp = Application(router: backend, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await backendApp.test(.live) { backendClient in
            let port = try #require(backendClient.port)
            try await self.withGateway(agentsURL: "http://127.0.0.1:\(port)") { client, _, _ in
                try await client.execute(
                    uri: "/api/v1/agent-builder/create?session_id=s1", method: .post,
                    headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"name":"Bob"}"#)
                ) { response in
                    #expect(response.status == .created)
                    #expect(response.headers[.init("X-Backend")!] == "agents")
                    #expect(String(buffer: response.body) == #"POST /api/v1/agent-builder/create?session_id=s1 {"name":"Bob"}"#)
                }
            }
        }
    }

    @Test func anOversizedBodyIsRefusedWith413() async throws {
        try await self.withGateway { client, _, _ in
            let big = ByteBuffer(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1)
            try await client.execute(uri: "/api/v1/agent-builder/create", method: .post, body: big) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
