import Hummingbird
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardService

/// `/api/v1/scenarios`: the scenarios read from disk (docs/compatibility.md §1.6).
struct ScenariosController<Context: RequestContext>: Sendable {
    let registry: AgentRegistry

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(AgentsAPI.listScenarios, use: self.list)
        routes.on(AgentsAPI.getScenario, use: self.get)
        return routes
    }

    static func summary(_ scenario: ScenarioDefinition, catalog: AgentCatalog) -> ScenarioSummary {
        ScenarioSummary(
            name: scenario.name, description: scenario.description, agents: scenario.agents.isEmpty ? ["all"] : scenario.agents,
            startAgent: catalog.startAgent(scenario: scenario))
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> JSONBody<ScenarioList> {
        let catalog = self.registry.catalog
        let scenarios = catalog.scenarios.values.sorted { $0.name < $1.name }.map { Self.summary($0, catalog: catalog) }
        return JSONBody(ScenarioList(scenarios: scenarios))
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> JSONBody<ScenarioSummary> {
        let name = try context.parameters.require("scenario_name")
        let catalog = self.registry.catalog
        guard let scenario = catalog.scenarios[name] else {
            throw ProblemDetails(status: .notFound, detail: "Scenario '\(name)' not found")
        }
        return JSONBody(Self.summary(scenario, catalog: catalog))
    }
}
