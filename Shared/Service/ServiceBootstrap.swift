import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import OTel
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
        // Log lines written inside a traced request carry its trace_id and span_id.
        let traceMetadata = OTel.makeLoggingMetadataProvider()
        if settings.jsonLogs {
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = JSONLogHandler(label: label)
                    handler.logLevel = level
                    handler.metadataProvider = provider
                    return handler
                }, metadataProvider: traceMetadata)
        } else {
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }, metadataProvider: traceMetadata)
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Voice-range buckets: 5 ms to 5 s, fine where turns and stages fall (100 ms – 1 s).
        factory.defaultDurationHistogramBuckets = [5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 700, 1000, 1500, 2000, 3000, 5000]
            .map { Duration.milliseconds($0) }
        MetricsSystem.bootstrap(factory)
        Gauge(
            label: "switchboard_build_info",
            dimensions: [("service", settings.name), ("version", Switchboard.version), ("swift", Switchboard.swiftVersion)]
        ).record(1)
        var logger = Logger(label: "switchboard.\(settings.name)")
        logger.logLevel = level
        return (logger, registry, try ServiceTracing.bootstrap(service: settings.name, logger: logger))
    }

    /// Reads settings with `read` from the environment and the `.env` files (see
    /// ``EnvironmentReader``), or prints every problem and exits with status 78 (EX_CONFIG).
    package static func settings<Settings>(_ read: @Sendable (inout EnvironmentReader) -> Settings) async -> Settings {
        var environment: EnvironmentReader
        do {
            environment = try await EnvironmentReader.loading()
        } catch {
            Self.exit(78, "\(error)")
        }
        let settings = read(&environment)
        // swift-otel reads the OTEL_* variables from the process: hand it those a `.env` file sets.
        for name in ServiceTracing.variables where ProcessInfo.processInfo.environment[name] == nil {
            if let value = environment.value(name) { setenv(name, value, 0) }
        }
        do {
            try environment.validate()
        } catch {
            Self.exit(78, "\(error)")
        }
        return settings
    }

    /// Bootstraps logging, metrics and tracing, builds the service's application and runs it
    /// until it stops. An error that ends it (a port in use, a missing model, a failed start) is
    /// one line on standard error and exit status 1, never a crash with a backtrace.
    package static func run<App: ApplicationProtocol>(
        _ settings: ServiceSettings, _ build: @Sendable (Logger, PrometheusCollectorRegistry) async throws -> App
    ) async {
        await Self.run(settings) { logger, registry in (try await build(logger, registry), nil) }
    }

    /// As ``run(_:_:)``, for a service that drains before its server stops: `build` returns the
    /// application and the service that drains it (shut down first on SIGTERM, and waited for).
    package static func run<App: ApplicationProtocol>(
        _ settings: ServiceSettings, _ build: @Sendable (Logger, PrometheusCollectorRegistry) async throws -> (App, (any Service)?)
    ) async {
        do {
            let (logger, registry, tracing) = try Self.bootstrap(settings)
            let (app, drain) = try await build(logger, registry)
            try await app.run(tracing: tracing, drain: drain, logger: logger)
        } catch {
            Self.exit(1, "cannot run the \(settings.name) service: \(Self.describe(error, settings: settings))")
        }
    }

    /// The reason of a start failure, in the user's terms where we know them.
    static func describe(_ error: any Error, settings: ServiceSettings) -> String {
        if let error = error as? IOError, error.errnoCode == EADDRINUSE {
            return
                "\(settings.host):\(settings.port) is already in use (another process listens there; SB_\(settings.name.uppercased())_PORT picks another port)"
        }
        if let error = error as? IOError, error.errnoCode == EADDRNOTAVAIL {
            return "\(settings.host) is not an address of this machine (SB_HOST)"
        }
        return "\(error)"
    }

    private static func exit(_ status: Int32, _ message: String) -> Never {
        FileHandle.standardError.write(Data("switchboard: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
