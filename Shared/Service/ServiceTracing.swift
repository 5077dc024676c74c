import Foundation
import Hummingbird
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// OpenTelemetry traces over OTLP/HTTP, off unless an OTLP endpoint is configured
/// (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; the other standard
/// `OTEL_*` variables apply; keep the default `http/protobuf` protocol: swift-otel's `http/json`
/// writes ids in base64, not the hex OTLP/JSON asks for). Logs and metrics stay with swift-log and
/// Prometheus. Trace context travels as W3C `traceparent`: in the internal `start` frame and in
/// the telemetry stream's records.
///
/// | Variable | Default |
/// |---|---|
/// | `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) | unset: no traces; else the OTLP/HTTP collector, e.g. `http://127.0.0.1:4318` |
/// | `OTEL_SDK_DISABLED` | `false` |
/// | `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`, `OTEL_BSP_SCHEDULE_DELAY`, … | the OpenTelemetry defaults |
package enum ServiceTracing {
    /// The standard variables swift-otel reads.
    static let variables = [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_SDK_DISABLED",
        "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_BSP_SCHEDULE_DELAY",
    ]

    /// Bootstraps the tracer when configured; returns the exporter to run beside the service.
    package static func bootstrap(service name: String, logger: Logger) throws -> (any Service)? {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OTEL_EXPORTER_OTLP_ENDPOINT"] != nil || environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] != nil,
            environment["OTEL_SDK_DISABLED"]?.lowercased() != "true"
        else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "switchboard-\(name)"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.propagators = [.traceContext]
        let exporter = try OTel.bootstrap(configuration: configuration)
        logger.info("OpenTelemetry traces on", metadata: ["otel.service": "switchboard-\(name)"])
        return exporter
    }

    /// The current trace context as a `traceparent` header value, if a span is active.
    package static func traceparent(of context: ServiceContext = .current ?? .topLevel) -> String? {
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"]
    }

    /// A context continuing the trace of a `traceparent` value.
    package static func context(traceparent: String?) -> ServiceContext {
        var context = ServiceContext.topLevel
        guard let traceparent else { return context }
        InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &context, using: DictionaryExtractor())
        return context
    }
}

private struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

private struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

extension ApplicationProtocol {
    /// Runs the application, and the trace exporter when there is one, until SIGTERM or SIGINT.
    ///
    /// `drain` is shut down first and waited for, while the server still serves: a media worker
    /// moves its sessions away then, before the server closes their sockets.
    package func run(tracing: (any Service)?, drain: (any Service)? = nil, logger: Logger) async throws {
        let services: [any Service] = [tracing, self, drain].compactMap { $0 }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
