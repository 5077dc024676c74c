import SwitchboardCore

/// `POST /api/v1/calls/initiate`: place an outbound call (docs/compatibility.md §1.2).
package struct CallInitiateRequest: APIType {
    /// Where the call belongs; other keys are accepted and ignored.
    package struct Context: APIType {
        package var browserSessionID: String?
        package var streamingMode: String?
        package var recordCall: JSONValue?

        enum CodingKeys: String, CodingKey {
            case browserSessionID = "browser_session_id"
            case streamingMode = "streaming_mode"
            case recordCall = "record_call"
        }

        package static var schemaName: String { "CallInitiateContext" }
        package static var fields: [APIField<Self>] {
            [
                .field(
                    "browser_session_id",
                    "The session whose dashboard follows the call: 1–128 letters, digits, `-`, `_`, `.` or `:`; otherwise 422.",
                    example: "demo-session-1"),
                .field("streaming_mode", "Like `streaming_mode`, which wins over it."),
                .field("record_call", "Like `record_call`, which wins over it."),
            ]
        }
    }

    package var targetNumber: String
    package var callerID: String?
    package var context: Context?
    package var streamingMode: String?
    package var recordCall: JSONValue?

    enum CodingKeys: String, CodingKey {
        case context
        case targetNumber = "target_number"
        case callerID = "caller_id"
        case streamingMode = "streaming_mode"
        case recordCall = "record_call"
    }

    package static var schemaDescription: String? { "Place an outbound call (docs/compatibility.md §1.2)." }
    package static var fields: [APIField<Self>] {
        [
            .field(
                "target_number", \.targetNumber, "E.164 number to call; another format is 422.", example: "+15551234567",
                pattern: "^\\+[1-9]\\d{1,14}$"),
            .field("caller_id", "Accepted for compatibility; calls come from `ACS_SOURCE_PHONE_NUMBER`."),
            .field(
                "streaming_mode",
                "`media`, `transcription`, `voice_live` or `realtime` (any case; another is 400). Wins over `context.streaming_mode` and `ACS_STREAMING_MODE`.",
                example: "transcription"),
            .field(
                "record_call",
                "`true`/`false`, or a string or number meaning one. Wins over `context.record_call` and `ENABLE_ACS_CALL_RECORDING`.",
                example: true),
        ]
    }
}

/// The answer to an outbound call request.
package struct CallInitiateResponse: APIType {
    /// `"initiating"`.
    package enum State: String, APIEnum { case initiating }

    /// What Call Automation was asked for.
    package struct Details: APIType {
        /// The reference's account of the `createCall` request.
        package struct ACSResult: APIType {
            package var status = Success.success
            package var message = "Call initiated"
            package var callID: String
            package var initiatedAt: String
            package var streamingMode: String
            package var recordingEnabled: Bool

            enum CodingKeys: String, CodingKey {
                case status, message
                case callID = "callId"
                case initiatedAt = "initiated_at"
                case streamingMode = "streaming_mode"
                case recordingEnabled = "recording_enabled"
            }

            package static var schemaName: String { "CallInitiateACSResult" }
        }

        package var apiVersion = APIVersion.v1
        package var acsResult: ACSResult
        package var streamingMode: String
        package var recordingEnabled: Bool

        enum CodingKeys: String, CodingKey {
            case apiVersion = "api_version"
            case acsResult = "acs_result"
            case streamingMode = "streaming_mode"
            case recordingEnabled = "recording_enabled"
        }

        package static var schemaName: String { "CallInitiateDetails" }
    }

    package var callID: String
    package var status = State.initiating
    package var targetNumber: String
    package var message: String
    package var streamingMode: String
    package var initiatedAt: String
    package var sessionID: String
    package var details: Details

    package init(
        callID: String, targetNumber: String, streamingMode: String, initiatedAt: String, sessionID: String, recordingEnabled: Bool
    ) {
        self.callID = callID
        self.targetNumber = targetNumber
        self.message = "Call initiation requested for \(targetNumber)"
        self.streamingMode = streamingMode
        self.initiatedAt = initiatedAt
        self.sessionID = sessionID
        self.details = Details(
            acsResult: .init(callID: callID, initiatedAt: initiatedAt, streamingMode: streamingMode, recordingEnabled: recordingEnabled),
            streamingMode: streamingMode, recordingEnabled: recordingEnabled)
    }

    enum CodingKeys: String, CodingKey {
        case status, message, details
        case callID = "call_id"
        case targetNumber = "target_number"
        case streamingMode = "streaming_mode"
        case initiatedAt = "initiated_at"
        case sessionID = "session_id"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("call_id", "The call's callConnectionId."),
            .field("streaming_mode", "The mode the phone call runs in (`realtime` runs as `transcription`).", example: "transcription"),
            .field("initiated_at", "ISO 8601."),
            .field("session_id", "`context.browser_session_id`, else `media_<call id>`."),
        ]
    }
}

