import Foundation
import NIOCore
import SwitchboardCore

/// ACS bidirectional media streaming (docs/compatibility.md §2.2, #1, #2, #4): JSON text frames,
/// base64 PCM16LE; the session starts at `AudioMetadata`. Keys are matched case-insensitively.
struct ACSSerializer: CarrierSerializer {
    var transport: MediaStart.Transport { .acs }

    func decode(_ message: CallerFrame) -> CallerInput {
        guard case .text(let text) = message else { return .ignore }
        if let audio = Self.audio(text) { return .audio(audio) }
        guard let json = JSONValue(jsonText: text)?.object else { return .ignore }
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
            // docs/compatibility.md #2: without `silent`, it is audio. Silent frames still carry timing.
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

    /// The audio of an `AudioData` message in ACS's own spelling, read without parsing the JSON:
    /// a call sends fifty a second, and a parse per message was the gateway's largest cost after
    /// WebSocket unmasking. Any other message (or spelling) goes through the full parse.
    static func audio(_ text: String) -> ByteBuffer? {
        var text = text
        let decoded: Data? = text.withUTF8 { bytes in
            // `"kind": "AudioData"` and `"data": "…"`, with or without a space after the colon.
            func value(of key: StaticString) -> Int? {
                guard var index = Self.find(key, in: bytes, from: 0) else { return nil }
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                return index
            }
            guard let kind = value(of: #""kind":"#), Self.find(#""AudioData""#, in: bytes, from: kind) == kind + 11,
                let data = value(of: #""data":"#), data < bytes.count, bytes[data] == UInt8(ascii: "\""),
                let end = bytes[(data + 1)...].firstIndex(of: UInt8(ascii: "\""))
            else { return nil }
            return Data(base64Encoded: Data(bytes[(data + 1)..<end]))
        }
        return decoded.map { ByteBuffer(bytes: $0) }
    }

    /// The offset just past `needle` in `bytes`, searching from `offset`.
    private static func find(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = offset
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, memcmp(bytes.baseAddress! + index, pattern.baseAddress!, pattern.count) == 0 {
                return index + pattern.count
            }
            index += 1
        }
        return nil
    }

    func encode(_ output: WorkerOutput) -> [String] {
        switch output {
        case .audio(let audio):
            let base64 = Data(audio.readableBytesView).base64EncodedString()
            return [#"{"Kind":"AudioData","AudioData":{"Data":"\#(base64)"},"StopAudio":null}"#]
        case .clear:
            return [#"{"Kind":"StopAudio","AudioData":null,"StopAudio":{}}"#]
        case .event, .mark, .hangup, .transfer, .other:
            // Session broadcasts never go to the ACS media socket (docs/compatibility.md #4); hang-ups and
            // transfers go through Call Automation, not the media stream.
            return []
        }
    }
}
