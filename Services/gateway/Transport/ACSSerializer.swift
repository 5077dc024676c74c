import Foundation
import NIOCore
import SwitchboardCore

/// ACS bidirectional media streaming (reference §2.2, DEVIATIONS #1, #2, #4): JSON text frames,
/// base64 PCM16LE; the session starts at `AudioMetadata`. Keys are matched case-insensitively.
struct ACSSerializer: CarrierSerializer {
    var transport: MediaStart.Transport { .acs }

    func decode(_ message: CallerFrame) -> CallerInput {
        guard case .text(let text) = message, let json = JSONValue(jsonText: text)?.object else { return .ignore }
        let fields = Dictionary(json.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        func field(_ object: JSONValue?, _ name: String) -> JSONValue? {
            object?.object?.first { $0.key.lowercased() == name }?.value
        }
        switch fields["kind"]?.string?.lowercased() {
        case "audiometadata":
            // A sampleRate that is not a whole number is refused like an unsupported one.
            let rate = field(fields["audiometadata"], "samplerate").map { $0.int ?? -1 } ?? 16_000
            guard MediaStart.sampleRates.contains(rate) else {
                return .refuse(.unacceptableData, "sampleRate must be 8000, 16000, 24000 or 48000")
            }
            return .begin(CarrierStart(sampleRate: rate))
        case "audiodata":
            // DEVIATIONS #2: without `silent`, it is audio. Silent frames still carry timing.
            guard let encoded = field(fields["audiodata"], "data")?.string, let bytes = Data(base64Encoded: encoded) else {
                return .ignore
            }
            return .audio(ByteBuffer(bytes: bytes))
        case "dtmfdata":
            guard let digit = field(fields["dtmfdata"], "data")?.string else { return .ignore }
            return .control(.dtmf(digit))
        default:
            return .ignore
        }
    }

    func encode(_ output: WorkerOutput) -> [String] {
        switch output {
        case .audio(let audio):
            let base64 = Data(audio.readableBytesView).base64EncodedString()
            return [#"{"Kind":"AudioData","AudioData":{"Data":"\#(base64)"},"StopAudio":null}"#]
        case .clear:
            return [#"{"Kind":"StopAudio","AudioData":null,"StopAudio":{}}"#]
        case .event, .mark, .hangup, .transfer, .other:
            // Session broadcasts never go to the ACS media socket (DEVIATIONS #4); hang-ups and
            // transfers go through Call Automation, not the media stream.
            return []
        }
    }
}
