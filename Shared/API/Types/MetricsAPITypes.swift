import SwitchboardCore

/// Latency of one stage; every figure is null when `count` is 0.
package struct LatencyStats: APIType, Equatable {
    @Nullable package var avgMS: Double?
    @Nullable package var minMS: Double?
    @Nullable package var maxMS: Double?
    @Nullable package var p50MS: Double?
    @Nullable package var p95MS: Double?
    @Nullable package var p99MS: Double?
    package var count: Int

    package init(avgMS: Double?, minMS: Double?, maxMS: Double?, p50MS: Double?, p95MS: Double?, p99MS: Double?, count: Int) {
        self.avgMS = avgMS
        self.minMS = minMS
        self.maxMS = maxMS
        self.p50MS = p50MS
        self.p95MS = p95MS
        self.p99MS = p99MS
        self.count = count
    }

    /// No samples.
    package static let empty = LatencyStats(avgMS: nil, minMS: nil, maxMS: nil, p50MS: nil, p95MS: nil, p99MS: nil, count: 0)

    enum CodingKeys: String, CodingKey {
        case count
        case avgMS = "avg_ms"
        case minMS = "min_ms"
        case maxMS = "max_ms"
        case p50MS = "p50_ms"
        case p95MS = "p95_ms"
        case p99MS = "p99_ms"
    }

    package static var schemaDescription: String? { "Latency of one stage; every figure is null when `count` is 0." }
    package static var fields: [APIField<Self>] { [.field("count", \.count, minimum: 0)] }
}

/// One session as `GET /api/v1/metrics/sessions` lists it.
package struct MetricsSessionEntry: APIType {
    package enum Transport: String, APIEnum {
        case acs = "ACS"
        case twilio = "TWILIO"
        case browser = "BROWSER"
    }

    package enum State: String, APIEnum {
        case active, completed
    }

    package var sessionID: String
    @Nullable package var transportType: Transport?
    package var status: State
    package var startTime: String
    @Nullable package var endTime: String?
    package var turnCount: Int
    @Nullable package var activeAgent: String?
    @Nullable package var streamingMode: String?

    package init(
        sessionID: String, transportType: Transport?, status: State, startTime: String, endTime: String?, turnCount: Int,
        activeAgent: String?, streamingMode: String?
    ) {
        self.sessionID = sessionID
        self.transportType = transportType
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.turnCount = turnCount
        self.activeAgent = activeAgent
        self.streamingMode = streamingMode
    }

    enum CodingKeys: String, CodingKey {
        case status
        case sessionID = "session_id"
        case transportType = "transport_type"
        case startTime = "start_time"
        case endTime = "end_time"
        case turnCount = "turn_count"
        case activeAgent = "active_agent"
        case streamingMode = "streaming_mode"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("transport_type", "Null until the session's start is known."),
            .field("status", "Active while not ended and a media worker holds the session."),
            .field("start_time", "ISO 8601."),
            .field("end_time", "ISO 8601; null while the session runs."),
            .field("turn_count", \.turnCount, minimum: 0),
        ]
    }
}

/// `GET /api/v1/metrics/sessions`.
package struct MetricsSessions: APIType {
    package var totalActive: Int
    package var mediaSessions: Int
    package var browserSessions: Int
    package var totalDisconnected: Int
    package var sessions: [MetricsSessionEntry]

    package init(totalActive: Int, mediaSessions: Int, browserSessions: Int, totalDisconnected: Int, sessions: [MetricsSessionEntry]) {
        self.totalActive = totalActive
        self.mediaSessions = mediaSessions
        self.browserSessions = browserSessions
        self.totalDisconnected = totalDisconnected
        self.sessions = sessions
    }

    enum CodingKeys: String, CodingKey {
        case sessions
        case totalActive = "total_active"
        case mediaSessions = "media_sessions"
        case browserSessions = "browser_sessions"
        case totalDisconnected = "total_disconnected"
    }

    package static var fields: [APIField<Self>] { [.field("sessions", "The 200 most recent sessions.")] }
}

