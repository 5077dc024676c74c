import AsyncHTTPClient
import Foundation
import Hummingbird
import Prometheus
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService
import SwitchboardTestSupport
import Testing

@testable import agents
@testable import gateway
@testable import metrics

/// The routers of the three HTTP services against the operations of ``APIRoutes``: what a router
/// serves is documented, and what is documented is served (by the gateway, or behind its proxy).
@Suite("Route table")
struct RouteTableTests {
    /// `METHOD /path` with every parameter written `{}`.
    private static func route(_ method: String, _ path: String) -> String {
        let components = path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }
        return "\(method) /" + components.joined(separator: "/")
    }

    private static func routes(of router: Router<some RequestContext>) -> Set<String> {
        Set(router.routes.map { Self.route($0.method.rawValue, $0.path.description) })
    }

    private static func documented(_ operations: [APIOperation]) -> Set<String> {
        Set(operations.map { Self.route($0.method, $0.path) })
    }

    private static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    private func withRedis<T>(_ body: (RedisClient) async throws -> T) async throws -> T {
        let redis = try RedisClient(
            configuration: RedisTesting.configuration(port: try await RedisTesting.sharedPort()), logger: RedisTesting.logger)
        defer { redis.close() }
        return try await body(redis)
    }

    @Test func theGatewayServesItsOwnOperationsAndProxiesTheOthers() async throws {
        var environment = EnvironmentReader(["REDIS_PORT": String(try await RedisTesting.sharedPort())])
        let settings = GatewaySettings(environment: &environment)
        let (router, services) = try gateway.buildGateway(settings, logger: RedisTesting.logger, metrics: PrometheusCollectorRegistry())
        for case let owner as HTTPClientService in services { try await owner.client.shutdown() }
        for case let redis as RedisClient in services { redis.close() }
        let served = Self.routes(of: router)
        // The proxy: `prefix` and `prefix/**` for every method, per agents or metrics prefix.
        let stems = Set(served.filter { $0.hasSuffix("/**") }.map { String($0.dropLast(3)) })
        let own = served.filter { !$0.hasSuffix("/**") && !stems.contains($0) }
        #expect(own == Self.documented(APIRoutes.registered(by: .gateway)))
        // Every agents and metrics operation is under a prefix the gateway forwards, for its method.
        for operation in AgentsAPI.all + MetricsAPI.all {
            let route = Self.route(operation.method, operation.path)
            let forwarded = stems.contains { route == $0 || route.hasPrefix($0 + "/") }
            #expect(forwarded, "the gateway does not forward \(route)")
        }
    }

    @Test func theAgentsServiceServesExactlyItsOperations() async throws {
        try await self.withRedis { redis in
            var environment = EnvironmentReader([
                "SB_AGENTS_DIR": Self.root + "/config/agents", "SB_SCENARIOS_DIR": Self.root + "/config/scenarios",
                "SB_TOOLS_DIR": Self.root + "/config/tools",
            ])
            let settings = AgentsSettings(environment: &environment)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { _ = client.shutdown() }
            let runtime = try AgentRuntime(settings: settings.runtime, redis: redis, httpClient: client, logger: RedisTesting.logger)
            let router = agents.buildRouter(runtime: runtime, redis: redis, metrics: PrometheusCollectorRegistry())
            #expect(Self.routes(of: router) == Self.documented(APIRoutes.registered(by: .agents)))
        }
    }

    @Test func theMetricsServiceServesExactlyItsOperations() async throws {
        try await self.withRedis { redis in
            let router = metrics.buildRouter(store: MetricsStore(), redis: redis, metrics: PrometheusCollectorRegistry())
            #expect(Self.routes(of: router) == Self.documented(APIRoutes.registered(by: .metrics)))
        }
    }

    @Test func operationsHaveUniqueIdsAndRoutes() {
        let ids = APIRoutes.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let routes = APIRoutes.all.map { Self.route($0.method, $0.path) }
        #expect(Set(routes).count == routes.count)
    }
}
