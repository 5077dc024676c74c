import Foundation
import SwitchboardAgents
import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Testing

/// Replays every scripted story in `Fixtures/scripted-stories.json` through the real turn runner,
/// the shipped agents, the demo tools and Redis: per caller utterance, the tools called (in order),
/// their arguments, the agent that holds the call afterwards, and words the agent must say.
@Suite("Scripted stories of the shipped agents", .serialized)
struct ScriptedStoryTests {
    struct Story: Sendable, CustomTestStringConvertible {
        var title: String
        var scenario: String
        var steps: [(said: String, expect: JSONValue)]
        var testDescription: String { self.title }
    }

    static let stories: [Story] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scripted-stories.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        return (root["stories"]?.array ?? []).map { story in
            Story(
                title: story["title"]?.string ?? "?",
                scenario: story["scenario"]?.string ?? "default",
                steps: (story["steps"]?.array ?? []).compactMap { step in
                    guard let pair = step.array, pair.count == 2, let said = pair[0].string else { return nil }
                    return (said, pair[1])
                }
            )
        }
    }()

    @Test func theFixtureHasStories() {
        #expect(Self.stories.count >= 10)
    }

    @Test(arguments: Self.stories)
    func storyPlaysAsScripted(_ story: Story) async throws {
        let catalog = try AgentTesting.catalog()
        try await AgentTesting.withPrivateRedis { redis, prefix in
            let clients = DemoClients(redis: redis)
            let runner = try await AgentTesting.runner(catalog, redis: redis)
            // Each story starts from pristine demo data.
            for seed in DemoClients.seeds {
                try await clients.store(
                    DemoClients.profile(name: seed.name, ssn: seed.ssn, id: seed.id, card: seed.card, email: seed.email))
            }
            let directory = AgentDirectory(catalog: catalog, scenario: catalog.scenarios[story.scenario])
            let session = prefix + "story"
            _ = try await runner.greet(sessionID: session, directory: directory)
            for (said, expect) in story.steps {
                let recorder = AgentTesting.Recorder()
                let spoken = try await runner.run(sessionID: session, text: said, directory: directory) { recorder.record($0) }
                let calls: [(String, JSONValue)] = recorder.events.compactMap {
                    if case .toolStart(_, let tool, _, let arguments) = $0 { (tool, arguments) } else { nil }
                }
                let expectedTools = expect["tools"]?.array?.compactMap(\.string) ?? []
                #expect(calls.map(\.0) == expectedTools, "\(story.title) — “\(said)”: tools")
                let state = try await SessionStore(redis: redis).load(session)
                if let agent = expect["agent"]?.string {
                    #expect(state?.activeAgent == agent, "\(story.title) — “\(said)”: agent")
                }
                if let words = expect["says"]?.string {
                    #expect(spoken.lowercased().contains(words.lowercased()), "\(story.title) — “\(said)”: said “\(spoken)”")
                }
                // An expected argument must appear in one of the step's calls.
                let arguments = calls.map(\.1)
                for (name, value) in expect["args"]?.object ?? [:] {
                    #expect(
                        arguments.contains { $0[name] == value }, "\(story.title) — “\(said)”: argument \(name) = \(value) in \(arguments)")
                }
                for name in expect["args_present"]?.array?.compactMap(\.string) ?? [] {
                    #expect(arguments.contains { $0[name] != nil }, "\(story.title) — “\(said)”: argument \(name) present")
                }
            }
        }
    }
}
