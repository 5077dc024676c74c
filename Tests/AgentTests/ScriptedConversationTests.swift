import Foundation
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Testing

@Suite("Scripted conversations with the shipped agents", .serialized)
struct ScriptedConversationTests {
    @Test func theShippedAgentsAndScenariosLoadAndEveryToolExists() async throws {
        let catalog = try AgentTesting.catalog()
        #expect(
            Set(catalog.agents.keys).isSuperset(of: [
                "Concierge", "AuthAgent", "FraudAgent", "CardRecommendation", "InvestmentAdvisor", "PolicyAdvisor", "FNOLAgent",
            ]))
        #expect(Set(catalog.scenarios.keys) == ["default", "banking", "insurance"])
        #expect(catalog.startAgent(scenario: nil) == "Concierge")
        #expect(catalog.startAgent(scenario: catalog.scenarios["insurance"]) == "AuthAgent")
        try await AgentTesting.withPrivateRedis { redis, _ in
            let clients = DemoClients(redis: redis)
            let registry = ToolRegistry(DemoTools.all(clients: clients) + HandoffTools.make(for: Array(catalog.agents.values)))
            for agent in catalog.agents.values {
                #expect(registry.unknown(agent.tools).isEmpty, "\(agent.name) names unknown tools \(registry.unknown(agent.tools))")
                let scripted = agent.script.map(\.toolNames) ?? []
                #expect(registry.unknown(scripted).isEmpty, "\(agent.name) scripts unknown tools")
            }
        }
    }

    @Test func lostCardIsVerifiedHandedToFraudBlockedAndReplaced() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let runner = try await AgentTesting.runner(catalog, redis: redis)
            let directory = AgentDirectory(catalog: catalog, scenario: catalog.scenarios["banking"])
            let session = prefix + "call"
            let recorder = AgentTesting.Recorder()
            let greeting = try await runner.greet(sessionID: session, directory: directory)
            #expect(greeting?.agent == "Concierge")
            #expect(greeting?.text.contains("Contoso Bank") == true)

            try await runner.run(sessionID: session, text: "I lost my card", directory: directory) { recorder.record($0) }
            #expect(recorder.agentChanges == ["Concierge->AuthAgent"])

            recorder.reset()
            let verified = try await runner.run(
                sessionID: session, text: "my name is Jane Doe and the last four are one two three four", directory: directory
            ) { recorder.record($0) }
            #expect(recorder.tools.first == "verify_client_identity:success")
            #expect(recorder.agentChanges == ["AuthAgent->FraudAgent"])
            #expect(!verified.isEmpty)

            recorder.reset()
            let blocked = try await runner.run(sessionID: session, text: "yes please block it", directory: directory) {
                recorder.record($0)
            }
            #expect(recorder.tools == ["block_card_emergency:success"])
            #expect(blocked.contains("4821"))

            recorder.reset()
            let shipped = try await runner.run(sessionID: session, text: "yes send a replacement, express please", directory: directory) {
                recorder.record($0)
            }
            #expect(recorder.tools == ["ship_replacement_card:success"])
            #expect(shipped.contains("2"))

            let state = try #require(try await SessionStore(redis: redis).load(session))
            #expect(state.activeAgent == "FraudAgent")
            #expect(state.values["client_id"] == "CLT-1001")
            #expect(state.turnCount == 4)
            let card = try await DemoClients(redis: redis).client("CLT-1001")?["cards"]?.array?.first?["status"]
            #expect(card == "blocked")
            try await DemoClients(redis: redis).update("CLT-1001") {
                $0["cards"] = [["last4": "4821", "type": "debit", "status": "active"]]
            }
        }
    }
}
