import Foundation
import SwitchboardCore
import SwitchboardMedia

/// What the chosen speech engines need (`SB_STT_ENGINE`, `SB_TTS_ENGINE`: see ``EngineSettings``).
/// A cloud engine without its endpoint or key stops start-up; nothing is replaced silently.
///
/// | Variable | Default | |
/// |---|---|---|
/// | `SB_TTS_VOICE` | flite `slt`; azure `en-US-AvaMultilingualNeural`; openai `alloy` | the voice for agents whose own voice the engine cannot speak (flite: `slt` or `rms`) |
/// | `AZURE_SPEECH_KEY` | – | Azure Speech key; without it, Entra ID tokens (see ``AzureCredential``: managed identity or `AZURE_CLIENT_SECRET`) on the resource's custom-domain endpoint |
/// | `AZURE_SPEECH_REGION` | – | the TTS endpoint is `https://<region>.tts.speech.microsoft.com/cognitiveservices/v1` |
/// | `SB_AZURE_TTS_URL` | from the region | any endpoint speaking the Azure TTS REST API |
/// | `SB_AZURE_STT_URL` | `wss://<region>.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1` | any endpoint speaking the Speech service's WebSocket protocol |
/// | `SB_STT_LANGUAGE` | `en-US` | Azure recognition language |
/// | `SB_TTS_TIMEOUT_MS` | `5000` | a sentence's whole answer; on failure the embedded voice says it |
/// | `SB_STT_TIMEOUT_MS` | `10000` | one transcription |
/// | `SB_STT_BASE_URL`, `SB_TTS_BASE_URL` | `AZURE_OPENAI_ENDPOINT` (deployment URLs, `api-key`) | an OpenAI-compatible server (`…/v1`) |
/// | `SB_STT_MODEL` | `whisper-1` | model, or the Azure deployment |
/// | `SB_TTS_MODEL` | `gpt-4o-mini-tts` | model, or the Azure deployment |
/// | `SB_STT_API_KEY`, `SB_TTS_API_KEY` | `OPENAI_API_KEY`; `AZURE_OPENAI_KEY` with Azure (none: Entra ID tokens) | |
/// | `SB_REALTIME_URL` | – | `voice_live`: a `ws(s)://` speech-to-speech endpoint speaking the OpenAI Realtime protocol (Azure VoiceLive, Azure OpenAI or OpenAI realtime); unset: `voice_live` calls are refused |
/// | `SB_REALTIME_API_KEY` | `AZURE_OPENAI_KEY` (Azure hosts, `api-key`) or `OPENAI_API_KEY` (`Authorization: Bearer`); none: Entra ID tokens | |
/// | `SB_REALTIME_VOICE` | `alloy` | for agents whose voice the service does not have |
/// | `SB_REALTIME_TRANSCRIPTION_MODEL` | `whisper-1` | the service's transcription of the caller (`azure-speech` on VoiceLive) |
/// | `SB_WHISPER_DIR` | `~/.cache/switchboard/engines/whisper` | where `sb_install_whisper` put the model and library |
/// | `SB_WHISPER_DECODERS` | `1` | whisper contexts shared by all sessions (~100 MB each) |
/// | `SB_WHISPER_THREADS` | the machine's cores | threads per decode |
/// | `SB_WHISPER_AUDIO_CTX` | `auto` | encoder context in 20 ms steps: `auto` sizes it to each utterance (at least 7.7 s), `0` is whisper's 30 s |
struct SpeechEngineSettings: Sendable {
    enum Recognizer: Sendable {
        case pocketsphinx(decoders: Int)
        case whisper(WhisperTranscriber.Configuration)
        case openAI(OpenAIEndpoint, model: String)
        /// `key` `nil`: Entra ID tokens.
        case azure(url: String, key: String?, language: String)
        case noop(transcript: String)
    }

    enum Synthesizer: Sendable {
        case flite(voice: String)
        /// `key` `nil`: Entra ID tokens (managed identity or client secret).
        case azure(url: String, key: String?, voice: String)
        case openAI(OpenAIEndpoint, model: String, voice: String)
        case noop(millisecondsPerCharacter: Int)
    }

    /// A speech-to-speech service for `voice_live` sessions.
    struct Realtime: Sendable {
        var url: String
        /// `nil`: Entra ID tokens (Azure hosts) or nothing.
        var key: String?
        var voice: String
        var transcriptionModel: String

        /// Azure hosts take the key as `api-key`; VoiceLive (`/voice-live/`) takes Azure voices.
        var isAzure: Bool { self.url.contains(".azure.com") || self.url.contains("/voice-live/") || self.url.contains("/openai/realtime") }
        var isVoiceLive: Bool { self.url.contains("/voice-live/") }
    }

    var recognizer: Recognizer
    var synthesizer: Synthesizer
    var realtime: Realtime?
    var recognitionTimeout: Duration
    var synthesisTimeout: Duration

