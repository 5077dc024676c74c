import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import Testing

@testable import gateway

@Suite("Telephony wire formats")
struct TelephonyTests {
    @Test func acsRequestsAreSignedAsTheHMACSchemeSays() {
        // Expected values computed independently with Python's hmac/hashlib.
        let signer = ACSRequestSigner(accessKey: Array(Data(base64Encoded: "c2VjcmV0LWtleS1mb3ItdGVzdHM=")!))
        let headers = signer.headers(
            method: "post", host: "acs.example.com", pathAndQuery: "/calling/callConnections?api-version=2025-05-15",
            body: Array(#"{"a":1}"#.utf8), date: Date(timeIntervalSince1970: 1_796_025_600))
        let values = Dictionary(uniqueKeysWithValues: headers)
        #expect(values["x-ms-date"] == "Mon, 30 Nov 2026 08:00:00 GMT")
        #expect(values["x-ms-content-sha256"] == "AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX+GI=")
        #expect(
            values["Authorization"]
                == "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=xNsvYqQWc70XnNKYY2bvbCny5KUlZP9la+t3geuehPo=")
    }

    @Test func connectionStringsAreParsedWithoutTheirTrailingSlash() throws {
        let (endpoint, key) = try #require(
            TelephonySettings.parse(connectionString: "endpoint=https://acs.example.com/;AccessKey=c2VjcmV0"))
        #expect(endpoint == "https://acs.example.com")
        #expect(key == Array("secret".utf8))
        #expect(TelephonySettings.parse(connectionString: "endpoint=acs.example.com;accesskey=c2VjcmV0") == nil)
        #expect(TelephonySettings.parse(connectionString: "endpoint=https://acs.example.com") == nil)
    }

    @Test func acsWithoutAResourceIDIsAConfigurationErrorUnlessAuthIsOff() {
        var environment = EnvironmentReader(["ACS_CONNECTION_STRING": "endpoint=https://acs.example.com;accesskey=c2VjcmV0"])
        _ = TelephonySettings(environment: &environment)
        #expect(environment.problems.contains { $0.contains("ACS_RESOURCE_ID") })
        var off = EnvironmentReader([
            "ACS_CONNECTION_STRING": "endpoint=https://acs.example.com;accesskey=c2VjcmV0", "ACS_CALLBACK_AUTH": "off",
        ])
        let settings = TelephonySettings(environment: &off)
        #expect(off.problems.isEmpty)
        #expect(settings.missing(for: .place) == ["ACS_SOURCE_PHONE_NUMBER", "BASE_URL"])
        #expect(settings.missing(for: .hangUp).isEmpty)
    }

    @Test func publicSocketURLsFollowTheBaseURLScheme() {
        var environment = EnvironmentReader(["BASE_URL": "https://voice.example.com/"])
        let settings = TelephonySettings(environment: &environment)
        #expect(settings.publicSocketURL("/api/v1/media/stream") == "wss://voice.example.com/api/v1/media/stream")
        #expect(settings.publicURL("/api/v1/calls/callbacks") == "https://voice.example.com/api/v1/calls/callbacks")
    }

    @Test func phoneNumbersMustBeE164() {
        #expect(PhoneNumber.isE164("+15551234567"))
        #expect(!PhoneNumber.isE164("15551234567"))
        #expect(!PhoneNumber.isE164("+05551234567"))
        #expect(!PhoneNumber.isE164("+1"))
        #expect(!PhoneNumber.isE164("+1234567890123456"))
        #expect(!PhoneNumber.isE164("+1555abc"))
    }

    @Test func twilioSignaturesCoverTheURLAndSortedParameters() {
        // Expected value computed independently with Python's hmac/hashlib.
        let parameters = [("To", "+15550002222"), ("CallSid", "CA123"), ("From", "+15550001111"), ("AccountSid", "AC1")]
        let url = "https://example.com/api/v1/twilio/voice"
        #expect(TwilioSignature.isValid(signature: "/sDAcAu4bIRWnCCvPek/Fw3CBnY=", url: url, parameters: parameters, token: "twilio-token"))
        #expect(!TwilioSignature.isValid(signature: "/sDAcAu4bIRWnCCvPek/Fw3CBnY=", url: url, parameters: parameters, token: "other"))
        #expect(!TwilioSignature.isValid(signature: "not base64!", url: url, parameters: parameters, token: "twilio-token"))
        #expect(TwilioController<BasicRequestContext>.form("a=1&b=x+y%21&c").map { "\($0)=\($1)" } == ["a=1", "b=x y!", "c="])
    }

    @Test func muLawRoundTripsWithinItsQuantisation() {
        var pcm = ByteBuffer()
        let samples: [Int16] = [0, 100, -100, 1000, -1000, 12_345, -12_345, 32_767, -32_768]
        for sample in samples { pcm.writeInteger(sample, endianness: .little) }
        var decoded = MuLaw.decode(MuLaw.encode(pcm))
        for sample in samples {
            let back = decoded.readInteger(endianness: .little, as: Int16.self) ?? 0
            // μ-law keeps about 3 % of the magnitude (and clips at 32124).
            #expect(abs(Int(back) - Int(max(-32_124, min(32_124, sample)))) <= max(16, abs(Int(sample)) / 16))
        }
        #expect(MuLaw.encode(0) == 0xFF)
    }

