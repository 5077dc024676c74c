import Foundation
import Logging
import Metrics
import Prometheus
import SwitchboardCore

/// Process-wide set-up every service's `main` does once: logging and metrics back-ends.
package enum ServiceBootstrap {
    /// Bootstraps swift-log (text or JSON to standard error) and swift-metrics (Prometheus), and
    /// returns the logger and the registry that `/metrics` renders.
    package static func bootstrap(_ settings: ServiceSettings) -> (Logger, PrometheusCollectorRegistry) {
        let level = settings.logLevel
        if settings.jsonLogs {
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "switchboard.\(settings.name)")
        logger.logLevel = level
        return (logger, registry)
    }

    /// Reads settings with `read`, or prints every problem and exits with status 78 (EX_CONFIG).
    package static func settings<Settings>(_ read: (inout EnvironmentReader) -> Settings) -> Settings {
        var environment = EnvironmentReader()
        let settings = read(&environment)
        do {
            try environment.validate()
        } catch {
            FileHandle.standardError.write(Data("switchboard: \(error)\n".utf8))
            exit(78)
        }
        return settings
    }
}
