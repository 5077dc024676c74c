import Hummingbird
import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// `/api/v1/scenarios`: the scenarios read from disk (docs/compatibility.md §1.6).
struct ScenariosController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(use: self.list)
        routes.get(":name", use: self.get)
        return routes
    }

    static func summary(_ scenario: ScenarioDefinition, catalog: AgentCatalog) -> JSONValue {
        [
            "name": .string(scenario.name), "description": .string(scenario.description),
            "agents": .array((scenario.agents.isEmpty ? ["all"] : scenario.agents).map(JSONValue.string)),
            "start_agent": catalog.startAgent(scenario: scenario).map(JSONValue.string) ?? nil,
        ]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONResponse {
        let catalog = self.registry.catalog
        let scenarios = catalog.scenarios.values.sorted { $0.name < $1.name }.map { Self.summary($0, catalog: catalog) }
        return JSONResponse(["scenarios": .array(scenarios)])
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONResponse {
        let name = try context.parameters.require("name")
        let catalog = self.registry.catalog
        guard let scenario = catalog.scenarios[name] else {
            throw ProblemDetails(status: .notFound, detail: "Scenario '\(name)' not found")
        }
        return JSONResponse(Self.summary(scenario, catalog: catalog))
    }
}
