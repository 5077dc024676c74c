import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardCore
import SwitchboardRedis
import SwitchboardService

/// `/api/v1/metrics/*` (docs/compatibility.md §1.4, #14): live sessions, one session's latency,
/// and a real rolling-window summary.
struct MetricsController<Context: RequestContext>: Sendable {
    let store: MetricsStore
    let redis: RedisClient

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on(MetricsAPI.listMetricsSessions, use: self.sessions)
        routes.on(MetricsAPI.getSessionMetrics, use: self.session)
        routes.on(MetricsAPI.getMetricsSummary, use: self.summary)
        return routes
    }

    /// Sessions not ended whose media worker still holds their lease: a worker that died with a
    /// call, and no other took it over, leaves no live session behind.
    private func live(_ sessions: [MetricsStore.Session]) async -> Set<String> {
        guard !sessions.isEmpty else { return [] }
        let commands = sessions.map { RedisCommand("EXISTS", [.string(RedisKeys.sessionOwner($0.sessionID))]) }
        guard let replies = try? await self.redis.pipeline(commands) else { return Set(sessions.map(\.sessionID)) }
        return Set(zip(sessions, replies).compactMap { session, reply in reply.int == 1 ? session.sessionID : nil })
    }

    /// The sessions running now: not ended, and still held by a worker.
    private func activeSessions() async -> (all: Int, browser: Int, ids: Set<String>) {
        let open = self.store.openSessions()
        let live = await self.live(open)
        let active = open.filter { live.contains($0.sessionID) }
        return (active.count, active.filter { $0.transport == "browser" }.count, live)
    }

    @Sendable func sessions(_ request: Request, context: Context) async throws -> JSONBody<MetricsSessions> {
        let active = await self.activeSessions()
        let recent = self.store.sessions(limit: 200)
        return JSONBody(
            MetricsSessions(
                totalActive: active.all, mediaSessions: active.all - active.browser, browserSessions: active.browser,
                totalDisconnected: recent.filter { $0.ended != nil }.count,
                sessions: recent.map { Self.listing($0, live: active.ids.contains($0.sessionID)) }))
    }

    static func transportType(_ session: MetricsStore.Session) -> MetricsSessionEntry.Transport? {
        session.transport.flatMap { MetricsSessionEntry.Transport(rawValue: $0.uppercased()) }
    }

    static func listing(_ session: MetricsStore.Session, live: Bool) -> MetricsSessionEntry {
        MetricsSessionEntry(
            sessionID: session.sessionID, transportType: Self.transportType(session),
            status: session.ended == nil && live ? .active : .completed, startTime: MetricsStore.iso(session.started),
            endTime: session.ended.map { MetricsStore.iso($0) }, turnCount: session.turnCount, activeAgent: session.activeAgent,
            streamingMode: session.streamingMode)
    }

    @Sendable func session(_ request: Request, context: Context) async throws -> JSONResponse {
        let sessionID = try context.parameters.require("session_id")
        let includeTurns = request.uri.queryParameters["include_turns"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        let found: MetricsStore.Session?
        if let session = self.store.session(sessionID) {
            found = session
        } else {
            found = try await self.fromSessionStream(sessionID)
        }
        guard let session = found else {
            throw ProblemDetails(status: .notFound, detail: "No metrics for session '\(sessionID)'.")
        }
        let live = session.ended == nil ? await self.live([session]).contains(sessionID) : false
        let stages = LatencyStage.allCases.map { ($0.rawValue, session.latency.stats($0)) }.filter { $0.1["count"]?.int ?? 0 > 0 }
        let maximum = stages.compactMap { $0.1["avg_ms"]?.number }.max() ?? 0
        let breakdown: [JSONValue] = stages.sorted { $0.0 < $1.0 }.map { stage, stats in
            var row = stats.object ?? [:]
            let average = stats["avg_ms"]?.number ?? 0
            row["stage"] = .string(stage)
            row["severity"] = .string(average >= 1000 ? "error" : average >= 500 ? "warning" : "success")
            row["relative_pct"] = .number(maximum > 0 ? (average / maximum * 1000).rounded() / 10 : 0)
            return .object(row)
        }
        var insights: [JSONValue] = []
        for row in breakdown {
            let stage = row["stage"]?.string ?? ""
            if let severity = row["severity"]?.string, severity != "success" {
                insights.append([
                    "type": "high_latency", "stage": .string(stage), "severity": .string(severity),
                    "message": .string("\(stage) averaging \(Int(row["avg_ms"]?.number ?? 0))ms"),
                ])
            }
        }
        let severities = insights.compactMap { $0["severity"]?.string }
        let turns = Double(max(session.turnCount, 1))
        return JSONResponse([
            "session_id": .string(sessionID), "call_connection_id": nil,
            "transport_type": Self.transportType(session).map { .string($0.rawValue) } ?? nil,
            "streaming_mode": session.streamingMode.map { .string($0) } ?? nil, "turn_count": .number(Double(session.turnCount)),
            "session_duration_ms": session.ended.map { .number(($0 - session.started).rounded()) } ?? nil,
            "latency_summary": .object(Dictionary(uniqueKeysWithValues: stages)), "latency_breakdown": .array(breakdown),
            "token_usage": session.inputTokens + session.outputTokens == 0
                ? nil
                : [
                    "total_input_tokens": .number(Double(session.inputTokens)),
                    "total_output_tokens": .number(Double(session.outputTokens)),
                    "avg_input_tokens_per_turn": .number((Double(session.inputTokens) / turns * 10).rounded() / 10),
                    "avg_output_tokens_per_turn": .number((Double(session.outputTokens) / turns * 10).rounded() / 10),
                ],
            "turns": includeTurns ? .array(session.turns) : nil, "insights": .array(insights),
            "insights_summary": severities.isEmpty
                ? nil
                : [
                    "severity": .string(severities.contains("error") ? "error" : "warning"),
                    "count": .number(Double(insights.count)),
                ],
            "status": session.ended == nil && live ? "active" : "completed", "error_count": .number(Double(session.errors)),
            "barge_in_count": .number(Double(session.bargeIns)), "active_agent": session.activeAgent.map { .string($0) } ?? nil,
            "start_time": .string(MetricsStore.iso(session.started)),
            "end_time": session.ended.map { .string(MetricsStore.iso($0)) } ?? nil,
        ])
    }

    /// A session older than the store's memory: rebuilt from its own event stream (24 h).
    private func fromSessionStream(_ sessionID: String) async throws -> MetricsStore.Session? {
        let entries: [RedisStreamEntry]
        do {
            entries = try await self.redis.xrange(RedisKeys.sessionEvents(sessionID), count: 2000)
        } catch let error as RedisError where error.isConnectionError {
            throw ProblemDetails(status: .serviceUnavailable, detail: "Redis is unavailable.")
        }
        guard !entries.isEmpty else { return nil }
        let scratch = MetricsStore()
        for entry in entries {
            guard let envelope = entry.fields["envelope"].flatMap({ JSONValue(jsonText: $0) }) else { continue }
            let at = TelemetryConsumer.milliseconds(of: entry.id) ?? 0
            if envelope["type"]?.string == "turn_metrics" {
                scratch.apply(TelemetryEvent(.turn, sessionID: sessionID, data: envelope), at: at)
            } else if let event = envelope["payload"]?["event_type"]?.string {
                switch event {
                case "session_started", "session_resumed":
                    scratch.apply(TelemetryEvent(.sessionStarted, sessionID: sessionID, data: envelope["payload"]?["data"] ?? [:]), at: at)
                case "session_ended":
                    scratch.apply(TelemetryEvent(.sessionEnded, sessionID: sessionID, data: envelope["payload"]?["data"] ?? [:]), at: at)
                case "agent_change":
                    let agent = envelope["payload"]?["agent_name"] ?? nil
                    scratch.apply(TelemetryEvent(.agentChange, sessionID: sessionID, data: ["agent_name": agent]), at: at)
                default:
                    continue
                }
            }
        }
        return scratch.session(sessionID)
    }

    @Sendable func summary(_ request: Request, context: Context) async throws -> JSONBody<MetricsSummary> {
        let minutes = try request.integer(MetricsAPI.getMetricsSummary.parameter("window_minutes"), default: 60)
        let now = TelemetryConsumer.now()
        let (window, lastUpdated) = self.store.window(minutes: minutes, now: now)
        let active = await self.activeSessions()
        return JSONBody(
            MetricsSummary(
                windowMinutes: minutes, activeConnections: active.all, browserSessions: active.browser,
                totalConnected: window.connected, totalDisconnected: window.disconnected,
                lastUpdated: lastUpdated > 0 ? MetricsStore.iso(lastUpdated) : nil, sessionIDs: Array(window.sessions.sorted().prefix(200)),
                sessionCount: window.sessions.count, turnCount: window.turns, bargeIns: window.bargeIns, errors: window.errors,
                tokenUsage: .init(inputTokens: window.inputTokens, outputTokens: window.outputTokens), latency: window.latency.summary,
                note:
                    "Aggregated over the last \(minutes) minute(s) from the telemetry stream; percentiles from HdrHistogram (1 % resolution)"
                    + (minutes > 60 ? ", whole hours beyond the last 60 minutes." : ".")))
    }
}
