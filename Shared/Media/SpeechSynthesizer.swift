/// Speech synthesis: text in, 16 kHz PCM16 mono out.
///
/// Implementations: ``FliteSynthesizer`` (offline), ``AzureSpeechSynthesizer``,
/// ``OpenAISpeechSynthesizer``, ``ToneSynthesizer`` (no-op).
package protocol SpeechSynthesizer: Sendable {
    /// Synthesises one sentence. Runs off the event loops.
    func synthesize(_ text: String, voice: SpeechVoice?) async throws -> [Int16]
    /// The same sentence in pieces, each yielded as soon as the engine has it (a service streams
    /// its answer; an offline engine yields it whole).
    func chunks(_ text: String, voice: SpeechVoice?) -> AsyncThrowingStream<[Int16], any Error>
    /// What speaks, for readiness and logs: `flite slt`, `azure en-US-AvaMultilingualNeural`.
    var summary: String { get }
    /// A service far away: each sentence is asked for as soon as it is known, so the next one's
    /// round trip overlaps the playing of the one before.
    var isRemote: Bool { get }
}

extension SpeechSynthesizer {
    package var isRemote: Bool { false }

    package func chunks(_ text: String, voice: SpeechVoice?) -> AsyncThrowingStream<[Int16], any Error> {
        Self.streaming { $0.yield(try await self.synthesize(text, voice: voice)) }
    }
}

extension AsyncThrowingStream where Element == [Int16], Failure == any Error {
    /// Audio synthesised earlier, as one piece.
    package static func ready(_ samples: [Int16]) -> Self {
        AsyncThrowingStream { continuation in
            continuation.yield(samples)
            continuation.finish()
        }
    }
}

/// A voice and how it speaks: an Azure neural voice name with its speaking style, rate and pitch
/// (SSML values such as `cheerful`, `+10%`). Offline engines use only the name.
package struct SpeechVoice: Sendable, Hashable, ExpressibleByStringLiteral {
    package var name: String
    package var style: String?
    package var rate: String?
    package var pitch: String?

    package init(name: String, style: String? = nil, rate: String? = nil, pitch: String? = nil) {
        self.name = name
        self.style = style
        self.rate = rate
        self.pitch = pitch
    }

    package init(stringLiteral name: String) {
        self.init(name: name)
    }
}
