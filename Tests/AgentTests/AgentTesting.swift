import Foundation
import Logging
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Synchronization

/// The repository's `config/` folder, found from this file's location.
enum AgentTesting {
    static var configDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config").path
    }

    static func catalog() throws -> AgentCatalog {
        try AgentCatalog.load(agentsDirectory: configDirectory + "/agents", scenariosDirectory: configDirectory + "/scenarios")
    }

    /// Records every event of a turn.
    final class Recorder: Sendable {
        private let box = Mutex<[AgentEvent]>([])
        var events: [AgentEvent] { self.box.withLock { $0 } }
        func record(_ event: AgentEvent) { self.box.withLock { $0.append(event) } }
        func reset() { self.box.withLock { $0 = [] } }

        var tools: [String] {
            self.events.compactMap { if case .toolEnd(_, let tool, _, _, let status, _) = $0 { "\(tool):\(status)" } else { nil } }
        }
        var agentChanges: [String] {
            self.events.compactMap { if case .agentChange(let from, let to, _, _) = $0 { "\(from)->\(to)" } else { nil } }
        }
    }

    /// Runs `body` against a redis-server of its own: the demo customers are global keys, and
    /// suites running in parallel must not block each other's cards.
    static func withPrivateRedis(_ body: (RedisClient, String) async throws -> Void) async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.stop() }
        try await RedisTesting.withClient(configuration: RedisTesting.configuration(port: server.port), body)
    }

    /// A runner with the demo tools, the hand-off tools and the scripted engine on `redis`.
    static func runner(
        _ catalog: AgentCatalog, redis: RedisClient, model: any LanguageModel = ScriptedLanguageModel()
    ) async throws -> TurnRunner {
        let clients = DemoClients(redis: redis)
        try await clients.seed()
        let tools = ToolRegistry(DemoTools.all(clients: clients) + HandoffTools.make(for: Array(catalog.agents.values)))
        return TurnRunner(tools: tools, model: model, store: SessionStore(redis: redis), logger: Logger(label: "test.agents"))
    }
}
