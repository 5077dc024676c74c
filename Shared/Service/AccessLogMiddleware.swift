import Hummingbird
import Logging
import SwitchboardAPI
import SwitchboardCore

/// One info line per request: method, path (never the query, which may carry an `access_token`),
/// status and duration. Health and Prometheus probes are logged at debug, so a poller does not
/// drown the log.
package struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    private static var probes: Set<String> { ["/health", "/ready", "/metrics"] }

    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let level: Logger.Level = Self.probes.contains(path) || EdgeRoute(path: path) == .probe ? .debug : .info
        do {
            let response = try await next(request, context)
            self.log(request, status: response.status.code, since: start, level: level, context: context)
            return response
        } catch let error as any HTTPResponseError {
            self.log(request, status: error.status.code, since: start, level: level, context: context)
            throw error
        } catch {
            self.log(request, status: 500, since: start, level: level, context: context)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant, level: Logger.Level, context: Context) {
        context.logger.log(
            level: level, "request",
            metadata: [
                "http.method": "\(request.method.rawValue)", "http.path": "\(request.uri.path)", "http.status": "\(status)",
                "http.duration_ms": "\(start.elapsedMilliseconds)",
            ])
    }
}
