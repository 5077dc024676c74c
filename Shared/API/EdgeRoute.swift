/// How the gateway's edge (tokens, rate limits) treats a path; the document says the same.
package enum EdgeRoute: Equatable, Sendable {
    /// Not part of the API: the web pages, `/health`, `/ready`, `/metrics`, `/openapi.json`.
    case outside
    /// API liveness and readiness: open to anyone, like the Python backend's probes.
    case probe
    /// Carrier routes whose callers prove themselves another way (ACS's token, Twilio's signature).
    case carrier
    /// Everything else under `/api/v1`: token (when on) and rate limit.
    case api

    /// Browser and dashboard sockets: their token is checked after the upgrade, so a refusal is
    /// a close code with a reason the page can show rather than a failed handshake.
    package static let browserSockets: Set<String> = [
        "/api/v1/browser/conversation", "/api/v1/realtime/conversation",
        "/api/v1/browser/dashboard/relay", "/api/v1/realtime/dashboard/relay",
    ]

    package init(path: String) {
        if !(path == "/api/v1" || path.hasPrefix("/api/v1/")) {
            self = .outside
        } else if path == "/api/v1/health" || path == "/api/v1/readiness" {
            self = .probe
        } else if ["/api/v1/calls/callbacks", "/api/v1/media/stream", "/api/v1/twilio/"].contains(where: path.hasPrefix) {
            self = .carrier
        } else {
            self = .api
        }
    }
}
