/// Which engine fills each role of the voice pipeline, and whether its configuration is complete.
///
/// | Variable | Default | Choices |
/// |---|---|---|
/// | `SB_STT_ENGINE` | `whisper` | `whisper` (embedded whisper.cpp tiny.en, installed by `scripts/run`), `pocketsphinx`, `azure` (Azure Speech real-time recognition), `openai` (OpenAI-compatible transcriptions), `noop` |
/// | `SB_TTS_ENGINE` | `flite` | `flite`, `azure` (Azure Speech neural voices), `openai` (OpenAI-compatible speech), `noop` |
/// | `SB_NOOP_TRANSCRIPT` | `hello` | what the `noop` recogniser hears in every utterance |
/// | `SB_NOOP_TTS_MS_PER_CHAR` | `70` | how long the `noop` synthesiser's tone lasts per character (Flite's pace) |
/// | `SB_LLM_ENGINE` | `scripted` | `scripted`, `openai` (needs `AZURE_OPENAI_ENDPOINT` or `SB_OPENAI_BASE_URL`) |
///
/// `noop` engines cost nothing (a fixed transcript; a tone as long as the text): they measure the
/// platform itself — VAD, turn-taking, agents, pacing and relaying — without speech engines.
/// A name that is not built is refused at start, never replaced by another engine. What each cloud
/// engine needs is checked by the media worker's settings.
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
        self.speechRecognition = environment.choice(
            "SB_STT_ENGINE", default: "whisper", from: ["whisper", "pocketsphinx", "azure", "openai", "noop"])
        self.speechSynthesis = environment.choice("SB_TTS_ENGINE", default: "flite", from: ["flite", "azure", "openai", "noop"])
        self.languageModel = environment.choice("SB_LLM_ENGINE", default: "scripted", from: ["scripted", "openai"])
        self.noopTranscript = environment.string("SB_NOOP_TRANSCRIPT", default: "hello")
        self.noopMillisecondsPerCharacter = environment.int("SB_NOOP_TTS_MS_PER_CHAR", default: 70, in: 1...500)
        var missing: [String] = []
        if self.languageModel == "openai" && environment.optionalString("AZURE_OPENAI_ENDPOINT", "SB_OPENAI_BASE_URL") == nil {
            missing.append("AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL")
        }
        self.missing = missing
    }

    /// `stt=whisper, tts=flite, llm=scripted`.
    package var summary: String {
        "stt=\(self.speechRecognition), tts=\(self.speechSynthesis), llm=\(self.languageModel)"
    }
}
