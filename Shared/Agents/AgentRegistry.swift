import Foundation
import NIOPosix
import SwitchboardCore
import SwitchboardRedis
import Synchronization

/// The agents every request sees: the catalog read from disk (replaced on reload), runtime
/// overrides and session-scoped agents and scenarios from Redis, so every process agrees.
package final class AgentRegistry: Sendable {
    /// Where definitions come from, and the scenario for sessions that choose none.
    package struct Settings: Sendable {
        package var agentsDirectory: String
        package var scenariosDirectory: String
        package var defaultScenario: String?

        package init(agentsDirectory: String, scenariosDirectory: String, defaultScenario: String?) {
            self.agentsDirectory = agentsDirectory
            self.scenariosDirectory = scenariosDirectory
            self.defaultScenario = defaultScenario
        }
    }

    private let catalogBox: Mutex<AgentCatalog>
    package let settings: Settings
    package let redis: RedisClient

    package init(catalog: AgentCatalog, settings: Settings, redis: RedisClient) {
        self.catalogBox = Mutex(catalog)
        self.settings = settings
        self.redis = redis
    }

    /// Reads the catalog from the configured folders. Blocking: call at start.
    package convenience init(settings: Settings, redis: RedisClient) throws {
        let catalog = try AgentCatalog.load(agentsDirectory: settings.agentsDirectory, scenariosDirectory: settings.scenariosDirectory)
        self.init(catalog: catalog, settings: settings, redis: redis)
    }

    package var catalog: AgentCatalog { self.catalogBox.withLock { $0 } }

    /// Reads the folders again, off the event loops; the old catalog stays if the new one is invalid.
    package func reload() async throws -> AgentCatalog {
        let settings = self.settings
        let catalog = try await NIOThreadPool.singleton.runIfActive {
            try AgentCatalog.load(agentsDirectory: settings.agentsDirectory, scenariosDirectory: settings.scenariosDirectory)
        }
        self.catalogBox.withLock { $0 = catalog }
        return catalog
    }

    /// A disk agent with its runtime override applied.
    package func agent(_ name: String) async throws -> AgentDefinition? {
        let catalog = self.catalog
        guard let agent = catalog.agents[name] ?? catalog.agents.values.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            return nil
        }
        let override = try await self.redis.get(RedisKeys.agentOverride(agent.name)).flatMap { JSONValue(jsonText: $0) }
        return agent.overridden(by: override)
    }

    /// Every disk agent with overrides, in catalog order.
    package func agents() async throws -> [AgentDefinition] {
        let catalog = self.catalog
        let overrides = try await self.redis.pipeline(
            catalog.agentNames.map { RedisCommand("GET", [.string(RedisKeys.agentOverride($0))]) })
        return zip(catalog.agentNames, overrides).compactMap { name, reply in
            catalog.agents[name]?.overridden(by: reply.string.flatMap { JSONValue(jsonText: $0) })
        }
    }

    /// Builder definitions (session agents, session scenarios) live 24 h after their last change.
    package static var sessionDefinitionTTL: Duration { .seconds(86_400) }

    /// Writes fields of a session's builder hash (name → JSON definition, or markers such as the
    /// active scenario), renews its expiry and lists the session among builder sessions.
    package func storeSessionDefinitions(key: String, sessionID: String, fields: [(String, String)]) async throws {
        let replies = try await self.redis.pipeline([
            RedisCommand("HSET", [.string(key)] + fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] }),
            RedisCommand("PEXPIRE", [.string(key), .integer(Self.sessionDefinitionTTL.milliseconds)]),
            RedisCommand("ZADD", [.string(RedisKeys.builderSessions), .double(Date().timeIntervalSince1970), .string(sessionID)]),
        ])
        for reply in replies { _ = try reply.checked() }
    }

    /// The session's own agents (Agent Builder), by name.
    package func sessionAgents(_ sessionID: String) async throws -> [String: AgentDefinition] {
        var result: [String: AgentDefinition] = [:]
        for (name, text) in try await self.redis.hgetall(RedisKeys.sessionAgents(sessionID)) {
            guard let tree = JSONValue(jsonText: text) else { continue }
            result[name] = try? AgentDefinition(tree: tree, prompt: tree["prompt"]?.string, source: "session:\(sessionID)")
        }
        return result
    }

    /// The session's scenarios (Scenario Builder), by name.
    package func sessionScenarios(_ sessionID: String) async throws -> [String: ScenarioDefinition] {
        var result: [String: ScenarioDefinition] = [:]
        for (name, text) in try await self.redis.hgetall(RedisKeys.sessionScenarios(sessionID)) where name != "_active" {
            guard let tree = JSONValue(jsonText: text) else { continue }
            result[name] = try? ScenarioDefinition(tree: tree, source: name)
        }
        return result
    }

    /// What a session's turn runs with: session scenario (active) → the session's chosen scenario →
    /// `AGENT_SCENARIO` → none; session agents over disk agents with overrides.
    package func directory(for sessionID: String, scenario requested: String? = nil) async throws -> AgentDirectory {
        var catalog = self.catalog
        let agents = try await self.agents()
        catalog = AgentCatalog(agents: agents, scenarios: Array(catalog.scenarios.values), defaults: catalog.defaults)
        let sessionScenarios = try await self.sessionScenarios(sessionID)
        let active = try await self.redis.hget(RedisKeys.sessionScenarios(sessionID), "_active")
        let stored = try await self.redis.hget(RedisKeys.session(sessionID), "scenario")
        let scenario =
            active.flatMap { sessionScenarios[$0] } ?? requested.flatMap { catalog.scenarios[$0] }
            ?? stored.flatMap { $0.isEmpty ? nil : catalog.scenarios[$0] }
            ?? self.settings.defaultScenario.flatMap { catalog.scenarios[$0] }
        return AgentDirectory(catalog: catalog, sessionAgents: try await self.sessionAgents(sessionID), scenario: scenario)
    }
}
