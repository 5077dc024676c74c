import SwitchboardCore
import Synchronization

/// State the session's tasks share: the turn generation (a barge-in starts a new one and
/// everything of the old one is dropped), when the agent's audio stops playing, and whether
/// the conversation is between turns (a safe point to move the session to another worker).
final class SessionControl: Sendable {
    private struct State {
        var generation = 0
        var callerTalking = false
        /// Caller inputs (an utterance that ended, typed text, digits) not answered yet.
        var unanswered = 0
        var speakingUntil = ContinuousClock.now
        var queued = 0
        /// Sentences of the current generation queued or playing, not yet played to their end.
        var unheard: [String] = []
        var heard: [String] = []
        var grammar: (agent: String, jsgf: String)?
        var unfinishedTurn: TurnTiming?
        /// Sentences sent behind a carrier mark, not yet reported played (Twilio).
        var marked: [(name: String, sentence: String)] = []
        var callAction: MediaControl?
        /// The caller may be talking over the agent since then: hold its audio where it is.
        var pausedSince: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    var generation: Int { self.state.withLock { $0.generation } }

    /// Whether the caller is hearing the agent now (or will, from queued sentences).
    var agentSpeaking: Bool {
        self.state.withLock { $0.queued > 0 || ContinuousClock.now < $0.speakingUntil }
    }

    /// Whether the caller is talking (set by the caller reader when it changes).
    func callerTalking(_ talking: Bool) { self.state.withLock { $0.callerTalking = talking } }

    /// A caller input is on its way to the turn worker: an utterance ended, text was typed.
    func inputArrived() { self.state.withLock { $0.unanswered += 1 } }

    /// An input was answered, or came to nothing (no words recognised, a failure).
    func inputSettled() { self.state.withLock { $0.unanswered = max(0, $0.unanswered - 1) } }

    /// Between turns: the caller is not talking, every input is answered and the answer heard.
    /// Moving the session now loses nothing: its history is saved and no audio is in flight.
    var isBetweenTurns: Bool {
        self.state.withLock { state in
            !state.callerTalking && state.unanswered == 0 && state.queued == 0 && ContinuousClock.now >= state.speakingUntil
                && state.callAction == nil
        }
    }

    /// Starts a new generation; returns it. Queued speech of older generations is dropped.
    func bargeIn() -> Int {
        self.state.withLock { state in
            state.generation += 1
            state.queued = 0
            state.unheard.removeAll()
            state.marked.removeAll()
            state.pausedSince = nil
            state.speakingUntil = .now
            return state.generation
        }
    }

    /// Holds the agent's audio (speech onset while it talks) until ``resume()`` or a barge-in;
    /// the ``Pacer`` plays on by itself if neither comes (the caller's audio stopped arriving).
    func pause() { self.state.withLock { $0.pausedSince = .now } }
    func resume() { self.state.withLock { $0.pausedSince = nil } }
    var pausedSince: ContinuousClock.Instant? { self.state.withLock { $0.pausedSince } }

    /// Whether `generation` has been interrupted: its turn stops, its speech is dropped.
    func isStale(_ generation: Int) -> Bool { self.generation != generation }

    /// A sentence is queued to be spoken. With its text, it is unheard until it has played:
    /// returns the unheard sentences then, for a worker that takes the call over after a crash.
    @discardableResult
    func enqueued(_ sentence: String? = nil) -> [String]? {
        self.state.withLock { state in
            state.queued += 1
            guard let sentence else { return nil }
            state.unheard.append(sentence)
            return state.unheard
        }
    }

    /// A queued sentence has played, or was dropped (a barge-in, a failed voice); with its text,
    /// returns the sentences still unheard.
    @discardableResult
    func dequeued(_ sentence: String? = nil, generation: Int) -> [String]? {
        self.state.withLock { state in
            state.queued = max(0, state.queued - 1)
            guard let sentence else { return nil }
            if generation == state.generation, let index = state.unheard.firstIndex(of: sentence) {
                state.unheard.remove(at: index)
            }
            return state.unheard
        }
    }
    func playing(until instant: ContinuousClock.Instant) { self.state.withLock { $0.speakingUntil = max($0.speakingUntil, instant) } }

    /// The grammar of the agent listening now (`nil`: the open language model).
    var grammar: (agent: String, jsgf: String)? {
        get { self.state.withLock { $0.grammar } }
        set { self.state.withLock { $0.grammar = newValue } }
    }

    /// The turn whose answer is being spoken, until its `turn_metrics` are sent.
    var unfinishedTurn: TurnTiming? {
        get { self.state.withLock { $0.unfinishedTurn } }
        set { self.state.withLock { $0.unfinishedTurn = newValue } }
    }

    func takeUnfinishedTurn() -> TurnTiming? {
        self.state.withLock { state in
            defer { state.unfinishedTurn = nil }
            return state.unfinishedTurn
        }
    }

    /// A sentence whose audio ends at carrier mark `name`; it counts as heard once the carrier says it played.
    func marked(_ name: String, sentence: String) {
        self.state.withLock { state in
            state.marked.append((name, sentence))
            if state.marked.count > 256 { state.marked.removeFirst() }
        }
    }

    /// The carrier played the audio up to mark `name`.
    func played(_ name: String) {
        self.state.withLock { state in
            guard let index = state.marked.firstIndex(where: { $0.name == name }) else { return }
            state.heard.append(state.marked[index].sentence)
            state.marked.remove(at: index)
        }
    }

    /// A hang-up or transfer an agent's tool asked for, carried out once its answer has been heard.
    var callAction: MediaControl? {
        get { self.state.withLock { $0.callAction } }
        set { self.state.withLock { $0.callAction = newValue } }
    }

    func takeCallAction() -> MediaControl? {
        self.state.withLock { state in
            defer { state.callAction = nil }
            return state.callAction
        }
    }

    /// Records what the caller heard of a sentence, for the truncated history after a barge-in.
    func heard(_ sentence: String) { self.state.withLock { $0.heard.append(sentence) } }
    func takeHeard() -> [String] {
        self.state.withLock { state in
            defer { state.heard = [] }
            return state.heard
        }
    }
}
