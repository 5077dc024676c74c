import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `GET /api/v1/health` and `GET /api/v1/readiness` in the shapes the Python backend's clients read.
struct ApiHealthController<Context: RequestContext>: Sendable {
    struct Health: ResponseEncodable {
        var status = "healthy"
        var version = SwitchboardVersion.current
        var timestamp: Double
        var message = "Real-Time Audio Agent API v1 is running"
        var details = ["api_version": "v1", "service": "switchboard-gateway"]
        var activeSessions: Int?
        var sessionMetrics: [String: Int]?

        enum CodingKeys: String, CodingKey {
            case status, version, timestamp, message, details
            case activeSessions = "active_sessions"
            case sessionMetrics = "session_metrics"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.version, forKey: .version)
            try container.encode(self.timestamp, forKey: .timestamp)
            try container.encode(self.message, forKey: .message)
            try container.encode(self.details, forKey: .details)
            try container.encode(self.activeSessions, forKey: .activeSessions)  // null when unknown
            try container.encode(self.sessionMetrics, forKey: .sessionMetrics)
        }
    }

    struct Readiness: Codable {
        var status: String
        var timestamp: Double
        var responseTimeMS: Double
        var checks: [ServiceCheck]
        var eventSystem: String?

        enum CodingKeys: String, CodingKey {
            case status, timestamp, checks
            case responseTimeMS = "response_time_ms"
            case eventSystem = "event_system"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.timestamp, forKey: .timestamp)
            try container.encode(self.responseTimeMS, forKey: .responseTimeMS)
            try container.encode(self.checks, forKey: .checks)
            try container.encode(self.eventSystem, forKey: .eventSystem)
        }
    }

    let registry: WorkerRegistry
    let checks: [ReadinessCheck]

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("api/v1/health", use: self.health)
        routes.get("api/v1/readiness", use: self.readiness)
        return routes
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> Health {
        // Best effort, as in the reference: a failure gives null rather than an error.
        let registry = self.registry
        let active = try? await withTimeout(.milliseconds(500)) {
            try await registry.liveWorkers().reduce(0) { $0 + $1.activeSessions }
        }.get()
        return Health(timestamp: Date().timeIntervalSince1970, activeSessions: active, sessionMetrics: nil)
    }

    /// 200 when ready or degraded; 503 only when every check failed, as the reference does.
    @Sendable func readiness(_ request: Request, context: Context) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let results = await ReadinessCheck.runAll(self.checks, timeout: .seconds(1))
        let unhealthy = results.filter { $0.status == .unhealthy }.count
        let degraded = results.contains { $0.status == .degraded }
        let status: String
        if unhealthy == results.count && !results.isEmpty {
            status = "unhealthy"
        } else if unhealthy > 0 || degraded {
            status = "degraded"
        } else {
            status = "ready"
        }
        let elapsed = start.duration(to: clock.now)
        let body = Readiness(
            status: status,
            timestamp: Date().timeIntervalSince1970,
            responseTimeMS: Double(elapsed.components.attoseconds / 10_000_000_000_000) / 100 + Double(elapsed.components.seconds) * 1000,
            checks: results,
            eventSystem: nil
        )
        let data = try JSONEncoder().encode(body)
        return Response(
            status: status == "unhealthy" ? .serviceUnavailable : .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
