import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardAPI
import SwitchboardCore
import SwitchboardService

/// `POST /api/v1/calls/callbacks`: Call Automation's CloudEvents (one or an array), authenticated
/// by ACS's bearer token, applied to the call record and told to the session's dashboards
/// (docs/compatibility.md §6.3). Well-formed events of types not handled are acknowledged and counted, so
/// that ACS does not retry them.
struct CallEvents: Sendable {
    let store: CallStore
    let control: CallControl
    let authenticator: CallbackAuthenticator
    let settings: TelephonySettings
    let logger: Logger

    /// The event types handled, by their short name; anything else is counted as `other`.
    static let handled: Set<String> = [
        "CallConnected", "CallDisconnected", "CreateCallFailed", "AnswerFailed", "AnswerCallFailed", "ParticipantsUpdated",
        "ContinuousDtmfRecognitionToneReceived", "ContinuousDtmfRecognitionToneFailed", "ContinuousDtmfRecognitionStopped",
        "CallTransferAccepted", "CallTransferFailed", "PlayCompleted", "PlayFailed", "RecognizeCompleted", "RecognizeFailed",
        "MediaStreamingStarted", "MediaStreamingStopped", "MediaStreamingFailed", "RecordingStateChanged",
    ]

    @Sendable func callbacks(_ request: Request, context: some RequestContext) async throws -> JSONBody<CallbackResult> {
        if let failure = await self.authenticator.failure(authorization: request.headers[.authorization]) {
            Counter(label: "switchboard_gateway_callback_auth_failures_total").increment()
            throw ProblemDetails(status: .unauthorized, detail: "Callback not authenticated: \(failure).")
        }
        let events = try await Self.cloudEvents(request, limit: 1 << 20)
        let headerCallID = request.headers[HTTPField.Name("x-ms-call-connection-id")!]
        var processed = 0
        var failed = 0
        var unknown = 0
        var lastCallID: String?
        for event in events {
            guard let type = Self.type(of: event), let callID = event["data"]?["callConnectionId"]?.string ?? headerCallID,
                !callID.isEmpty, callID.count <= 128
            else {
                failed += 1
                continue
            }
            guard let record = try await self.store.load(callID) else {
                unknown += 1
                continue
            }
            lastCallID = callID
            await self.apply(type: type, data: event["data"] ?? [:], callID: callID, record: record)
            processed += 1
        }
        guard processed > 0 || unknown == 0 else {
            throw ProblemDetails(status: .notFound, detail: "No call with that callConnectionId is known here.")
        }
        guard processed > 0 || failed == 0 else {
            throw ProblemDetails(status: .badRequest, detail: "No event had a type and a callConnectionId.")
        }
        return JSONBody(CallbackResult(processedEvents: processed, failedEvents: failed + unknown, callConnectionID: lastCallID))
    }

    /// One event (docs/compatibility.md §6.3): what it changes in the call record, tells the dashboards and asks of the
    /// gateway carrying the call, sent to Redis in one pipeline; then what it asks of ACS.
    func apply(type: String, data: JSONValue, callID: String, record: [String: String]) async {
        let name = type.hasPrefix("Microsoft.Communication.") ? String(type.dropFirst("Microsoft.Communication.".count)) : type
        Counter(label: "switchboard_gateway_call_events_total", dimensions: [("type", Self.handled.contains(name) ? name : "other")])
            .increment()
        let sessionID = record["session_id"] ?? "media_\(callID)"
        let result = data["resultInformation"]
        let reason = result?["message"]?.string ?? ""
        let now = CallStore.timestamp()
        var fields: [String: String] = [:]
        var announcement: (label: String, message: String, event: String, data: [String: JSONValue])?
        var control: CallControlMessage.Action?
        switch name {
        case "CallConnected":
            fields = ["status": "connected", "connected_at": now]
            let caller = record["direction"] == "outbound" ? record["target_number"] : record["caller_id"]
            announcement = (
                "Call Connected", "📞 Call connected", "call_connected",
                [
                    "call_connection_id": .string(callID), "browser_session_id": .string(sessionID), "caller_id": .string(caller ?? ""),
                    "connected_at": .string(now),
                ]
            )
        case "CallDisconnected":
            fields = ["status": "disconnected", "ended_at": now, "disconnect_reason": "disconnected"]
            announcement = (
                "Call Disconnected", "📞 Call disconnected\nReason: Disconnected\nEnded: \(now)", "call_disconnected",
                [
                    "call_connection_id": .string(callID), "disconnect_reason": "disconnected", "reason_label": "Disconnected",
                    "ended_at": .string(now),
                ]
            )
            control = .end("call disconnected")
        case "CreateCallFailed", "AnswerFailed", "AnswerCallFailed":
            fields = ["status": "failed", "ended_at": now, "disconnect_reason": reason]
            announcement = (
                "Call Failed", "📞 Call failed: \(reason)", "call_failed", ["call_connection_id": .string(callID), "result": result ?? nil]
            )
            control = .end("call failed")
        case "ParticipantsUpdated":
            let participants = data["participants"]?.array ?? []
            let summary: JSONValue = .array(
                participants.map {
                    [
                        "raw_id": $0["identifier"]?["rawId"] ?? nil, "is_muted": $0["isMuted"] ?? false,
                        "is_on_hold": $0["isOnHold"] ?? false,
                    ]
                })
            fields = ["participants": summary.jsonText]
            announcement = (
                "Participants", "👥 \(participants.count) participant(s)", "participants_updated",
                ["call_connection_id": .string(callID), "participants": summary]
            )
        case "ContinuousDtmfRecognitionToneReceived":
            if let digit = data["tone"]?.string.flatMap(Self.digit) {
                fields = ["last_dtmf_tone": digit]
                control = .dtmf(digit)
            }
        case "CallTransferAccepted":
            fields = ["transfer_state": "accepted"]
            announcement = (
                "Call Transferred", "📞 Call transferred", "call_transfer_accepted",
                ["call_connection_id": .string(callID), "target": data["transferTarget"]?["rawId"] ?? nil]
            )
        case "CallTransferFailed":
            fields = ["transfer_state": "failed"]
            announcement = (
                "Transfer Failed", "📞 Transfer failed: \(reason)", "call_transfer_failed",
                ["call_connection_id": .string(callID), "result": result ?? nil]
            )
        case "MediaStreamingStarted", "MediaStreamingStopped", "MediaStreamingFailed":
            fields = ["media_streaming": data["mediaStreamingUpdate"]?["mediaStreamingStatus"]?.string ?? name]
            if name == "MediaStreamingFailed" {
                announcement = (
                    "Media Streaming Failed", "⚠️ Media streaming failed: \(reason)", "media_streaming_failed",
                    ["call_connection_id": .string(callID), "result": result ?? nil]
                )
            }
        case "RecordingStateChanged":
            fields = ["recording_state": data["state"]?.string ?? "unknown", "recording_id": data["recordingId"]?.string ?? ""]
        default:
            // Play/Recognize outcomes, DTMF stops and failures, and types we do not use: acknowledged.
            self.logger.debug("call event acknowledged", metadata: ["call.id": "\(callID)", "event.type": "\(name)"])
        }
        var commands = self.store.updateCommands(callID, fields, event: name)
        if let announcement {
            commands += self.control.announcementCommands(
                sessionID, status: announcement.label, message: announcement.message, event: announcement.event, data: announcement.data)
        }
        if let control { commands.append(CallControlMessage(callID: callID, action: control).publishCommand) }
        await self.control.send(commands)
        if name == "CallConnected" {
            await self.startRecordingIfAsked(callID: callID, data: data, record: record)
            await self.startDtmfIfAsked(callID: callID, record: record)
        }
    }

