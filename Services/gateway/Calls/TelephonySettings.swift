import Foundation
import SwitchboardCore

/// Call control settings: ACS Call Automation and Twilio (docs/compatibility.md §7.4, #7).
///
/// | Variable | Default |
/// |---|---|
/// | `ACS_CONNECTION_STRING` | unset (`endpoint=https://….communication.azure.com/;accesskey=…`): no ACS call control |
/// | `ACS_ENDPOINT` | refused without `ACS_CONNECTION_STRING` (managed identity for ACS is not built) |
/// | `ACS_SOURCE_PHONE_NUMBER` | unset (E.164; needed to place calls) |
/// | `BASE_URL` | unset (public `https://` origin: callbacks and media-stream URLs derive from it, `https`→`wss`) |
/// | `ACS_RESOURCE_ID` | unset (audience of ACS's callback tokens; required with ACS unless `ACS_CALLBACK_AUTH=off`) |
/// | `ACS_CALLBACK_AUTH` | `on` (`off`: callbacks and the media socket are not authenticated; a warning at start) |
/// | `ACS_CALLBACK_JWKS_URL` | `https://acscallautomation.communication.azure.com/calling/keys` |
/// | `ENABLE_ACS_CALL_RECORDING` | `false` (`AZURE_STORAGE_CONTAINER_URL`: where recordings go, else ACS storage) |
/// | `DTMF_VALIDATION_ENABLED` | `false` (continuous DTMF recognition from `CallConnected`) |
/// | `SB_ACS_API_VERSION` | `2025-05-15` |
/// | `SB_ACS_TIMEOUT_MS` | `10000` per request; `SB_ACS_MAX_ATTEMPTS` `3` (429/5xx retried, honouring `Retry-After`) |
/// | `SB_CALL_CENTER_NUMBER` | unset (E.164: where a transfer to a queue such as `human_agent` goes) |
/// | `TWILIO_AUTH_TOKEN` | unset (Twilio webhook signatures; needed for Twilio calls) |
struct TelephonySettings: Sendable {
    struct ACS: Sendable {
        /// `https://host[:port]`, without a trailing slash.
        var endpoint: String
        var accessKey: [UInt8]
        var apiVersion: String
        var timeout: Duration
        var maxAttempts: Int
    }

    enum CallbackAuth: Sendable {
        case off
        case jwt(audience: String, jwksURL: String)
    }

    static let acsIssuer = "https://acscallautomation.communication.azure.com"

    var acs: ACS?
    var sourceNumber: String?
    var baseURL: String?
    var callbackAuth: CallbackAuth
    var recordByDefault: Bool
    var storageContainerURL: String?
    var dtmfRecognition: Bool
    var twilioAuthToken: String?
    var callCenterNumber: String?

