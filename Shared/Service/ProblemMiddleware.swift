import Hummingbird
import Logging

/// Turns every error into problem JSON: Hummingbird's `HTTPError`s keep their status and message;
/// anything unexpected becomes a 500 that reveals nothing internal (the log has the detail).
package struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            let detail = error.body ?? Self.defaultDetail(error.status)
            return try ProblemDetails(status: error.status, detail: detail).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let detail = error.status.code == 404 ? Self.defaultDetail(error.status) : "\(error.status.reasonPhrase)"
            return try ProblemDetails(status: error.status, detail: detail).response(from: request, context: context)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "http.path": "\(request.uri.path)"])
            return try ProblemDetails(status: .internalServerError, detail: "The server could not complete the request.")
                .response(from: request, context: context)
        }
    }

    private static func defaultDetail(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "No such resource."
        case 405: "Method not allowed on this resource."
        case 413: "The request body is too large."
        default: status.reasonPhrase
        }
    }
}
