/// Which engine fills each role of the voice pipeline, and whether its configuration is complete.
///
/// | Variable | Default | Needs |
/// |---|---|---|
/// | `SB_STT_ENGINE` | `pocketsphinx` | `noop`: nothing |
/// | `SB_TTS_ENGINE` | `flite` | `noop`: nothing |
/// | `SB_NOOP_TRANSCRIPT` | `hello` | what the `noop` recogniser hears in every utterance |
/// | `SB_NOOP_TTS_MS_PER_CHAR` | `70` | how long the `noop` synthesiser's tone lasts per character (Flite's pace) |
///
/// `noop` engines cost nothing (a fixed transcript; a tone as long as the text): they measure the
/// platform itself — VAD, turn-taking, agents, pacing and relaying — without speech engines.
/// Cloud speech engines (`azure`, `openai`) are not built yet: asking for one is refused at start,
/// never replaced by an offline engine.
/// | `SB_LLM_ENGINE` | `scripted` | `openai`: `AZURE_OPENAI_ENDPOINT` or `SB_OPENAI_BASE_URL` |
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
        self.speechRecognition = Self.speechEngine("SB_STT_ENGINE", default: "pocketsphinx", environment: &environment)
        self.speechSynthesis = Self.speechEngine("SB_TTS_ENGINE", default: "flite", environment: &environment)
        self.languageModel = environment.choice("SB_LLM_ENGINE", default: "scripted", from: ["scripted", "openai"])
        self.noopTranscript = environment.string("SB_NOOP_TRANSCRIPT", default: "hello")
        self.noopMillisecondsPerCharacter = environment.int("SB_NOOP_TTS_MS_PER_CHAR", default: 70, in: 1...500)
        var missing: [String] = []
        if self.languageModel == "openai" && environment.optionalString("AZURE_OPENAI_ENDPOINT", "SB_OPENAI_BASE_URL") == nil {
            missing.append("AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL")
        }
        self.missing = missing
    }

    /// A speech engine that is built here; a cloud one is refused by name (issue 11 builds them).
    private static func speechEngine(_ key: String, default value: String, environment: inout EnvironmentReader) -> String {
        let chosen = environment.choice(key, default: value, from: [value, "azure", "openai", "noop"])
        guard chosen == "azure" || chosen == "openai" else { return chosen }
        environment.report("\(key)=\(chosen) is not built in this version; use \(value) or noop")
        return value
    }

    /// `stt=pocketsphinx, tts=flite, llm=scripted`.
    package var summary: String {
        "stt=\(self.speechRecognition), tts=\(self.speechSynthesis), llm=\(self.languageModel)"
    }
}
