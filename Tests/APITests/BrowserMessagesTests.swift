import Foundation
import NIOCore
import SwitchboardAPI
import SwitchboardCore
import Testing

@testable import gateway

/// The browser socket's messages are the API's types, byte for byte what clients read.
@Suite("Browser socket messages")
struct BrowserMessagesTests {
    @Test func audioFramesCountFromZeroWithANullTotal() throws {
        let serializer = BrowserSerializer(sessionID: "s-1", sampleRate: 16_000)
        let frames = serializer.encode(.audio(ByteBuffer(bytes: [1, 0, 2, 0]))) + serializer.encode(.audio(ByteBuffer(bytes: [3, 0])))
        let decoded = try frames.map { try JSONDecoder().decode(BrowserAudioFrame.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.frameIndex) == [0, 1])
        #expect(JSONValue(jsonText: frames[0])?["total_frames"] == .null)
        #expect(JSONValue(jsonText: frames[0])?["is_final"] == false)
        #expect(decoded[0].data == Data([1, 0, 2, 0]).base64EncodedString())
    }

    @Test func bargeInSendsTheTwoControlMessagesInOrder() throws {
        let messages = BrowserSerializer(sessionID: "s-1", sampleRate: 16_000).encode(.clear).compactMap { JSONValue(jsonText: $0) }
        #expect(messages.map { $0["action"] } == ["tts_cancelled", "audio_stop"])
        #expect(messages.allSatisfy { $0["type"] == "control" && $0["reason"] == "barge_in" && $0["session_id"] == "s-1" })
        #expect(messages[0]["at"] != nil && messages[1]["at"] == nil)
    }
}

/// The ACS media socket's fast-path text is the API's types.
@Suite("ACS socket messages")
struct ACSMessagesTests {
    @Test func audioAndStopDecodeAsTheDocumentedTypes() throws {
        let serializer = ACSSerializer()
        let audio = try #require(serializer.encode(.audio(ByteBuffer(bytes: [1, 0]))).first)
        let decoded = try JSONDecoder().decode(ACSOutboundAudio.self, from: Data(audio.utf8))
        #expect(decoded.audioData.data == Data([1, 0]).base64EncodedString())
        #expect(JSONValue(jsonText: audio)?["StopAudio"] == .null)
        let stop = try #require(serializer.encode(.clear).first)
        _ = try JSONDecoder().decode(ACSOutboundStop.self, from: Data(stop.utf8))
        #expect(JSONValue(jsonText: stop)?["AudioData"] == .null)
    }
}
