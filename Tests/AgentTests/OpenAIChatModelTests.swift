import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Synchronization
import Testing

@Suite("OpenAI-compatible engine against a fake server speaking the SSE wire format", .serialized)
struct OpenAIChatModelTests {
    /// Runs `body` with a live fake server and a model pointed at it.
    private func withFake(
        authorization: ServiceAuthorization? = nil, _ body: @Sendable (FakeOpenAIServer, OpenAIChatModel) async throws -> Void
    ) async throws {
        let fake = FakeOpenAIServer()
        let app = Application(router: fake.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let model = OpenAIChatModel(
                endpoint: .init(baseURL: "http://127.0.0.1:\(port)", apiKey: "sk-test", flavor: .openAI),
                authorization: authorization, client: http, logger: Logger(label: "test.openai")
            )
            do {
                try await body(fake, model)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    @Test func theLostCardConversationRunsWithTheOpenAIEngine() async throws {
        let catalog = try AgentTesting.catalog()
        try await self.withFake { fake, model in
            try await AgentTesting.withPrivateRedis { redis, prefix in
                let runner = try await AgentTesting.runner(catalog, redis: redis, model: model)
                let clients = DemoClients(redis: redis)
                try await clients.store(
                    DemoClients.profile(name: "Jane Doe", ssn: "1234", id: "CLT-1001", card: "4821", email: "jane.doe@example.com"))
                let directory = AgentDirectory(catalog: catalog, scenario: catalog.scenarios["banking"])
                let session = prefix + "llm"
                let recorder = AgentTesting.Recorder()
                try await runner.run(sessionID: session, text: "I lost my card", directory: directory) { recorder.record($0) }
                #expect(recorder.agentChanges == ["Concierge->AuthAgent"])
                recorder.reset()
                try await runner.run(sessionID: session, text: "my name is Jane Doe, last four 1234", directory: directory) {
                    recorder.record($0)
                }
                #expect(recorder.tools == ["verify_client_identity:success", "handoff_fraud_agent:success"])
                #expect(recorder.agentChanges == ["AuthAgent->FraudAgent"])
                recorder.reset()
                let blocked = try await runner.run(sessionID: session, text: "yes block it", directory: directory) { recorder.record($0) }
                #expect(recorder.tools == ["block_card_emergency:success"])
                #expect(blocked.contains("ending in 4821 is blocked"))
                recorder.reset()
                let shipped = try await runner.run(sessionID: session, text: "send a replacement", directory: directory) {
                    recorder.record($0)
                }
                #expect(recorder.tools == ["ship_replacement_card:success"])
                #expect(shipped.contains("2 business days"))
                let turnEnds = recorder.events.compactMap {
                    if case .turnEnd(_, _, let prompt, let completion) = $0 { (prompt, completion) } else { nil }
                }
                #expect(turnEnds.first.map { $0.0 >= 120 && $0.1 >= 12 } == true)  // usage from the final chunks

                // What went over the wire: streaming requests, bearer auth, tools offered, tool results fed back.
                let requests = fake.log.requests
                #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer sk-test" && $0.body["stream"] == true })
                let fed = requests.contains { request in
                    request.body["messages"]?.array?.contains { $0["role"] == "tool" && $0["name"] == "block_card_emergency" } == true
                }
                #expect(fed)
                #expect(requests.first?.body["tools"]?.array?.contains { $0["function"]?["name"] == "handoff_to_auth" } == true)
            }
        }
    }

    @Test func rateLimitedRequestsAreRetried() async throws {
        try await self.withFake { fake, model in
            fake.log.busy.withLock { $0 = 2 }
            let agent = try #require(try AgentTesting.catalog().agents["Concierge"])
            let request = ChatRequest(agent: agent, messages: [.system("You are a bank."), .user("hello")], tools: [], context: [:])
            var text = ""
            try await model.respond(to: request) { delta in if case .text(let piece) = delta { text += piece } }
            #expect(text == "How can I help?")
            #expect(fake.log.requests.count == 3)
        }
    }

    @Test func anEntraTokenReplacesTheKeyWhenOneIsGiven() async throws {
        let tokens = Mutex(0)
        let entra = ServiceAuthorization.bearer {
            tokens.withLock { count in
                count += 1
                return "entra-token-\(count)"
            }
        }
        try await self.withFake(authorization: entra) { fake, model in
            let agent = try #require(try AgentTesting.catalog().agents["Concierge"])
            let request = ChatRequest(agent: agent, messages: [.user("hello")], tools: [], context: [:])
            try await model.respond(to: request) { _ in }
            #expect(fake.log.requests.last?.headers["authorization"] == "Bearer entra-token-1")
        }
    }

    @Test func anErrorStatusIsThrownWithTheServersMessage() async throws {
        try await self.withFake { fake, model in
            fake.log.busy.withLock { $0 = 10 }
            let agent = try #require(try AgentTesting.catalog().agents["Concierge"])
            let request = ChatRequest(agent: agent, messages: [.user("hello")], tools: [], context: [:])
            let error = await #expect(throws: LanguageModelError.self) { try await model.respond(to: request) { _ in } }
            #expect(error?.status == 429)
            #expect(error?.message == "Rate limit reached")
        }
    }

    @Test func toolCallFragmentsAreJoinedByIndexAndBadOnesDropped() {
        var accumulator = ToolCallAccumulator()
        accumulator.add(index: 1, id: "b", name: "second", arguments: "{\"x\":")
        accumulator.add(index: 0, id: "a", name: "first", arguments: "{\"client")
        accumulator.add(index: 0, id: nil, name: nil, arguments: "_id\":\"C1\"}")
        accumulator.add(index: 1, id: nil, name: nil, arguments: "1}")
        accumulator.add(index: 2, id: "c", name: "", arguments: "{}")
        accumulator.add(index: 3, id: "d", name: "broken", arguments: "{not json")
        #expect(accumulator.complete.map(\.name) == ["first", "second"])
        #expect(accumulator.complete.first?.argumentValues == ["client_id": "C1"])
    }
}