    init(_ engines: EngineSettings, capacity: Int, environment: inout EnvironmentReader) {
        self.recognitionTimeout = environment.milliseconds("SB_STT_TIMEOUT_MS", default: 10_000, in: 100...120_000)
        self.synthesisTimeout = environment.milliseconds("SB_TTS_TIMEOUT_MS", default: 5000, in: 100...120_000)
        if let url = environment.optionalString("SB_REALTIME_URL") {
            if !(url.hasPrefix("ws://") || url.hasPrefix("wss://")) {
                environment.report("SB_REALTIME_URL must be a ws:// or wss:// URL (got \"\(url)\")")
            }
            var realtime = Realtime(
                url: url, key: environment.optionalString("SB_REALTIME_API_KEY"),
                voice: environment.string("SB_REALTIME_VOICE", default: "alloy"),
                transcriptionModel: environment.string("SB_REALTIME_TRANSCRIPTION_MODEL", default: "whisper-1"))
            if realtime.key == nil {
                realtime.key =
                    realtime.isAzure
                    ? environment.optionalString("AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY") : environment.optionalString("OPENAI_API_KEY")
            }
            self.realtime = realtime
        }
        switch engines.speechRecognition {
        case "whisper":
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let whisper = WhisperTranscriber.Configuration(
                directory: environment.string(
                    "SB_WHISPER_DIR", default: "\(NSHomeDirectory())/.cache/switchboard/engines/whisper"),
                decoders: environment.int("SB_WHISPER_DECODERS", default: 1, in: 1...64),
                threads: environment.int("SB_WHISPER_THREADS", default: cores, in: 1...64),
                audioContext: environment.string("SB_WHISPER_AUDIO_CTX", default: "auto") == "auto"
                    ? nil : environment.int("SB_WHISPER_AUDIO_CTX", default: 0, in: 0...1500))
            if let problem = whisper.installationProblem { environment.report(problem) }
            self.recognizer = .whisper(whisper)
        case "azure":
            let region = environment.optionalString("AZURE_SPEECH_REGION")
            let url = environment.optionalString("SB_AZURE_STT_URL") ?? region.map(AzureSpeechRecognizer.Configuration.url(region:))
            if url == nil { environment.report("SB_STT_ENGINE=azure needs AZURE_SPEECH_REGION or SB_AZURE_STT_URL") }
            self.recognizer = .azure(
                url: url ?? "", key: environment.optionalString("AZURE_SPEECH_KEY"),
                language: environment.string("SB_STT_LANGUAGE", default: "en-US"))
        case "openai":
            let endpoint = Self.openAIEndpoint("STT", environment: &environment)
            self.recognizer = .openAI(endpoint, model: environment.string("SB_STT_MODEL", default: "whisper-1"))
        case "noop":
            self.recognizer = .noop(transcript: engines.noopTranscript)
        default:
            self.recognizer = .pocketsphinx(decoders: environment.int("SB_STT_POOL_SIZE", default: 4, in: 1...256))
        }
        switch engines.speechSynthesis {
        case "azure":
            let region = environment.optionalString("AZURE_SPEECH_REGION")
            let url = environment.optionalString("SB_AZURE_TTS_URL") ?? region.map(AzureSpeechSynthesizer.Configuration.url(region:))
            if url == nil { environment.report("SB_TTS_ENGINE=azure needs AZURE_SPEECH_REGION or SB_AZURE_TTS_URL") }
            self.synthesizer = .azure(
                url: url ?? "", key: environment.optionalString("AZURE_SPEECH_KEY"),
                voice: environment.string("SB_TTS_VOICE", default: "en-US-AvaMultilingualNeural"))
        case "openai":
            let endpoint = Self.openAIEndpoint("TTS", environment: &environment)
            self.synthesizer = .openAI(
                endpoint, model: environment.string("SB_TTS_MODEL", default: "gpt-4o-mini-tts"),
                voice: environment.string("SB_TTS_VOICE", default: "alloy"))
        case "noop":
            self.synthesizer = .noop(millisecondsPerCharacter: engines.noopMillisecondsPerCharacter)
        default:
            self.synthesizer = .flite(voice: environment.choice("SB_TTS_VOICE", default: "slt", from: ["slt", "rms"]))
        }
    }

    /// `SB_<ROLE>_BASE_URL` with its key, else the Azure OpenAI resource the LLM uses.
    private static func openAIEndpoint(_ role: String, environment: inout EnvironmentReader) -> OpenAIEndpoint {
        if environment.optionalString("SB_\(role)_BASE_URL") != nil {
            return OpenAIEndpoint(
                baseURL: environment.httpURL("SB_\(role)_BASE_URL", default: ""),
                apiKey: environment.optionalString("SB_\(role)_API_KEY", "OPENAI_API_KEY"), flavor: .openAI)
        }
        if let azure = environment.optionalString("AZURE_OPENAI_ENDPOINT") {
            return OpenAIEndpoint(
                baseURL: azure, apiKey: environment.optionalString("SB_\(role)_API_KEY", "AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY"),
                flavor: .azure(apiVersion: environment.string("AZURE_OPENAI_API_VERSION", default: "2025-03-01-preview")))
        }
        environment.report("SB_\(role)_ENGINE=openai needs SB_\(role)_BASE_URL or AZURE_OPENAI_ENDPOINT")
        return OpenAIEndpoint(baseURL: "", apiKey: nil, flavor: .openAI)
    }
}