    init(environment: inout EnvironmentReader) {
        if let connection = environment.optionalString("ACS_CONNECTION_STRING") {
            if let (endpoint, key) = Self.parse(connectionString: connection) {
                self.acs = ACS(
                    endpoint: endpoint, accessKey: key,
                    apiVersion: environment.string("SB_ACS_API_VERSION", default: "2025-05-15"),
                    timeout: environment.milliseconds("SB_ACS_TIMEOUT_MS", default: 10_000, in: 100...120_000),
                    maxAttempts: environment.int("SB_ACS_MAX_ATTEMPTS", default: 3, in: 1...10))
            } else {
                environment.report("ACS_CONNECTION_STRING must be endpoint=https://…;accesskey=<base64> (the key is not shown)")
            }
        } else if environment.optionalString("ACS_ENDPOINT") != nil {
            environment.report(
                "ACS_ENDPOINT without ACS_CONNECTION_STRING needs managed identity, which is not built; set ACS_CONNECTION_STRING")
        }
        self.sourceNumber = environment.optionalString("ACS_SOURCE_PHONE_NUMBER")
        if let number = self.sourceNumber, !PhoneNumber.isE164(number) {
            environment.report("ACS_SOURCE_PHONE_NUMBER must be an E.164 number such as +15551234567 (got \"\(number)\")")
        }
        if let base = environment.optionalString("BASE_URL") {
            self.baseURL = environment.httpURL("BASE_URL", default: base)
        }
        let auth = environment.choice("ACS_CALLBACK_AUTH", default: "on", from: ["on", "off"])
        let jwks = environment.httpURL("ACS_CALLBACK_JWKS_URL", default: Self.acsIssuer + "/calling/keys")
        if auth == "off" {
            self.callbackAuth = .off
        } else if let resource = environment.optionalString("ACS_RESOURCE_ID") {
            self.callbackAuth = .jwt(audience: resource, jwksURL: jwks)
        } else {
            self.callbackAuth = .off
            if self.acs != nil {
                environment.report(
                    "ACS_RESOURCE_ID is required with ACS_CONNECTION_STRING: it is the audience of ACS's callback tokens "
                        + "(or set ACS_CALLBACK_AUTH=off to accept unauthenticated callbacks)")
            }
        }
        self.recordByDefault = environment.bool("ENABLE_ACS_CALL_RECORDING", default: false)
        self.storageContainerURL = environment.optionalString("AZURE_STORAGE_CONTAINER_URL")
        self.dtmfRecognition = environment.bool("DTMF_VALIDATION_ENABLED", default: false)
        self.twilioAuthToken = environment.optionalString("TWILIO_AUTH_TOKEN")
        self.callCenterNumber = environment.optionalString("SB_CALL_CENTER_NUMBER")
        if let number = self.callCenterNumber, !PhoneNumber.isE164(number) {
            environment.report("SB_CALL_CENTER_NUMBER must be an E.164 number such as +15551234567 (got \"\(number)\")")
        }
    }

    /// `endpoint=…;accesskey=…` (keys case-insensitive) → endpoint without trailing slash, decoded key.
    static func parse(connectionString: String) -> (String, [UInt8])? {
        var fields: [String: String] = [:]
        for part in connectionString.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[String(part[..<equals]).trimmingSpaces.lowercased()] = String(part[part.index(after: equals)...]).trimmingSpaces
        }
        guard var endpoint = fields["endpoint"], endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://"),
            let key = fields["accesskey"].flatMap({ Data(base64Encoded: $0) }), !key.isEmpty
        else { return nil }
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return (endpoint, Array(key))
    }

    /// The variables a call operation still needs, named for the 503 answer.
    func missing(for operation: Operation) -> [String] {
        var missing: [String] = []
        if self.acs == nil { missing.append("ACS_CONNECTION_STRING") }
        if operation == .place, self.sourceNumber == nil { missing.append("ACS_SOURCE_PHONE_NUMBER") }
        if operation != .hangUp, self.baseURL == nil { missing.append("BASE_URL") }
        return missing
    }

    enum Operation { case place, answer, hangUp }

    /// Where ACS posts Call Automation callbacks (empty until `BASE_URL` is set; call operations need it).
    var callbackURL: String { self.publicURL("/api/v1/calls/callbacks") ?? "" }

    /// The public URL of a gateway path (callbacks, webhooks).
    func publicURL(_ path: String) -> String? { self.baseURL.map { $0 + path } }

    /// The public WebSocket URL of a gateway path: `https`→`wss`, `http`→`ws`.
    func publicSocketURL(_ path: String) -> String? {
        guard let base = self.baseURL else { return nil }
        if base.hasPrefix("https://") { return "wss://" + base.dropFirst("https://".count) + path }
        return "ws://" + base.dropFirst("http://".count) + path
    }
}

/// Phone numbers as ACS and the Python backend accept them.
enum PhoneNumber {
    /// `+` then 2–15 digits, the first not 0 (docs/compatibility.md §1.2: `^\+[1-9]\d{1,14}$`).
    static func isE164(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.utf8.first == UInt8(ascii: "+") && (2...15).contains(digits.count)
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } && digits.first != UInt8(ascii: "0")
    }
}
