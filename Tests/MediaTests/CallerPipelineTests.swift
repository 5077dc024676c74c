import NIOCore
import SwitchboardMedia
import Testing

@testable import media

/// The caller's side of the pipeline with the real engines: Flite speaks, the framer cuts, the
/// WebRTC VAD hears, the turn detector decides, PocketSphinx recognises.
@Suite("Caller pipeline", .serialized)
struct CallerPipelineTests {
    static func bytes(_ samples: ArraySlice<Int16>) -> ByteBuffer {
        var buffer = ByteBuffer()
        for sample in samples { buffer.writeInteger(sample, endianness: .little) }
        return buffer
    }

    /// Sends `audio` in carrier-sized messages (30 ms: not frame-aligned); a stop at a speech start
    /// is resumed at once, as the session does after interrupting the agent.
    static func run(_ pipeline: inout CallerPipeline, _ audio: [Int16]) throws -> [CallerEvent] {
        var events: [CallerEvent] = []
        for offset in stride(from: 0, to: audio.count, by: 480) {
            events += try pipeline.add(Self.bytes(audio[offset..<min(offset + 480, audio.count)]))
            while pipeline.stoppedAtSpeech { events += pipeline.resume() }
        }
        return events
    }

    static func speech(_ text: String) async throws -> [Int16] {
        let silence = [Int16](repeating: 0, count: 16_000 / 2)
        return silence + (try await FliteSynthesizer(defaultVoice: "rms").synthesize(text, voice: "rms")) + silence + silence
    }

    @Test func aTurnIsHeardFromItsFirstSyllableToItsEnd() async throws {
        let pool = try RecognizerPool(size: 1)
        let decoder = try #require(pool.lease())
        defer { pool.giveBack(decoder) }
        var pipeline = try CallerPipeline(
            sampleRate: 16_000, vad: VoiceActivityDetector(), detector: TurnDetector(), decoder: decoder, control: SessionControl())
        let events = try Self.run(&pipeline, try await Self.speech("I lost my card"))
        #expect(events.first == .speechStarted)
        guard case .final(.now(let text), let ended)? = events.last else {
            Issue.record("no final transcript: \(events)")
            return
        }
        #expect(text.contains("lost") && text.contains("card"), "heard “\(text)”")
        #expect(ended <= .now)
        // At the first pause the words so far were offered for an answer ahead: the same words.
        let paused = events.compactMap { if case .pause(let words) = $0 { words } else { nil } }
        #expect(paused == [.now(text)], "\(events)")
        #expect(!events.contains(.agentPaused))  // the agent was not speaking
    }

    @Test func voiceOverTheAgentPausesItBeforeTheBargeInIsConfirmed() async throws {
        let control = SessionControl()
        control.enqueued()  // the agent has an answer queued: it is speaking
        var pipeline = try CallerPipeline(
            sampleRate: 16_000, vad: VoiceActivityDetector(), detector: TurnDetector(), decoder: nil, control: control)
        let events = try Self.run(&pipeline, try await Self.speech("stop please"))
        #expect(Array(events.prefix(2)) == [.agentPaused, .speechStarted])
        #expect(!events.contains { if case .final = $0 { true } else { false } })  // no recogniser, no words
    }

    @Test func aCoughResumesTheAgent() throws {
        let control = SessionControl()
        control.enqueued()
        var pipeline = try CallerPipeline(
            sampleRate: 16_000, vad: VoiceActivityDetector(), detector: TurnDetector(), decoder: nil, control: control)
        // 100 ms of loud noise: longer than the onset, shorter than speech; then silence.
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<1600).map { _ in Int16.random(in: -12000...12000, using: &generator) }
        let events = try Self.run(&pipeline, noise + [Int16](repeating: 0, count: 16_000))
        #expect(events == [.agentPaused, .agentResumed])
    }

    @Test func theFramerCutsUnalignedMessagesAndResamplesTheCarriersRate() throws {
        var framer = try AudioFramer(sampleRate: 16_000)
        var frame: [Int16] = []
        try framer.add(Self.bytes(ArraySlice((0..<480).map { Int16($0) })))  // 30 ms
        let first = framer.take(into: &frame)
        #expect(first && frame == (0..<320).map { Int16($0) })
        let none = framer.take(into: &frame)
        #expect(!none)
        try framer.add(Self.bytes(ArraySlice((480..<640).map { Int16($0) })))  // 10 ms more
        let second = framer.take(into: &frame)
        #expect(second && frame == (320..<640).map { Int16($0) })

        var telephone = try AudioFramer(sampleRate: 8_000)
        try telephone.add(Self.bytes(ArraySlice([Int16](repeating: 1000, count: 1600))))  // 200 ms at 8 kHz
        #expect((9...10).contains(telephone.framesWaiting))  // the resampler keeps a few samples back
    }
}
