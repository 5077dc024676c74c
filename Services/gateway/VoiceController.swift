import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket
import SwitchboardAPI
import SwitchboardCore
import SwitchboardService

/// The voice sockets and their status endpoints (docs/compatibility.md §1.3, §2.2, §2.3).
struct VoiceController: Sendable {
    let sockets: CallerSockets
    let relay: DashboardRelay
    let streamingMode: MediaStart.Mode
    let telephony: TelephonySettings
    let store: CallStore
    let authenticator: CallbackAuthenticator
    /// Open browser and dashboard sockets per client address.
    let quota: SocketQuota
    let trustForwardedFor: Bool

    func register(on router: Router<GatewayContext>) {
        router.on(GatewayAPI.getMediaStatus) { _, _ in self.mediaStatus() }
        router.on(GatewayAPI.getBrowserStatus) { _, _ in self.browserStatus() }
        router.ws(GatewayAPI.mediaStream) { inbound, outbound, context in
            await self.serveACS(inbound: inbound, outbound: outbound, request: context.request)
        }
        router.ws(GatewayAPI.twilioMediaStream) { inbound, outbound, _ in
            guard let token = self.telephony.twilioAuthToken else {
                try? await outbound.close(.policyViolation, reason: "Twilio is not configured: set TWILIO_AUTH_TOKEN")
                return
            }
            // The session id and call come with Twilio's `start` message (its <Parameter>s).
            let serializer = TwilioSerializer(authToken: token)
            await self.sockets.serve(
                serializer, inbound: inbound, outbound: outbound, start: MediaStart(sessionID: "", transport: .twilio, mode: .media))
            if let callSID = serializer.callSID {
                try? await self.store.save(callSID, ["status": "disconnected", "ended_at": CallStore.timestamp()])
            }
        }
        for operation in [GatewayAPI.dashboardRelay, GatewayAPI.realtimeDashboardRelay] {
            router.ws(operation, headers: Self.browserUpgradeHeaders) { inbound, outbound, context in
                // Without a session id: every session's live envelopes.
                let given = context.request.uri.queryParameters["session_id"].map(String.init) ?? ""
                guard let sessionID = Self.sessionID(given, fallback: "") else {
                    try? await outbound.close(.policyViolation, reason: "invalid session_id")
                    return
                }
                await self.admitted(outbound, context) {
                    await self.relay.serve(sessionID: sessionID.isEmpty ? nil : sessionID, inbound: inbound, outbound: outbound)
                }
            }
        }
        for operation in [GatewayAPI.browserConversation, GatewayAPI.realtimeConversation] {
            router.ws(operation, headers: Self.browserUpgradeHeaders) { inbound, outbound, context in
                let query = context.request.uri.queryParameters
                let modeName = query["streaming_mode"].map(String.init) ?? "realtime"
                guard let mode = MediaStart.Mode(rawValue: modeName) else {
                    try? await outbound.close(.policyViolation, reason: "invalid streaming_mode \(modeName)")
                    return
                }
                guard
                    let sessionID = Self.sessionID(
                        query["session_id"].map(String.init), fallback: "session_" + UUID().uuidString.lowercased())
                else {
                    try? await outbound.close(.policyViolation, reason: "invalid session_id")
                    return
                }
                let rate = query["sample_rate"].flatMap { Int($0) } ?? 16_000
                guard MediaStart.sampleRates.contains(rate) else {
                    try? await outbound.close(.policyViolation, reason: "sample_rate must be 8000, 16000, 24000 or 48000")
                    return
                }
                let start = MediaStart(
                    sessionID: sessionID, transport: .browser, mode: mode, sampleRate: rate, scenario: query["scenario"].map(String.init))
                await self.admitted(outbound, context) {
                    await self.sockets.serve(
                        BrowserSerializer(sessionID: sessionID, sampleRate: rate), inbound: inbound, outbound: outbound, start: start)
                }
            }
        }
    }

    /// A browser socket's upgrade headers: `access_token` as the chosen subprotocol when the token
    /// came that way (a browser drops a socket whose offered protocol is not echoed).
    @Sendable static func browserUpgradeHeaders(_ request: Request) -> HTTPFields {
        BearerAuthenticator.protocolToken(request.headers[.secWebSocketProtocol]) == nil ? [:] : [.secWebSocketProtocol: "access_token"]
    }

    /// Runs `serve` for a browser or dashboard socket whose token passed (when tokens are on) and
    /// whose address is under its socket cap; otherwise closes it with 1008 or 1013 and the reason.
    private func admitted(
        _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<GatewayContext>, serve: () async -> Void
    ) async {
        if case .refused(let reason) = context.requestContext.access {
            try? await outbound.close(.policyViolation, reason: "not authenticated: \(reason)")
            return
        }
        let address = ClientAddress.of(context.request, context: context.requestContext, trustForwardedFor: self.trustForwardedFor)
        guard self.quota.acquire(address) else {
            try? await outbound.close(.init(codeNumber: 1013), reason: "too many sockets from one address; try again later")
            return
        }
        defer { self.quota.release(address) }
        await serve()
    }

    /// ACS media streaming: authenticated like ACS's callbacks (its bearer token on the upgrade);
    /// the session is the one its call was placed or answered for (the call record), and so is the
    /// streaming mode.
    private func serveACS(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request) async {
        if let failure = await self.authenticator.failure(authorization: request.headers[.authorization]) {
            try? await outbound.close(.policyViolation, reason: "not authenticated: \(failure)")
            return
        }
        let callID =
            request.uri.queryParameters["call_connection_id"].map(String.init)
            ?? request.headers[HTTPField.Name("x-ms-call-connection-id")!]
        var record: [String: String]?
        if let callID { record = try? await self.store.load(callID) }
        let given = request.uri.queryParameters["session_id"].map(String.init) ?? request.headers[HTTPField.Name("x-session-id")!]
        guard
            let sessionID = Self.sessionID(
                given ?? record?["session_id"], fallback: "media_" + (callID ?? String(UUID().uuidString.prefix(8)).lowercased()))
        else {
            try? await outbound.close(.policyViolation, reason: "invalid session_id")
            return
        }
        let modeName = record?["streaming_mode"] ?? self.streamingMode.rawValue
        guard let mode = MediaStart.Mode(rawValue: modeName), mode != .realtime else {
            try? await outbound.close(.normalClosure, reason: "streaming mode \(modeName) is not available on this socket")
            return
        }
        let start = MediaStart(sessionID: sessionID, transport: .acs, mode: mode, callConnectionID: callID)
        await self.sockets.serve(ACSSerializer(), inbound: inbound, outbound: outbound, start: start)
    }

    /// A session id from the client if it is sane (1–128 of letters, digits, `-_.:`), else the fallback.
    static func sessionID(_ given: String?, fallback: String) -> String? {
        guard let given, !given.isEmpty else { return fallback }
        guard given.count <= 128, given.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else { return nil }
        return given
    }

    func mediaStatus() -> JSONBody<MediaStatus> {
        JSONBody(MediaStatus(streamingMode: self.streamingMode, activeConnections: self.sockets.counters.count(.acs)))
    }

    func browserStatus() -> JSONBody<BrowserStatus> {
        JSONBody(
            BrowserStatus(
                activeConnections: .init(
                    dashboardClients: self.relay.connected.load(ordering: .relaxed),
                    conversationSessions: self.sockets.counters.count(.browser), totalConnections: self.sockets.counters.total)))
    }
}
