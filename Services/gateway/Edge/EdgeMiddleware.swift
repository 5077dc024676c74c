import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore
import SwitchboardAPI
import SwitchboardService
import Synchronization

/// The address a request comes from: the peer, or with `SB_TRUST_FORWARDED_FOR` the last hop
/// of `X-Forwarded-For` (the client as the one trusted proxy saw it).
struct ClientAddress {
    static func of(_ request: Request, context: GatewayContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[HTTPField.Name("x-forwarded-for")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// CORS from `ALLOWED_ORIGINS` (reference §0.2): preflights answered for allowed origins, the
/// actual responses (errors included) carry the origin headers; credentials only for origins
/// listed by name; an origin not listed gets no CORS header, and its preflight a 403.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let origins: EdgeSettings.Origins

    private static let methods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    private static let exposed = "Retry-After, WWW-Authenticate, Content-Length, traceparent"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed: Bool
        let credentials: Bool
        switch self.origins {
        case .any: (allowed, credentials) = (true, false)
        case .listed(let names): (allowed, credentials) = (names.contains(origin), true)
        }
        let isPreflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        if isPreflight {
            guard allowed else {
                throw ProblemDetails(status: .forbidden, detail: "The origin \(origin) is not allowed (ALLOWED_ORIGINS).")
            }
            var headers = self.originHeaders(origin, credentials: credentials)
            headers[.accessControlAllowMethods] = Self.methods
            headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? "*"
            headers[.accessControlMaxAge] = "86400"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            for field in self.originHeaders(origin, credentials: credentials) { response.headers[field.name] = field.value }
            response.headers[.accessControlExposeHeaders] = Self.exposed
        }
        return response
    }

    private func originHeaders(_ origin: String, credentials: Bool) -> HTTPFields {
        var headers: HTTPFields = [.vary: "Origin"]
        headers[.accessControlAllowOrigin] = credentials ? origin : "*"
        if credentials { headers[.accessControlAllowCredentials] = "true" }
        return headers
    }
}

/// Entra ID bearer tokens on every `/api/v1` route except probes and carrier routes: 401 problem
/// JSON with `WWW-Authenticate` when the token is missing or wrong, 403 without the write role.
/// Refusals are charged to the address's rate limit, so a flood of bad tokens meets 429s too.
/// Browser and dashboard socket upgrades carry their verdict to the socket, which closes with
/// 1008 and the reason.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let authenticator: BearerAuthenticator
    let limits: RateLimitMiddleware?
    private let refused = Counter(label: "switchboard_gateway_auth_refused_total")

    init(authenticator: BearerAuthenticator, limits: RateLimitMiddleware?) {
        self.authenticator = authenticator
        self.limits = limits
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard EdgeRoute(path: request.uri.path) == .api, request.method != .options else { return try await next(request, context) }
        let socket = EdgeRoute.browserSockets.contains(request.uri.path)
        var context = context
        do throws(BearerAuthenticator.Refusal) {
            let principal = try await self.authenticator.principal(token: BearerAuthenticator.token(of: request, webSocket: socket))
            try self.authenticator.authorize(principal, method: request.method)
            context.access = .granted(principal)
        } catch {
            self.refused.increment()
            guard socket else {
                try await self.limits?.charge(request, context: context)
                throw error.problem
            }
            context.access = .refused(error.detail)
        }
        return try await next(request, context)
    }
}

/// A token bucket per client (token subject, else address) on the REST API, kept in Redis so
/// every gateway replica shares it: 429 problem JSON with `Retry-After` beyond it.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let limiter: ClientRateLimiter
    let trustForwardedFor: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard EdgeRoute(path: request.uri.path) == .api, !EdgeRoute.browserSockets.contains(request.uri.path) else {
            return try await next(request, context)
        }
        try await self.charge(request, context: context)
        return try await next(request, context)
    }

    /// Takes a token from the client's bucket, or throws 429 with `Retry-After`.
    func charge(_ request: Request, context: Context) async throws {
        let client =
            context.access.principal.map { "sub:\($0.subject)" }
            ?? "ip:\(ClientAddress.of(request, context: context, trustForwardedFor: self.trustForwardedFor))"
        if let wait = await self.limiter.admit(client) {
            var problem = ProblemDetails(status: .tooManyRequests, detail: "Too many requests; try again in \(wait.retryAfterSeconds) s.")
            problem.headers["Retry-After"] = String(wait.retryAfterSeconds)
            throw problem
        }
    }
}

/// Open WebSockets per client address on this gateway (browser conversations and dashboards;
/// carrier sockets come from a few carrier addresses and are bounded by `SB_MAX_CALLS`).
final class SocketQuota: Sendable {
    let limit: Int
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place for `address`, or false when it already has `limit` sockets open.
    func acquire(_ address: String) -> Bool {
        self.open.withLock { open in
            guard open[address, default: 0] < self.limit else { return false }
            open[address, default: 0] += 1
            return true
        }
    }

    func release(_ address: String) {
        self.open.withLock { open in
            let left = open[address, default: 1] - 1
            open[address] = left > 0 ? left : nil
        }
    }
}
