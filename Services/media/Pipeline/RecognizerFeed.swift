import SwitchboardMedia

/// Feeds the session's leased decoder: the frames before speech are kept as pre-roll, so the
/// first syllable is heard once speech is confirmed; during speech every frame goes in, and the
/// hypothesis is offered as a partial every `partialEvery` frames when it changed.
///
/// Without a decoder (no recogniser leased) everything is dropped and nothing is recognised.
struct RecognizerFeed {
    /// The words so far are its `partial()`.
    let decoder: (any StreamingRecognizer)?
    private let prerollLimit: Int
    private let partialEvery: Int
    private var preroll: [Int16] = []
    private var framesSincePartial = 0
    private var lastPartial = ""

    /// `prerollFrames`: how many frames before the start of speech the recogniser hears.
    init(decoder: (any StreamingRecognizer)?, prerollFrames: Int, partialEvery: Int = 15) {
        self.decoder = decoder
        self.prerollLimit = AudioFormat.samplesPerFrame * prerollFrames
        self.partialEvery = partialEvery
        self.preroll.reserveCapacity(self.prerollLimit + AudioFormat.samplesPerFrame)
    }

    /// A frame outside speech: kept for the pre-roll, the oldest dropped.
    mutating func keep(_ frame: [Int16]) {
        self.preroll.append(contentsOf: frame)
        if self.preroll.count > self.prerollLimit { self.preroll.removeFirst(self.preroll.count - self.prerollLimit) }
    }

    /// Speech started: a new utterance with the listening agent's grammar (`nil`: the open
    /// language model, also when the grammar does not compile), fed the pre-roll.
    mutating func startUtterance(grammar: (agent: String, jsgf: String)?) {
        if let (agent, jsgf) = grammar {
            do { try self.decoder?.useGrammar(agent, jsgf: jsgf) } catch { self.decoder?.useLanguageModel() }
        } else {
            self.decoder?.useLanguageModel()
        }
        self.decoder?.start()
        self.decoder?.process(self.preroll)
        self.preroll.removeAll(keepingCapacity: true)
        self.framesSincePartial = 0
        self.lastPartial = ""
    }

    /// A frame of the utterance; returns a new partial hypothesis when one is due.
    mutating func hear(_ frame: [Int16]) -> String? {
        guard let decoder = self.decoder else { return nil }
        decoder.process(frame)
        self.framesSincePartial += 1
        guard self.framesSincePartial >= self.partialEvery else { return nil }
        self.framesSincePartial = 0
        guard let partial = decoder.partial(), partial != self.lastPartial else { return nil }
        self.lastPartial = partial
        return partial
    }

    /// The utterance's last frame: returns its final words ("" when nothing was recognised).
    mutating func finish(_ frame: [Int16]) -> Recognition {
        guard let decoder = self.decoder else { return .now("") }
        decoder.process(frame)
        return decoder.finish()
    }
}
