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

/// What ACS sends is what the documented types describe and what the serializer reads.
@Suite("ACS inbound messages")
struct ACSInboundMessagesTests {
    @Test func theDocumentedMessagesStartTheCallCarryAudioAndKeys() throws {
        let serializer = ACSSerializer()
        let metadata =
            #"{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"sub-1","encoding":"PCM","sampleRate":24000,"channels":1,"length":960}}"#
        #expect(try JSONDecoder().decode(ACSAudioMetadataMessage.self, from: Data(metadata.utf8)).audioMetadata?.sampleRate == 24_000)
        guard case .begin(let start) = serializer.decode(.text(metadata)) else {
            Issue.record("AudioMetadata must start the call")
            return
        }
        #expect(start.sampleRate == 24_000)
        let audio = #"{"kind":"AudioData","audioData":{"data":"AQACAA==","timestamp":"2026-01-02T16:09:17.123Z","silent":false}}"#
        _ = try JSONDecoder().decode(ACSAudioDataMessage.self, from: Data(audio.utf8))
        guard case .audio(let pcm) = serializer.decode(.text(audio)) else {
            Issue.record("AudioData must be audio")
            return
        }
        #expect(pcm == ByteBuffer(bytes: [1, 0, 2, 0]))
        let key = #"{"kind":"DtmfData","dtmfData":{"data":"5"}}"#
        #expect(try JSONDecoder().decode(ACSDtmfDataMessage.self, from: Data(key.utf8)).violations().isEmpty)
        guard case .control(.dtmf("5")) = serializer.decode(.text(key)) else {
            Issue.record("DtmfData must be a key press")
            return
        }
    }
}

/// Twilio's Media Streams messages and the serializer agree with the documented types.
@Suite("Twilio stream messages")
struct TwilioMessagesTests {
    @Test func whatTwilioSendsAndTheSerializerWritesAreTheDocumentedTypes() throws {
        let serializer = TwilioSerializer(authToken: "secret")
        let token = TwilioSignature.streamToken(callSID: "CA1", authToken: "secret")
        let start =
            #"{"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{"token":"\#(token)"}},"streamSid":"MZ1"}"#
        #expect(try JSONDecoder().decode(TwilioStreamEvent.self, from: Data(start.utf8)).start?.callSid == "CA1")
        guard case .begin = serializer.decode(.text(start)) else {
            Issue.record("a documented start must begin the call")
            return
        }
        let inbound = #"{"event":"media","streamSid":"MZ1","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"//8="}}"#
        #expect(try JSONDecoder().decode(TwilioStreamEvent.self, from: Data(inbound.utf8)).media?.payload == "//8=")
        guard case .audio = serializer.decode(.text(inbound)) else {
            Issue.record("documented media must be audio")
            return
        }
        let media = try #require(serializer.encode(.audio(ByteBuffer(bytes: [0, 0, 0, 0]))).first)
        #expect(try JSONDecoder().decode(TwilioMedia.self, from: Data(media.utf8)).streamSid == "MZ1")
        let mark = try #require(serializer.encode(.mark("g1-1")).first)
        #expect(try JSONDecoder().decode(TwilioMark.self, from: Data(mark.utf8)).mark.name == "g1-1")
        let clear = try #require(serializer.encode(.clear).first)
        #expect(try JSONDecoder().decode(TwilioClear.self, from: Data(clear.utf8)).streamSid == "MZ1")
    }
}

/// Tool activity keeps the keys clients read: `arguments` on start; `status`, `result`, `duration_ms` on end.
@Suite("Tool events")
struct ToolEventTests {
    @Test func startAndEndCarryTheirOwnFields() throws {
        let start = try #require(JSONValue(jsonText: ToolEvent.start(tool: "t", callID: "c", arguments: .null, sessionID: "s").jsonText))
        #expect(start.object.map { Set($0.keys) } == ["type", "tool", "call_id", "arguments", "session_id"])
        #expect(start["arguments"] == .null)
        let end = ToolEvent.end(tool: "t", callID: "c", status: "success", result: ["ok": true], durationMS: 12.345, sessionID: "s")
        let json = try #require(JSONValue(jsonText: end.jsonText))
        #expect(json.object.map { Set($0.keys) } == ["type", "tool", "call_id", "status", "result", "duration_ms", "session_id"])
        #expect(json["duration_ms"] == 12.3)
    }
}
