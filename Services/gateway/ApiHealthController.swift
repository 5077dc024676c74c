import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `GET /api/v1/health` and `GET /api/v1/readiness` in the shapes the Python backend's clients read.
struct ApiHealthController<Context: RequestContext>: Sendable {
    let registry: WorkerRegistry
    let checks: [ReadinessCheck]

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(GatewayAPI.getApiHealth, use: self.health)
        routes.on(GatewayAPI.getApiReadiness, use: self.readiness)
        return routes
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> JSONBody<ApiHealth> {
        // Best effort, as in the reference: a failure gives null rather than an error.
        let registry = self.registry
        let active = try? await withTimeout(.milliseconds(500)) {
            try await registry.liveWorkers().reduce(0) { $0 + $1.activeSessions }
        }.get()
        return JSONBody(
            ApiHealth(
                version: SwitchboardVersion.current, timestamp: Date().timeIntervalSince1970,
                message: "Real-Time Audio Agent API v1 is running", details: .init(apiVersion: "v1", service: "switchboard-gateway"),
                activeSessions: active))
    }

    /// 200 when ready or degraded; 503 only when every check failed, as the reference does.
    @Sendable func readiness(_ request: Request, context: Context) async throws -> JSONBody<Readiness> {
        let start = ContinuousClock.now
        let results = await ReadinessCheck.runAll(self.checks, timeout: .seconds(1))
        let unhealthy = results.filter { $0.status == .unhealthy }.count
        let status: Readiness.State
        if unhealthy == results.count && !results.isEmpty {
            status = .unhealthy
        } else if unhealthy > 0 || results.contains(where: { $0.status == .degraded }) {
            status = .degraded
        } else {
            status = .ready
        }
        return JSONBody(
            Readiness(status: status, timestamp: Date().timeIntervalSince1970, responseTimeMS: start.elapsedMilliseconds, checks: results),
            status: status == .unhealthy ? .serviceUnavailable : .ok
        )
    }
}
