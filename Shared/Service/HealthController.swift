import Foundation
import Hummingbird
import SwitchboardCore

/// `GET /health` (the process runs) and `GET /ready` (its dependencies answer) of every service.
package struct HealthController<Context: RequestContext>: Sendable {
    /// The body of both endpoints when all is well.
    package struct Status: ResponseEncodable, Sendable {
        package var status: String
        package var service: String
        package var version: String
        package var checks: [ServiceCheck]?
    }

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
        routes.get("health", use: self.health)
        routes.get("ready", use: self.ready)
        return routes
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> Status {
        Status(status: "ok", service: self.service, version: SwitchboardVersion.current, checks: nil)
    }

    @Sendable func ready(_ request: Request, context: Context) async throws -> Status {
        let results = await ReadinessCheck.runAll(self.checks)
        let failed = results.filter { $0.status == .unhealthy }
        guard failed.isEmpty else {
            let names = failed.map(\.component).joined(separator: ", ")
            throw ProblemDetails(status: .serviceUnavailable, detail: "Not ready: \(names) unhealthy.", checks: results)
        }
        return Status(status: "ready", service: self.service, version: SwitchboardVersion.current, checks: results)
    }
}
