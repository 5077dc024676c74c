import SwitchboardService

/// Reads settings and runs the gateway, Switchboard's public edge.
@main
struct Gateway {
    static func main() async {
        let settings = await ServiceBootstrap.settings(GatewaySettings.init)
        await ServiceBootstrap.run(settings.service) { logger, registry in
            try buildApplication(settings, logger: logger, metrics: registry)
        }
    }
}
