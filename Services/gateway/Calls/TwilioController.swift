import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardAPI
import SwitchboardCore
import SwitchboardCrypto
import SwitchboardService

/// `POST /api/v1/twilio/voice`: Twilio's incoming-call webhook (docs/compatibility.md #7). The request must
/// carry a valid `X-Twilio-Signature` (HMAC-SHA1 with `TWILIO_AUTH_TOKEN` over the public URL and
/// the sorted form parameters); the answer is TwiML that connects the call's audio to
/// `/api/v1/twilio/stream`, with the session id and a stream token as `<Parameter>`s.
struct TwilioController<Context: RequestContext>: Sendable {
    let settings: TelephonySettings
    let store: CallStore

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(GatewayAPI.twilioVoiceWebhook, use: self.voice)
        return routes
    }

    @Sendable func voice(_ request: Request, context: Context) async throws -> Response {
        guard let token = self.settings.twilioAuthToken, let publicURL = self.settings.publicURL("/api/v1/twilio/voice"),
            let streamURL = self.settings.publicSocketURL("/api/v1/twilio/stream")
        else {
            let missing = [
                self.settings.twilioAuthToken == nil ? "TWILIO_AUTH_TOKEN" : nil, self.settings.baseURL == nil ? "BASE_URL" : nil,
            ]
            throw ProblemDetails(
                status: .serviceUnavailable, detail: "Twilio is not configured: set \(missing.compactMap { $0 }.joined(separator: ", ")).")
        }
        var copy = request
        let body: ByteBuffer
        do { body = try await copy.collectBody(upTo: 64 * 1024) } catch {
            throw ProblemDetails(status: .contentTooLarge, detail: "The request body is larger than 65536 bytes.")
        }
        let parameters = Self.form(String(buffer: body))
        let query = request.uri.query.map { "?" + $0 } ?? ""
        guard let signature = request.headers[HTTPField.Name("X-Twilio-Signature")!],
            TwilioSignature.isValid(signature: signature, url: publicURL + query, parameters: parameters, token: token)
        else {
            throw ProblemDetails(status: .forbidden, detail: "Missing or invalid X-Twilio-Signature.")
        }
        let values = Dictionary(parameters, uniquingKeysWith: { first, _ in first })
        guard let callSID = values["CallSid"], !callSID.isEmpty, callSID.count <= 64,
            VoiceController.sessionID(callSID, fallback: "") != nil
        else {
            throw ProblemDetails(status: .badRequest, detail: "The webhook has no valid CallSid.")
        }
        let sessionID = "twilio_\(callSID)"
        try await self.store.save(
            callSID,
            [
                "status": "connected", "direction": "inbound", "carrier": "twilio", "caller_id": values["From"] ?? "",
                "target_number": values["To"] ?? "", "session_id": sessionID, "streaming_mode": "media", "recording_enabled": "false",
                "connected_at": CallStore.timestamp(),
            ], created: true)
        context.logger.info("Twilio call answered", metadata: ["call.id": "\(callSID)"])
        let twiml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Connect><Stream url="\(Self.xml(streamURL))">\
            <Parameter name="session_id" value="\(Self.xml(sessionID))"/>\
            <Parameter name="token" value="\(TwilioSignature.streamToken(callSID: callSID, authToken: token))"/>\
            </Stream></Connect></Response>
            """
        return Response(status: .ok, headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string: twiml)))
    }

    /// `application/x-www-form-urlencoded` pairs, in order.
    static func form(_ body: String) -> [(String, String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = parts.first.flatMap(decode), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// Twilio's request signatures and the stream tokens derived from the same secret.
enum TwilioSignature {
    /// Twilio's request signature: base64 HMAC-SHA1 of the URL followed by every form parameter's
    /// name and value, sorted by name.
    static func isValid(signature: String, url: String, parameters: [(String, String)], token: String) -> Bool {
        let data = url + parameters.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { $0.0 + $0.1 }.joined()
        let expected = Digest.hmac(.sha1, key: Array(token.utf8), message: Array(data.utf8))
        guard let given = Data(base64Encoded: signature) else { return false }
        return Digest.constantTimeEquals(expected, Array(given))
    }

    /// The token that admits one call's media stream: only the webhook, which Twilio signed, hands it out.
    static func streamToken(callSID: String, authToken: String) -> String {
        Base64URL.encode(Digest.hmac(.sha256, key: Array(authToken.utf8), message: Array("twilio-stream:\(callSID)".utf8)))
    }
}
