import Logging
import SwitchboardService

/// Reads settings and runs the media worker.
@main
struct MediaWorker {
    static func main() async throws {
        let settings = ServiceBootstrap.settings(MediaSettings.init)
        let (logger, registry) = ServiceBootstrap.bootstrap(settings.service)
        let tracing = try ServiceTracing.bootstrap(service: "media", logger: logger)
        let app = try buildApplication(settings, logger: logger, metrics: registry)
        try await app.run(tracing: tracing, logger: logger)
    }
}