/// `GET /api/v1/metrics/summary`: aggregates over the last `window_minutes` (DEVIATIONS #14).
package struct MetricsSummary: APIType {
    /// Tokens in the window.
    package struct Tokens: APIType {
        package var inputTokens: Int
        package var outputTokens: Int

        package init(inputTokens: Int, outputTokens: Int) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }

        package static var schemaName: String { "MetricsTokens" }
    }

    package var windowMinutes: Int
    package var activeConnections: Int
    package var browserSessions: Int
    package var totalConnected: Int
    package var totalDisconnected: Int
    @Nullable package var lastUpdated: String?
    package var sessionIDs: [String]
    package var sessionCount: Int
    package var turnCount: Int
    package var bargeIns: Int
    package var errors: Int
    package var tokenUsage: Tokens
    /// By stage: `stt`, `llm_ttft`, `tts_ttfb`, `e2e`.
    package var latency: [String: LatencyStats]
    package var note: String

    package init(
        windowMinutes: Int, activeConnections: Int, browserSessions: Int, totalConnected: Int, totalDisconnected: Int,
        lastUpdated: String?, sessionIDs: [String], sessionCount: Int, turnCount: Int, bargeIns: Int, errors: Int,
        tokenUsage: Tokens, latency: [String: LatencyStats], note: String
    ) {
        self.windowMinutes = windowMinutes
        self.activeConnections = activeConnections
        self.browserSessions = browserSessions
        self.totalConnected = totalConnected
        self.totalDisconnected = totalDisconnected
        self.lastUpdated = lastUpdated
        self.sessionIDs = sessionIDs
        self.sessionCount = sessionCount
        self.turnCount = turnCount
        self.bargeIns = bargeIns
        self.errors = errors
        self.tokenUsage = tokenUsage
        self.latency = latency
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case errors, latency, note
        case windowMinutes = "window_minutes"
        case activeConnections = "active_connections"
        case browserSessions = "browser_sessions"
        case totalConnected = "total_connected"
        case totalDisconnected = "total_disconnected"
        case lastUpdated = "last_updated"
        case sessionIDs = "session_ids"
        case sessionCount = "session_count"
        case turnCount = "turn_count"
        case bargeIns = "barge_ins"
        case tokenUsage = "token_usage"
    }

    package static var schemaDescription: String? {
        "Aggregates over the last `window_minutes` (DEVIATIONS #14); percentiles from HdrHistogram, from the first sample."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("window_minutes", \.windowMinutes, minimum: 1, maximum: 1440),
            .field("last_updated", "The latest telemetry in the window (ISO 8601); null when there is none."),
            .field("session_ids", "Sorted; at most 200."),
            .field("latency", "By stage: `stt`, `llm_ttft`, `tts_ttfb`, `e2e`."),
        ]
    }
}

/// One stage's latency with how it compares: an entry of `latency_breakdown`.
package struct StageLatency: APIType {
    /// `error` at 1000 ms average or more, `warning` at 500 ms or more.
    package enum Severity: String, APIEnum { case error, warning, success }

    package var stage: String
    package var severity: Severity
    package var relativePct: Double
    package var stats: LatencyStats

    package init(stage: String, stats: LatencyStats, slowestAverage: Double) {
        let average = stats.avgMS ?? 0
        self.stage = stage
        self.severity = average >= 1000 ? .error : average >= 500 ? .warning : .success
        self.relativePct = slowestAverage > 0 ? (average / slowestAverage * 1000).rounded() / 10 : 0
        self.stats = stats
    }

    enum CodingKeys: String, CodingKey {
        case stage, severity
        case relativePct = "relative_pct"
    }

    /// The stage's statistics and its own keys in one object.
    package init(from decoder: any Decoder) throws {
        self.stats = try LatencyStats(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.stage = try container.decode(String.self, forKey: .stage)
        self.severity = try container.decode(Severity.self, forKey: .severity)
        self.relativePct = try container.decode(Double.self, forKey: .relativePct)
    }

    package func encode(to encoder: any Encoder) throws {
        try self.stats.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.stage, forKey: .stage)
        try container.encode(self.severity, forKey: .severity)
        try container.encode(self.relativePct, forKey: .relativePct)
    }

    package static var schemaDescription: String? { "A stage's latency statistics, with `stage`, `severity` and `relative_pct`." }
    package static var fields: [APIField<Self>] {
        [
            .field("stage", example: "e2e"),
            .field("severity", "`error` at 1000 ms average or more, `warning` at 500 ms or more."),
            .field(
                "relative_pct", \.relativePct, "Its average against the slowest stage's, in percent (to 0.1).", minimum: 0, maximum: 100),
        ]
    }
}

