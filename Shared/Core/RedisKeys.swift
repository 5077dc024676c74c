/// Every Redis key and channel name Switchboard uses (DESIGN §3). Nothing else spells them.
///
/// Keys of one session share the hash tag `{sid}` so they land on one Redis Cluster slot.
package enum RedisKeys {
    /// Session state hash.
    package static func session(_ sessionID: String) -> String { "sb:session:{\(sessionID)}" }
    /// Conversation history, a list of JSON messages.
    package static func sessionHistory(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:history" }
    /// Every envelope sent to dashboards, for replay and audit.
    package static func sessionEvents(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:events" }
    /// The agent's sentences queued or playing that the caller has not heard yet (JSON array of
    /// strings, 1 h expiry): a worker taking the session over after a crash says them again.
    package static func sessionUnheard(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:unheard" }
    /// Lease naming the media worker that runs the session.
    package static func sessionOwner(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:owner" }
    /// Fencing epoch of the session lease.
    package static func sessionEpoch(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:epoch" }

    /// Agents created for one session by the Agent Builder (hash: name → JSON definition).
    package static func sessionAgents(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:agents" }
    /// Scenarios created for one session by the Scenario Builder (hash: name → JSON definition).
    package static func sessionScenarios(_ sessionID: String) -> String { "sb:session:{\(sessionID)}:scenarios" }
    /// Sessions that have builder agents or scenarios (sorted set by last change).
    package static let builderSessions = "sb:builder:sessions"
    /// Runtime override of a disk agent's model and voice (`PUT /api/v1/agents/{name}`).
    package static func agentOverride(_ name: String) -> String { "sb:agents:override:\(name)" }
    /// Every session with state, by last activity (sorted set), for the sessions listing.
    package static let sessions = "sb:sessions"

    /// Call record of an ACS call connection.
    package static func call(_ callConnectionID: String) -> String { "sb:call:{\(callConnectionID)}" }
    /// Sorted set of calls by start time.
    package static let calls = "sb:calls"
    /// Channel every gateway listens on for call control of the calls it carries (end, DTMF).
    package static let callControl = "sb:calls:control"

    /// Registry entry of one media worker.
    package static func worker(_ workerID: String) -> String { "sb:worker:\(workerID)" }
    /// Sorted set of live media workers by load.
    package static let workers = "sb:workers"

    /// Demo profile by e-mail.
    package static func demoUser(_ email: String) -> String { "sb:demo:user:\(email)" }
    /// Demo banking/insurance client state (JSON) by client id.
    package static func demoClient(_ clientID: String) -> String { "sb:demo:client:\(clientID)" }
    /// Lower-cased full name → client id, for identity verification.
    package static let demoClientsByName = "sb:demo:clients:by-name"
    /// Fraud cases, FNOL claims and escalations raised by demo tools (a stream, for audit).
    package static let demoActivity = "sb:demo:activity"

    /// Per-turn telemetry and lifecycle events, consumed by the metrics service.
    package static let telemetry = "sb:events"

    /// A REST client's token bucket (GCRA: when it is next full), by token subject or address.
    package static func rateLimit(_ client: String) -> String { "sb:ratelimit:{\(client)}" }

    /// Live envelopes of one session for dashboards: a sharded channel (`SPUBLISH`), carried only
    /// by the cluster node that owns the session's slot.
    package static func relay(_ sessionID: String) -> String { "sb:relay:{\(sessionID)}" }
    /// Every session's envelopes, for the all-sessions dashboard: a classic channel, which a
    /// cluster broadcasts to every node (no pattern subscription: it cannot see sharded channels).
    package static let relayAll = "sb:relay:all"
}
