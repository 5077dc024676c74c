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
