import Foundation
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
struct MediaSettings: Sendable {
    var service: ServiceSettings
    var workerID: String
    var advertiseURL: String
    var capacity: Int
    var heartbeatInterval: Duration
    var registrationTTL: Duration
    var drainTimeout: Duration

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
    }
}
