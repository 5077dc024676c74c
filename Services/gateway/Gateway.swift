import Foundation
import SwitchboardAPI
import SwitchboardService

/// Reads settings and runs the gateway, Switchboard's public edge.
@main
struct Gateway {
    static func main() async {
        if CommandLine.arguments.dropFirst().contains("--openapi") {
            // The OpenAPI document of every route the gateway serves, its own and the proxied ones.
            do {
                return print(try OpenAPIDocument.text(), terminator: "")
            } catch {
                FileHandle.standardError.write(Data("switchboard: cannot write the OpenAPI document: \(error)\n".utf8))
                exit(1)
            }
        }
        let settings = await ServiceBootstrap.settings(GatewaySettings.init)
        await ServiceBootstrap.run(settings.service) { logger, registry in
            try buildApplication(settings, logger: logger, metrics: registry)
        }
    }
}
