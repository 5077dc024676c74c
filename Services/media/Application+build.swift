import AsyncHTTPClient
import Hummingbird
import HummingbirdWebSocket
import Logging
import Prometheus
import ServiceLifecycle
import SwitchboardAgents
import SwitchboardCore
import SwitchboardMedia
import SwitchboardRedis
import SwitchboardService

/// The media worker's composition root: the only place that builds its concrete parts.
func buildApplication(
    _ settings: MediaSettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) throws -> (some ApplicationProtocol, any Service) {
    let redis = try RedisClient(configuration: settings.service.redis, logger: logger)
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    let runtime: AgentRuntime
    let speech: SessionEngines.Speech
    do {
        runtime = try AgentRuntime(settings: settings.runtime, redis: redis, httpClient: httpClient, logger: logger)
        speech = try SessionEngines.speech(
            settings.speech, capacity: settings.capacity, client: httpClient, credential: runtime.azureCredential, logger: logger)
    } catch {
        try? httpClient.syncShutdown()  // a client must be shut down before it goes away
        throw error
    }
    let recognizers = speech.recognizers
    let synthesizer = speech.synthesizer
    logger.info(
        "speech engines ready",
        metadata: ["stt": "\(recognizers.engine)", "stt.decoders": "\(recognizers.size)", "tts": "\(synthesizer.summary)"])
    let health = EngineHealth()
    let sessions = MediaSessions()
    let heartbeatStatus = HeartbeatStatus()
    let heartbeat = WorkerHeartbeatService(
        registry: WorkerRegistry(redis: redis), sessions: sessions, settings: settings, status: heartbeatStatus, logger: logger
    )
    let mediaMetrics = MediaMetrics()
    mediaMetrics.capacity.record(settings.capacity)
    let sockets = SessionSocketController(
        sessions: sessions,
        engines: SessionEngines(
            runtime: runtime, recognizers: recognizers, synthesizer: synthesizer, fallbackSynthesizer: speech.fallback, health: health),
        redis: redis,
        settings: settings, logger: logger, metrics: mediaMetrics)

    let router = Router(context: BasicWebSocketRequestContext.self)
    router.addServiceEndpoints(
        service: "media",
        redis: redis,
        checks: [
            .registration(heartbeatStatus, sessions: sessions, workerID: settings.workerID),
            ReadinessCheck("speech_engines") {
                .healthy(
                    "stt \(recognizers.engine): \(recognizers.available)/\(recognizers.size) free\(health.summary(.stt)); "
                        + "tts \(synthesizer.summary)\(health.summary(.tts))")
            },
        ],
        registry: metrics
    )
    router.ws("internal/v1/sessions/:session_id") { _, context in
        context.parameters.get("session_id") == nil ? .dontUpgrade : .upgrade([:])
    } onUpgrade: { inbound, outbound, context in
        let sessionID = context.requestContext.parameters.get("session_id") ?? ""
        await sockets.handle(inbound, outbound, sessionID: sessionID)
    }
    let app = Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(maxFrameSize: 1 << 16)),
        configuration: .init(address: .hostname(settings.service.host, port: settings.service.port), serverName: "switchboard-media"),
        services: [redis, HTTPClientService(client: httpClient), DemoSeedService(clients: runtime.clients, logger: logger), heartbeat],
        logger: logger
    )
    return (app, WorkerDrainService(heartbeat: heartbeat))
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
