import SwitchboardCore

/// `/health`, `/ready` and `/metrics`: every Switchboard process serves them.
package enum ServiceAPI {
    /// Every operation, in the order of the document.
    package static var all: [APIOperation] {
        [getHealth, getReady, getPrometheusMetrics]
    }

    package static let getHealth = APIOperation(
        owner: .everyService, method: "GET", path: "/health", id: "getHealth", tag: "health",
        summary: "Process liveness",
        description: "Every service has it: 200 while the process runs.",
        responses: [
            APIResponse(
                status: 200, description: "OK.", mediaType: "application/json", schema: .type(ServiceStatus.self),
                example: ["status": "ok", "service": "gateway", "version": "0.1.0"])
        ]
    )

    package static let getReady = APIOperation(
        owner: .everyService, method: "GET", path: "/ready", id: "getReady", tag: "health",
        summary: "Process readiness (Redis)",
        description: "200 when Redis answers `PING` within 500 ms; otherwise 503 problem JSON with the checks.",
        responses: [
            .json(200, .type(ServiceStatus.self), "OK.")
        ],
        problems: [APIProblem(503, "Redis does not answer; `checks` says why.")]
    )

    package static let getPrometheusMetrics = APIOperation(
        owner: .everyService, method: "GET", path: "/metrics", id: "getPrometheusMetrics", tag: "health",
        summary: "Prometheus metrics",
        description: "Every metric of the gateway process (request durations by route, relay and call counters).",
        responses: [
            .text(200, "text/plain", "Prometheus text exposition format 0.0.4.", example: "# TYPE http_server_request_duration histogram\n")
        ]
    )
}
