/// Which engine fills each role of the voice pipeline, and whether its configuration is complete.
///
/// | Variable | Default | Needs |
/// |---|---|---|
/// | `SB_STT_ENGINE` | `pocketsphinx` | `azure`: `AZURE_SPEECH_REGION` + `AZURE_SPEECH_KEY`; `openai`: `SB_OPENAI_BASE_URL`; `noop`: nothing |
/// | `SB_TTS_ENGINE` | `flite` | as above |
/// | `SB_NOOP_TRANSCRIPT` | `hello` | what the `noop` recogniser hears in every utterance |
/// | `SB_NOOP_TTS_MS_PER_CHAR` | `70` | how long the `noop` synthesiser's tone lasts per character (Flite's pace) |
///
/// `noop` engines cost nothing (a fixed transcript; a tone as long as the text): they measure the
/// platform itself — VAD, turn-taking, agents, pacing and relaying — without speech engines.
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
        self.speechRecognition = environment.choice(
            "SB_STT_ENGINE", default: "pocketsphinx", from: ["pocketsphinx", "azure", "openai", "noop"])
        self.speechSynthesis = environment.choice("SB_TTS_ENGINE", default: "flite", from: ["flite", "azure", "openai", "noop"])
        self.languageModel = environment.choice("SB_LLM_ENGINE", default: "scripted", from: ["scripted", "openai"])
        self.noopTranscript = environment.string("SB_NOOP_TRANSCRIPT", default: "hello")
        self.noopMillisecondsPerCharacter = environment.int("SB_NOOP_TTS_MS_PER_CHAR", default: 70, in: 1...500)
        var missing: [String] = []
        let speechEngines = [self.speechRecognition, self.speechSynthesis]
        if speechEngines.contains("azure") {
            if environment.optionalString("AZURE_SPEECH_REGION") == nil { missing.append("AZURE_SPEECH_REGION") }
            if environment.optionalString("AZURE_SPEECH_KEY", "AZURE_SPEECH_RESOURCE_ID") == nil { missing.append("AZURE_SPEECH_KEY") }
        }
        if speechEngines.contains("openai") && environment.optionalString("SB_OPENAI_BASE_URL") == nil {
            missing.append("SB_OPENAI_BASE_URL")
        }
        if self.languageModel == "openai" && environment.optionalString("AZURE_OPENAI_ENDPOINT", "SB_OPENAI_BASE_URL") == nil {
            missing.append("AZURE_OPENAI_ENDPOINT or SB_OPENAI_BASE_URL")
        }
        self.missing = missing
    }

    /// `stt=pocketsphinx, tts=flite, llm=scripted`.
    package var summary: String {
        "stt=\(self.speechRecognition), tts=\(self.speechSynthesis), llm=\(self.languageModel)"
    }
}