/// `GET /api/v1/metrics/session/{session_id}`: one session's latency (reference §1.4 shape).
package struct SessionMetrics: APIType {
    /// Tokens of the session.
    package struct TokenUsage: APIType {
        package var totalInputTokens: Int
        package var totalOutputTokens: Int
        package var avgInputTokensPerTurn: Double
        package var avgOutputTokensPerTurn: Double

        package init(input: Int, output: Int, turns: Int) {
            let turns = Double(max(turns, 1))
            self.totalInputTokens = input
            self.totalOutputTokens = output
            self.avgInputTokensPerTurn = (Double(input) / turns * 10).rounded() / 10
            self.avgOutputTokensPerTurn = (Double(output) / turns * 10).rounded() / 10
        }

        enum CodingKeys: String, CodingKey {
            case totalInputTokens = "total_input_tokens"
            case totalOutputTokens = "total_output_tokens"
            case avgInputTokensPerTurn = "avg_input_tokens_per_turn"
            case avgOutputTokensPerTurn = "avg_output_tokens_per_turn"
        }

        package static var schemaName: String { "SessionTokenUsage" }
    }

    /// A stage that is slow on average.
    package struct Insight: APIType {
        /// `"high_latency"`.
        package enum Kind: String, APIEnum {
            case highLatency = "high_latency"
        }

        package var type = Kind.highLatency
        package var stage: String
        package var severity: StageLatency.Severity
        package var message: String

        package init(stage: String, severity: StageLatency.Severity, message: String) {
            self.stage = stage
            self.severity = severity
            self.message = message
        }

        package static var schemaName: String { "LatencyInsight" }
        package static var fields: [APIField<Self>] { [.field("message", example: "e2e averaging 1200ms")] }
    }

    /// The worst severity among the insights.
    package struct InsightsSummary: APIType {
        package var severity: StageLatency.Severity
        package var count: Int

        package init(severity: StageLatency.Severity, count: Int) {
            self.severity = severity
            self.count = count
        }

        package static var schemaName: String { "LatencyInsightsSummary" }
    }

    package var sessionID: String
    /// Always null: kept for the reference's shape.
    @Nullable package var callConnectionID: String?
    @Nullable package var transportType: MetricsSessionEntry.Transport?
    @Nullable package var streamingMode: String?
    package var turnCount: Int
    @Nullable package var sessionDurationMS: Double?
    package var latencySummary: [String: LatencyStats]
    package var latencyBreakdown: [StageLatency]
    @Nullable package var tokenUsage: TokenUsage?
    @Nullable package var turns: [JSONValue]?
    package var insights: [Insight]
    @Nullable package var insightsSummary: InsightsSummary?
    package var status: MetricsSessionEntry.State
    package var errorCount: Int
    package var bargeInCount: Int
    @Nullable package var activeAgent: String?
    package var startTime: String
    @Nullable package var endTime: String?

    package init(
        sessionID: String, transportType: MetricsSessionEntry.Transport?, streamingMode: String?, turnCount: Int,
        sessionDurationMS: Double?, latencySummary: [String: LatencyStats], latencyBreakdown: [StageLatency], tokenUsage: TokenUsage?,
        turns: [JSONValue]?, status: MetricsSessionEntry.State, errorCount: Int, bargeInCount: Int, activeAgent: String?,
        startTime: String, endTime: String?
    ) {
        self.sessionID = sessionID
        self.transportType = transportType
        self.streamingMode = streamingMode
        self.turnCount = turnCount
        self.sessionDurationMS = sessionDurationMS
        self.latencySummary = latencySummary
        self.latencyBreakdown = latencyBreakdown
        self.tokenUsage = tokenUsage
        self.turns = turns
        self.insights = latencyBreakdown.filter { $0.severity != .success }.map {
            Insight(stage: $0.stage, severity: $0.severity, message: "\($0.stage) averaging \(Int($0.stats.avgMS ?? 0))ms")
        }
        self.insightsSummary =
            self.insights.isEmpty
            ? nil
            : InsightsSummary(severity: self.insights.contains { $0.severity == .error } ? .error : .warning, count: self.insights.count)
        self.status = status
        self.errorCount = errorCount
        self.bargeInCount = bargeInCount
        self.activeAgent = activeAgent
        self.startTime = startTime
        self.endTime = endTime
    }

    enum CodingKeys: String, CodingKey {
        case turns, insights, status
        case sessionID = "session_id"
        case callConnectionID = "call_connection_id"
        case transportType = "transport_type"
        case streamingMode = "streaming_mode"
        case turnCount = "turn_count"
        case sessionDurationMS = "session_duration_ms"
        case latencySummary = "latency_summary"
        case latencyBreakdown = "latency_breakdown"
        case tokenUsage = "token_usage"
        case insightsSummary = "insights_summary"
        case errorCount = "error_count"
        case bargeInCount = "barge_in_count"
        case activeAgent = "active_agent"
        case startTime = "start_time"
        case endTime = "end_time"
    }

    package static var schemaDescription: String? {
        "Reference §1.4 shape, from the telemetry stream (sessions older than the service's memory are rebuilt from their event stream, 24 h)."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("call_connection_id", "Always null (kept for the reference's shape)."),
            .field("transport_type", "Null until the session's start is known."),
            .field("turn_count", \.turnCount, minimum: 0),
            .field("session_duration_ms", "Null until the session ends."),
            .field(
                "latency_summary", "Stage (`stt`, `llm_ttft`, `tts_ttfb`, `e2e`) → statistics; stages without samples are left out."),
            .field("latency_breakdown", "By stage name."),
            .field("token_usage", "Null when the session used no tokens."),
            .field(
                "turns",
                "With `include_turns=true` (the latest turns kept), else null: `turn_number`, `agent_name`, `barge_in`, `duration_ms`, the stage latencies (`stt_latency_ms`…) and `timestamp`."
            ),
            .field("insights", "A `high_latency` insight per stage at `warning` or `error`."),
            .field("insights_summary", "Null without insights."),
            .field("error_count", \.errorCount, minimum: 0), .field("barge_in_count", \.bargeInCount, minimum: 0),
            .field("start_time", "ISO 8601."), .field("end_time", "ISO 8601; null while the session runs."),
        ]
    }
}
