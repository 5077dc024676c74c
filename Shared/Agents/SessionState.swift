import Foundation
import SwitchboardCore

/// The conversation state of one session, kept in `sb:session:{sid}` so any process can resume it.
package struct SessionState: Sendable, Hashable {
    package var sessionID: String
    package var activeAgent: String?
    package var previousAgent: String?
    package var visitedAgents: [String] = []
    package var scenario: String?
    package var turnCount = 0
    package var greetingSent = false
    /// What the session knows: client id, caller name, hand-off context, tool slots.
    package var values: [String: JSONValue] = [:]
    package var createdAt: Double
    package var updatedAt: Double

    package init(sessionID: String, now: Double = Date().timeIntervalSince1970) {
        self.sessionID = sessionID
        self.createdAt = now
        self.updatedAt = now
    }

    var fields: [(String, String)] {
        [
            ("active_agent", self.activeAgent ?? ""), ("previous_agent", self.previousAgent ?? ""),
            ("visited_agents", JSONValue.array(self.visitedAgents.map(JSONValue.string)).jsonText),
            ("scenario", self.scenario ?? ""), ("turn_count", String(self.turnCount)), ("greeting_sent", self.greetingSent ? "1" : "0"),
            ("values", JSONValue.object(self.values).jsonText), ("created_at", String(self.createdAt)),
            ("updated_at", String(self.updatedAt)),
        ]
    }

    init?(sessionID: String, fields: [String: String]) {
        guard !fields.isEmpty else { return nil }
        self.sessionID = sessionID
        self.activeAgent = fields["active_agent"].flatMap { $0.isEmpty ? nil : $0 }
        self.previousAgent = fields["previous_agent"].flatMap { $0.isEmpty ? nil : $0 }
        self.visitedAgents = fields["visited_agents"].flatMap { JSONValue(jsonText: $0)?.array?.compactMap(\.string) } ?? []
        self.scenario = fields["scenario"].flatMap { $0.isEmpty ? nil : $0 }
        self.turnCount = fields["turn_count"].flatMap(Int.init) ?? 0
        self.greetingSent = fields["greeting_sent"] == "1"
        self.values = fields["values"].flatMap { JSONValue(jsonText: $0)?.object } ?? [:]
        self.createdAt = fields["created_at"].flatMap(Double.init) ?? 0
        self.updatedAt = fields["updated_at"].flatMap(Double.init) ?? 0
    }
}
