import SwitchboardAgents
import SwitchboardMedia

/// The engines every session on this worker shares, built once at start: the agent runtime and
/// the speech engines.
struct SessionEngines: Sendable {
    let runtime: AgentRuntime
    let recognizers: RecognizerPool
    let synthesizer: any SpeechSynthesizer
}
