import Hummingbird
import Prometheus
import SwitchboardAPI

/// `GET /metrics`: every metric of the process in the Prometheus text format.
package struct PrometheusController<Context: RequestContext>: Sendable {
    let registry: PrometheusCollectorRegistry

    package init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    package var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(ServiceAPI.getPrometheusMetrics, use: self.scrape)
        return routes
    }

    @Sendable func scrape(_ request: Request, context: Context) async throws -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * 1024)
        self.registry.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
