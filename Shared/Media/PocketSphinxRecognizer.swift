import CPocketSphinx
import Foundation
import Synchronization

/// One PocketSphinx decoder: streaming recognition of 16 kHz PCM16, with the open language
/// model as catch-all and JSGF grammars switched per dialog state.
///
/// Not thread-safe: leased from a ``RecognizerPool`` to one session at a time, used by that
/// session's own task, and returned when the call ends.
package final class PocketSphinxDecoder: StreamingRecognizer, @unchecked Sendable {
    // @unchecked: a decoder is only ever used by the one session that leased it (see RecognizerPool).
    private let decoder: OpaquePointer
    private var grammars: Set<String> = []
    private var inUtterance = false

    fileprivate init(decoder: OpaquePointer) {
        self.decoder = decoder
    }

    deinit { ps_free(self.decoder) }

    /// Starts an utterance.
    package func start() {
        if self.inUtterance { _ = ps_end_utt(self.decoder) }
        _ = ps_start_utt(self.decoder)
        self.inUtterance = true
    }

    /// Feeds samples of the current utterance.
    package func process(_ samples: UnsafeBufferPointer<Int16>) {
        guard self.inUtterance, let base = samples.baseAddress else { return }
        _ = ps_process_raw(self.decoder, base, samples.count, 0, 0)
    }

    /// The best hypothesis so far, mid-utterance.
    package func partial() -> String? {
        guard self.inUtterance, let text = ps_get_hyp(self.decoder, nil) else { return nil }
        let hypothesis = String(cString: text)
        return hypothesis.isEmpty ? nil : hypothesis
    }

    /// Ends the utterance; its final hypothesis is ready at once ("" when nothing was recognised).
    package func finish() -> Recognition {
        guard self.inUtterance else { return .now("") }
        self.inUtterance = false
        _ = ps_end_utt(self.decoder)
        guard let text = ps_get_hyp(self.decoder, nil) else { return .now("") }
        return .now(String(cString: text))
    }

    /// Recognises with a JSGF grammar from now on (between utterances); loaded once per name.
    package func useGrammar(_ name: String, jsgf: String) throws {
        if !self.grammars.contains(name) {
            guard ps_set_jsgf_string(self.decoder, name, jsgf) == 0 else { throw MediaEngineError("invalid JSGF grammar \(name)") }
            self.grammars.insert(name)
        }
        guard ps_set_search(self.decoder, name) == 0 else { throw MediaEngineError("cannot switch to grammar \(name)") }
    }

    /// Recognises with the open language model again.
    package func useLanguageModel() {
        _ = ps_set_search(self.decoder, "_default")
    }
}

/// Recognisers built at start (a PocketSphinx language-model decoder takes ~0.5 s and ~96 MB),
/// lent to sessions and taken back when they end.
package final class RecognizerPool: Sendable {
    /// Where the acoustic model, language model and dictionary are.
    package struct Model: Sendable {
        package var acousticModel = "/usr/share/pocketsphinx/model/en-us/en-us"
        package var languageModel = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"
        package var dictionary = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"
        package init() {}
    }

    private let idle: Mutex<[any StreamingRecognizer]>
    package let size: Int
    /// What the recognisers are, for readiness and logs.
    package let engine: String

    /// Builds `size` decoders, one after another (creation is not thread-safe).
    package init(size: Int, model: Model = Model()) throws {
        Self.silenceLogging
        let arguments = [
            "-hmm", model.acousticModel, "-lm", model.languageModel, "-dict", model.dictionary,
            "-fwdflat", "no", "-maxhmmpf", "3000", "-maxwpf", "10", "-samprate", "16000",
        ]
        var decoders: [PocketSphinxDecoder] = []
        for _ in 0..<size {
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
            defer { argv.forEach { free($0) } }
            guard let config = cmd_ln_parse_r(nil, ps_args(), Int32(argv.count), &argv, 1) else {
                throw MediaEngineError("pocketsphinx rejected its configuration")
            }
            defer { _ = cmd_ln_free_r(config) }
            guard let decoder = ps_init(config) else {
                throw MediaEngineError("pocketsphinx could not load its model from \(model.acousticModel)")
            }
            decoders.append(PocketSphinxDecoder(decoder: decoder))
        }
        self.idle = Mutex(decoders)
        self.size = size
        self.engine = "pocketsphinx"
    }

    /// Recognisers made elsewhere: `noop` ones, or sessions' buffers in front of a shared
    /// transcriber (whisper, a service).
    package init(_ recognizers: [any StreamingRecognizer], engine: String) {
        self.idle = Mutex(recognizers)
        self.size = recognizers.count
        self.engine = engine
    }

    /// sphinxbase logs to stderr by default; once per process, before decoders exist.
    private static let silenceLogging: Void = { err_set_logfp(nil) }()

    /// A decoder for one session, or `nil` when all are in use.
    package func lease() -> (any StreamingRecognizer)? {
        self.idle.withLock { $0.popLast() }
    }

    /// Returns a decoder leased earlier.
    package func giveBack(_ decoder: any StreamingRecognizer) {
        decoder.release()
        decoder.useLanguageModel()
        self.idle.withLock { $0.append(decoder) }
    }

    /// Decoders not in use.
    package var available: Int { self.idle.withLock { $0.count } }
}
