import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `GET /api/v1/health` and `GET /api/v1/readiness` in the shapes the Python backend's clients read.
struct ApiHealthController<Context: RequestContext>: Sendable {
    let registry: WorkerRegistry
    let checks: [ReadinessCheck]

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("api/v1/health", use: self.health)
        routes.get("api/v1/readiness", use: self.readiness)
        return routes
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> JSONResponse {
        // Best effort, as in the reference: a failure gives null rather than an error.
        let registry = self.registry
        let active = try? await withTimeout(.milliseconds(500)) {
            try await registry.liveWorkers().reduce(0) { $0 + $1.activeSessions }
        }.get()
        return JSONResponse([
            "status": "healthy", "version": .string(SwitchboardVersion.current), "timestamp": .number(Date().timeIntervalSince1970),
            "message": "Real-Time Audio Agent API v1 is running", "details": ["api_version": "v1", "service": "switchboard-gateway"],
            "active_sessions": active.map { .number(Double($0)) } ?? nil, "session_metrics": nil,
        ])
    }

    /// 200 when ready or degraded; 503 only when every check failed, as the reference does.
    @Sendable func readiness(_ request: Request, context: Context) async throws -> JSONResponse {
        let start = ContinuousClock.now
        let results = await ReadinessCheck.runAll(self.checks, timeout: .seconds(1))
        let unhealthy = results.filter { $0.status == .unhealthy }.count
        let status: String
        if unhealthy == results.count && !results.isEmpty {
            status = "unhealthy"
        } else if unhealthy > 0 || results.contains(where: { $0.status == .degraded }) {
            status = "degraded"
        } else {
            status = "ready"
        }
        let checks = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(results))
        return JSONResponse(
            [
                "status": .string(status), "timestamp": .number(Date().timeIntervalSince1970),
                "response_time_ms": .number(start.elapsedMilliseconds),
                "checks": checks, "event_system": nil,
            ],
            status: status == "unhealthy" ? .serviceUnavailable : .ok
        )
    }
}
