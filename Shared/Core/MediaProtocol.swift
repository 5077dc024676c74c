import Foundation

/// Text frames of the internal session socket between the gateway and a media worker (DESIGN §2).
/// Binary frames carry PCM16LE mono audio in both directions; these carry everything else.
package enum MediaControl: Sendable, Hashable {
    /// Gateway → worker, first frame.
    case start(MediaStart)
    /// Gateway → worker: a DTMF digit, typed text, or the end of the call.
    case dtmf(String)
    case text(String)
    case stop
    /// Gateway → worker: the caller's carrier has played the audio up to this mark (Twilio).
    case played(String)
    /// Worker → gateway.
    case ready
    /// Barge-in: drop queued agent audio now.
    case clear
    case event(JSONValue)
    /// The audio sent so far ends a sentence; carriers that can tell (Twilio) report it played.
    case mark(String)
    /// End the call for everyone (through the carrier's call control), after what was said.
    case hangup(String)
    /// Transfer the call to a phone number (E.164) or SIP URI.
    case transfer(String)

    /// The close code with which a worker that shuts down hands a session back between turns
    /// (1012, "service restart"): the gateway resumes it on another worker at once. Any other
    /// close but 1000 is a lost worker (failover); 1000 ends the call.
    package static let handOffCloseCode = 1012

    package var json: JSONValue {
        switch self {
        case .start(let start): start.json
        case .dtmf(let digit): ["type": "dtmf", "digit": .string(digit)]
        case .text(let content): ["type": "text", "content": .string(content)]
        case .stop: ["type": "stop"]
        case .ready: ["type": "ready"]
        case .clear: ["type": "clear"]
        case .event(let envelope): ["type": "event", "envelope": envelope]
        case .hangup(let reason): ["type": "hangup", "reason": .string(reason)]
        case .played(let name): ["type": "played", "name": .string(name)]
        case .mark(let name): ["type": "mark", "name": .string(name)]
        case .transfer(let target): ["type": "transfer", "target": .string(target)]
        }
    }

    /// Parses a text frame; `nil` for anything that is not one of these messages.
    package init?(text: String) {
        guard let json = JSONValue(jsonText: text), let type = json["type"]?.string else { return nil }
        switch type {
        case "start": guard let start = MediaStart(json) else { return nil }; self = .start(start)
        case "dtmf": self = .dtmf(json["digit"]?.string ?? "")
        case "text": self = .text(json["content"]?.string ?? "")
        case "stop": self = .stop
        case "ready": self = .ready
        case "clear": self = .clear
        case "event": self = .event(json["envelope"] ?? .null)
        case "hangup": self = .hangup(json["reason"]?.string ?? "")
        case "played": self = .played(json["name"]?.string ?? "")
        case "mark": self = .mark(json["name"]?.string ?? "")
        case "transfer": guard let target = json["target"]?.string else { return nil }; self = .transfer(target)
        default: return nil
        }
    }
}

/// The `start` frame: who the session is and how it talks.
package struct MediaStart: Sendable, Hashable {
    package enum Transport: String, Sendable { case acs, twilio, browser }
    package enum Mode: String, Sendable, CaseIterable, Codable { case media, transcription, voiceLive = "voice_live", realtime }

    package var sessionID: String
    package var transport: Transport
    package var mode: Mode
    /// The client's sample rate; the worker converts to and from 16 kHz.
    package var sampleRate: Int
    /// The client sample rates the media path converts from and to.
    package static let sampleRates = [8_000, 16_000, 24_000, 48_000]
    package var callConnectionID: String?
    package var scenario: String?
    /// Set when the gateway moves a live call to this worker after another one failed.
    package var resume: Bool
    /// W3C trace context of the caller's request, when tracing is on.
    package var traceparent: String?

    package init(
        sessionID: String, transport: Transport, mode: Mode, sampleRate: Int = 16_000, callConnectionID: String? = nil,
        scenario: String? = nil,
        resume: Bool = false, traceparent: String? = nil
    ) {
        self.sessionID = sessionID
        self.transport = transport
        self.mode = mode
        self.sampleRate = sampleRate
        self.callConnectionID = callConnectionID
        self.scenario = scenario
        self.resume = resume
        self.traceparent = traceparent
    }

    init?(_ json: JSONValue) {
        guard let id = json["session_id"]?.string, !id.isEmpty, let transport = json["transport"]?.string.flatMap(Transport.init),
            let mode = json["mode"]?.string.flatMap(Mode.init), Self.sampleRates.contains(json["sample_rate"]?.int ?? 16_000)
        else { return nil }
        self.init(
            sessionID: id, transport: transport, mode: mode, sampleRate: json["sample_rate"]?.int ?? 16_000,
            callConnectionID: json["call_connection_id"]?.string, scenario: json["scenario"]?.string, resume: json["resume"]?.bool ?? false,
            traceparent: json["traceparent"]?.string
        )
    }

    var json: JSONValue {
        [
            "type": "start", "session_id": .string(self.sessionID), "transport": .string(self.transport.rawValue),
            "mode": .string(self.mode.rawValue),
            "sample_rate": .number(Double(self.sampleRate)), "call_connection_id": self.callConnectionID.map(JSONValue.string) ?? nil,
            "scenario": self.scenario.map(JSONValue.string) ?? nil, "resume": .bool(self.resume),
            "traceparent": self.traceparent.map(JSONValue.string) ?? nil,
        ]
    }
}
