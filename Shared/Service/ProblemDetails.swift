import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardAPI
import SwitchboardCore

/// An RFC 7807 problem (``Problem``, the API's error body) thrown by handlers and rendered as
/// `application/problem+json`.
///
/// ```swift
/// throw ProblemDetails(status: .notFound, detail: "Agent 'Bob' not found")
/// ```
package typealias ProblemDetails = Problem

extension Problem: Error, HTTPResponseError {
    /// One invalid field, for 422 responses.
    package typealias FieldError = APIFieldError

    package init(
        status: HTTPResponse.Status,
        detail: String? = nil,
        instance: String? = nil,
        errors: [FieldError]? = nil,
        checks: [ServiceCheck]? = nil
    ) {
        self.init(
            statusCode: status.code, title: status.reasonPhrase, detail: detail, instance: instance, errors: errors, checks: checks)
    }

    package var status: HTTPResponse.Status { HTTPResponse.Status(code: self.statusCode) }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self
        if problem.instance == nil { problem.instance = request.uri.path }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(problem)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        for (name, value) in self.headers {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
        return Response(
            status: self.status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
