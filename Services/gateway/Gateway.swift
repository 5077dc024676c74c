import SwitchboardService

/// Reads settings and runs the gateway, Switchboard's public edge.
@main
struct Gateway {
    static func main() async throws {
        let settings = ServiceBootstrap.settings(GatewaySettings.init)
        let (logger, registry) = ServiceBootstrap.bootstrap(settings.service)
        let tracing = try ServiceTracing.bootstrap(service: "gateway", logger: logger)
        let app = try buildApplication(settings, logger: logger, metrics: registry)
        try await app.run(tracing: tracing, logger: logger)
    }
}
