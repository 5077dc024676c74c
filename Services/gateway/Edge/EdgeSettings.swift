import SwitchboardCore

/// Who may use the gateway's API, from which web origins, and how fast (reference §0.2).
///
/// | Variable | Default |
/// |---|---|
/// | `ENABLE_AUTH_VALIDATION` | `false`; `true`: every `/api/v1` route needs an Entra ID bearer token, except health, readiness and the carrier routes that carry their own proof (ACS callbacks and media, Twilio) |
/// | `AZURE_TENANT_ID` | required with auth: the tenant whose v1 and v2 tokens are accepted |
/// | `SB_AUTH_AUDIENCE` | required with auth (or `BACKEND_AUTH_CLIENT_ID`, accepted as `<id>` and `api://<id>`) |
/// | `ALLOWED_CLIENT_IDS` | unset: any client application of the tenant; else a comma list of `azp`/`appid` values |
/// | `SB_AUTH_WRITE_ROLE` | unset; else the app role (`roles` claim) that POST, PUT, PATCH and DELETE need |
/// | `SB_AUTH_JWKS_URL` | unset: the `jwks_uri` of the tenant's OpenID configuration at `AZURE_AUTHORITY_HOST` (`https://login.microsoftonline.com`) |
/// | `ALLOWED_ORIGINS` | `*` (any origin, without credentials); else a comma list of origins, answered with credentials |
/// | `SB_RATE_LIMIT_RPS` | `50` REST requests a second per client (token subject, else IP), shared by every gateway through Redis; `0` turns limits off |
/// | `SB_RATE_LIMIT_BURST` | `100` requests a client may make at once |
/// | `SB_MAX_SOCKETS_PER_IP` | `50` WebSockets open at once from one address on one gateway (more: closed with 1013) |
/// | `SB_TRUST_FORWARDED_FOR` | `false`; `true` behind one trusted proxy: the client is the last address of `X-Forwarded-For` |
struct EdgeSettings: Sendable {
    struct Auth: Sendable {
        var tenantID: String
        var audiences: Set<String>
        var allowedClients: Set<String>
        var writeRole: String?
        var keys: SigningKeys.Source
    }

    enum Origins: Sendable, Equatable {
        case any
        case listed(Set<String>)
    }

    struct RateLimit: Sendable {
        var perSecond: Int
        var burst: Int
    }

    var auth: Auth?
    var origins: Origins
    var rateLimit: RateLimit?
    var maxSocketsPerAddress: Int
    var trustForwardedFor: Bool

    init(environment: inout EnvironmentReader) {
        if environment.bool("ENABLE_AUTH_VALIDATION", default: false) {
            self.auth = Self.auth(&environment)
        }
        let origins = Self.list(environment.optionalString("ALLOWED_ORIGINS") ?? "*")
        if origins.contains("*") {
            self.origins = .any
        } else {
            for origin in origins where !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) || origin.hasSuffix("/") {
                environment.report("ALLOWED_ORIGINS must list origins such as https://app.example.com (got \"\(origin)\")")
            }
            self.origins = .listed(Set(origins))
        }
        let perSecond = environment.int("SB_RATE_LIMIT_RPS", default: 50, in: 0...1_000_000)
        let burst = environment.int("SB_RATE_LIMIT_BURST", default: 100, in: 1...1_000_000)
        self.rateLimit = perSecond > 0 ? RateLimit(perSecond: perSecond, burst: burst) : nil
        self.maxSocketsPerAddress = environment.int("SB_MAX_SOCKETS_PER_IP", default: 50, in: 1...100_000)
        self.trustForwardedFor = environment.bool("SB_TRUST_FORWARDED_FOR", default: false)
    }

    private static func auth(_ environment: inout EnvironmentReader) -> Auth? {
        guard let tenant = environment.optionalString("AZURE_TENANT_ID") else {
            environment.report("ENABLE_AUTH_VALIDATION=true needs AZURE_TENANT_ID (the tenant whose tokens are accepted)")
            return nil
        }
        var audiences = Set<String>()
        if let audience = environment.optionalString("SB_AUTH_AUDIENCE") { audiences.insert(audience) }
        if let client = environment.optionalString("BACKEND_AUTH_CLIENT_ID") { audiences.formUnion([client, "api://\(client)"]) }
        if audiences.isEmpty {
            environment.report("ENABLE_AUTH_VALIDATION=true needs SB_AUTH_AUDIENCE (or BACKEND_AUTH_CLIENT_ID): the API's audience")
        }
        let authority = environment.httpURL("AZURE_AUTHORITY_HOST", default: "https://login.microsoftonline.com")
        let keys: SigningKeys.Source =
            if environment.optionalString("SB_AUTH_JWKS_URL") != nil {
                .keySet(environment.httpURL("SB_AUTH_JWKS_URL", default: ""))
            } else {
                .openIDConfiguration("\(authority)/\(tenant)/v2.0/.well-known/openid-configuration")
            }
        return Auth(
            tenantID: tenant, audiences: audiences, allowedClients: Set(list(environment.optionalString("ALLOWED_CLIENT_IDS") ?? "")),
            writeRole: environment.optionalString("SB_AUTH_WRITE_ROLE"), keys: keys)
    }

    /// A comma list without blanks.
    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }
}
