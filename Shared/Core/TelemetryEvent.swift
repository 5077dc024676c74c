/// One record of the telemetry stream (`sb:events`, DESIGN §3): what media workers report and the
/// metrics service aggregates. Stored as stream fields `kind`, `session_id`, `data` (JSON) and,
/// when tracing is on, `traceparent`.
package struct TelemetryEvent: Sendable, Hashable {
    package enum Kind: String, Sendable, CaseIterable {
        /// data: `transport`, `streaming_mode`, `scenario`, `worker_id`, `resume`.
        case sessionStarted = "session_started"
        /// data: `reason`.
        case sessionEnded = "session_ended"
        /// data: the `turn_metrics` message (docs/compatibility.md #6).
        case turn
        /// data: `turn_number`, `input_tokens`, `output_tokens`.
        case usage
        case bargeIn = "barge_in"
        /// data: `stage`, `message`.
        case error
        /// data: `agent_name`, `previous_agent`.
        case agentChange = "agent_change"
    }

    package var kind: Kind
    package var sessionID: String
    package var data: JSONValue
    /// The session's W3C trace context, when tracing is on.
    package var traceparent: String?

    package init(_ kind: Kind, sessionID: String, data: JSONValue = [:], traceparent: String? = nil) {
        self.kind = kind
        self.sessionID = sessionID
        self.data = data
        self.traceparent = traceparent
    }

    /// Reads a stream entry's fields; `nil` for an entry that is not telemetry.
    package init?(fields: [String: String]) {
        guard let kind = fields["kind"].flatMap(Kind.init(rawValue:)), let sessionID = fields["session_id"] else { return nil }
        self.init(
            kind, sessionID: sessionID, data: fields["data"].flatMap { JSONValue(jsonText: $0) } ?? [:], traceparent: fields["traceparent"])
    }

    /// The stream fields, in order.
    package var fields: [(String, String)] {
        [("kind", self.kind.rawValue), ("session_id", self.sessionID), ("data", self.data.jsonText)]
            + (self.traceparent.map { [("traceparent", $0)] } ?? [])
    }

    /// How many entries the stream keeps (`MAXLEN ~`).
    package static let streamLength = 100_000
}
