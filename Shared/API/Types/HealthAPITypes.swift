import SwitchboardCore

/// `/health` (`ok`) and `/ready` (`ready`, with its checks) of a Switchboard process.
package struct ServiceStatus: APIType {
    package enum State: String, APIEnum {
        case ok, ready
    }

    package var status: State
    package var service: String
    package var version: String
    package var checks: [ServiceCheck]?

    package init(status: State, service: String, version: String, checks: [ServiceCheck]? = nil) {
        self.status = status
        self.service = service
        self.version = version
        self.checks = checks
    }

    package static var schemaDescription: String? {
        "`/health` (`ok`) and `/ready` (`ready`, with its checks) of a Switchboard process."
    }
    package static var fields: [APIField<Self>] { [.field("service", example: "gateway")] }
}

/// `GET /api/v1/health`: liveness in the Python backend's shape.
package struct ApiHealth: APIType {
    package enum State: String, APIEnum {
        case healthy
    }

    /// Which API and process answered.
    package struct Details: APIType {
        package var apiVersion: String
        package var service: String

        package init(apiVersion: String, service: String) {
            self.apiVersion = apiVersion
            self.service = service
        }

        enum CodingKeys: String, CodingKey {
            case service
            case apiVersion = "api_version"
        }

        package static var schemaName: String { "ApiHealthDetails" }
    }

    package var status: State
    package var version: String
    package var timestamp: Double
    package var message: String
    package var details: Details
    @Nullable package var activeSessions: Int?
    /// Always null.
    package var sessionMetrics: JSONValue = .null

    package init(version: String, timestamp: Double, message: String, details: Details, activeSessions: Int?) {
        self.status = .healthy
        self.version = version
        self.timestamp = timestamp
        self.message = message
        self.details = details
        self.activeSessions = activeSessions
    }

    enum CodingKeys: String, CodingKey {
        case status, version, timestamp, message, details
        case activeSessions = "active_sessions"
        case sessionMetrics = "session_metrics"
    }

    package static var schemaDescription: String? { "Liveness in the Python backend's shape: always 200 while the gateway runs." }
    package static var fields: [APIField<Self>] {
        [
            .field("timestamp", "Seconds since 1970."),
            .field(
                "active_sessions", \.activeSessions, "Calls on live media workers; null when Redis did not answer within 500 ms.",
                minimum: 0),
            .field("session_metrics", "Always null (kept for the Python backend's clients)."),
        ]
    }
}

/// `GET /api/v1/readiness`: every dependency check, each bounded to one second.
package struct Readiness: APIType {
    package enum State: String, APIEnum {
        case ready, degraded, unhealthy
    }

    package var status: State
    package var timestamp: Double
    package var responseTimeMS: Double
    package var checks: [ServiceCheck]
    /// Always null (the reference's event system is not built).
    package var eventSystem: JSONValue = .null

    package init(status: State, timestamp: Double, responseTimeMS: Double, checks: [ServiceCheck]) {
        self.status = status
        self.timestamp = timestamp
        self.responseTimeMS = responseTimeMS
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case status, timestamp, checks
        case responseTimeMS = "response_time_ms"
        case eventSystem = "event_system"
    }

    package static var schemaDescription: String? { "Every dependency check, each bounded to one second." }
    package static var fields: [APIField<Self>] {
        [
            .field("timestamp", "Seconds since 1970."),
            .field("response_time_ms", \.responseTimeMS, "Milliseconds.", minimum: 0),
            .field("checks", "In order: redis, media_workers, agents_service, metrics_service, speech_services."),
            .field("event_system", "Always null."),
        ]
    }
}
