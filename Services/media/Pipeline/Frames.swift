import SwitchboardMedia

/// What flows through a session's pipeline (DESIGN §4), from the caller's side to the speaker:
///
/// caller bytes → ``AudioFramer`` → 20 ms frames → VAD → ``TurnDetector`` → ``RecognizerFeed``
/// → ``CallerEvent``s → the turn worker (``UserInput``) → the agent → ``SpeechItem``s → the
/// speaker, paced by ``Pacer``.

/// What the caller's audio caused, in order.
enum CallerEvent: Sendable, Equatable {
    /// Voice while the agent speaks: its audio pauses until the barge-in is confirmed or ruled out.
    case agentPaused
    /// It was not speech: the agent plays on from where it paused.
    case agentResumed
    /// Speech confirmed (a barge-in when the agent speaks).
    case speechStarted
    /// The recogniser's hypothesis so far.
    case partial(String)
    /// The caller paused after these words: an answer to them can be prepared.
    case pause(Recognition)
    /// The caller's turn ended (at `ended`) with these words.
    case final(Recognition, ended: ContinuousClock.Instant)
}

/// What the turn worker consumes: a caller's finished utterance (or typed text, or a keypad entry).
struct UserInput: Sendable {
    var text: String
    var typed: Bool
    var speechEnded: ContinuousClock.Instant?
    var recognised: ContinuousClock.Instant?
    /// Words at a pause, not a finished turn: answered ahead, unsent until the turn ends.
    var tentative = false
}

/// A sentence to speak, tagged with the generation it belongs to.
struct SpeechItem: Sendable {
    var text: String
    var voice: SpeechVoice?
    var generation: Int
    /// Set on a turn's first sentence: the marks so far, completed by the speaker.
    var timing: TurnTiming?
    /// Its audio, when it was synthesised ahead (a preemptive answer's first sentence), at 16 kHz.
    var audio: [Int16]?
    /// Its audio as it arrives from a speech-to-speech service (`voice_live`), at 16 kHz.
    var stream: AsyncThrowingStream<[Int16], any Error>?
    /// Its synthesis, asked for when the sentence was queued (a remote voice), at 16 kHz.
    var prefetched: AsyncThrowingStream<[Int16], any Error>?
    /// Not speech: the turn's last sentence is queued before it (its `turn_metrics` are due
    /// once that has played).
    var endOfTurn = false
}
