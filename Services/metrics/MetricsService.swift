import Foundation
import SwitchboardCore
import SwitchboardService

/// The metrics service's settings.
///
/// | Variable | Default |
/// |---|---|
/// | `SB_METRICS_PORT` | `8082` |
/// | `SB_METRICS_MAX_SESSIONS` | `10000` sessions kept in memory (a day at most) |
struct MetricsSettings: Sendable {
    var service: ServiceSettings
    var maxSessions: Int

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "metrics", defaultPort: 8082, environment: &environment)
        self.maxSessions = environment.int("SB_METRICS_MAX_SESSIONS", default: 10_000, in: 10...1_000_000)
    }
}

/// Reads settings and runs the metrics service: telemetry stream in, latency aggregates out.
@main
struct MetricsService {
    static func main() async {
        let settings = await ServiceBootstrap.settings { MetricsSettings(environment: &$0) }
        await ServiceBootstrap.run(settings.service) { logger, registry in
            try buildApplication(settings, logger: logger, metrics: registry)
        }
    }
}
