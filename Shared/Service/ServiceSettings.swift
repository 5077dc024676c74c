import Logging
import SwitchboardCore
import SwitchboardRedis

/// Settings every service reads: where it listens, how it logs, where Redis is.
///
/// | Variable | Default |
/// |---|---|
/// | `SB_HOST` | `127.0.0.1` (`0.0.0.0` in containers) |
/// | `SB_<SERVICE>_PORT` | gateway 8080, agents 8081, metrics 8082, media 8090 |
/// | `SB_LOG_LEVEL` (or `LOG_LEVEL`) | `info` |
/// | `SB_LOG_FORMAT` | `text`; `json` for one JSON object per line |
/// | Redis variables | see `RedisConfiguration(environment:clientName:)` |
package struct ServiceSettings: Sendable {
    package var name: String
    package var host: String
    package var port: Int
    package var logLevel: Logger.Level
    package var jsonLogs: Bool
    package var redis: RedisConfiguration

    /// - Parameters:
    ///   - name: the service (`gateway`, `media`, `agents`, `metrics`).
    ///   - defaultPort: its port when `SB_<NAME>_PORT` is not set.
    ///   - portFallbacks: older variables also accepted for the port (the gateway honours `PORT`).
    package init(name: String, defaultPort: Int, portFallbacks: [String] = [], environment: inout EnvironmentReader) {
        self.name = name
        self.host = environment.string("SB_HOST", default: "127.0.0.1")
        self.port = environment.int(["SB_\(name.uppercased())_PORT"] + portFallbacks, default: defaultPort, in: 1...65535)
        let level = environment.raw(["SB_LOG_LEVEL", "LOG_LEVEL"])?.lowercased() ?? "info"
        if let parsed = Logger.Level(rawValue: level) {
            self.logLevel = parsed
        } else {
            environment.report("SB_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical (got \"\(level)\")")
            self.logLevel = .info
        }
        self.jsonLogs = environment.choice("SB_LOG_FORMAT", default: "text", from: ["text", "json"]) == "json"
        self.redis = RedisConfiguration(environment: &environment, clientName: "switchboard-\(name)")
    }
}