    @Test func twilioMarksClearedByABargeInAreNotReportedAsPlayed() throws {
        let authToken = "secret"
        let serializer = TwilioSerializer(authToken: authToken)
        let token = TwilioSignature.streamToken(callSID: "CA1", authToken: authToken)
        let start =
            #"{"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{"session_id":"twilio_CA1","token":"\#(token)"}},"streamSid":"MZ1"}"#
        guard case .begin(let carrier) = serializer.decode(.text(start)) else {
            Issue.record("start was not accepted")
            return
        }
        #expect(carrier.sampleRate == 8000)
        #expect(carrier.parameters["session_id"] == "twilio_CA1")
        let mark = try #require(serializer.encode(.mark("g1-1")).first)
        #expect(mark.contains(#""streamSid":"MZ1""#))
        _ = serializer.encode(.mark("g1-2"))
        // The first sentence played, then a barge-in cleared the second.
        guard case .control(.played("g1-1")) = serializer.decode(.text(#"{"event":"mark","mark":{"name":"g1-1"}}"#)) else {
            Issue.record("a played mark must reach the worker")
            return
        }
        #expect(serializer.encode(.clear) == [#"{"event":"clear","streamSid":"MZ1"}"#])
        guard case .ignore = serializer.decode(.text(#"{"event":"mark","mark":{"name":"g1-2"}}"#)) else {
            Issue.record("a mark returned by clear is not a played sentence")
            return
        }
    }

    @Test func twilioStreamsWithoutTheWebhookTokenAreRefused() {
        let serializer = TwilioSerializer(authToken: "secret")
        let start =
            #"{"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","customParameters":{"token":"forged"}},"streamSid":"MZ1"}"#
        guard case .refuse(let code, _) = serializer.decode(.text(start)) else {
            Issue.record("a forged token must be refused")
            return
        }
        #expect(code == .policyViolation)
    }

    @Test func acsMessagesAreReadCaseInsensitively() {
        let serializer = ACSSerializer()
        guard case .begin(let start) = serializer.decode(.text(#"{"Kind":"AudioMetadata","AudioMetadata":{"SampleRate":24000}}"#)) else {
            Issue.record("metadata not read")
            return
        }
        #expect(start.sampleRate == 24000)
        guard case .refuse = serializer.decode(.text(#"{"kind":"AudioMetadata","audioMetadata":{"sampleRate":12345}}"#)) else {
            Issue.record("an unsupported rate must be refused")
            return
        }
        guard case .control(.dtmf("5")) = serializer.decode(.text(#"{"kind":"DtmfData","dtmfData":{"data":"5"}}"#)) else {
            Issue.record("DTMF not read")
            return
        }
        guard case .ignore = serializer.decode(.text("not json")) else {
            Issue.record("garbage must be ignored")
            return
        }
    }

    @Test func acsAudioIsReadTheSameWithAndWithoutTheFullParse() {
        let serializer = ACSSerializer()
        let pcm: [UInt8] = [1, 0, 255, 127, 0, 128]
        let base64 = Data(pcm).base64EncodedString()
        let canonical =
            #"{"kind":"AudioData","audioData":{"timestamp":"2026-11-30T10:00:00Z","participantRawID":"8:acs:1","#
            + #""data":"\#(base64)","silent":false}}"#
        let otherCase = #"{"Kind":"AudioData","AudioData":{"Data":"\#(base64)"}}"#
        #expect(ACSSerializer.audio(canonical) == ByteBuffer(bytes: pcm))
        let spaced = #"{"kind": "AudioData", "audioData": {"data": "\#(base64)", "silent": true}}"#
        #expect(ACSSerializer.audio(spaced) == ByteBuffer(bytes: pcm))
        #expect(ACSSerializer.audio(#"{"kind":"AudioMetadata","audioMetadata":{"data":"AAAA"}}"#) == nil)
        #expect(ACSSerializer.audio(otherCase) == nil)  // not ACS's spelling: the full parse reads it
        for text in [canonical, otherCase] {
            guard case .audio(let audio) = serializer.decode(.text(text)) else {
                Issue.record("no audio in \(text)")
                continue
            }
            #expect(audio == ByteBuffer(bytes: pcm))
        }
        guard case .ignore = serializer.decode(.text(#"{"kind":"AudioData","audioData":{"data":"!!"}}"#)) else {
            Issue.record("bad base64 must be ignored")
            return
        }
    }

    @Test func acsToneNamesBecomeKeys() {
        #expect(CallEvents.digit("five") == "5")
        #expect(CallEvents.digit("Pound") == "#")
        #expect(CallEvents.digit("asterisk") == "*")
        #expect(CallEvents.digit("7") == "7")
        #expect(CallEvents.digit("eleven") == nil)
    }
}
