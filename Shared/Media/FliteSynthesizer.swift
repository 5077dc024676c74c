import CFlite
import NIOPosix

/// Flite with the CMU US voices compiled into Debian's libraries (`slt` female, `rms` male).
///
/// Thread-safe with shared voices (engines.md); synthesis runs on NIO's thread pool, one sentence
/// at a time, so the event loops never wait for it.
package final class FliteSynthesizer: SpeechSynthesizer, @unchecked Sendable {
    // @unchecked: the voice pointers are written once in init (before any use) and only read
    // afterwards; flite synthesis with a shared voice is thread-safe (reference/engines.md).
    private let voices: [String: UnsafeMutablePointer<cst_voice>]
    private let defaultVoice: String
    private let threadPool: NIOThreadPool

    /// Registers the voices; call once at start, before synthesis runs on other threads.
    ///
    /// - Parameter defaultVoice: `slt` (default) or `rms`.
    package init(defaultVoice: String = "slt", threadPool: NIOThreadPool = .singleton) throws {
        flite_init()
        var voices: [String: UnsafeMutablePointer<cst_voice>] = [:]
        if let slt = register_cmu_us_slt(nil) { voices["slt"] = slt }
        if let rms = register_cmu_us_rms(nil) { voices["rms"] = rms }
        guard voices[defaultVoice] != nil else { throw MediaEngineError("flite voice \(defaultVoice) is not available") }
        self.voices = voices
        self.defaultVoice = defaultVoice
        self.threadPool = threadPool
    }

    /// Maps a configured voice (an Azure name such as `en-US-OnyxTurboMultilingualNeural`) to a
    /// local one: male-sounding names to `rms`, everything else to the default.
    package func localVoice(for voice: SpeechVoice?) -> String {
        let name = voice?.name
        guard let name = name?.lowercased() else { return self.defaultVoice }
        if self.voices[name] != nil { return name }
        let male = ["onyx", "echo", "andrew", "brian", "adam", "guy", "davis"]
        return male.contains { name.contains($0) } && self.voices["rms"] != nil ? "rms" : self.defaultVoice
    }

    package var summary: String { "flite \(self.defaultVoice)" }

    package func synthesize(_ text: String, voice: SpeechVoice? = nil) async throws -> [Int16] {
        let key = self.localVoice(for: voice)
        guard let voicePointer = self.voices[key] else { throw MediaEngineError("no flite voice \(key)") }
        let address = UInt(bitPattern: voicePointer)
        return try await self.threadPool.runIfActive {
            let voice = UnsafeMutablePointer<cst_voice>(bitPattern: address)
            guard let wave = flite_text_to_wave(text, voice) else { throw MediaEngineError("flite could not synthesise") }
            defer { delete_wave(wave) }
            let count = Int(wave.pointee.num_samples)
            guard count > 0, let samples = wave.pointee.samples else { return [] }
            return SilenceTrimming.trim(Array(UnsafeBufferPointer(start: samples, count: count)), sampleRate: Int(wave.pointee.sample_rate))
        }
    }
}
