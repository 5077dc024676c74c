import Testing

@testable import media

@Suite("Pacing in virtual time")
struct PacerTests {
    let start = ContinuousClock.now
    /// 200 ms of 16 kHz audio: ten frames of 320 samples.
    let sentence = 3200

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { self.start + .milliseconds(milliseconds) }

    /// Runs the pacer on a virtual clock that jumps to each wake-up; returns when each frame went out.
    func play(_ pacer: inout Pacer, pausedSince: ContinuousClock.Instant? = nil, from now: Int = 0) -> [Int] {
        var clock = self.at(now)
        var sent: [Int] = []
        while true {
            switch pacer.next(now: clock, pausedSince: pausedSince) {
            case .send: sent.append(Int(self.start.duration(to: clock).components.attoseconds / 1_000_000_000_000_000))
            case .wait(let until): clock = until
            case .finished: return sent
            }
        }
    }

    @Test func theLeadGoesAtOnceThenAFrameEveryTwentyMilliseconds() {
        var pacer = Pacer(sampleRate: 16_000, lead: .milliseconds(60), now: self.start)
        pacer.begin(samples: self.sentence, generation: 1, now: self.start)
        #expect(play(&pacer) == [0, 0, 0, 0, 20, 40, 60, 80, 100, 120])
        #expect(pacer.lateFrames == 0)
        #expect(pacer.playhead == self.at(200))
    }

    @Test func framesSentAfterTheEarRanDryAreLate() {
        var pacer = Pacer(sampleRate: 16_000, lead: .milliseconds(60), now: self.start)
        pacer.begin(samples: self.sentence, generation: 1, now: self.start)
        let step1 = pacer.next(now: self.start, pausedSince: nil)
        #expect(step1 == .send(0..<320))
        // The speaker was starved for 100 ms: the caller heard silence.
        let step2 = pacer.next(now: self.at(100), pausedSince: nil)
        #expect(step2 == .send(320..<640))
        #expect(pacer.lateFrames == 1)
    }

    @Test func aPauseHoldsTheAudioWhereItIsAndExpiresAfterASecond() {
        var pacer = Pacer(sampleRate: 16_000, lead: .zero, now: self.start)
        pacer.begin(samples: self.sentence, generation: 1, now: self.start)
        let step3 = pacer.next(now: self.start, pausedSince: nil)
        #expect(step3 == .send(0..<320))
        let paused = self.at(10)
        let step4 = pacer.next(now: self.at(20), pausedSince: paused)
        #expect(step4 == .wait(until: self.at(30)))
        let step5 = pacer.next(now: self.at(500), pausedSince: paused)
        #expect(step5 == .wait(until: self.at(510)))
        // Ruled out (a cough): it plays on from where it stopped, from now.
        let step6 = pacer.next(now: self.at(600), pausedSince: nil)
        #expect(step6 == .send(320..<640))
        #expect(pacer.playhead == self.at(620))
        // Nobody decided: after a second the pacer plays on by itself.
        let step7 = pacer.next(now: self.at(1011), pausedSince: paused)
        #expect(step7 == .send(640..<960))
    }

    @Test func aNewGenerationStartsNowNotAfterTheInterruptedLead() {
        var pacer = Pacer(sampleRate: 16_000, lead: .milliseconds(500), now: self.start)
        pacer.begin(samples: self.sentence, generation: 1, now: self.start)
        _ = play(&pacer)
        #expect(pacer.playhead == self.at(200))
        pacer.begin(samples: self.sentence, generation: 1, now: self.at(10))
        #expect(pacer.playhead == self.at(200))  // the same answer goes on after what is queued
        pacer.begin(samples: self.sentence, generation: 2, now: self.at(10))
        #expect(pacer.playhead == self.at(10))  // after a barge-in the caller's buffer is empty
    }

    @Test func theCallerHeardWhatWasSentLessWhatIsStillAheadOfTheirEar() {
        var pacer = Pacer(sampleRate: 16_000, lead: .milliseconds(60), now: self.start)
        pacer.begin(samples: self.sentence, generation: 1, now: self.start)
        for _ in 0..<4 { _ = pacer.next(now: self.start, pausedSince: nil) }
        #expect(pacer.heardFraction(now: self.start) == 0)
        #expect(pacer.heardFraction(now: self.at(40)) == 0.2)
        #expect(pacer.heardFraction(now: self.at(80)) == 0.4)
        #expect(pacer.heardFraction(now: self.at(900)) == 0.4)  // nothing more was sent
    }

    @Test func theHeardWordsAreThoseThatEndedInTheAudioPlayed() {
        let text = "block my card now"
        #expect(Pacer.heardWords(of: text, fraction: 0) == "")
        #expect(Pacer.heardWords(of: text, fraction: 0.45) == "block")
        #expect(Pacer.heardWords(of: text, fraction: 0.5) == "block my")
        #expect(Pacer.heardWords(of: text, fraction: 0.99) == "block my card")
        #expect(Pacer.heardWords(of: text, fraction: 1) == text)
    }
}

@Suite("Speech level")
struct SpeechLevelTests {
    static func frame(_ amplitude: Int16) -> [Int16] { (0..<320).map { $0 % 2 == 0 ? amplitude : -amplitude } }

    @Test func aDyingVoiceIsSilenceDuringSpeechButNeverGatesAStart() {
        var level = SpeechLevel()
        let decisions = [
            // A quiet caller starts a turn: nothing is gated outside speech.
            level.isSpeech(Self.frame(200), vad: true, inSpeech: false),
            level.isSpeech(Self.frame(5000), vad: true, inSpeech: true),
            // 30 dB below the speech's peak: the voice has died away, whatever the VAD's hangover says.
            level.isSpeech(Self.frame(120), vad: true, inSpeech: true),
            level.isSpeech(Self.frame(1000), vad: true, inSpeech: true),
            // The VAD still decides first.
            level.isSpeech(Self.frame(5000), vad: false, inSpeech: true),
        ]
        #expect(decisions == [true, true, false, true, false])
    }
}
