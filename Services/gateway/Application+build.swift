import AsyncHTTPClient
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import SwitchboardAPI
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// The gateway's composition root: the only place that builds its concrete parts.
func buildApplication(
    _ settings: GatewaySettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let (router, services) = try buildGateway(settings, logger: logger, metrics: metrics)
    router.printRoutesIfAsked()
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(maxFrameSize: settings.maxFrameBytes)),
        configuration: .init(address: .hostname(settings.service.host, port: settings.service.port), serverName: "switchboard-gateway"),
        services: services,
        logger: logger
    )
}

/// Every route the gateway serves and the services it runs beside them (Redis first), without
/// the server, so tests can check the routes.
func buildGateway(
    _ settings: GatewaySettings,
    logger: Logger,
    metrics: PrometheusCollectorRegistry
) throws -> (router: Router<GatewayContext>, services: [any Service]) {
    let redis = try RedisClient(configuration: settings.service.redis, logger: logger)
    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.timeout = .init(connect: .seconds(1), read: TimeAmount(settings.proxyTimeout))
    clientConfiguration.decompression = .disabled
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    let workers = WorkerRegistry(redis: redis)
    let dispatcher = MediaDispatcher(registry: workers)

    let router = try buildRouter(settings, redis: redis, httpClient: httpClient, workers: workers, metrics: metrics, logger: logger)
    let telephony = settings.telephony
    if case .off = telephony.callbackAuth, telephony.acs != nil {
        logger.warning("ACS_CALLBACK_AUTH=off: Call Automation callbacks and media streams are accepted without a token")
    }
    let acs = telephony.acs.map { ACSCallAutomation(settings: $0, client: httpClient, logger: logger) }
    let store = CallStore(redis: redis)
    let authenticator = CallbackAuthenticator(telephony.callbackAuth, client: httpClient, logger: logger)
    let control = CallControl(acs: acs, store: store, callCenterNumber: telephony.callCenterNumber, logger: logger)
    let liveCalls = LiveCalls()
    let sockets = CallerSockets(
        bridge: CallBridge(dispatcher: dispatcher, logger: logger),
        limits: .init(
            maxConnections: settings.maxCalls, maxMessagesPerSecond: settings.maxMessagesPerSecond, maxFrameBytes: settings.maxFrameBytes),
        counters: .init(), calls: liveCalls, control: control, logger: logger
    )
    let relay = DashboardRelay(redis: redis, limits: settings.relay, logger: logger)
    VoiceController(
        sockets: sockets, relay: relay, streamingMode: settings.streamingMode, telephony: telephony, store: store,
        authenticator: authenticator, quota: SocketQuota(limit: settings.edge.maxSocketsPerAddress),
        trustForwardedFor: settings.edge.trustForwardedFor
    ).register(on: router)
    let events = CallEvents(store: store, control: control, authenticator: authenticator, settings: telephony, logger: logger)
    router.addRoutes(
        CallsController(
            settings: telephony, acs: acs, store: store, events: events, streamingMode: settings.streamingMode, dispatcher: dispatcher
        ).endpoints)
    router.addRoutes(TwilioController(settings: telephony, store: store).endpoints)
    return (router, [redis, HTTPClientService(client: httpClient), CallControlService(redis: redis, calls: liveCalls, logger: logger)])
}

/// The gateway's routes, separate from the server so tests can drive them directly.
func buildRouter(
    _ settings: GatewaySettings,
    redis: RedisClient,
    httpClient: HTTPClient,
    workers: WorkerRegistry,
    metrics: PrometheusCollectorRegistry,
    logger: Logger
) throws -> Router<GatewayContext> {
    let router = Router(context: GatewayContext.self)
    let edge = settings.edge
    // CORS first, so that every answer, errors included, carries its headers.
    router.add(middleware: CORSMiddleware(origins: edge.origins))
    router.addServiceEndpoints(service: "gateway", redis: redis, registry: metrics)
    let limits = edge.rateLimit.map {
        RateLimitMiddleware(
            limiter: ClientRateLimiter(redis: redis, settings: $0, logger: logger), trustForwardedFor: edge.trustForwardedFor)
    }
    if let auth = edge.auth {
        let authenticator = BearerAuthenticator(auth, client: httpClient, logger: logger)
        router.add(middleware: AuthMiddleware(authenticator: authenticator, limits: limits))
    }
    if let limits { router.add(middleware: limits) }
    let readinessChecks: [ReadinessCheck] = [
        .redis(redis),
        .mediaWorkers(workers),
        .backend("agents_service", baseURL: settings.agentsURL, client: httpClient),
        .backend("metrics_service", baseURL: settings.metricsURL, client: httpClient),
        .engines(settings.engines),
    ]
    router.addRoutes(ApiHealthController(registry: workers, checks: readinessChecks).endpoints)
    let proxy = { (name: String, url: String) in
        BackendProxy(name: name, baseURL: url, client: httpClient, timeout: settings.proxyTimeout, maxBodyBytes: settings.maxBodyBytes)
    }
    router.addRoutes(WebController(root: settings.webRoot, document: try OpenAPIDocument.text()).endpoints)
    router.addRoutes(ProxyController(agents: proxy("agents", settings.agentsURL), metrics: proxy("metrics", settings.metricsURL)).endpoints)
    return router
}
