import NIOCore
import SwitchboardMedia

/// The caller's side of the pipeline: bytes → ``AudioFramer`` → VAD and ``SpeechLevel`` →
/// ``TurnDetector`` → ``RecognizerFeed`` → ``CallerEvent``s.
///
/// Stops after a speech start (``stoppedAtSpeech``), so that a barge-in is not delayed by the
/// recogniser catching up on the pre-roll: the owner interrupts the agent, then calls
/// ``resume()`` to go on.
struct CallerPipeline {
    private var framer: AudioFramer
    private let vad: VoiceActivityDetector
    private var detector: TurnDetector
    private var level = SpeechLevel()
    private var feed: RecognizerFeed
    private let control: SessionControl
    private var frame: [Int16] = []
    private(set) var stoppedAtSpeech = false

    /// Whether the caller is talking now (a turn, or voice that may start one).
    var callerTalking: Bool { self.detector.hearsVoice }

    /// `control` says whether the agent is speaking and which grammar the listening agent has.
    init(
        sampleRate: Int, vad: VoiceActivityDetector, detector: TurnDetector, decoder: (any StreamingRecognizer)?,
        control: SessionControl
    ) throws {
        self.framer = try AudioFramer(sampleRate: sampleRate)
        self.vad = vad
        self.detector = detector
        self.feed = RecognizerFeed(decoder: decoder, prerollFrames: detector.framesToStart + 5)
        self.control = control
        self.frame.reserveCapacity(AudioFormat.samplesPerFrame)
    }

    /// Adds PCM16LE bytes; returns what they caused, up to the next speech start.
    mutating func add(_ buffer: ByteBuffer) throws -> [CallerEvent] {
        try self.framer.add(buffer)
        return self.resume()
    }

    /// Starts the utterance a speech start stopped at, then goes on through the frames waiting.
    mutating func resume() -> [CallerEvent] {
        if self.stoppedAtSpeech {
            self.stoppedAtSpeech = false
            self.feed.startUtterance(grammar: self.control.grammar)
        }
        var events: [CallerEvent] = []
        var frame = self.frame  // taken out of self so `process` can borrow it while mutating self
        self.frame = []
        while !self.stoppedAtSpeech, self.framer.take(into: &frame) { self.process(frame, into: &events) }
        self.frame = frame
        return events
    }

    private mutating func process(_ frame: [Int16], into events: inout [CallerEvent]) {
        let wasInSpeech = self.detector.inSpeech
        let decoder = self.feed.decoder  // not a copy of the feed, whose buffers change below
        let isSpeech = self.level.isSpeech(frame, vad: self.vad.isSpeech(frame), inSpeech: wasInSpeech)
        let action = self.detector.add(isSpeech: isSpeech, agentSpeaking: self.control.agentSpeaking) {
            decoder?.partial() ?? ""
        }
        switch action {
        case .speechStarted?:
            // The recogniser hears the pre-roll and this frame in resume(), after the barge-in.
            self.feed.keep(frame)
            self.stoppedAtSpeech = true
            events.append(.speechStarted)
        case .speechEnded?:
            let ended = ContinuousClock.now
            let words = self.feed.finish(frame)
            if words != .now("") { events.append(.final(words, ended: ended)) }
        case .pauseAgent?, .resumeAgent?, .paused?, nil:
            if action == .pauseAgent { events.append(.agentPaused) }
            if action == .resumeAgent { events.append(.agentResumed) }
            if action == .paused, let words = decoder?.paused(), words != .now("") { events.append(.pause(words)) }
            if wasInSpeech {
                if let partial = self.feed.hear(frame) { events.append(.partial(partial)) }
            } else {
                self.feed.keep(frame)
            }
        }
    }
}
