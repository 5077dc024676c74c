import Foundation
import NIOPosix
import Synchronization

/// whisper.cpp (model tiny.en) through `libswitchboard_whisper.so`, a three-function C shim that
/// `scripts/lib.sh` (`sb_install_whisper`) builds against the library from PyPI and loads here
/// at run time: the package builds without it, and `SB_STT_ENGINE=whisper` refuses to start when
/// it is not installed.
///
/// A few decoders (each a whisper context: model weights and buffers) serve every session; each
/// decode runs on a thread of its own pool, never on an event loop, and waits for a free decoder.
package final class WhisperTranscriber: UtteranceTranscriber, @unchecked Sendable {
    // @unchecked: the function pointers are set once in init; a context is used by one decode
    // at a time (taken from `idle`, given back after).
    private typealias Open = @convention(c) (UnsafePointer<CChar>) -> UnsafeMutableRawPointer?
    private typealias Transcribe =
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<Float>?, Int32, Int32, Int32, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?,
            Int32
        ) -> Int32
    private typealias Close = @convention(c) (UnsafeMutableRawPointer?) -> Void

    package struct Configuration: Sendable {
        /// Where `sb_install_whisper` put the shim and the model.
        package var directory: String
        package var decoders: Int
        /// Threads per decode.
        package var threads: Int
        /// The encoder's context in 20 ms units; 0: whisper's full 30 s; `nil`: sized to each
        /// utterance (``audioContext(samples:)``).
        package var audioContext: Int?

        package init(directory: String, decoders: Int, threads: Int, audioContext: Int?) {
            self.directory = directory
            self.decoders = decoders
            self.threads = threads
            self.audioContext = audioContext
        }

        var library: String { "\(self.directory)/libswitchboard_whisper.so" }

        /// What is missing from `directory`, or `nil`.
        package var installationProblem: String? {
            let manager = FileManager.default
            guard !manager.fileExists(atPath: self.library) || !manager.fileExists(atPath: self.model) else { return nil }
            return
                "whisper is not installed in \(self.directory) (scripts/run installs it, or: source scripts/lib.sh && sb_install_whisper)"
        }
        var model: String { "\(self.directory)/ggml-tiny.en.bin" }
    }

    private let handle: UnsafeMutableRawPointer
    private let transcribeFunction: Transcribe
    private let closeFunction: Close
    /// Contexts not in use, as addresses (pointers are not `Sendable`).
    private let idle: Mutex<[UInt]>
    private let pool: NIOThreadPool
    private let configuration: Configuration

    /// Loads the shim and `decoders` contexts (about 0.3 s and 100 MB each).
    package init(_ configuration: Configuration) throws {
        if let problem = configuration.installationProblem { throw MediaEngineError(problem) }
        guard let handle = dlopen(configuration.library, RTLD_NOW | RTLD_LOCAL) else {
            throw MediaEngineError("cannot load \(configuration.library): \(String(cString: dlerror()))")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let address = dlsym(handle, name) else { throw MediaEngineError("\(configuration.library) has no \(name)") }
            return unsafeBitCast(address, to: type)
        }
        let open = try symbol("sbw_open", as: Open.self)
        let close = try symbol("sbw_close", as: Close.self)
        self.transcribeFunction = try symbol("sbw_transcribe", as: Transcribe.self)
        self.closeFunction = close
        var contexts: [UInt] = []
        for _ in 0..<configuration.decoders {
            guard let context = open(configuration.model) else {
                contexts.forEach { close(UnsafeMutableRawPointer(bitPattern: $0)) }
                throw MediaEngineError("whisper could not load \(configuration.model)")
            }
            contexts.append(UInt(bitPattern: context))
        }
        self.handle = handle
        self.idle = Mutex(contexts)
        self.configuration = configuration
        self.pool = NIOThreadPool(numberOfThreads: configuration.decoders)
        self.pool.start()
    }

    deinit {
        try? self.pool.syncShutdownGracefully()
        self.idle.withLock { $0.forEach { self.closeFunction(UnsafeMutableRawPointer(bitPattern: $0)) } }
    }

    package var summary: String {
        "whisper tiny.en (\(self.configuration.decoders) decoders × \(self.configuration.threads) threads)"
    }

    /// The encoder's context for an utterance: its length plus 1.3 s, at least 384 (7.7 s).
    /// Whisper's encoder otherwise always works on 30 s, which costs about 1 s on two cores for a
    /// 3 s utterance instead of 0.3 s; much smaller contexts (256) made tiny.en repeat itself.
    static func audioContext(samples: Int) -> Int {
        min(1500, max(384, samples / 320 + 64))
    }

    package func transcribe(_ samples: [Int16], prompt: String?) async throws -> String {
        guard !samples.isEmpty else { return "" }
        try Task.checkCancellation()  // superseded before its turn on the decoder
        let audioContext = self.configuration.audioContext ?? Self.audioContext(samples: samples.count)
        return try await self.pool.runIfActive {
            // The pool has one thread per context, so one is always free here.
            guard let context = self.idle.withLock({ $0.popLast() }) else { throw MediaEngineError("no whisper decoder free") }
            defer { self.idle.withLock { $0.append(context) } }
            let pcm = samples.map { Float($0) / 32768 }
            var text = [CChar](repeating: 0, count: 4096)
            let written = pcm.withUnsafeBufferPointer { audio in
                text.withUnsafeMutableBufferPointer { out in
                    self.transcribeFunction(
                        UnsafeMutableRawPointer(bitPattern: context), audio.baseAddress, Int32(audio.count),
                        Int32(self.configuration.threads),
                        Int32(audioContext), prompt, out.baseAddress, Int32(out.count))
                }
            }
            guard written >= 0 else { throw MediaEngineError("whisper could not decode \(samples.count) samples") }
            return String(decoding: text.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