    private func startRecordingIfAsked(callID: String, data: JSONValue, record: [String: String]) async {
        guard record["recording_enabled"] == "true", record["recording_id"]?.isEmpty ?? true, let acs = self.control.acs else { return }
        guard let serverCallID = data["serverCallId"]?.string ?? record["server_call_id"], !serverCallID.isEmpty else { return }
        do {
            let state = try await acs.startRecording(
                serverCallID: serverCallID, containerURL: self.settings.storageContainerURL,
                callbackURI: self.settings.callbackURL)
            try? await self.store.save(
                callID,
                ["recording_id": state["recordingId"]?.string ?? "", "recording_state": state["recordingState"]?.string ?? "active"])
        } catch {
            self.logger.warning("recording did not start", metadata: ["call.id": "\(callID)", "error": "\(error)"])
        }
    }

    private func startDtmfIfAsked(callID: String, record: [String: String]) async {
        guard self.settings.dtmfRecognition, let acs = self.control.acs else { return }
        let caller = record["direction"] == "outbound" ? record["target_number"] : record["caller_id"]
        guard let caller, PhoneNumber.isE164(caller) else { return }
        do {
            try await acs.startContinuousDtmfRecognition(callConnectionID: callID, participant: caller)
        } catch {
            self.logger.warning("DTMF recognition did not start", metadata: ["call.id": "\(callID)", "error": "\(error)"])
        }
    }

    /// Counts Event Grid events nobody handles.
    func countIgnored(_ events: [JSONValue]) {
        Counter(label: "switchboard_gateway_call_events_total", dimensions: [("type", "other")]).increment(by: max(1, events.count))
    }

    // MARK: Parsing

    /// The body as a list of events (a single object or an array of objects); 400/413/422 otherwise.
    static func cloudEvents(_ request: Request, limit: Int) async throws -> [JSONValue] {
        var copy = request
        let buffer: ByteBuffer
        do { buffer = try await copy.collectBody(upTo: limit) } catch {
            throw ProblemDetails(status: .contentTooLarge, detail: "The request body is larger than \(limit) bytes.")
        }
        guard let json = JSONValue(jsonText: String(buffer: buffer)) else {
            throw ProblemDetails(status: .badRequest, detail: "The body must be an event or an array of events (JSON).")
        }
        let events = json.array ?? [json]
        guard !events.isEmpty, events.count <= 100, events.allSatisfy({ $0.object != nil && Self.type(of: $0) != nil }) else {
            throw ProblemDetails(
                status: .badRequest, detail: "The body must be 1–100 events, each a JSON object with a type (or eventType).")
        }
        // The fields an event is documented with must have their types (422 naming the field otherwise).
        for event in events { _ = try Request.decode(EventGridEvent.self, from: Data(event.jsonText.utf8)) }
        return events
    }

    /// `type` (CloudEvents) or `eventType` (Event Grid schema).
    static func type(of event: JSONValue) -> String? {
        (event["type"]?.string ?? event["eventType"]?.string).flatMap { $0.isEmpty || $0.count > 200 ? nil : $0 }
    }

    /// ACS tone names (`five`, `pound`, `asterisk`…) as keypad characters.
    static func digit(_ tone: String) -> String? {
        let names = [
            "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
            "nine": "9", "pound": "#", "asterisk": "*", "a": "A", "b": "B", "c": "C", "d": "D",
        ]
        let lowered = tone.lowercased()
        if let name = names[lowered] { return name }
        return lowered.count == 1 && "0123456789*#".contains(lowered) ? lowered : nil
    }
}
