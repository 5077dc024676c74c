/// The caller's turn-taking, decided frame by frame (20 ms each, so time is the frame count and
/// tests run in virtual time): when the caller's speech starts and ends, and what the agent does
/// when the caller talks over it.
///
/// - **Barge-in felt at once**: while the agent speaks, the first frames of voice (`onsetMS`) pause
///   its audio; `startMS` of speech confirm the barge-in (the owner clears and cancels the turn);
///   if the voice stops before that (a cough, a door), the agent resumes where it paused.
/// - **Endpointing**: `endMS` of silence end the turn, or `holdMS` when the words so far look
///   unfinished (a trailing "and", "um", a number being spelled); after `draftMS` the words so far
///   may be answered ahead, kept unsent until the turn really ends.
///
/// A pure state machine: the owner feeds each frame's VAD decision and performs the returned action.
struct TurnDetector: Sendable {
    struct Settings: Sendable {
        /// Voice that pauses a speaking agent.
        var onsetMS = 40
        /// Speech that starts a turn (and confirms a barge-in).
        var startMS = 200
        /// Silence that ends a turn.
        var endMS = 300
        /// Silence that ends a turn whose words look unfinished.
        var holdMS = 800
        /// Silence after which the words so far are answered ahead of the turn's end (preemptive
        /// generation); 0, or not less than `endMS`: never.
        var draftMS = 120
    }

    enum Action: Sendable, Equatable {
        /// Stop the agent's audio where it is: the caller may be talking over it.
        case pauseAgent
        /// It was not speech: play on from where the audio paused.
        case resumeAgent
        case speechStarted
        /// The caller paused: their words so far can be answered ahead of the turn's end.
        case paused
        case speechEnded
    }

    private let onsetFrames: Int
    private let startFrames: Int
    private let endFrames: Int
    private let holdFrames: Int
    private let draftFrames: Int?
    private(set) var inSpeech = false
    /// Whether the agent's audio is paused by an onset that is not yet confirmed.
    private(set) var agentPaused = false
    private var voiced = 0
    private var silent = 0
    /// The pause came after unfinished words: the turn stays open until `holdFrames`.
    private var holding = false

    init(_ settings: Settings = Settings()) {
        let frames = { (ms: Int) in max(1, ms / 20) }
        self.startFrames = frames(settings.startMS)
        self.onsetFrames = min(frames(settings.onsetMS), max(1, self.startFrames - 1))
        self.endFrames = frames(settings.endMS)
        self.holdFrames = max(self.endFrames, frames(settings.holdMS))
        self.draftFrames = settings.draftMS > 0 && frames(settings.draftMS) < self.endFrames ? frames(settings.draftMS) : nil
    }

    /// Speech frames before a turn starts (the recogniser's pre-roll must cover them).
    var framesToStart: Int { self.startFrames }

    /// Whether the caller is talking: in a turn, or voiced frames that may become one.
    var hearsVoice: Bool { self.inSpeech || self.voiced > 0 }

    /// One frame. `agentSpeaking`: whether the caller hears the agent now; `words`: the
    /// recogniser's hypothesis so far, asked for only when the turn might end.
    mutating func add(isSpeech: Bool, agentSpeaking: Bool, words: () -> String) -> Action? {
        if isSpeech {
            self.silent = 0
            guard !self.inSpeech else { return nil }
            self.voiced += 1
            if self.voiced >= self.startFrames {
                self.inSpeech = true
                self.voiced = 0
                self.agentPaused = false
                return .speechStarted
            }
            if agentSpeaking, !self.agentPaused, self.voiced >= self.onsetFrames {
                self.agentPaused = true
                return .pauseAgent
            }
            return nil
        }
        self.silent += 1
        guard self.inSpeech else {
            self.voiced = 0
            // Voice too short to be speech: after as long again of silence, the agent plays on.
            if self.agentPaused, self.silent >= self.startFrames {
                self.agentPaused = false
                return .resumeAgent
            }
            return nil
        }
        if self.silent == self.draftFrames { return .paused }
        guard self.silent >= self.endFrames else { return nil }
        // The words are asked for once per pause: a recogniser's hypothesis is not free.
        if self.silent == self.endFrames { self.holding = Self.looksUnfinished(words()) }
        if self.holding, self.silent < self.holdFrames { return nil }
        self.inSpeech = false
        self.silent = 0
        self.holding = false
        return .speechEnded
    }

    /// Words after which people usually go on: conjunctions, fillers, articles, and numbers
    /// (a card or account number being read out digit by digit).
    static func looksUnfinished(_ text: String) -> Bool {
        guard let last = text.split(whereSeparator: { $0 == " " }).last?.lowercased() else { return false }
        if last.allSatisfy(\.isNumber) { return true }
        return Self.continuations.contains(last)
    }

    private static let continuations: Set<String> = [
        "and", "or", "but", "so", "because", "then", "um", "uh", "er", "erm", "hmm", "the", "a", "an", "to", "of", "my", "is",
        "with", "for", "like", "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dash", "point",
    ]
}
