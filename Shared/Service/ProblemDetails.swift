import Foundation
import Hummingbird
import SwitchboardCore

/// An RFC 7807 problem: the body of every error response, as `application/problem+json`.
///
/// ```swift
/// throw ProblemDetails(status: .notFound, detail: "Agent 'Bob' not found")
/// ```
package struct ProblemDetails: Error, HTTPResponseError, Codable, Sendable {
    /// One invalid field, for 422 responses.
    package struct FieldError: Codable, Sendable, Hashable {
        package var field: String
        package var message: String
        package init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    package var type: String
    package var title: String
    package var statusCode: Int
    package var detail: String?
    package var instance: String?
    package var errors: [FieldError]?
    /// Readiness checks, on 503 answers of readiness endpoints.
    package var checks: [ServiceCheck]?
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`); not part of the body.
    package var headers: HTTPFields = [:]

    package init(
        status: HTTPResponse.Status,
        detail: String? = nil,
        instance: String? = nil,
        errors: [FieldError]? = nil,
        checks: [ServiceCheck]? = nil
    ) {
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.statusCode = status.code
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.checks = checks
    }

    package var status: HTTPResponse.Status { HTTPResponse.Status(code: self.statusCode) }

    enum CodingKeys: String, CodingKey {
        case type, title, detail, instance, errors, checks
        case statusCode = "status"
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self
        if problem.instance == nil { problem.instance = request.uri.path }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(problem)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(
            status: self.status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
