import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import SwitchboardCore

/// Process-wide set-up every service's `main` does once: logging and metrics back-ends.
package enum ServiceBootstrap {
    /// Bootstraps swift-log (text or JSON to standard error), swift-metrics (Prometheus) and, when
    /// an OTLP endpoint is configured, tracing; returns the logger, the registry that `/metrics`
    /// renders, and the trace exporter to run beside the service (see ``ServiceTracing``).
    package static func bootstrap(_ settings: ServiceSettings) throws -> (Logger, PrometheusCollectorRegistry, (any Service)?) {
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
        return (logger, registry, try ServiceTracing.bootstrap(service: settings.name, logger: logger))
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
