import Foundation
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Synchronization
import Testing

/// A model that asks for the same tool every round, to prove the runner bounds tool loops.
private struct RelentlessModel: LanguageModel {
    func respond(to request: ChatRequest, onDelta: (ChatDelta) async throws -> Void) async throws {
        try await onDelta(.toolCall(index: 0, id: "c", name: "get_user_profile", arguments: #"{"client_id":"CLT-1001"}"#))
    }
}

/// A model that always hands off to the agent named in its context, then has nothing to say.
private struct HandoffModel: LanguageModel {
    let tool: String
    let arguments: String
    func respond(to request: ChatRequest, onDelta: (ChatDelta) async throws -> Void) async throws {
        if request.context["handoff_in_turn"]?.bool == true {
            try await onDelta(.text("\(request.agent.name) here."))
        } else {
            try await onDelta(.toolCall(index: 0, id: "h", name: self.tool, arguments: self.arguments))
        }
    }
}

/// A model that starts to answer, then asks for a tool.
private struct TalkThenToolModel: LanguageModel {
    func respond(to request: ChatRequest, onDelta: (ChatDelta) async throws -> Void) async throws {
        try await onDelta(.text("Let me check that."))
        try await onDelta(.text(" One moment."))
        try await onDelta(.toolCall(index: 0, id: "t", name: "get_user_profile", arguments: #"{"client_id":"CLT-1001"}"#))
    }
}

@Suite("Turn runner, hand-offs and templates", .serialized)
struct TurnRunnerTests {
    @Test func toolLoopsStopAfterFiveRounds() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let runner = try await AgentTesting.runner(catalog, redis: redis, model: RelentlessModel())
            let recorder = AgentTesting.Recorder()
            try await runner.run(sessionID: prefix + "loop", text: "who am I", directory: AgentDirectory(catalog: catalog)) {
                recorder.record($0)
            }
            #expect(recorder.tools.count == 5)
        }
    }

    @Test func anInterruptedTurnStopsItsAnswerAndRunsNoPendingTool() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let runner = try await AgentTesting.runner(catalog, redis: redis, model: TalkThenToolModel())
            let recorder = AgentTesting.Recorder()
            let bargedIn = Mutex(false)
            let said = try await runner.run(
                sessionID: prefix + "cut", text: "check my profile", directory: AgentDirectory(catalog: catalog),
                interrupted: { bargedIn.withLock { $0 } }
            ) { event in
                recorder.record(event)
                if case .text = event { bargedIn.withLock { $0 = true } }  // the caller talks over the first words
            }
            #expect(said == "Let me check that.")
            #expect(recorder.tools.isEmpty)
            let history = try await SessionStore(redis: redis).history(prefix + "cut")
            #expect(history.map(\.role) == [.user, .assistant])
            #expect(history.last?.content == "Let me check that.")
            #expect(history.allSatisfy { $0.toolCalls == nil || $0.toolCalls?.isEmpty == true })
        }
    }