/// A call as `GET /api/v1/calls` lists it; fields the call record lacks are null.
package struct CallSummary: APIType {
    @Nullable package var callID: String?
    @Nullable package var status: String?
    @Nullable package var duration: Double?
    package var participants: JSONValue
    package var events: Int
    @Nullable package var direction: String?
    @Nullable package var carrier: String?
    @Nullable package var targetNumber: String?
    @Nullable package var callerID: String?
    @Nullable package var sessionID: String?
    @Nullable package var streamingMode: String?
    package var recordingEnabled: Bool
    @Nullable package var createdAt: String?
    @Nullable package var connectedAt: String?
    @Nullable package var endedAt: String?
    @Nullable package var disconnectReason: String?
    @Nullable package var lastEvent: String?

    /// The summary of a call record (its Redis hash).
    package init(record: [String: String], duration: Double?, participants: JSONValue) {
        self.callID = record["call_id"]
        self.status = record["status"]
        self.duration = duration
        self.participants = participants
        self.events = record["events"].flatMap(Int.init) ?? 0
        self.direction = record["direction"]
        self.carrier = record["carrier"]
        self.targetNumber = record["target_number"]
        self.callerID = record["caller_id"]
        self.sessionID = record["session_id"]
        self.streamingMode = record["streaming_mode"]
        self.recordingEnabled = record["recording_enabled"] == "true"
        self.createdAt = record["created_at"]
        self.connectedAt = record["connected_at"]
        self.endedAt = record["ended_at"]
        self.disconnectReason = record["disconnect_reason"]
        self.lastEvent = record["last_event"]
    }

    enum CodingKeys: String, CodingKey {
        case status, duration, participants, events, direction, carrier
        case callID = "call_id"
        case targetNumber = "target_number"
        case callerID = "caller_id"
        case sessionID = "session_id"
        case streamingMode = "streaming_mode"
        case recordingEnabled = "recording_enabled"
        case createdAt = "created_at"
        case connectedAt = "connected_at"
        case endedAt = "ended_at"
        case disconnectReason = "disconnect_reason"
        case lastEvent = "last_event"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("status", example: "connected"), .field("duration", "Seconds connected (to 0.1); null until connected."),
            .field("participants", "The participants ACS last reported (`[]` until then)."),
            .field("events", \.events, "Call Automation events received.", minimum: 0), .field("direction", example: "outbound"),
            .field("carrier", example: "acs"),
        ]
    }
}

/// `GET /api/v1/calls`.
package struct CallList: APIType {
    package var calls: [CallSummary]
    package var total: Int
    package var page: Int
    package var limit: Int

    package init(calls: [CallSummary], total: Int, page: Int, limit: Int) {
        self.calls = calls
        self.total = total
        self.page = page
        self.limit = limit
    }

    package static var fields: [APIField<Self>] {
        [.field("total", \.total, "Calls matching, on every page.", minimum: 0), .field("page", \.page, minimum: 1)]
    }
}

