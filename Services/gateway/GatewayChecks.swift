import AsyncHTTPClient
import NIOCore
import SwitchboardCore

extension ReadinessCheck {
    /// At least one media worker has a live heartbeat; details name them.
    static func mediaWorkers(_ registry: WorkerRegistry) -> ReadinessCheck {
        ReadinessCheck("media_workers") {
            let workers = try await registry.liveWorkers()
            guard !workers.isEmpty else { return .unhealthy("no live media workers registered") }
            let names = workers.map(\.id).sorted().joined(separator: ", ")
            let noun = workers.count == 1 ? "worker" : "workers"
            return .healthy("\(workers.count) live \(noun): \(names)")
        }
    }

    /// A back-end service answers its own `/ready` with 200.
    static func backend(_ component: String, baseURL: String, client: HTTPClient) -> ReadinessCheck {
        ReadinessCheck(component) {
            let response = try await client.execute(HTTPClientRequest(url: baseURL + "/ready"), timeout: .milliseconds(900))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            guard response.status == .ok else { return .unhealthy("\(baseURL) answered \(response.status.code)") }
            return .healthy("\(baseURL) ready")
        }
    }

    /// The configured engines have what they need to start.
    static func engines(_ engines: EngineSettings) -> ReadinessCheck {
        ReadinessCheck("speech_services") {
            guard engines.missing.isEmpty else {
                return .unhealthy("\(engines.summary); missing \(engines.missing.joined(separator: ", "))")
            }
            return .healthy(engines.summary)
        }
    }
}
