import SwitchboardCore

/// An RFC 7807 problem: the body of every error answer, as `application/problem+json`
/// (SwitchboardService makes it the `HTTPResponseError` handlers throw, as `ProblemDetails`).
package struct Problem: APIType {
    package var type: String
    package var title: String
    package var statusCode: Int
    package var detail: String?
    package var instance: String?
    package var errors: [APIFieldError]?
    /// Readiness checks, on 503 answers of readiness endpoints.
    package var checks: [ServiceCheck]?
    /// Response headers that go with the problem (`WWW-Authenticate`, `Retry-After`); not in the body.
    package var headers: [String: String] = [:]

    package init(
        statusCode: Int, title: String, detail: String? = nil, instance: String? = nil, errors: [APIFieldError]? = nil,
        checks: [ServiceCheck]? = nil
    ) {
        self.type = "about:blank"
        self.title = title
        self.statusCode = statusCode
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.checks = checks
    }

    enum CodingKeys: String, CodingKey {
        case type, title, detail, instance, errors, checks
        case statusCode = "status"
    }

    package static var schemaDescription: String? {
        "An RFC 7807 problem: the body of every error answer, as `application/problem+json`."
    }

    package static var fields: [APIField<Problem>] {
        [
            .field("type", "Always `about:blank`: the status says it all.", example: "about:blank"),
            .field("title", "The HTTP reason phrase.", example: "Not Found"),
            .field("status", \.statusCode, minimum: 400, maximum: 599),
            .field("detail", "What went wrong, for a person."),
            .field("instance", "The request path."),
            .field("errors", "Every invalid field (422, and 400 for range errors)."),
            .field("checks", "Readiness checks (503 from `/ready` only)."),
        ]
    }
}

extension ServiceCheck: APIType {
    package static var schemaDescription: String? { "The outcome of one readiness check (the Python backend's `ServiceCheck`)." }

    package static var fields: [APIField<ServiceCheck>] {
        [
            .field("component", example: "redis"),
            .field("check_time_ms", \.checkTimeMS, "Milliseconds.", minimum: 0),
            .field("error", "Why the check failed (unhealthy only)."),
            .field("details", "What the check found (healthy or degraded)."),
        ]
    }
}

extension ServiceCheck.Status: APIEnum {}
