import Foundation
import Hummingbird
import Logging
import SwitchboardAPI
import SwitchboardCore
import SwitchboardService

/// `/api/v1/calls/*` (docs/compatibility.md §1.2, §6, #15, #16): place, list and hang up ACS
/// calls, answer Event Grid `IncomingCall`s, and take Call Automation callbacks.
struct CallsController<Context: RequestContext>: Sendable {
    let settings: TelephonySettings
    let acs: ACSCallAutomation?
    let store: CallStore
    let events: CallEvents
    let streamingMode: MediaStart.Mode
    /// Whether a live media worker takes `voice_live` sessions.
    let dispatcher: MediaDispatcher

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(GatewayAPI.initiateCall, use: self.initiate)
        routes.on(GatewayAPI.listCalls, use: self.list)
        routes.on(GatewayAPI.terminateCall, use: self.terminate)
        routes.on(GatewayAPI.answerCall, use: self.answer)
        routes.on(GatewayAPI.callAutomationCallbacks, use: self.events.callbacks)
        return routes
    }

    // MARK: Initiate

    @Sendable func initiate(_ request: Request, context: Context) async throws -> JSONBody<CallInitiateResponse> {
        let body = try await request.decode(as: CallInitiateRequest.self)
        let target = body.targetNumber
        guard PhoneNumber.isE164(target) else { throw Self.invalid("target_number", "must match ^\\+[1-9]\\d{1,14}$") }
        let modeName = body.streamingMode ?? body.context?.streamingMode ?? self.streamingMode.rawValue
        guard let requested = MediaStart.Mode(rawValue: modeName.lowercased()) else {
            throw ProblemDetails(
                status: .badRequest, detail: "Invalid streaming_mode '\(modeName)': media, transcription, voice_live or realtime.")
        }
        let mode = requested.onPhone
        if mode == .voiceLive, (try? await self.dispatcher.pick(mode: .voiceLive)) == nil {
            throw ProblemDetails(
                status: .serviceUnavailable, detail: "No media worker offers voice_live: set SB_REALTIME_URL on the media workers.")
        }
        let record = body.recordCall?.bool ?? body.context?.recordCall?.bool ?? self.settings.recordByDefault
        let browserSession = body.context?.browserSessionID
        if let browserSession, VoiceController.sessionID(browserSession, fallback: "") == nil {
            throw Self.invalid("context.browser_session_id", "1–128 letters, digits or -_.:")
        }
        let acs = try self.configured(.place)
        var request: [String: JSONValue] = [
            "targets": [ACSCallAutomation.phoneIdentifier(target)],
            "sourceCallerIdNumber": ["value": .string(self.settings.sourceNumber ?? "")],
            "callbackUri": .string(self.settings.callbackURL),
            "operationContext": .string(browserSession ?? "outbound"), "mediaStreamingOptions": self.mediaStreamingOptions,
        ]
        let initiated = CallStore.timestamp()
        let (callID, properties) = try await Self.callConnection("place the call", logger: context.logger) { () async throws(ACSError) in
            try await acs.createCall(.object(request))
        }
        let sessionID = browserSession ?? "media_\(callID)"
        try await self.store.save(
            callID,
            [
                "status": "initiating", "direction": "outbound", "carrier": "acs", "target_number": target,
                "caller_id": self.settings.sourceNumber ?? "", "session_id": sessionID, "streaming_mode": mode.rawValue,
                "recording_enabled": String(record), "server_call_id": properties["serverCallId"]?.string ?? "",
                "created_at": initiated,
            ], created: true)
        context.logger.info("call placed", metadata: ["call.id": "\(callID)", "session.id": "\(sessionID)"])
        return JSONBody(
            CallInitiateResponse(
                callID: callID, targetNumber: target, streamingMode: mode.rawValue, initiatedAt: initiated, sessionID: sessionID,
                recordingEnabled: record))
    }

    /// Bidirectional media streaming back to this gateway, in every mode: `transcription` calls are
    /// transcribed by our own recogniser on that audio (docs/compatibility.md #9), not by ACS, whose
    /// transcription messages the media socket does not read.
    var mediaStreamingOptions: JSONValue {
        [
            "transportUrl": .string(self.settings.publicSocketURL("/api/v1/media/stream") ?? ""), "transportType": "websocket",
            "contentType": "audio", "audioChannelType": "unmixed", "startMediaStreaming": true, "enableBidirectional": true,
            "enableDtmfTones": true, "audioFormat": "pcm16KMono",
        ]
    }

    // MARK: List and terminate

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONBody<CallList> {
        let query = request.uri.queryParameters
        var errors: [ProblemDetails.FieldError] = []
        let page = query["page"].map { Int($0) ?? 0 } ?? 1
        let limit = query["limit"].map { Int($0) ?? 0 } ?? 10
        let status = query["status_filter"].map(String.init)
        if page < 1 { errors.append(.init(field: "page", message: "must be a whole number ≥ 1")) }
        if !(1...100).contains(limit) { errors.append(.init(field: "limit", message: "must be a whole number from 1 to 100")) }
        if let status, !CallStore.statuses.contains(status) {
            errors.append(.init(field: "status_filter", message: "must be one of \(CallStore.statuses.sorted().joined(separator: ", "))"))
        }
        guard errors.isEmpty else {
            throw ProblemDetails(status: .unprocessableContent, detail: "Invalid query parameters.", errors: errors)
        }
        let (calls, total) = try await self.store.list(page: page, limit: limit, status: status)
        return JSONBody(CallList(calls: calls.map(CallStore.summary), total: total, page: page, limit: limit))
    }

    @Sendable func terminate(_ request: Request, context: Context) async throws -> JSONBody<CallTerminateResponse> {
        let body = try await request.decode(as: CallTerminateRequest.self)
        let callID = body.callID
        let acs = try self.configured(.hangUp)
        do {
            try await acs.terminate(callConnectionID: callID)
        } catch {
            throw Self.problem(error, action: "hang up call \(callID)")
        }
        // ACS closes the media stream too; this ends the session at once on whichever gateway holds it.
        var commands = [CallControlMessage(callID: callID, action: .end("call terminated")).publishCommand]
        if try await self.store.load(callID) != nil {
            let reason = body.reason ?? "normal"
            commands += self.store.updateCommands(callID, ["hangup_requested_at": CallStore.timestamp(), "hangup_reason": reason])
        }
        await self.events.control.send(commands)
        return JSONBody(CallTerminateResponse(callID: callID, message: "Call hangup requested"))
    }

    // MARK: Event Grid

    /// Event Grid delivery (docs/compatibility.md §6.2): the subscription-validation handshake, or
    /// `IncomingCall` answered with media streaming back to this gateway.
    @Sendable func answer(_ request: Request, context: Context) async throws -> JSONBody<CallAnswerResult> {
        let events = try await CallEvents.cloudEvents(request, limit: 256 * 1024)
        for event in events where CallEvents.type(of: event) == "Microsoft.EventGrid.SubscriptionValidationEvent" {
            guard let code = event["data"]?["validationCode"]?.string, !code.isEmpty else {
                throw Self.invalid("data.validationCode", "required in a SubscriptionValidationEvent")
            }
            context.logger.info("Event Grid subscription validated")
            return JSONBody(CallAnswerResult(validationResponse: code))
        }
        guard let incoming = events.first(where: { CallEvents.type(of: $0) == "Microsoft.Communication.IncomingCall" }) else {
            self.events.countIgnored(events)
            return JSONBody(CallAnswerResult(status: "no events processed"))
        }
        guard let callContext = incoming["data"]?["incomingCallContext"]?.string, !callContext.isEmpty else {
            throw Self.invalid("data.incomingCallContext", "required in an IncomingCall event")
        }
        let acs = try self.configured(.answer)
        let from = incoming["data"]?["from"]
        let callerID = from?["phoneNumber"]?["value"]?.string ?? from?["rawId"]?.string ?? "unknown"
        let query = request.uri.queryParameters
        let override = (query["recordCall"] ?? query["record_call"]).flatMap { JSONValue.string(String($0)).bool }
        let record = override ?? incoming["data"]?["recordCall"]?.bool ?? self.settings.recordByDefault
        let mode = self.streamingMode
        let body: [String: JSONValue] = [
            "incomingCallContext": .string(callContext), "callbackUri": .string(self.settings.callbackURL),
            "operationContext": "inbound", "mediaStreamingOptions": self.mediaStreamingOptions,
        ]
        let (callID, properties) = try await Self.callConnection("answer the call", logger: context.logger) { () async throws(ACSError) in
            try await acs.answerCall(.object(body))
        }
        let answeredAt = CallStore.timestamp()
        try await self.store.save(
            callID,
            [
                "status": "ringing", "direction": "inbound", "carrier": "acs", "caller_id": callerID,
                "target_number": incoming["data"]?["to"]?["phoneNumber"]?["value"]?.string ?? "", "session_id": "media_\(callID)",
                "streaming_mode": mode.rawValue, "recording_enabled": String(record),
                "server_call_id": properties["serverCallId"]?.string ?? incoming["data"]?["serverCallId"]?.string ?? "",
            ], created: true)
        context.logger.info("call answered", metadata: ["call.id": "\(callID)"])
        return JSONBody(CallAnswerResult(callConnectionID: callID, callerID: callerID, answeredAt: answeredAt, recordingEnabled: record))
    }

    // MARK: Helpers

    private func configured(_ operation: TelephonySettings.Operation) throws -> ACSCallAutomation {
        let missing = self.settings.missing(for: operation)
        guard missing.isEmpty, let acs = self.acs else {
            throw ProblemDetails(
                status: .serviceUnavailable, detail: "ACS call control is not configured: set \(missing.joined(separator: ", ")).")
        }
        return acs
    }

    /// Runs a Call Automation request that makes a call connection: its id and properties, or the problem to answer.
    static func callConnection(
        _ action: String, logger: Logger, _ request: () async throws(ACSError) -> JSONValue
    ) async throws -> (id: String, properties: JSONValue) {
        let properties: JSONValue
        do {
            properties = try await request()
        } catch {
            logger.warning("call automation request failed", metadata: ["call.action": "\(action)", "error": "\(error)"])
            throw Self.problem(error, action: action)
        }
        guard let id = properties["callConnectionId"]?.string, !id.isEmpty else {
            throw ProblemDetails(status: .badGateway, detail: "ACS returned no callConnectionId; could not \(action).")
        }
        return (id, properties)
    }

    static func invalid(_ field: String, _ message: String) -> ProblemDetails {
        ProblemDetails(
            status: .unprocessableContent, detail: "Invalid request: \(field) \(message).", errors: [.init(field: field, message: message)])
    }

    /// A failed Call Automation request as the caller should see it.
    static func problem(_ error: ACSError, action: String) -> ProblemDetails {
        switch error.status {
        case nil where error.code == ACSError.timeout.code:
            ProblemDetails(status: .gatewayTimeout, detail: "ACS did not answer in time; could not \(action).")
        case 404?:
            ProblemDetails(status: .notFound, detail: "ACS does not know this call; could not \(action).")
        case let status? where (400..<500).contains(status) && status != 401 && status != 403 && status != 429:
            ProblemDetails(status: .badRequest, detail: "ACS refused to \(action): \(error.code): \(error.message)")
        default:
            ProblemDetails(status: .badGateway, detail: "Could not \(action): \(error.code): \(error.message)")
        }
    }
}
