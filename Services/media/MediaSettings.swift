import Foundation
import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// The media worker's settings.
///
/// | Variable | Default |
/// |---|---|
/// | `SB_MEDIA_PORT` | `8090` |
/// | `SB_WORKER_ID` | `<hostname>-<port>` |
/// | `SB_MEDIA_ADVERTISE_URL` | `http://<SB_HOST>:<port>`, or `http://<hostname>:<port>` when `SB_HOST` is `0.0.0.0` |
/// | `SB_MEDIA_CAPACITY` | `50` sessions |
/// | `SB_HEARTBEAT_INTERVAL_MS` | `1000` |
/// | `SB_WORKER_TTL_MS` | `5000` (registry entry expiry; at least 2 × the heartbeat) |
/// | `SB_DRAIN_TIMEOUT_S` | `30` (longest wait for calls to end on SIGTERM) |
/// | `SB_STT_POOL_SIZE` | `4` (PocketSphinx decoders built at start; ~96 MB and 0.5 s each) |
/// | speech engines | see ``SpeechEngineSettings`` |
/// | `SB_VAD_MODE` | `2` (WebRTC VAD aggressiveness 0–3) |
/// | `SB_BARGE_IN_MS` | `200` (speech needed to start a turn or interrupt the agent) |
/// | `SB_TURN_SILENCE_MS` | `300` (silence that ends the caller's turn) |
/// | `SB_TURN_HOLD_MS` | `800` (silence that ends a turn whose last words look unfinished: "and", "um", a number) |
/// | `SB_TURN_DRAFT_MS` | `120` (silence after which the words so far are answered ahead, unsent until the turn ends; 0: never) |
/// | `SB_BARGE_IN_ONSET_MS` | `40` (voice that pauses a speaking agent until the barge-in is confirmed or ruled out) |
/// | `SB_PACER_LEAD_MS` | `120` (agent audio sent ahead of real time) |
/// | `SB_DTMF_PAUSE_MS` | `1500` (keypad digits gathered into one turn end on `#` or this long a pause) |
/// | agent runtime | see `AgentRuntimeSettings` |
struct MediaSettings: Sendable {
    var service: ServiceSettings
    var workerID: String
    var advertiseURL: String
    var capacity: Int
    var heartbeatInterval: Duration
    var registrationTTL: Duration
    var drainTimeout: Duration
    var vadAggressiveness: Int
    var bargeInMinimumMS: Int
    var turnSilenceMS: Int
    var turnHoldMS: Int
    var turnDraftMS: Int
    var bargeInOnsetMS: Int
    var pacerLeadMS: Int
    var dtmfPause: Duration
    var runtime: AgentRuntimeSettings
    var speech: SpeechEngineSettings

    init(environment: inout EnvironmentReader) {
        self.service = ServiceSettings(name: "media", defaultPort: 8090, environment: &environment)
        let hostname = ProcessInfo.processInfo.hostName
        self.workerID = environment.string("SB_WORKER_ID", default: "\(hostname)-\(self.service.port)")
        let host = self.service.host == "0.0.0.0" || self.service.host == "::" ? hostname : self.service.host
        self.advertiseURL = environment.httpURL("SB_MEDIA_ADVERTISE_URL", default: "http://\(host):\(self.service.port)")
        self.capacity = environment.int("SB_MEDIA_CAPACITY", default: 50, in: 1...10_000)
        self.heartbeatInterval = environment.milliseconds("SB_HEARTBEAT_INTERVAL_MS", default: 1000, in: 100...60_000)
        self.registrationTTL = environment.milliseconds("SB_WORKER_TTL_MS", default: 5000, in: 500...600_000)
        if self.registrationTTL < self.heartbeatInterval * 2 {
            environment.report("SB_WORKER_TTL_MS must be at least twice SB_HEARTBEAT_INTERVAL_MS")
        }
        self.drainTimeout = .seconds(environment.int("SB_DRAIN_TIMEOUT_S", default: 30, in: 0...86_400))
        self.vadAggressiveness = environment.int("SB_VAD_MODE", default: 2, in: 0...3)
        self.bargeInMinimumMS = environment.int("SB_BARGE_IN_MS", default: 200, in: 20...2000)
        self.turnSilenceMS = environment.int("SB_TURN_SILENCE_MS", default: 300, in: 100...5000)
        self.turnHoldMS = environment.int("SB_TURN_HOLD_MS", default: 800, in: 100...10_000)
        self.turnDraftMS = environment.int("SB_TURN_DRAFT_MS", default: 120, in: 0...10_000)
        self.bargeInOnsetMS = environment.int("SB_BARGE_IN_ONSET_MS", default: 40, in: 20...2000)
        self.pacerLeadMS = environment.int("SB_PACER_LEAD_MS", default: 120, in: 0...2000)
        self.dtmfPause = environment.milliseconds("SB_DTMF_PAUSE_MS", default: 1500, in: 200...10_000)
        self.runtime = AgentRuntimeSettings(environment: &environment)
        self.speech = SpeechEngineSettings(self.runtime.engines, capacity: self.capacity, environment: &environment)
    }
}
