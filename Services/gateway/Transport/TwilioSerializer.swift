import Foundation
import NIOCore
import SwitchboardAPI
import SwitchboardCore
import SwitchboardCrypto
import Synchronization

/// Twilio Media Streams (docs/compatibility.md #7): `connected`/`start`/`media`/`dtmf`/`mark`/`stop` in;
/// `media` (μ-law 8 kHz), `mark` after each sentence and `clear` on barge-in out, each with the
/// stream's `streamSid` (the API's `TwilioStreamEvent`, `TwilioMedia`, `TwilioMark`, `TwilioClear`;
/// audio is read and written without them, for speed, and a test holds the two together).
///
/// Marks tell the worker what the caller really heard: Twilio echoes a mark once the audio before
/// it has played. A `clear` makes Twilio return the marks still pending without playing their
/// audio; those echoes are dropped here, so only played sentences reach the worker.
final class TwilioSerializer: CarrierSerializer {
    private struct State {
        var streamSID = ""
        var callSID: String?
        var pending: [String] = []
        var cleared: Set<String> = []
    }

    private let state = Mutex(State())
    private let authToken: String
    /// Sentences whose audio may wait at Twilio at once; older marks are forgotten beyond it.
    private static let maxPendingMarks = 256

    /// - Parameter authToken: `TWILIO_AUTH_TOKEN`; a stream must present the token its webhook answer gave it.
    init(authToken: String) {
        self.authToken = authToken
    }

    var transport: MediaStart.Transport { .twilio }
    /// The call's `CallSid`, once the stream has started.
    var callSID: String? { self.state.withLock { $0.callSID } }

    func decode(_ message: CallerFrame) -> CallerInput {
        guard case .text(let text) = message, let json = JSONValue(jsonText: text) else { return .ignore }
        switch json["event"]?.string {
        case "start":
            guard let start = json["start"], let streamSID = start["streamSid"]?.string ?? json["streamSid"]?.string,
                !streamSID.isEmpty, streamSID.count <= 64
            else { return .refuse(.unacceptableData, "start without streamSid") }
            let format = start["mediaFormat"]
            let encoding = format?["encoding"]?.string ?? "audio/x-mulaw"
            let rate = format?["sampleRate"]?.int ?? 8_000
            guard encoding == "audio/x-mulaw", rate == 8_000 else {
                return .refuse(.unacceptableData, "only audio/x-mulaw at 8000 Hz is supported")
            }
            var parameters: [String: String] = [:]
            for (key, value) in start["customParameters"]?.object ?? [:] { parameters[key] = value.string }
            guard let callSID = start["callSid"]?.string, let token = parameters["token"],
                Digest.constantTimeEquals(
                    Array(token.utf8), Array(TwilioSignature.streamToken(callSID: callSID, authToken: self.authToken).utf8))
            else { return .refuse(.policyViolation, "invalid stream token") }
            self.state.withLock {
                $0.streamSID = streamSID
                $0.callSID = callSID
            }
            return .begin(CarrierStart(sampleRate: 8_000, callID: callSID, parameters: parameters))
        case "media":
            guard json["media"]?["track"]?.string ?? "inbound" == "inbound",
                let payload = json["media"]?["payload"]?.string, let bytes = Data(base64Encoded: payload)
            else { return .ignore }
            return .audio(MuLaw.decode(bytes))
        case "dtmf":
            guard let digit = json["dtmf"]?["digit"]?.string else { return .ignore }
            return .control(.dtmf(digit))
        case "mark":
            guard let name = json["mark"]?["name"]?.string else { return .ignore }
            let played = self.state.withLock { state in
                state.pending.removeAll { $0 == name }
                return state.cleared.remove(name) == nil
            }
            return played ? .control(.played(name)) : .ignore
        case "stop":
            return .end
        default:
            return .ignore  // `connected` and anything newer
        }
    }

    func encode(_ output: WorkerOutput) -> [String] {
        let streamSID = self.state.withLock { $0.streamSID }
        switch output {
        case .audio(let audio):
            let payload = MuLaw.encode(audio).base64EncodedString()
            return [#"{"event":"media","streamSid":"\#(streamSID)","media":{"payload":"\#(payload)"}}"#]
        case .mark(let name):
            self.state.withLock { state in
                state.pending.append(name)
                if state.pending.count > Self.maxPendingMarks { state.pending.removeFirst() }
            }
            return [TwilioMark(streamSid: streamSID, name: name).jsonText]
        case .clear:
            self.state.withLock { state in
                state.cleared.formUnion(state.pending)
                state.pending.removeAll()
                if state.cleared.count > Self.maxPendingMarks { state.cleared.removeAll() }
            }
            return [#"{"event":"clear","streamSid":"\#(streamSID)"}"#]
        case .event, .hangup, .transfer, .other:
            return []
        }
    }
}
