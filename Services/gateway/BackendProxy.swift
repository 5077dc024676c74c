import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardService

/// Forwards a request to one back-end service (agents or metrics) and streams its answer back.
///
/// The request body is read up to the configured limit (413 beyond it); the response body is
/// streamed as it arrives. A back-end that is down or slow gives 503 or 504 problem JSON.
struct BackendProxy: Sendable {
    let name: String
    let baseURL: String
    let client: HTTPClient
    let timeout: Duration
    let maxBodyBytes: Int

    /// Headers that describe one hop, never forwarded (RFC 9110 §7.6.1).
    private static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
    ]

    func forward(_ request: Request, context: some RequestContext) async throws -> Response {
        var outbound = HTTPClientRequest(url: self.baseURL + request.uri.string)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.hopByHop.contains(field.name.canonicalName) {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        if let host = request.head.authority { outbound.headers.replaceOrAdd(name: "X-Forwarded-Host", value: host) }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: self.maxBodyBytes)
        } catch {
            throw ProblemDetails(status: .contentTooLarge, detail: "The request body is larger than \(self.maxBodyBytes) bytes.")
        }
        if body.readableBytes > 0 { outbound.body = .bytes(body) }

        let response: HTTPClientResponse
        do {
            response = try await self.client.execute(outbound, timeout: TimeAmount(self.timeout))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw ProblemDetails(status: .gatewayTimeout, detail: "The \(self.name) service did not answer in time.")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.warning("backend unreachable", metadata: ["backend": "\(self.name)", "error": "\(error)"])
            throw ProblemDetails(status: .serviceUnavailable, detail: "The \(self.name) service is unavailable.")
        }
        var headers = HTTPFields()
        for (name, value) in response.headers where !Self.hopByHop.contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        let length = response.headers.first(name: "content-length").flatMap(Int.init)
        if let length { headers[.contentLength] = String(length) }
        return Response(
            status: HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase),
            headers: headers,
            body: ResponseBody(asyncSequence: response.body)
        )
    }
}
