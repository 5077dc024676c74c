import NIOCore
import Synchronization
import Testing

@testable import SwitchboardMedia
@testable import media

/// The pieces of the cloud and whisper engines that need no service: SSML, the PCM stream,
/// the WAV upload, and transcription at the caller's pause. (The services' wire formats are
/// exercised against fakes in Tests/e2e/speech.sh.)
@Suite("Speech engine pieces")
struct SpeechEngineTests {
    /// Counts transcriptions and answers with how many samples it was given.
    final class CountingTranscriber: UtteranceTranscriber, Sendable {
        let calls = Mutex<[Int]>([])
        var summary: String { "counting" }
        func transcribe(_ samples: [Int16], prompt: String?) async throws -> String {
            self.calls.withLock { $0.append(samples.count) }
            return "\(samples.count) samples"
        }
    }

    @Test func azureSSMLCarriesTheAgentsVoiceStyleAndProsodyWithEscapedText() {
        let tts = AzureSpeechSynthesizer(
            .init(url: "http://127.0.0.1:1", authorization: .none, defaultVoice: "en-US-AvaMultilingualNeural", timeout: .seconds(1)),
            client: .shared)
        let voice = SpeechVoice(name: "en-GB-RyanNeural", style: "cheerful", rate: "+10%", pitch: "+0%")
        let ssml = tts.ssml("Fish & chips <now> for \"Tom's\" card", voice: voice)
        #expect(ssml.contains(#"xml:lang="en-GB"><voice name="en-GB-RyanNeural">"#))
        #expect(ssml.contains(#"<mstts:express-as style="cheerful"><prosody rate="+10%">"#))
        #expect(ssml.contains("Fish &amp; chips &lt;now&gt; for &quot;Tom&apos;s&quot; card</prosody></mstts:express-as>"))
        // A local voice name is not sent to Azure: the configured neural voice speaks instead.
        #expect(tts.ssml("Hello", voice: "rms").contains(#"<voice name="en-US-AvaMultilingualNeural">Hello</voice>"#))
    }

    @Test func openAIVoicesFollowTheAgentsAzureVoiceName() {
        let tts = OpenAISpeechSynthesizer(
            endpoint: .init(baseURL: "http://127.0.0.1:1", apiKey: nil, flavor: .openAI), authorization: .none, model: "tts-1",
            defaultVoice: "alloy",
            client: .shared, timeout: .seconds(1))
        #expect(tts.voice(for: "en-US-OnyxTurboMultilingualNeural") == "onyx")
        #expect(tts.voice(for: "en-US-AvaMultilingualNeural") == "alloy")
        #expect(tts.voice(for: "shimmer") == "shimmer")
    }

    @Test func pcmSplitAcrossPiecesIsReassembled() {
        var decoder = PCMDecoder()
        let samples: [Int16] = [1, -2, 300, -32768, 32767]
        var bytes: [UInt8] = []
        for sample in samples { bytes += [UInt8(truncatingIfNeeded: sample), UInt8(truncatingIfNeeded: sample >> 8)] }
        var decoded: [Int16] = []
        for piece in [bytes[0..<3], bytes[3..<4], bytes[4..<10]] { decoded += decoder.samples(ByteBuffer(bytes: piece)) }
        #expect(decoded == samples)
    }

    @Test func theWAVUploadDescribesSixteenKilohertzMonoPCM() {
        var buffer = ByteBuffer()
        WAV.write([1, 2, 3], sampleRate: 16_000, into: &buffer)
        let bytes = buffer.readableBytesView
        #expect(buffer.readableBytes == 44 + 6)
        #expect(String(decoding: bytes.prefix(4), as: UTF8.self) == "RIFF")
        #expect(buffer.getInteger(at: 24, endianness: .little, as: UInt32.self) == 16_000)
        #expect(buffer.getInteger(at: 22, endianness: .little, as: UInt16.self) == 1)
        #expect(buffer.getInteger(at: 40, endianness: .little, as: UInt32.self) == 6)
    }

    @Test func azureSpeechAudioMessagesCarryTheirHeadersLengthFirst() throws {
        var payload = ByteBuffer()
        payload.writeBytes([1, 2, 3, 4])
        let message = AzureSpeechRecognizer.audio(requestID: "0123456789abcdef0123456789abcdef", payload: payload)
        let length = Int(message.getInteger(at: message.readerIndex, endianness: .big, as: UInt16.self) ?? 0)
        let headers = message.getString(at: message.readerIndex + 2, length: length) ?? ""
        #expect(headers.hasPrefix("Path: audio\r\nX-RequestId: 0123456789abcdef0123456789abcdef\r\nX-Timestamp: "))
        #expect(headers.hasSuffix("Content-Type: audio/x-wav\r\n"))
        #expect(message.getBytes(at: message.readerIndex + 2 + length, length: 4) == [1, 2, 3, 4])
        #expect(message.readableBytes == 2 + length + 4)
        let (path, body) = AzureSpeechRecognizer.parse(
            "Path: speech.phrase\r\nContent-Type: application/json\r\n\r\n{\"RecognitionStatus\":\"Success\",\"DisplayText\":\"Hi.\"}")
        #expect(path == "speech.phrase" && body?["DisplayText"]?.string == "Hi.")
    }

    @Test func aPausesTranscriptionIsReusedWhenThePauseEndsTheTurn() async throws {
        let transcriber = CountingTranscriber()
        let recognizer = UtteranceRecognizer(transcriber)
        recognizer.start()
        recognizer.process([Int16](repeating: 100, count: 16_000))
        let paused = try #require(recognizer.paused())
        recognizer.process([Int16](repeating: 0, count: 3200))  // the silence that ends the turn
        let final = recognizer.finish()
        #expect(final == paused)
        #expect(try await final.words == "16000 samples")
        #expect(transcriber.calls.withLock { $0 } == [16_000])
    }

    @Test func withoutAPauseTheWholeUtteranceIsTranscribedAtItsEnd() async throws {
        let transcriber = CountingTranscriber()
        let recognizer = UtteranceRecognizer(transcriber, maximumSeconds: 1)
        recognizer.start()
        recognizer.process([Int16](repeating: 100, count: 24_000))  // longer than the limit: kept up to it
        #expect(try await recognizer.finish().words == "16000 samples")
        recognizer.start()
        #expect(recognizer.finish() == .now(""))  // nothing heard
    }

    @Test func aGrammarsWordsBecomeTheTranscriptionPrompt() {
        let words = UtteranceRecognizer.vocabulary(EngineTests.digits)
        #expect(words == "yes, no, agent, zero, oh, one, two, three, four, five, six, seven, eight, nine")
    }

    @Test func aStreamedSentenceIsPacedInWholeFramesUntilItIsComplete() {
        let start = ContinuousClock.now
        var pacer = Pacer(sampleRate: 16_000, lead: .zero, now: start)
        pacer.begin(samples: 0, generation: 1, now: start)
        #expect(pacer.next(now: start, pausedSince: nil) == .finished)  // nothing has arrived yet
        pacer.extend(to: 500, complete: false)  // one frame and a bit
        #expect(pacer.next(now: start, pausedSince: nil) == .send(0..<320))
        #expect(pacer.next(now: start + .milliseconds(20), pausedSince: nil) == .finished)  // the rest waits for more
        pacer.extend(to: 700, complete: true)
        #expect(pacer.next(now: start + .milliseconds(20), pausedSince: nil) == .send(320..<640))
        #expect(pacer.next(now: start + .milliseconds(40), pausedSince: nil) == .send(640..<700))
        #expect(pacer.next(now: start + .milliseconds(60), pausedSince: nil) == .finished)
    }
}
