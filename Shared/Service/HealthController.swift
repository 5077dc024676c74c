import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardCore

/// `GET /health` (the process runs) and `GET /ready` (its dependencies answer) of every service.
package struct HealthController<Context: RequestContext>: Sendable {
    let service: String
    let checks: [ReadinessCheck]

    /// - Parameters:
    ///   - service: the service's name, echoed in answers.
    ///   - checks: run on every `/ready`, concurrently, each bounded to one second.
    package init(service: String, checks: [ReadinessCheck]) {
        self.service = service
        self.checks = checks
    }

    package var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(ServiceAPI.getHealth, use: self.health)
        routes.on(ServiceAPI.getReady, use: self.ready)
        return routes
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> JSONBody<ServiceStatus> {
        JSONBody(ServiceStatus(status: .ok, service: self.service, version: SwitchboardVersion.current))
    }

    @Sendable func ready(_ request: Request, context: Context) async throws -> JSONBody<ServiceStatus> {
        let results = await ReadinessCheck.runAll(self.checks)
        let failed = results.filter { $0.status == .unhealthy }
        guard failed.isEmpty else {
            let names = failed.map(\.component).joined(separator: ", ")
            throw ProblemDetails(status: .serviceUnavailable, detail: "Not ready: \(names) unhealthy.", checks: results)
        }
        return JSONBody(ServiceStatus(status: .ready, service: self.service, version: SwitchboardVersion.current, checks: results))
    }
}
