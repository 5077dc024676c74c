import Logging
import SwitchboardAgents
import SwitchboardMedia
import SwitchboardRedis

/// What every session on this worker shares, built once at start: the agent runtime, the speech
/// engines, Redis, settings, logging and metrics.
struct SessionParts: Sendable {
    let runtime: AgentRuntime
    let recognizers: RecognizerPool
    let synthesizer: any SpeechSynthesizer
    let redis: RedisClient
    let settings: MediaSettings
    let logger: Logger
    let metrics: MediaMetrics
}
