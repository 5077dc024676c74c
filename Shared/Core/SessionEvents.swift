import SwitchboardRedis

/// How an envelope reaches a session's dashboards: its relay channel (live) and its event stream
/// (replay for late joiners, audit). Media workers and the gateway's call events both use it.
package enum SessionEvents {
    /// Envelopes kept per session for replay.
    package static let streamLength = 2000
    /// How long a session's stream is kept after its last envelope: a day, as its state.
    package static let lifetimeMS = 86_400_000

    /// The commands that publish `envelope` (JSON text) to the session's dashboards; send them in one pipeline.
    ///
    /// The session's relay is sharded (`SPUBLISH`, so a cluster carries it on one shard); the
    /// all-sessions feed is one classic channel (broadcast to every node of a cluster). The stream
    /// expires a day after its last envelope.
    package static func publishCommands(sessionID: String, envelope: String) -> [RedisCommand] {
        let stream = RedisKeys.sessionEvents(sessionID)
        return [
            RedisCommand("SPUBLISH", [.string(RedisKeys.relay(sessionID)), .string(envelope)]),
            RedisCommand("PUBLISH", [.string(RedisKeys.relayAll), .string(envelope)]),
            RedisClient.xaddCommand(stream, fields: [("envelope", .string(envelope))], maxLength: streamLength),
            RedisCommand("PEXPIRE", [.string(stream), .integer(lifetimeMS)]),
        ]
    }
}
