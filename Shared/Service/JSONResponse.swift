import Foundation
import Hummingbird
import SwitchboardCore

/// A JSON body with a status: for endpoints whose shapes mirror the reference API field for field.
package struct JSONResponse: ResponseGenerator, Sendable {
    package var status: HTTPResponse.Status
    package var body: JSONValue

    package init(_ body: JSONValue, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: self.status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: self.body.jsonText))
        )
    }
}

extension Request {
    /// The body as a JSON object, at most `limit` bytes: 413 when larger, 422 when not an object.
    package func jsonObject(limit: Int = 256 * 1024) async throws -> [String: JSONValue] {
        var copy = self
        let buffer: ByteBuffer
        do {
            buffer = try await copy.collectBody(upTo: limit)
        } catch {
            throw ProblemDetails(status: .contentTooLarge, detail: "The request body is larger than \(limit) bytes.")
        }
        guard let object = JSONValue(jsonText: String(buffer: buffer))?.object else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "The body must be a JSON object.",
                errors: [.init(field: "body", message: "not a JSON object")])
        }
        return object
    }
}

/// A typed body (an ``APIType`` of SwitchboardAPI) with a status, as JSON with sorted keys.
package struct JSONBody<Body: Encodable & Sendable>: ResponseGenerator, Sendable {
    package var status: HTTPResponse.Status
    package var body: Body

    package init(_ body: Body, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: self.status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self.body)))
        )
    }
}
