import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCrypto
import SwitchboardService
import Synchronization

/// The caller named by a valid Entra ID token.
struct Principal: Sendable {
    /// `oid` (the same for one user or app across its clients), else `sub`.
    var subject: String
    /// `azp` (v2 tokens) or `appid` (v1): the client application.
    var clientID: String?
    var roles: Set<String>
}

/// Checks Entra ID bearer tokens (RS256) for the API: the tenant's signing keys, issuer v1 or v2
/// of that tenant, the API's audience, the client application and `exp`/`nbf` with 60 s leeway.
/// Never logs or echoes a token.
struct BearerAuthenticator: Sendable {
    /// Why a request was refused, as the client is told (RFC 6750 §3).
    struct Refusal: Error {
        var status: HTTPResponse.Status
        /// `invalid_token` or `insufficient_scope`; nil when no token was sent at all.
        var code: String?
        var detail: String

        var problem: ProblemDetails {
            var problem = ProblemDetails(status: self.status, detail: self.detail)
            var challenge = #"Bearer realm="switchboard""#
            if let code { challenge += #", error="\#(code)", error_description="\#(self.detail)""# }
            problem.headers["WWW-Authenticate"] = challenge
            return problem
        }
    }

    let settings: EdgeSettings.Auth
    let keys: SigningKeys
    /// Tokens already verified, until they expire: a client sends the same token for an hour,
    /// and checking its signature and claims again each time costs about half a millisecond.
    private let verified = VerifiedTokens(capacity: 10_000)

    init(_ settings: EdgeSettings.Auth, client: HTTPClient, logger: Logger) {
        self.settings = settings
        self.keys = SigningKeys(settings.keys, client: client, logger: logger)
    }

    /// v1 (`sts.windows.net`) and v2 (`login.microsoftonline.com/…/v2.0`) issuers of the tenant.
    var issuers: Set<String> {
        ["https://sts.windows.net/\(self.settings.tenantID)/", "https://login.microsoftonline.com/\(self.settings.tenantID)/v2.0"]
    }

    /// The principal of a compact token, or the refusal to send.
    func principal(token: String?) async throws(Refusal) -> Principal {
        guard let token, !token.isEmpty else {
            throw Refusal(status: .unauthorized, code: nil, detail: "a bearer token is required")
        }
        if let principal = self.verified.principal(for: token) { return principal }
        let jwt: JSONWebToken
        do {
            jwt = try JSONWebToken(compact: token)
            try jwt.verify(keys: try await self.keys.keys(for: jwt.keyID), issuers: self.issuers, audiences: self.settings.audiences)
        } catch let error as CryptoError {
            throw Refusal(status: .unauthorized, code: "invalid_token", detail: "\(error)")
        } catch {
            throw Refusal(status: .serviceUnavailable, code: nil, detail: "the identity provider's signing keys are unavailable")
        }
        let clientID = jwt.string("azp") ?? jwt.string("appid")
        if !self.settings.allowedClients.isEmpty, !self.settings.allowedClients.contains(clientID ?? "") {
            throw Refusal(status: .unauthorized, code: "invalid_token", detail: "the client application is not allowed")
        }
        guard let subject = jwt.string("oid") ?? jwt.string("sub") else {
            throw Refusal(status: .unauthorized, code: "invalid_token", detail: "the token names no subject")
        }
        let principal = Principal(subject: subject, clientID: clientID, roles: Set(jwt.strings("roles")))
        if let expiry = jwt.expiry { self.verified.insert(principal, for: token, until: expiry.addingTimeInterval(60)) }
        return principal
    }

    /// Refuses a principal without the write role for a method that changes something.
    func authorize(_ principal: Principal, method: HTTPRequest.Method) throws(Refusal) {
        guard let role = self.settings.writeRole, ![.get, .head, .options].contains(method) else { return }
        guard principal.roles.contains(role) else {
            throw Refusal(status: .forbidden, code: "insufficient_scope", detail: "this change needs the \(role) role")
        }
    }

    /// The token of a request: `Authorization: Bearer …`; on a WebSocket upgrade also the
    /// `access_token` query parameter or a `Sec-WebSocket-Protocol` of `access_token, <token>`
    /// (browsers cannot set headers on a WebSocket).
    static func token(of request: Request, webSocket: Bool) -> String? {
        if let token = Self.bearer(request.headers[.authorization]) { return token }
        guard webSocket else { return nil }
        if let query = request.uri.queryParameters["access_token"], !query.isEmpty { return String(query) }
        return Self.protocolToken(request.headers[.secWebSocketProtocol])
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case).
    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingSpaces
    }

    /// The token carried as the subprotocol after `access_token`.
    static func protocolToken(_ header: String?) -> String? {
        let offered = (header ?? "").split(separator: ",").map { String($0).trimmingSpaces }
        guard let index = offered.firstIndex(of: "access_token"), index + 1 < offered.count else { return nil }
        return offered[index + 1]
    }
}

/// Verified tokens and their principals, each until its expiry (with the leeway); when full, the
/// expired ones go, and if none had expired, all go.
final class VerifiedTokens: Sendable {
    private let capacity: Int
    private let entries = Mutex<[String: (principal: Principal, until: Date)]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func principal(for token: String, now: Date = Date()) -> Principal? {
        self.entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now <= entry.until else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    func insert(_ principal: Principal, for token: String, until: Date, now: Date = Date()) {
        self.entries.withLock { entries in
            if entries.count >= self.capacity {
                entries = entries.filter { $0.value.until >= now }
                if entries.count >= self.capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = (principal, until)
        }
    }
}
