/// The words of an utterance: known now (a streaming decoder), or still being decoded or on
/// their way from a service (whisper, cloud recognisers).
package enum Recognition: Sendable, Equatable {
    case now(String)
    case later(Task<String, any Error>)

    /// The words, waiting for them if they are still on their way.
    package var words: String {
        get async throws {
            switch self {
            case .now(let text): text
            case .later(let task): try await task.value
            }
        }
    }
}

/// Streaming recognition of one session's utterances, 16 kHz PCM16.
///
/// Not thread-safe: leased from a ``RecognizerPool`` to one session at a time, used by that
/// session's own task, and returned when the call ends.
package protocol StreamingRecognizer: AnyObject, Sendable {
    /// Starts an utterance.
    func start()
    /// Feeds samples of the current utterance.
    func process(_ samples: UnsafeBufferPointer<Int16>)
    /// The best hypothesis so far, mid-utterance.
    func partial() -> String?
    /// The caller paused mid-utterance: the words so far, for an answer prepared ahead (`nil`:
    /// none). A non-streaming engine starts decoding what it heard.
    func paused() -> Recognition?
    /// Ends the utterance: its final words ("" when nothing was recognised).
    func finish() -> Recognition
    /// Recognises with a JSGF grammar from now on (between utterances).
    func useGrammar(_ name: String, jsgf: String) throws
    /// Recognises with the open language model again.
    func useLanguageModel()
    /// The session is over: anything still running for it stops.
    func release()
}

extension StreamingRecognizer {
    package func process(_ samples: [Int16]) {
        samples.withUnsafeBufferPointer { self.process($0) }
    }

    package func release() {}

    /// A streaming decoder's hypothesis so far.
    package func paused() -> Recognition? {
        self.partial().map { .now($0) }
    }
}
