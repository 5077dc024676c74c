/// Turns per-frame VAD decisions into speech start and stop events with hysteresis: speech must
/// last `startAfter` to start (so a click is not speech), silence must last `stopAfter` to stop.
///
/// A pure state machine: feed it one decision per 20 ms frame.
package struct SpeechSegmenter: Sendable {
    package enum Event: Sendable, Hashable {
        case started
        case stopped
    }

    package let startFrames: Int
    package let stopFrames: Int
    package private(set) var inSpeech = false
    private var run = 0

    /// - Parameters:
    ///   - startAfter: milliseconds of speech before `started` (default 200).
    ///   - stopAfter: milliseconds of silence before `stopped` (default 300).
    package init(startAfter: Int = 200, stopAfter: Int = 300) {
        self.startFrames = max(1, startAfter / AudioFormat.frameMilliseconds)
        self.stopFrames = max(1, stopAfter / AudioFormat.frameMilliseconds)
    }

    /// Records one frame; returns an event when the state changes.
    package mutating func add(isSpeech: Bool) -> Event? {
        if isSpeech == self.inSpeech {
            self.run = 0
            return nil
        }
        self.run += 1
        guard self.run >= (self.inSpeech ? self.stopFrames : self.startFrames) else { return nil }
        self.inSpeech.toggle()
        self.run = 0
        return self.inSpeech ? .started : .stopped
    }
}
