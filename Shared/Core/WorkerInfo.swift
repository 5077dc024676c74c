import Foundation

/// What a media worker reports about itself in the registry (`sb:worker:{id}`).
package struct WorkerInfo: Sendable, Hashable, Codable {
    package var id: String
    /// Base URL the gateway dials for internal session sockets.
    package var url: String
    /// Sessions it accepts at most.
    package var capacity: Int
    /// Sessions it runs now.
    package var activeSessions: Int
    /// Draining workers take no new sessions and leave the registry once their calls end.
    package var draining: Bool
    /// Milliseconds since 1970 of the last heartbeat.
    package var updatedAt: Int64
    package var version: String
    /// It takes `voice_live` sessions (it has a speech-to-speech service).
    package var voiceLive: Bool

    package init(
        id: String, url: String, capacity: Int, activeSessions: Int = 0, draining: Bool = false, updatedAt: Int64 = 0,
        version: String = SwitchboardVersion.current, voiceLive: Bool = false
    ) {
        self.id = id
        self.url = url
        self.capacity = capacity
        self.activeSessions = activeSessions
        self.draining = draining
        self.updatedAt = updatedAt
        self.version = version
        self.voiceLive = voiceLive
    }

    /// Share of capacity in use, 0…1: the score in `sb:workers`, lowest picked first.
    package var load: Double {
        self.capacity > 0 ? Double(self.activeSessions) / Double(self.capacity) : 1
    }

    var fields: [(String, String)] {
        [
            ("id", self.id), ("url", self.url), ("capacity", String(self.capacity)),
            ("active_sessions", String(self.activeSessions)), ("draining", self.draining ? "1" : "0"),
            ("updated_at", String(self.updatedAt)), ("version", self.version), ("voice_live", self.voiceLive ? "1" : "0"),
        ]
    }

    init?(fields: [String: String]) {
        guard let id = fields["id"], let url = fields["url"] else { return nil }
        self.init(
            id: id,
            url: url,
            capacity: fields["capacity"].flatMap(Int.init) ?? 0,
            activeSessions: fields["active_sessions"].flatMap(Int.init) ?? 0,
            draining: fields["draining"] == "1",
            updatedAt: fields["updated_at"].flatMap(Int64.init) ?? 0,
            version: fields["version"] ?? "?",
            voiceLive: fields["voice_live"] == "1"
        )
    }
}

/// The version every service reports.
package enum SwitchboardVersion {
    package static let current = "0.1.0"
}
