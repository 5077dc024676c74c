import Foundation
import Testing

@testable import SwitchboardMedia
@testable import media

/// The offline engines from Debian, used for real: Flite speaks, WebRTC VAD hears it,
/// PocketSphinx recognises it against a grammar, libsamplerate converts it.
@Suite("Offline speech engines", .serialized)
struct EngineTests {
    static let digits = """
        #JSGF V1.0;
        grammar menu;
        public <answer> = yes | no | agent | ( <digit>+ );
        <digit> = zero | oh | one | two | three | four | five | six | seven | eight | nine;
        """

    /// Half a second of silence on each side, as a caller's turn would have.
    static func padded(_ speech: [Int16]) -> [Int16] {
        let silence = [Int16](repeating: 0, count: AudioFormat.sampleRate / 2)
        return silence + speech + silence
    }

    static func frames(_ audio: [Int16]) -> [[Int16]] {
        stride(from: 0, to: audio.count - AudioFormat.samplesPerFrame + 1, by: AudioFormat.samplesPerFrame).map {
            Array(audio[$0..<($0 + AudioFormat.samplesPerFrame)])
        }
    }

    @Test func fliteSpeaksAndAMaleVoiceMapsToRMS() async throws {
        let tts = try FliteSynthesizer()
        let audio = try await tts.synthesize("Your card ending in four eight two one is blocked.", voice: nil)
        #expect(audio.count > AudioFormat.sampleRate)  // more than a second of speech
        #expect(audio.contains { abs(Int($0)) > 1000 })
        #expect(tts.localVoice(for: "en-US-OnyxTurboMultilingualNeural") == "rms")
        #expect(tts.localVoice(for: "en-US-AvaMultilingualNeural") == "slt")
    }

    @Test func fliteAnswersStartAtTheirFirstWordAndEndSoonAfterTheLast() async throws {
        let audio = try await FliteSynthesizer().synthesize("I'm sorry to hear that.", voice: nil)
        #expect(AudioFormat.rms(audio.prefix(160)) >= SilenceTrimming.threshold)  // no lead-in silence: heard at once
        let quietTail = Self.frames(audio).reversed().prefix { AudioFormat.rms($0) < SilenceTrimming.threshold }.count
        #expect(quietTail <= 5)  // at most 100 ms after the last word
        #expect(SilenceTrimming.trim([Int16](repeating: 3, count: 800), sampleRate: 16_000).isEmpty)
    }

    @Test func theVADFindsSpeechAndTheTurnDetectorBracketsIt() async throws {
        let tts = try FliteSynthesizer()
        let audio = Self.padded(try await tts.synthesize("Hello, I lost my card yesterday.", voice: nil))
        let vad = try VoiceActivityDetector()
        var detector = TurnDetector()
        var events: [(TurnDetector.Action, Int)] = []
        for (index, frame) in Self.frames(audio).enumerated() {
            if let event = detector.add(isSpeech: vad.isSpeech(frame), agentSpeaking: false, words: { "" }) {
                events.append((event, index))
            }
        }
        #expect(events.first?.0 == .speechStarted)
        #expect(events.last?.0 == .speechEnded)
        // Speech begins after the 25 frames of leading silence, plus the 10-frame start hysteresis.
        #expect((events.first?.1 ?? 0) >= 25 + 9)
        #expect((events.first?.1 ?? 0) < 25 + 30)
        #expect(!vad.isSpeech([Int16](repeating: 0, count: AudioFormat.samplesPerFrame)))
    }

    @Test func pocketSphinxRecognisesSynthesisedDigitsWithAGrammar() async throws {
        let tts = try FliteSynthesizer(defaultVoice: "rms")
        let pool = try RecognizerPool(size: 1)
        let decoder = try #require(pool.lease())
        defer { pool.giveBack(decoder) }
        try decoder.useGrammar("menu", jsgf: Self.digits)
        for (said, expected) in [("one two three four", "one two three four"), ("yes", "yes"), ("agent", "agent")] {
            decoder.start()
            for frame in Self.frames(Self.padded(try await tts.synthesize(said, voice: "rms"))) { decoder.process(frame) }
            #expect(decoder.finish() == .now(expected))
        }
        #expect(pool.available == 0)
    }

    @Test func pocketSphinxRecognisesOpenSpeechWithTheLanguageModel() async throws {
        let tts = try FliteSynthesizer(defaultVoice: "rms")
        let pool = try RecognizerPool(size: 1)
        let decoder = try #require(pool.lease())
        defer { pool.giveBack(decoder) }
        decoder.start()
        for frame in Self.frames(Self.padded(try await tts.synthesize("I lost my card", voice: "rms"))) { decoder.process(frame) }
        let heard = try await decoder.finish().words
        // Open-vocabulary recognition is approximate; the key words must be there.
        #expect(heard.contains("lost") && heard.contains("card"), "heard “\(heard)”")
    }

    @Test func resamplingKeepsDurationAcrossBlocks() throws {
        let up = try Resampler(from: 16_000, to: 48_000)
        let tone = (0..<16_000).map { Int16(8000 * sin(Double($0) * 2 * .pi * 440 / 16_000)) }
        var converted: [Int16] = []
        for block in stride(from: 0, to: tone.count, by: 320) {
            converted += try up.process(Array(tone[block..<min(block + 320, tone.count)]), last: block + 320 >= tone.count)
        }
        #expect(abs(converted.count - 48_000) < 200)
        let down = try Resampler(from: 48_000, to: 16_000)
        #expect(abs(try down.process(converted, last: true).count - 16_000) < 200)
    }

    @Test func theChunkerCutsAtClausesNeverAtCommas() {
        var chunker = SentenceChunker()
        var pieces: [String] = []
        for delta in ["Hello, Jane", ". Your card ending in 4821, ", "is now blocked. Shall", " I send a replacement?"] {
            pieces += chunker.add(delta)
        }
        if let rest = chunker.flush() { pieces.append(rest) }
        #expect(pieces == ["Hello, Jane. Your card ending in 4821, is now blocked.", "Shall I send a replacement?"])
        var long = SentenceChunker()
        let forced = long.add(String(repeating: "word ", count: 30))
        #expect(forced.first.map { $0.count <= 80 } == true)
        var decimals = SentenceChunker()
        #expect(decimals.add("The rate is 3.5 percent today") == [])
    }
}
