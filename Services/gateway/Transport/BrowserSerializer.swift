import Foundation
import NIOCore
import SwitchboardCore
import Synchronization

/// The browser conversation socket (docs/compatibility.md §2.3): binary PCM16 in, plain or JSON text as typed
/// input; `audio_data` frames, envelopes, `control` and `session_end` out.
final class BrowserSerializer: CarrierSerializer {
    let sessionID: String
    let sampleRate: Int
    private let frameIndex = Atomic<Int>(0)

    init(sessionID: String, sampleRate: Int) {
        self.sessionID = sessionID
        self.sampleRate = sampleRate
    }

    var transport: MediaStart.Transport { .browser }
    var startsImmediately: Bool { true }

    func decode(_ message: CallerFrame) -> CallerInput {
        switch message {
        case .binary(let buffer):
            return .audio(buffer)
        case .text(let text):
            let json = JSONValue(jsonText: text)
            let content = json?["content"]?.string ?? json?["text"]?.string ?? text
            return .control(.text(String(content.prefix(2000))))
        }
    }

    func encode(_ output: WorkerOutput) -> [String] {
        switch output {
        case .audio(let audio):
            let frame: JSONValue = [
                "type": "audio_data", "data": .string(Data(audio.readableBytesView).base64EncodedString()),
                "sample_rate": .number(Double(self.sampleRate)),
                "frame_index": .number(Double(self.frameIndex.add(1, ordering: .relaxed).oldValue)), "total_frames": nil,
                "is_final": false,
            ]
            return [frame.jsonText]
        case .clear:
            let cancelled: JSONValue = [
                "type": "control", "action": "tts_cancelled", "reason": "barge_in", "session_id": .string(self.sessionID),
                "at": .string(Date().ISO8601Format()),
            ]
            let stop: JSONValue = [
                "type": "control", "action": "audio_stop", "reason": "barge_in", "session_id": .string(self.sessionID),
            ]
            return [cancelled.jsonText, stop.jsonText]
        case .event(let envelope):
            return [envelope.jsonText]
        case .mark, .hangup, .transfer, .other:
            return []
        }
    }

    func farewell(reason: String) -> [String] {
        let end: JSONValue = ["type": "session_end", "reason": .string(reason), "ts": .string(Date().ISO8601Format())]
        return [end.jsonText]
    }
}
