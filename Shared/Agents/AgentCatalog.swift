import Foundation
import SwitchboardCore

/// Every agent and scenario defined on disk, read once at start and again on reload.
///
/// Layout (docs/compatibility.md §3.1, §3.4): `<agents>/<dir>/agent.yaml` with an optional prompt file
/// (`prompt.jinja`, `prompt.md`, `prompt.txt` or `prompts.path`), `<agents>/_defaults.yaml` merged
/// under each agent; `<scenarios>/<dir>/scenario.yaml` (or `orchestration.yaml`).
package struct AgentCatalog: Sendable {
    package private(set) var agents: [String: AgentDefinition]
    /// Agent names: entry points first, then by name.
    package private(set) var agentNames: [String]
    package private(set) var scenarios: [String: ScenarioDefinition]
    /// `_defaults.yaml`, for the builder's defaults endpoint and new session agents.
    package private(set) var defaults: JSONValue

    package init(agents: [AgentDefinition], scenarios: [ScenarioDefinition], defaults: JSONValue = .object([:])) {
        self.agents = Dictionary(agents.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.agentNames = self.agents.values
            .sorted { ($0.isEntryPoint ? 0 : 1, $0.name) < ($1.isEntryPoint ? 0 : 1, $1.name) }
            .map(\.name)
        self.scenarios = Dictionary(scenarios.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.defaults = defaults
    }

    /// Reads both folders. Blocking file I/O: call it off the event loops.
    ///
    /// - Throws: ``AgentConfigurationError`` naming the file and what is wrong with it.
    package static func load(agentsDirectory: String, scenariosDirectory: String) throws -> AgentCatalog {
        let files = FileManager.default
        let defaultsPath = agentsDirectory + "/_defaults.yaml"
        let defaults = files.fileExists(atPath: defaultsPath) ? try self.readYAML(defaultsPath) : .object([:])
        var agents: [AgentDefinition] = []
        for directory in try self.subdirectories(agentsDirectory) {
            let folder = agentsDirectory + "/" + directory
            let path = folder + "/agent.yaml"
            guard files.fileExists(atPath: path) else { continue }
            let tree = defaults.deepMerged(with: try self.readYAML(path))
            var prompt: String?
            let declared = tree["prompts"]?["path"]?.string
            for candidate in [declared, "prompt.jinja", "prompt.md", "prompt.txt"].compactMap({ $0 }) {
                if let text = try? String(contentsOfFile: folder + "/" + candidate, encoding: .utf8) {
                    prompt = text
                    break
                }
            }
            var agent = try AgentDefinition(tree: tree, prompt: prompt, source: directory)
            if agent.grammar == nil, let file = tree["speech"]?["grammar_file"]?.string {
                guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else {
                    throw AgentConfigurationError(source: directory, problem: "cannot read grammar file \(file)")
                }
                agent.grammar = text
            }
            agents.append(agent)
        }
        var scenarios: [ScenarioDefinition] = []
        for directory in (try? self.subdirectories(scenariosDirectory)) ?? [] {
            let folder = scenariosDirectory + "/" + directory
            for name in ["scenario.yaml", "orchestration.yaml"] where files.fileExists(atPath: folder + "/" + name) {
                scenarios.append(try ScenarioDefinition(tree: try self.readYAML(folder + "/" + name), source: directory))
                break
            }
        }
        let catalog = AgentCatalog(agents: agents, scenarios: scenarios, defaults: defaults)
        try catalog.validate()
        return catalog
    }

    /// Hand-off tool → agent, from every agent's `handoff.trigger`.
    package var handoffMap: [String: String] {
        var map: [String: String] = [:]
        for name in self.agentNames.reversed() {
            if let agent = self.agents[name] { map[agent.handoffTrigger] = agent.name }
        }
        return map
    }

    /// The agent a conversation starts with: the scenario's, else the first entry point, else `Concierge`.
    package func startAgent(scenario: ScenarioDefinition?) -> String? {
        if let start = scenario?.startAgent, self.agents[start] != nil { return start }
        if let entry = self.agentNames.first(where: { self.agents[$0]?.isEntryPoint == true }) { return entry }
        return self.agents["Concierge"] != nil ? "Concierge" : self.agentNames.first
    }

    /// Checks that scenarios name existing agents and that hand-off tools lead somewhere.
    package func validate() throws {
        let handoffs = self.handoffMap
        for scenario in self.scenarios.values {
            for name in scenario.agents + [scenario.startAgent].compactMap({ $0 }) where self.agents[name] == nil {
                throw AgentConfigurationError(source: "scenario \(scenario.name)", problem: "unknown agent '\(name)'")
            }
            for edge in scenario.edges where self.agents[edge.from] == nil || self.agents[edge.to] == nil {
                throw AgentConfigurationError(
                    source: "scenario \(scenario.name)", problem: "edge \(edge.from) → \(edge.to) names an unknown agent")
            }
        }
        for agent in self.agents.values {
            for tool in agent.tools where tool.hasPrefix("handoff_") && tool != "handoff_to_agent" && handoffs[tool] == nil {
                throw AgentConfigurationError(source: agent.source, problem: "hand-off tool '\(tool)' leads to no agent")
            }
        }
    }

    private static func subdirectories(_ path: String) throws -> [String] {
        let skipped: Set<String> = ["tools", "store", "__pycache__"]
        return try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") && !skipped.contains($0) }
            .filter {
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &isDirectory) && isDirectory.boolValue
            }
            .sorted()
    }

    private static func readYAML(_ path: String) throws -> JSONValue {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AgentConfigurationError(source: path, problem: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try YAMLTree.parse(text)
        } catch {
            throw AgentConfigurationError(source: path, problem: "invalid YAML: \(error)")
        }
    }
}
