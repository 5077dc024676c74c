import AsyncHTTPClient
import Logging
import SwitchboardAgents
import SwitchboardMedia
import Synchronization

/// The engines every session on this worker shares, built once at start: the agent runtime and
/// the speech engines.
struct SessionEngines: Sendable {
    let runtime: AgentRuntime
    let recognizers: RecognizerPool
    let synthesizer: any SpeechSynthesizer
    /// Speaks when `synthesizer` (a cloud voice) fails: the embedded voice.
    let fallbackSynthesizer: (any SpeechSynthesizer)?
    let health: EngineHealth
}

extension SessionEngines {
    /// The speech engines as configured, built once at start.
    struct Speech {
        let recognizers: RecognizerPool
        let synthesizer: any SpeechSynthesizer
        let fallback: (any SpeechSynthesizer)?
    }

    /// `credential`: Entra ID tokens for Azure services configured without a key.
    static func speech(
        _ settings: SpeechEngineSettings, capacity: Int, client: HTTPClient, credential: AzureCredential, logger: Logger
    ) throws -> Speech {
        let recognizers: RecognizerPool
        switch settings.recognizer {
        case .pocketsphinx(let decoders):
            recognizers = try RecognizerPool(size: decoders)
        case .whisper(let configuration):
            let whisper = try WhisperTranscriber(configuration)
            recognizers = RecognizerPool((0..<capacity).map { _ in UtteranceRecognizer(whisper) }, engine: whisper.summary)
        case .openAI(let endpoint, let model):
            let service = OpenAITranscriber(
                endpoint: endpoint, authorization: endpoint.authorization(orTokensFrom: credential), model: model, client: client,
                timeout: settings.recognitionTimeout)
            recognizers = RecognizerPool((0..<capacity).map { _ in UtteranceRecognizer(service) }, engine: service.summary)
        case .azure(let url, let key, let language):
            let configuration = AzureSpeechRecognizer.Configuration(
                url: url, language: language,
                authorization: key.map { .header("Ocp-Apim-Subscription-Key", $0) } ?? credential.authorization,
                timeout: settings.recognitionTimeout)
            recognizers = RecognizerPool(
                (0..<capacity).map { _ in AzureSpeechRecognizer(configuration, logger: logger) }, engine: "azure \(language)")
        case .noop(let transcript):
            recognizers = RecognizerPool((0..<capacity).map { _ in FixedTranscriptRecognizer(transcript: transcript) }, engine: "noop")
        }
        switch settings.synthesizer {
        case .flite(let voice):
            return Speech(recognizers: recognizers, synthesizer: try FliteSynthesizer(defaultVoice: voice), fallback: nil)
        case .azure(let url, let key, let voice):
            let configuration = AzureSpeechSynthesizer.Configuration(
                url: url, authorization: key.map { .header("Ocp-Apim-Subscription-Key", $0) } ?? credential.authorization,
                defaultVoice: voice, timeout: settings.synthesisTimeout)
            return Speech(
                recognizers: recognizers, synthesizer: AzureSpeechSynthesizer(configuration, client: client),
                fallback: try FliteSynthesizer())
        case .openAI(let endpoint, let model, let voice):
            return Speech(
                recognizers: recognizers,
                synthesizer: OpenAISpeechSynthesizer(
                    endpoint: endpoint, authorization: endpoint.authorization(orTokensFrom: credential), model: model,
                    defaultVoice: voice, client: client, timeout: settings.synthesisTimeout),
                fallback: try FliteSynthesizer())
        case .noop(let pace):
            return Speech(recognizers: recognizers, synthesizer: ToneSynthesizer(millisecondsPerCharacter: pace), fallback: nil)
        }
    }
}

/// The speech engines' last errors, for readiness: a cloud engine failing is visible there (and on
/// the relay, and in metrics), while calls go on.
final class EngineHealth: Sendable {
    enum Stage: String, Sendable { case stt, tts }
    private let lastErrors = Mutex<[Stage: (message: String, at: ContinuousClock.Instant)]>([:])

    func failed(_ stage: Stage, _ error: any Error) {
        self.lastErrors.withLock { $0[stage] = ("\(error)", .now) }
    }

    /// ` (last tts error 12 s ago: azure tts: HTTP 401: …)`, or "" when there was none.
    func summary(_ stage: Stage) -> String {
        guard let last = self.lastErrors.withLock({ $0[stage] }) else { return "" }
        let seconds = Int(last.at.duration(to: .now).components.seconds)
        return " (last \(stage.rawValue) error \(seconds) s ago: \(last.message))"
    }
}

extension AgentDefinition.Voice {
    /// The agent's voice as the speech engines take it.
    var speech: SpeechVoice {
        SpeechVoice(name: self.name, style: self.style, rate: self.rate, pitch: self.pitch)
    }
}
