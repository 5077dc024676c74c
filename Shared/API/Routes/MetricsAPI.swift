import SwitchboardCore

/// The metrics service's operations, served by the gateway through its proxy (`/api/v1/metrics/**`).
package enum MetricsAPI {
    /// Every operation, in the order of the document.
    package static var all: [APIOperation] {
        [listMetricsSessions, getSessionMetrics, getMetricsSummary]
    }

    package static let listMetricsSessions = APIOperation(
        owner: .metrics, method: "GET", path: "/api/v1/metrics/sessions", id: "listMetricsSessions", tag: "metrics",
        summary: "Sessions with telemetry",
        description: "Active and recently completed sessions of every transport.",
        responses: [
            .json(200, .type(MetricsSessions.self), "OK.")
        ]
    )

    package static let getSessionMetrics = APIOperation(
        owner: .metrics, method: "GET", path: "/api/v1/metrics/session/{session_id}", id: "getSessionMetrics", tag: "metrics",
        summary: "One session's latency",
        description:
            "Per-stage latency statistics, breakdown with severity (warning ≥ 500 ms, error ≥ 1000 ms) and insights; `turns` with `include_turns=true`.",
        parameters: [
            .sessionID,
            .query(
                "include_turns", "Add every turn's figures in `turns`. `true`, `1` or `yes` (any case) mean true; anything else false.",
                schema: ["type": "string", "examples": ["true", "false"], "default": "false"], example: "true"),
        ],
        responses: [
            .json(200, .type(SessionMetrics.self), "OK.")
        ],
        problems: [.notFound, APIProblem(503, "Redis is unavailable (or the metrics service is down).")]
    )

    package static let getMetricsSummary = APIOperation(
        owner: .metrics, method: "GET", path: "/api/v1/metrics/summary", id: "getMetricsSummary", tag: "metrics",
        summary: "Aggregate latency over a window",
        description:
            "Turns, sessions, barge-ins, errors, token usage and p50/p95/p99 per stage over the last `window_minutes`; percentiles from the first sample.",
        parameters: [
            .query(
                "window_minutes", "1–1440; outside (or not an integer) is 422.",
                schema: ["type": "integer", "minimum": 1, "maximum": 1440, "default": 60], example: 60)
        ],
        responses: [
            .json(200, .type(MetricsSummary.self), "OK.")
        ],
        problems: [.unprocessable]
    )
}
