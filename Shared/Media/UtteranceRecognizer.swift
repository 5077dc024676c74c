/// Turns a whole utterance into words: engines that are not streaming (whisper, an
/// OpenAI-compatible transcription service).
package protocol UtteranceTranscriber: Sendable {
    /// The words of 16 kHz PCM16 `samples`; `prompt`: words the caller is likely to say.
    func transcribe(_ samples: [Int16], prompt: String?) async throws -> String
    /// What recognises, for readiness and logs.
    var summary: String { get }
}

/// A ``StreamingRecognizer`` over an ``UtteranceTranscriber``: keeps the utterance's audio
/// and has it transcribed when the caller pauses, so that the words are ready, or nearly,
/// when the pause turns out to end the turn.
///
/// The pipeline asks ``paused()`` after the caller's last speech and again after any speech
/// that follows, so the last pause's transcription covers the whole utterance: ``finish()``
/// reuses it (what came after is the silence that ended the turn).
package final class UtteranceRecognizer: StreamingRecognizer, @unchecked Sendable {
    // @unchecked: like every recogniser, used by the one session that leased it.
    private let transcriber: any UtteranceTranscriber
    private let limit: Int
    private var samples: [Int16] = []
    private var inUtterance = false
    private var pending: Task<String, any Error>?
    private var prompt: String?

    /// `maximumSeconds`: audio beyond it is not kept (a transcription service's limit).
    package init(_ transcriber: any UtteranceTranscriber, maximumSeconds: Int = 30) {
        self.transcriber = transcriber
        self.limit = maximumSeconds * AudioFormat.sampleRate
        self.samples.reserveCapacity(10 * AudioFormat.sampleRate)
    }

    package func start() {
        self.samples.removeAll(keepingCapacity: true)
        self.pending = nil  // the last utterance's words may still be on their way: not cancelled
        self.inUtterance = true
    }

    package func process(_ samples: UnsafeBufferPointer<Int16>) {
        guard self.inUtterance else { return }
        self.samples.append(contentsOf: samples.prefix(max(0, self.limit - self.samples.count)))
    }

    /// Not streaming: no words until a pause.
    package func partial() -> String? { nil }

    package func paused() -> Recognition? {
        guard self.inUtterance, !self.samples.isEmpty else { return nil }
        self.pending?.cancel()  // the caller went on after that pause: its words are superseded
        let task = self.transcription()
        self.pending = task
        return .later(task)
    }

    package func finish() -> Recognition {
        guard self.inUtterance else { return .now("") }
        self.inUtterance = false
        if let pending = self.pending { return .later(pending) }
        return self.samples.isEmpty ? .now("") : .later(self.transcription())
    }

    /// The words of the grammar's rules become the prompt: the vocabulary expected in this state.
    package func useGrammar(_ name: String, jsgf: String) throws {
        self.prompt = Self.vocabulary(jsgf)
    }

    package func useLanguageModel() { self.prompt = nil }

    private func transcription() -> Task<String, any Error> {
        let samples = self.samples
        let prompt = self.prompt
        let transcriber = self.transcriber
        return Task { try await transcriber.transcribe(samples, prompt: prompt) }
    }

    /// The words of a JSGF grammar (not its keywords, rule names or operators), in order, once each.
    static func vocabulary(_ jsgf: String) -> String {
        var seen: Set<String> = []
        var words: [String] = []
        for line in jsgf.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("grammar") {
            let body = line.split(separator: "=", maxSplits: 1).last ?? line
            for word in body.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "<" && $0 != ">" })
            where !word.hasPrefix("<") && !word.hasSuffix(">") && seen.insert(word.lowercased()).inserted {
                words.append(String(word))
            }
        }
        return words.joined(separator: ", ")
    }
}
