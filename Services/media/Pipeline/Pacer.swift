import SwitchboardCore
import SwitchboardMedia

/// Paces the agent's audio: 20 ms frames at real time, at most `lead` ahead of the caller's ear,
/// so that a barge-in silences the caller within a frame plus the carrier's buffer.
///
/// A state machine on an injected clock: the owner asks ``next(now:pausedSince:)`` what to do —
/// send a frame, wait until an instant — and tests run in virtual time.
struct Pacer {
    enum Step: Equatable {
        /// Send these samples of the sentence now.
        case send(Range<Int>)
        /// Nothing is due before this instant.
        case wait(until: ContinuousClock.Instant)
        /// The sentence has been sent.
        case finished
    }

    static let frameDuration = Duration.milliseconds(AudioFormat.frameMilliseconds)
    /// A pause nobody resolves (the caller's audio stopped arriving) ends after this.
    static let longestPause = Duration.seconds(1)
    /// How often a paused pacer looks again.
    static let pausePoll = Duration.milliseconds(10)

    let sampleRate: Int
    let lead: Duration
    private let frameSamples: Int
    /// When the caller's ear reaches the end of what has been sent.
    private(set) var playhead: ContinuousClock.Instant
    /// Frames sent after the caller's ear had already run dry.
    private(set) var lateFrames = 0
    private var generation: Int?
    private var count = 0
    private var offset = 0
    /// Held by a pause since the last frame.
    private var held = false

    init(sampleRate: Int, lead: Duration, now: ContinuousClock.Instant) {
        self.sampleRate = sampleRate
        self.lead = lead
        self.frameSamples = sampleRate * AudioFormat.frameMilliseconds / 1000
        self.playhead = now
    }

    /// Starts a sentence of `samples` samples. A new generation (after a barge-in) starts now:
    /// the caller's buffer was cleared, so it does not wait for the lead of the interrupted one.
    mutating func begin(samples: Int, generation: Int, now: ContinuousClock.Instant) {
        if generation != self.generation {
            self.generation = generation
            self.playhead = now
        }
        self.playhead = max(self.playhead, now)
        self.count = samples
        self.offset = 0
    }

    /// More of the sentence arrived (a service streams its audio): `samples` is its length so far.
    /// Only whole frames go out until the sentence is `complete`.
    mutating func extend(to samples: Int, complete: Bool) {
        self.count = complete ? samples : samples - samples % self.frameSamples
    }

    /// What to do now. `pausedSince`: when the agent's audio was paused by the caller's voice.
    mutating func next(now: ContinuousClock.Instant, pausedSince: ContinuousClock.Instant?) -> Step {
        guard self.offset < self.count else { return .finished }
        if let pausedSince, now - pausedSince < Self.longestPause {
            // Hold the frame until the barge-in is confirmed (a new generation) or ruled out;
            // the caller's buffer drains meanwhile.
            self.held = true
            return .wait(until: now + Self.pausePoll)
        }
        if self.held {
            self.held = false
            self.playhead = max(self.playhead, now)  // the caller's buffer drained meanwhile
        }
        let wake = self.playhead - self.lead
        if wake > now { return .wait(until: wake) }
        if now - self.playhead > Self.frameDuration { self.lateFrames += 1 }
        let end = min(self.offset + self.frameSamples, self.count)
        defer {
            self.offset = end
            self.playhead += Self.frameDuration
        }
        return .send(self.offset..<end)
    }

    /// Whether the first frame of the sentence is still to be sent.
    var atStart: Bool { self.offset == 0 }

    /// How much of the sentence the caller has heard by `now`: what was sent, less what is still
    /// ahead of their ear.
    func heardFraction(now: ContinuousClock.Instant) -> Double {
        guard self.count > 0 else { return 1 }
        let ahead = max(.zero, now.duration(to: self.playhead))
        let aheadSamples = Int(ahead.fractionalMilliseconds * Double(self.sampleRate) / 1000)
        return Double(max(0, self.offset - aheadSamples)) / Double(self.count)
    }

    /// The words of `text` heard when `fraction` of its audio has played: those that end within it.
    static func heardWords(of text: String, fraction: Double) -> String {
        guard fraction < 1 else { return text }
        let limit = Int(Double(text.count) * max(0, fraction))
        var heard = text.startIndex
        var index = text.startIndex
        var position = 0
        while index < text.endIndex, position <= limit {
            if text[index] == " " { heard = index }
            index = text.index(after: index)
            position += 1
        }
        if index == text.endIndex, position <= limit { heard = text.endIndex }
        return String(text[..<heard])
    }
}
