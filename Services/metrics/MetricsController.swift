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

    @Sendable func session(_ request: Request, context: Context) async throws -> JSONBody<SessionMetrics> {
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
        let stages = LatencyStage.allCases.map { ($0.rawValue, session.latency.latencyStats($0)) }.filter { $0.1.count > 0 }
        let slowest = stages.compactMap(\.1.avgMS).max() ?? 0
        let breakdown = stages.sorted { $0.0 < $1.0 }.map { StageLatency(stage: $0.0, stats: $0.1, slowestAverage: slowest) }
        return JSONBody(
            SessionMetrics(
                sessionID: sessionID, transportType: Self.transportType(session), streamingMode: session.streamingMode,
                turnCount: session.turnCount, sessionDurationMS: session.ended.map { ($0 - session.started).rounded() },
                latencySummary: Dictionary(uniqueKeysWithValues: stages), latencyBreakdown: breakdown,
                tokenUsage: session.inputTokens + session.outputTokens == 0
                    ? nil : .init(input: session.inputTokens, output: session.outputTokens, turns: session.turnCount),
                turns: includeTurns ? session.turns : nil, status: session.ended == nil && live ? .active : .completed,
                errorCount: session.errors, bargeInCount: session.bargeIns, activeAgent: session.activeAgent,
                startTime: MetricsStore.iso(session.started), endTime: session.ended.map { MetricsStore.iso($0) }))
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