/// `POST /api/v1/calls/answer`: the Event Grid validation handshake (`validationResponse`), the
/// answered call (`status: call answered` and the call's fields), or `status: no events processed`.
package struct CallAnswerResult: APIType {
    package var validationResponse: String?
    package var status: String?
    package var callConnectionID: String?
    package var callerID: String?
    package var answeredAt: String?
    package var recordingEnabled: Bool?

    package init(validationResponse: String) { self.validationResponse = validationResponse }

    package init(status: String) { self.status = status }

    package init(callConnectionID: String, callerID: String, answeredAt: String, recordingEnabled: Bool) {
        self.status = "call answered"
        self.callConnectionID = callConnectionID
        self.callerID = callerID
        self.answeredAt = answeredAt
        self.recordingEnabled = recordingEnabled
    }

    enum CodingKeys: String, CodingKey {
        case validationResponse, status
        case callConnectionID = "call_connection_id"
        case callerID = "caller_id"
        case answeredAt = "answered_at"
        case recordingEnabled = "recording_enabled"
    }

    package static var schemaName: String { "CallAnswerResponse" }
    package static var fields: [APIField<Self>] {
        [
            .field("validationResponse", "The handshake only: the event's `validationCode`."),
            .field("status", "`call answered` or `no events processed`.", example: "call answered"),
            .field("call_connection_id", "An answered call only."), .field("caller_id", "An answered call only."),
            .field("answered_at", "An answered call only: ISO 8601."), .field("recording_enabled", "An answered call only."),
        ]
    }
}

/// `POST /api/v1/calls/callbacks`: what the Call Automation events did.
package struct CallbackResult: APIType {
    /// `"events_v1"`.
    package enum ProcessingSystem: String, APIEnum {
        case eventsV1 = "events_v1"
    }

    package var status = Success.success
    package var processedEvents: Int
    package var failedEvents: Int
    @Nullable package var callConnectionID: String?
    package var processingSystem = ProcessingSystem.eventsV1

    package init(processedEvents: Int, failedEvents: Int, callConnectionID: String?) {
        self.processedEvents = processedEvents
        self.failedEvents = failedEvents
        self.callConnectionID = callConnectionID
    }

    enum CodingKeys: String, CodingKey {
        case status
        case processedEvents = "processed_events"
        case failedEvents = "failed_events"
        case callConnectionID = "call_connection_id"
        case processingSystem = "processing_system"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("processed_events", \.processedEvents, minimum: 0),
            .field("failed_events", \.failedEvents, "Events without a type or call id, or for a call not known here.", minimum: 0),
            .field("call_connection_id", "The call of the last event processed."),
        ]
    }
}

/// One event of an Event Grid (`eventType`) or CloudEvents (`type`) delivery.
package struct EventGridEvent: APIType {
    package var id: String?
    package var eventType: String?
    package var type: String?
    package var subject: String?
    package var data: JSONValue?
    package var eventTime: String?
    package var time: String?

    package static var schemaDescription: String? {
        "One Event Grid (`eventType`) or CloudEvents (`type`) event; other keys are ignored."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("eventType", "Event Grid: the event's type.", example: "Microsoft.Communication.IncomingCall"),
            .field("type", "CloudEvents: the event's type.", example: "Microsoft.Communication.CallConnected"),
            .field("data", "The event's data (`validationCode`, `incomingCallContext`, `callConnectionId`…)."),
        ]
    }

    /// One event or an array of 1–100: the body of the Event Grid and Call Automation webhooks
    /// (a union, read by the handlers themselves).
    package static let delivery = APISchema { recorder in
        let event = try recorder.reference(to: EventGridEvent.self)
        return [
            "description": "One event or an array of 1–100 (`eventType` or `type` each).",
            "oneOf": [["type": "array", "items": event, "minItems": 1, "maxItems": 100], event],
        ]
    }
}

/// `POST /api/v1/twilio/voice`: the form Twilio posts for an incoming call. The handler reads the
/// form's pairs itself (the signature covers every one, in order); other fields are accepted.
package struct TwilioVoiceForm: APIType {
    package var callSid: String
    package var accountSid: String?
    package var from: String?
    package var to: String?

    enum CodingKeys: String, CodingKey {
        case callSid = "CallSid"
        case accountSid = "AccountSid"
        case from = "From"
        case to = "To"
    }

    package static var schemaDescription: String? {
        "Twilio's incoming-call form; every field it sends is covered by `X-Twilio-Signature`, other fields are accepted."
    }
    package static var fields: [APIField<Self>] {
        [
            .field(
                "CallSid", \.callSid, "1–64 letters, digits, `-`, `_`, `.` or `:`; otherwise 400.", example: "CA0123456789abcdef",
                maxLength: 64),
            .field("From", "The caller's number.", example: "+15550100"), .field("To", "The number called.", example: "+15550123"),
        ]
    }
}
