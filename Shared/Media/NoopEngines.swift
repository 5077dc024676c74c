import Foundation

/// Engines that cost (almost) nothing, for measuring the platform itself (`SB_STT_ENGINE=noop`,
/// `SB_TTS_ENGINE=noop`): VAD, turn-taking, the agent runner, pacing and relaying stay real.

/// Recognises every utterance as the same configured transcript, the instant it ends.
package final class FixedTranscriptRecognizer: StreamingRecognizer, @unchecked Sendable {
    // @unchecked: like every recogniser, used by the one session that leased it.
    private let transcript: String
    private var heard = 0

    package init(transcript: String) {
        self.transcript = transcript
    }

    package func start() { self.heard = 0 }
    package func process(_ samples: UnsafeBufferPointer<Int16>) { self.heard += samples.count }
    package func partial() -> String? { nil }
    package func finish() -> Recognition {
        defer { self.heard = 0 }
        return .now(self.heard > 0 ? self.transcript : "")
    }
    package func useGrammar(_ name: String, jsgf: String) throws {}
    package func useLanguageModel() {}
}

/// "Speaks" a quiet 220 Hz tone as long as the text would take to say (about 70 ms a character,
/// Flite's pace), computed from a one-period table: no synthesis cost, a realistic pacing load.
package struct ToneSynthesizer: SpeechSynthesizer {
    private static let period: [Int16] = (0..<AudioFormat.sampleRate / 220).map { index in
        Int16(3000 * sin(2 * Double.pi * Double(index) * 220 / Double(AudioFormat.sampleRate)))
    }
    package let millisecondsPerCharacter: Int

    package init(millisecondsPerCharacter: Int = 70) {
        self.millisecondsPerCharacter = millisecondsPerCharacter
    }

    package var summary: String { "noop tone" }

    package func synthesize(_ text: String, voice: SpeechVoice?) async throws -> [Int16] {
        let count = text.count * self.millisecondsPerCharacter * AudioFormat.sampleRate / 1000
        var samples: [Int16] = []
        samples.reserveCapacity(count)
        while samples.count < count {
            samples.append(contentsOf: Self.period.prefix(count - samples.count))
        }
        return samples
    }
}
