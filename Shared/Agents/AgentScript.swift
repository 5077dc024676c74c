import SwitchboardCore

/// What the offline scripted engine does for one agent: intents tried in order, and a fallback.
///
/// Declared in the agent's YAML under `scripted:` (see `config/README.md`).
package struct AgentScript: Sendable, Hashable {
    /// How an utterance is recognised: any one matcher matching is enough.
    package struct Match: Sendable, Hashable {
        /// Phrases matched fuzzily: most of their words appear in the utterance.
        package var phrases: [String] = []
        /// Single words, any of which matches (fuzzily).
        package var keywords: [String] = []
        /// A case-insensitive regular expression.
        package var regex: String?
    }

    /// A tool call with arguments that are templates or extractors.
    package struct Call: Sendable, Hashable {
        package var tool: String
        package var arguments: [String: JSONValue]
    }

    /// One thing the agent understands.
    package struct Intent: Sendable, Hashable {
        package var name: String
        package var match: Match
        /// Session values that must be known; else `otherwise` runs.
        package var requires: [String]
        package var otherwise: Step?
        package var step: Step
    }

    /// What an intent does: call a tool, say something, and maybe follow up with another tool.
    package struct Step: Sendable, Hashable {
        package var call: Call?
        package var reply: String?
        /// Said instead of `reply` when the tool's result has `success: false`.
        package var onFailure: String?
        package var then: Call?
    }

    package var intents: [Intent]
    package var fallback: String

    init(tree: JSONValue, agent: String) throws {
        var seen = Set<String>()
        self.intents = try (tree["intents"]?.array ?? []).enumerated().map { index, node in
            let name = node["name"]?.string ?? "intent_\(index + 1)"
            guard seen.insert(name).inserted else {
                throw AgentConfigurationError(source: agent, problem: "intent '\(name)' is declared twice")
            }
            let matchNode = node["match"]
            let match = Match(
                phrases: matchNode?["phrases"]?.array?.compactMap(\.string) ?? [],
                keywords: matchNode?["keywords"]?.array?.compactMap(\.string) ?? [],
                regex: matchNode?["regex"]?.string
            )
            if let pattern = match.regex, (try? Regex(pattern)) == nil {
                throw AgentConfigurationError(source: agent, problem: "intent '\(name)': invalid regex \(pattern)")
            }
            return Intent(
                name: name,
                match: match,
                requires: node["requires"]?.array?.compactMap(\.string) ?? [],
                otherwise: node["otherwise"].map(Self.step),
                step: Self.step(node)
            )
        }
        self.fallback = tree["fallback"]?.string ?? "Sorry, I didn't catch that. Could you say it another way?"
    }

    private static func step(_ node: JSONValue) -> Step {
        Step(
            call: node["tool"]?.string.map { Call(tool: $0, arguments: node["arguments"]?.object ?? [:]) },
            reply: node["reply"]?.string,
            onFailure: node["on_failure"]?.string,
            then: node["then"].flatMap { then in
                then["tool"]?.string.map { Call(tool: $0, arguments: then["arguments"]?.object ?? [:]) }
            }
        )
    }

    /// Every tool an intent may call, for validation against the agent's tool list.
    package var toolNames: [String] {
        self.intents.flatMap { intent in
            [intent.step.call?.tool, intent.step.then?.tool, intent.otherwise?.call?.tool, intent.otherwise?.then?.tool]
                .compactMap { $0 }
        }
    }
}
