import Logging
import SwitchboardService

/// Reads settings and runs the media worker.
@main
struct MediaWorker {
    static func main() async throws {
        let settings = ServiceBootstrap.settings(MediaSettings.init)
        let (logger, registry, tracing) = try ServiceBootstrap.bootstrap(settings.service)
        let app = try buildApplication(settings, logger: logger, metrics: registry)
        try await app.run(tracing: tracing, logger: logger)
    }
}
