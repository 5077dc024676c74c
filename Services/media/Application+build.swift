import Hummingbird
import Logging
import Prometheus
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// The media worker's composition root: the only place that builds its concrete parts.
func buildApplication(
    _ settings: MediaSettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let redis = try RedisClient(configuration: settings.service.redis, logger: logger)
    let sessions = MediaSessions()
    let heartbeatStatus = HeartbeatStatus()
    let heartbeat = WorkerHeartbeatService(
        registry: WorkerRegistry(redis: redis),
        sessions: sessions,
        settings: settings,
        status: heartbeatStatus,
        logger: logger
    )

    let router = Router()
    router.addServiceEndpoints(
        service: "media",
        redis: redis,
        checks: [.registration(heartbeatStatus, sessions: sessions, workerID: settings.workerID)],
        registry: metrics
    )

    return Application(router: router, settings: settings.service, services: [redis, heartbeat], logger: logger)
}

extension ReadinessCheck {
    /// Registered in Redis and taking sessions.
    static func registration(_ status: HeartbeatStatus, sessions: MediaSessions, workerID: String) -> ReadinessCheck {
        ReadinessCheck("registry") {
            if sessions.isDraining { return .unhealthy("\(workerID) is draining") }
            guard status.isRegistered else { return .unhealthy("\(workerID) is not registered in redis") }
            return .healthy("\(workerID) registered, \(sessions.activeCount) active sessions")
        }
    }
}
