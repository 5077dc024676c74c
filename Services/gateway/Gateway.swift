import SwitchboardAPI
import SwitchboardService

/// Reads settings and runs the gateway, Switchboard's public edge.
@main
struct Gateway {
    static func main() async throws {
        if CommandLine.arguments.dropFirst().contains("--openapi") {
            // The OpenAPI document of every route the gateway serves, its own and the proxied ones.
            return print(try OpenAPIDocument.text(), terminator: "")
        }
        let settings = ServiceBootstrap.settings(GatewaySettings.init)
        let (logger, registry, tracing) = try ServiceBootstrap.bootstrap(settings.service)
        let app = try buildApplication(settings, logger: logger, metrics: registry)
        try await app.run(tracing: tracing, logger: logger)
    }
}
