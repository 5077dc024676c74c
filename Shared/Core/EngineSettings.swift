/// Which engine fills each role of the voice pipeline, and whether its configuration is complete.
///
/// | Variable | Default | Choices |
/// |---|---|---|
/// | `SB_STT_ENGINE` | `pocketsphinx` | `pocketsphinx`, `whisper` (embedded, installed by `scripts/run`), `openai` (OpenAI-compatible transcriptions), `noop` |
/// | `SB_TTS_ENGINE` | `flite` | `flite`, `azure` (Azure Speech neural voices), `openai` (OpenAI-compatible speech), `noop` |
/// | `SB_NOOP_TRANSCRIPT` | `hello` | what the `noop` recogniser hears in every utterance |
/// | `SB_NOOP_TTS_MS_PER_CHAR` | `70` | how long the `noop` synthesiser's tone lasts per character (Flite's pace) |
/// | `SB_LLM_ENGINE` | `scripted` | `scripted`, `openai` (needs `AZURE_OPENAI_ENDPOINT` or `SB_OPENAI_BASE_URL`) |
///
/// `noop` engines cost nothing (a fixed transcript; a tone as long as the text): they measure the
/// platform itself — VAD, turn-taking, agents, pacing and relaying — without speech engines.
/// Azure Speech recognition (`SB_STT_ENGINE=azure`) is not built yet: asking for it is refused at
/// start, never replaced by another engine. What each cloud engine needs is checked by the media
/// worker's settings.
package struct EngineSettings: Sendable, Hashable {
    package var speechRecognition: String
    package var speechSynthesis: String
    package var languageModel: String
    /// What the `noop` recogniser hears.
    package var noopTranscript: String
    /// How long the `noop` synthesiser's tone lasts per character of text.
    package var noopMillisecondsPerCharacter: Int
    /// What is missing for the chosen cloud engines; empty when all can start.
    package var missing: [String]

    package init(environment: inout EnvironmentReader) {
        self.speechRecognition = Self.engine(
            "SB_STT_ENGINE", default: "pocketsphinx", from: ["pocketsphinx", "whisper", "openai", "noop"], notBuilt: ["azure"],
            environment: &environment)
        self.speechSynthesis = Self.engine(
            "SB_TTS_ENGINE", default: "flite", from: ["flite", "azure", "openai", "noop"], notBuilt: [], environment: &environment)
        self.languageModel = environment.choice("SB_LLM_ENGINE", default: "scripted", from: ["scripted", "openai"])
        self.noopTranscript = environment.string("SB_NOOP_TRANSCRIPT", default: "hello")
        self.noopMillisecondsPerCharacter = environment.int("SB_NOOP_TTS_MS_PER_CHAR", default: 70, in: 1...500)
        var missing: [String] = []
        if self.languageModel == "openai" && environment.optionalString("AZURE_OPENAI_ENDPOINT", "SB_OPENAI_BASE_URL") == nil {
            missing.append("AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL")
        }
        self.missing = missing
    }

    /// One of the engines built here; one that is not built yet is refused by name.
    private static func engine(
        _ key: String, default value: String, from built: [String], notBuilt: [String], environment: inout EnvironmentReader
    ) -> String {
        let chosen = environment.choice(key, default: value, from: built + notBuilt)
        guard notBuilt.contains(chosen) else { return chosen }
        environment.report("\(key)=\(chosen) is not built in this version; use one of \(built.joined(separator: ", "))")
        return value
    }

    /// `stt=pocketsphinx, tts=flite, llm=scripted`.
    package var summary: String {
        "stt=\(self.speechRecognition), tts=\(self.speechSynthesis), llm=\(self.languageModel)"
    }
}