    @Test func aDraftIsSavedOnlyWhenCommittedAndOnlyWhileTheSessionIsUnchanged() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let runner = try await AgentTesting.runner(catalog, redis: redis)
            let store = SessionStore(redis: redis)
            let directory = AgentDirectory(catalog: catalog, scenario: catalog.scenarios["banking"])
            let session = prefix + "draft"
            let draft = try #require(try await runner.draft(sessionID: session, text: "hello there", directory: directory))
            #expect(try await store.history(session).isEmpty)  // nothing saved yet
            guard case .turnEnd(_, let said, _, _)? = draft.events.last else {
                Issue.record("a draft's events end with turnEnd: \(draft.events)")
                return
            }
            #expect(!said.isEmpty)
            #expect(try await runner.commit(draft, sessionID: session))
            let history = try await store.history(session)
            #expect(history.map(\.role) == [.user, .assistant])
            #expect(history.last?.content == said)
            #expect(try await store.load(session)?.turnCount == 1)
            // A draft made before another turn was saved is stale: committing it saves nothing.
            let stale = try #require(try await runner.draft(sessionID: session, text: "hello again", directory: directory))
            try await runner.run(sessionID: session, text: "thanks", directory: directory) { _ in }
            #expect(try await !runner.commit(stale, sessionID: session))
            #expect(try await store.history(session).count == 4)
        }
    }

    @Test func aDraftMakesHandOffsAndKeepsThemUntilCommitted() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let model = HandoffModel(tool: "handoff_fraud_agent", arguments: #"{"reason":"lost card"}"#)
            let runner = try await AgentTesting.runner(catalog, redis: redis, model: model)
            let store = SessionStore(redis: redis)
            let draft = try #require(
                try await runner.draft(sessionID: prefix + "h", text: "help", directory: AgentDirectory(catalog: catalog)))
            #expect(draft.events.contains { if case .agentChange(_, "FraudAgent", _, _) = $0 { true } else { false } })
            #expect(try await store.load(prefix + "h")?.activeAgent == nil)
            #expect(try await runner.commit(draft, sessionID: prefix + "h"))
            #expect(try await store.load(prefix + "h")?.activeAgent == "FraudAgent")
        }
    }

    @Test func aDraftThatNeedsAToolIsNotMade() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let runner = try await AgentTesting.runner(catalog, redis: redis, model: TalkThenToolModel())
            let draft = try await runner.draft(
                sessionID: prefix + "tool", text: "check my profile", directory: AgentDirectory(catalog: catalog))
            #expect(draft == nil)
            #expect(try await SessionStore(redis: redis).history(prefix + "tool").isEmpty)
        }
    }

    @Test func explicitHandoffsWorkWithoutAScenarioAndAnnouncedOnesGreet() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let model = HandoffModel(tool: "handoff_fraud_agent", arguments: #"{"reason":"lost card"}"#)
            let runner = try await AgentTesting.runner(catalog, redis: redis, model: model)
            let recorder = AgentTesting.Recorder()
            let said = try await runner.run(sessionID: prefix + "h", text: "help", directory: AgentDirectory(catalog: catalog)) {
                recorder.record($0)
            }
            #expect(recorder.agentChanges == ["Concierge->FraudAgent"])
            let greeted = recorder.events.contains { if case .greeting(let agent, _) = $0 { agent == "FraudAgent" } else { false } }
            #expect(greeted)
            #expect(said.hasSuffix("FraudAgent here."))  // the new agent answers in the same turn
        }
    }

    @Test func discreteHandoffsAreSilent() async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            // banking: Concierge → CardRecommendation is discrete.
            let model = HandoffModel(tool: "handoff_card_recommendation", arguments: "{}")
            let runner = try await AgentTesting.runner(catalog, redis: redis, model: model)
            let recorder = AgentTesting.Recorder()
            let directory = AgentDirectory(catalog: catalog, scenario: catalog.scenarios["banking"])
            let said = try await runner.run(sessionID: prefix + "d", text: "a card", directory: directory) { recorder.record($0) }
            #expect(recorder.agentChanges == ["Concierge->CardRecommendation"])
            #expect(said == "CardRecommendation here.")
        }
    }

    @Test func theGenericHandoffNeedsAScenarioThatAllowsIt() throws {
        let catalog = try AgentTesting.catalog()
        let none = HandoffResolver(directory: AgentDirectory(catalog: catalog))
        #expect(throws: HandoffError.self) {
            try none.resolve(tool: "handoff_to_agent", arguments: ["target_agent": "FraudAgent"], from: "Concierge")
        }
        let banking = HandoffResolver(directory: AgentDirectory(catalog: catalog, scenario: catalog.scenarios["banking"]))
        let allowed = try banking.resolve(tool: "handoff_to_agent", arguments: ["target_agent": "FraudAgent"], from: "Concierge")
        #expect(allowed.target == "FraudAgent")
        #expect(throws: HandoffError.self) {
            try banking.resolve(tool: "handoff_to_agent", arguments: ["target_agent": "FNOLAgent"], from: "Concierge")  // not in banking
        }
        #expect(throws: HandoffError.self) {
            try banking.resolve(tool: "handoff_to_agent", arguments: ["target_agent": "Nobody"], from: "Concierge")
        }
        #expect(banking.instructions(for: "Concierge")?.contains("## Agent Handoff Instructions") == true)
    }

    @Test func templatesUseJinjaSyntaxDropNullsAndLayerVariables() throws {
        let renderer = TemplateRenderer()
        #expect(try renderer.render("Hi{% if caller_name %}, {{ caller_name }}{% endif %}.", ["caller_name": nil]) == "Hi.")
        #expect(try renderer.render("{{ name | upper }} {{ missing | default(\"friend\") }}", ["name": "ada"]) == "ADA friend")
        #expect(try renderer.render("{% if x is defined %}yes{% else %}no{% endif %}", [:]) == "no")
        #expect(try renderer.render("a | b stays", [:]) == "a | b stays")
        let agent = try #require(try AgentTesting.catalog().agents["Concierge"])
        let context = TemplateRenderer.promptContext(
            agent: agent, scenarioVars: ["institution_name": "Scenario Bank", "extra": "s"],
            scenarioOverrides: ["institution_name": "Override Bank"], runtime: ["caller_name": "Jane", "client_id": nil]
        )
        #expect(context["institution_name"] == "Override Bank")
        #expect(context["extra"] == "s")
        #expect(context["agent_name"] == "Concierge")
        #expect(context["client_id"] == nil)
    }
}

@Suite("Agent definitions")
struct AgentDefinitionTests {
    @Test func anAgentCanDeclareARecognitionGrammar() throws {
        let jsgf = "#JSGF V1.0; grammar yesno; public <answer> = yes | no;"
        let tree: JSONValue = ["name": "Confirmer", "prompt": "Confirm things.", "speech": ["grammar": .string(jsgf)]]
        let agent = try AgentDefinition(tree: tree, prompt: nil, source: "confirmer")
        #expect(agent.grammar == jsgf)
        let plain = try AgentDefinition(tree: ["name": "Plain", "prompt": "Talk."], prompt: nil, source: "plain")
        #expect(plain.grammar == nil)
        #expect(plain.handoffTrigger == "handoff_plain")
    }
}
