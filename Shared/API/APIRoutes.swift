import SwitchboardCore

/// The whole public API: every operation of every service, and the document's front matter.
package enum APIRoutes {
    /// Every operation the gateway serves, its own and those it forwards to the agents and metrics services.
    package static var all: [APIOperation] {
        ServiceAPI.all + GatewayAPI.all + AgentsAPI.all + MetricsAPI.all
    }

    /// The operations a service's router registers (`everyService` ones included).
    package static func registered(by owner: APIOperation.Owner) -> [APIOperation] {
        ServiceAPI.all + Self.all.filter { $0.owner == owner }
    }

    static var info: JSONValue {
        [
            "title": "Switchboard API",
            "version": "1.0.0",
            "summary": "Real-time voice agents: REST and WebSocket API of the Switchboard gateway.",
            "description":
                "Switchboard serves the HTTP/WebSocket API of the Python/FastAPI \"Real-Time Voice Agent\" backend, so its clients keep working, with the deliberate differences of DEVIATIONS.md. Everything is served by the gateway (port 8080 by default); the agent, builder, session and demo routes are proxied to the `agents` service and `/api/v1/metrics/*` to the `metrics` service (`x-backend`): when that service is down or slow the gateway answers 503 or 504.\n\nEvery error is RFC 7807 `application/problem+json` (`type`, `title`, `status`, `detail`, `instance`, and `errors[]` naming each invalid field): 422 for schema violations, 400 for semantic ones, 404, 413 when a body is too large, 503 when a dependency is down. A path that no route serves is 404 with `detail: \"No such resource.\"`; a plain HTTP request on a WebSocket route is 426.\n\nWebSocket endpoints are described as `GET` operations answering `101`; their messages are in `x-websocket` (`inbound`: client → server, `outbound`: server → client, `closeCodes`).\n\nThis document is generated from the Swift types the services decode and encode (`Shared/API`) and from the operations their routers register.",
            "license": ["name": "Proprietary", "identifier": "LicenseRef-Proprietary"],
        ]
    }

    static var tags: [(name: String, description: String)] {
        [
            ("health", "Liveness, readiness and Prometheus metrics."),
            ("status", "Status of the voice sockets."),
            ("websocket", "Voice and dashboard WebSockets (`x-websocket` has their messages)."),
            ("agents", "Agents from `config/agents`, with runtime overrides."),
            ("scenarios", "Scenarios from `config/scenarios`."),
            ("agent-builder", "Catalogues for building agents, and session-scoped agents."),
            ("scenario-builder", "Scenario templates and session-scoped scenarios."),
            ("sessions", "The session inventory, from Redis."),
            ("conversation", "Talk to an agent in text, without audio."),
            ("calls", "Phone calls: ACS Call Automation (place, list, hang up, Event Grid, callbacks) and Twilio."),
            ("demo-env", "Synthetic demo customers."),
            ("metrics", "Per-session and aggregate latency telemetry."),
            ("pages", "HTML pages and this document."),
        ]
    }
}
