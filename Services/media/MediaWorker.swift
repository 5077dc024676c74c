import Logging
import SwitchboardService

/// Reads settings and runs the media worker.
@main
struct MediaWorker {
    static func main() async {
        let settings = await ServiceBootstrap.settings(MediaSettings.init)
        await ServiceBootstrap.run(settings.service) { logger, registry in
            let (app, drain) = try buildApplication(settings, logger: logger, metrics: registry)
            return (app, drain)
        }
    }
}
