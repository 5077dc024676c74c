import Testing

@testable import media

@Suite("Turn detection in virtual time")
struct TurnDetectorTests {
    /// Feeds `frames` frames of one VAD decision; returns the actions with the frame they came at.
    private func feed(
        _ detector: inout TurnDetector, _ frames: Int, speech: Bool, agentSpeaking: Bool = false, words: String = "",
        from start: Int = 0
    ) -> [(frame: Int, action: TurnDetector.Action)] {
        var actions: [(Int, TurnDetector.Action)] = []
        for frame in 0..<frames {
            if let action = detector.add(isSpeech: speech, agentSpeaking: agentSpeaking, words: { words }) {
                actions.append((start + frame, action))
            }
        }
        return actions
    }

    @Test func speechStartsAfterTheMinimumAndEndsAfterTheSilence() {
        var detector = TurnDetector()
        let started = feed(&detector, 20, speech: true)
        #expect(started.map(\.action) == [.speechStarted])
        #expect(started.first?.frame == 9)  // the 10th frame: 200 ms
        let ended = feed(&detector, 30, speech: false, words: "i lost my card")
        #expect(ended.map(\.action) == [.paused, .speechEnded])
        #expect(ended.map(\.frame) == [5, 14])  // the words so far are answered ahead at 120 ms; the turn ends at 300 ms
    }

    @Test func withoutDraftsThePauseIsNotReported() {
        var detector = TurnDetector(.init(draftMS: 0))
        _ = feed(&detector, 20, speech: true)
        #expect(feed(&detector, 30, speech: false).map(\.action) == [.speechEnded])
    }

    @Test func unfinishedWordsHoldTheTurnOpen() {
        var detector = TurnDetector()
        _ = feed(&detector, 20, speech: true)
        let ended = feed(&detector, 60, speech: false, words: "my card number is four two")
        #expect(ended.map(\.action) == [.paused, .speechEnded])
        #expect(ended.last?.frame == 39)  // 800 ms: a number was being read out
        #expect(TurnDetector.looksUnfinished("i want to um"))
        #expect(TurnDetector.looksUnfinished("block it and"))
        #expect(!TurnDetector.looksUnfinished("block it please"))
        #expect(!TurnDetector.looksUnfinished(""))
    }

    @Test func theWordsAreAskedForOncePerPause() {
        var detector = TurnDetector()
        _ = feed(&detector, 20, speech: true)
        var asked = 0
        for _ in 0..<60 {
            _ = detector.add(isSpeech: false, agentSpeaking: false) {
                asked += 1
                return "one two"
            }
        }
        #expect(asked == 1)
        #expect(!detector.inSpeech)
    }

    @Test func talkingOverTheAgentPausesItAtOnceAndConfirmsLater() {
        var detector = TurnDetector()
        let actions = feed(&detector, 12, speech: true, agentSpeaking: true)
        #expect(actions.map(\.action) == [.pauseAgent, .speechStarted])
        #expect(actions.first?.frame == 1)  // 40 ms after the first voiced frame
        #expect(!detector.agentPaused)
    }

    @Test func aCoughResumesTheAgentWhereItPaused() {
        var detector = TurnDetector()
        let onset = feed(&detector, 4, speech: true, agentSpeaking: true)
        #expect(onset.map(\.action) == [.pauseAgent])
        let after = feed(&detector, 15, speech: false, agentSpeaking: true)
        #expect(after.map(\.action) == [.resumeAgent])
        #expect(after.first?.frame == 9)  // 200 ms of silence after the noise
        #expect(!detector.inSpeech)
    }

    @Test func nothingPausesWhenTheAgentIsSilent() {
        var detector = TurnDetector()
        #expect(feed(&detector, 4, speech: true).isEmpty)
        #expect(feed(&detector, 20, speech: false).isEmpty)
    }

    @Test func shortGapsInsideSpeechDoNotEndTheTurn() {
        var detector = TurnDetector()
        _ = feed(&detector, 15, speech: true)
        #expect(feed(&detector, 10, speech: false, words: "i lost").map(\.action) == [.paused])
        #expect(feed(&detector, 10, speech: true).isEmpty)
        // A pause per pause: the first draft is outdated once the caller went on.
        #expect(feed(&detector, 15, speech: false, words: "i lost my card").map(\.action) == [.paused, .speechEnded])
    }
}
