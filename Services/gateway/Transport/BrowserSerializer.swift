import Foundation
import NIOCore
import SwitchboardAPI
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
            let frame = BrowserAudioFrame(
                data: Data(audio.readableBytesView).base64EncodedString(), sampleRate: self.sampleRate,
                frameIndex: self.frameIndex.add(1, ordering: .relaxed).oldValue)
            return [frame.jsonText]
        case .clear:
            let cancelled = BrowserControl(action: .ttsCancelled, sessionID: self.sessionID, at: Date().ISO8601Format())
            let stop = BrowserControl(action: .audioStop, sessionID: self.sessionID)
            return [cancelled.jsonText, stop.jsonText]
        case .event(let envelope):
            return [envelope.jsonText]
        case .mark, .hangup, .transfer, .other:
            return []
        }
    }

    func farewell(reason: String) -> [String] {
        [SessionEnd(reason: reason, ts: Date().ISO8601Format()).jsonText]
    }
}
