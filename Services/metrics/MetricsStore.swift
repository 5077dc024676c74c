import Foundation
import SwitchboardCore
import Synchronization

/// Per-session and rolling-window aggregates of the telemetry stream.
///
/// Windows are minute buckets for the last hour and hour buckets for the last day, each with its
/// own histograms, so a summary merges at most 84 buckets. Windows longer than an hour are
/// therefore exact to the hour (the oldest hour counts whole). Sessions are kept for a day after
/// their last event, at most `maxSessions`.
final class MetricsStore: Sendable {
    struct Session: Sendable {
        var sessionID: String
        var transport: String?
        var streamingMode: String?
        var scenario: String?
        var started: Double
        var ended: Double?
        var endReason: String?
        var lastEvent: Double
        var activeAgent: String?
        var turns: [JSONValue] = []
        var turnCount = 0
        var latency = LatencySamples(limit: MetricsStore.maxTurnsPerSession)
        var bargeIns = 0
        var errors = 0
        var inputTokens = 0
        var outputTokens = 0

        init(sessionID: String, at milliseconds: Double) {
            self.sessionID = sessionID
            self.started = milliseconds
            self.lastEvent = milliseconds
        }
    }

    struct Bucket: Sendable {
        var turns = 0
        var bargeIns = 0
        var errors = 0
        var inputTokens = 0
        var outputTokens = 0
        var connected = 0
        var disconnected = 0
        var sessions = Set<String>()
        var latency = LatencyHistograms()

        mutating func add(_ other: Bucket) {
            self.turns += other.turns
            self.bargeIns += other.bargeIns
            self.errors += other.errors
            self.inputTokens += other.inputTokens
            self.outputTokens += other.outputTokens
            self.connected += other.connected
            self.disconnected += other.disconnected
            self.sessions.formUnion(other.sessions)
            self.latency.add(other.latency)
        }
    }

    private struct State {
        var sessions: [String: Session] = [:]
        /// Minute number (ms / 60 000) → bucket, the last 60 minutes.
        var minutes: [Int: Bucket] = [:]
        /// Hour number → bucket, older minutes folded in, the last 24 hours.
        var hours: [Int: Bucket] = [:]
        var applied = 0
        var lastUpdated: Double = 0
        var expiredMinute = 0
    }

    static let maxTurnsPerSession = 1000
    let maxSessions: Int
    private let state = Mutex(State())

    init(maxSessions: Int = 10_000) {
        self.maxSessions = maxSessions
    }

    var appliedCount: Int { self.state.withLock { $0.applied } }

    /// Applies one telemetry record stamped `milliseconds` since 1970 (its stream id).
    func apply(_ event: TelemetryEvent, at milliseconds: Double) {
        self.state.withLock { state in
            state.applied += 1
            state.lastUpdated = max(state.lastUpdated, milliseconds)
            // In place: a session or bucket holds kilobytes of histograms, never copied per event.
            Self.apply(
                event, at: milliseconds,
                session: &state.sessions[event.sessionID, default: Session(sessionID: event.sessionID, at: milliseconds)],
                bucket: &state.minutes[Int(milliseconds / 60_000), default: Bucket()])
            Self.expire(&state, now: state.lastUpdated, maxSessions: self.maxSessions)
        }
    }

    private static func apply(_ event: TelemetryEvent, at milliseconds: Double, session: inout Session, bucket: inout Bucket) {
        session.lastEvent = max(session.lastEvent, milliseconds)
        bucket.sessions.insert(event.sessionID)
        let data = event.data
        switch event.kind {
        case .sessionStarted:
            session.transport = data["transport"]?.string ?? session.transport
            session.streamingMode = data["streaming_mode"]?.string ?? session.streamingMode
            session.scenario = data["scenario"]?.string ?? session.scenario
            if data["resume"]?.bool != true {
                session.started = milliseconds
                bucket.connected += 1
            }
            session.ended = nil
        case .sessionEnded:
            session.ended = milliseconds
            session.endReason = data["reason"]?.string
            bucket.disconnected += 1
        case .turn:
            session.turnCount += 1
            session.latency.record(turn: data)
            if session.turns.count < Self.maxTurnsPerSession { session.turns.append(Self.turnSummary(data, at: milliseconds)) }
            if session.activeAgent == nil, let agent = data["agent_name"]?.string, !agent.isEmpty { session.activeAgent = agent }
            bucket.turns += 1
            bucket.latency.record(turn: data)
        case .usage:
            let input = data["input_tokens"]?.int ?? 0
            let output = data["output_tokens"]?.int ?? 0
            session.inputTokens += input
            session.outputTokens += output
            bucket.inputTokens += input
            bucket.outputTokens += output
        case .bargeIn:
            session.bargeIns += 1
            bucket.bargeIns += 1
        case .error:
            session.errors += 1
            bucket.errors += 1
        case .agentChange:
            session.activeAgent = data["agent_name"]?.string ?? session.activeAgent
        }
    }

    /// The fields of a turn kept per session.
    private static func turnSummary(_ turn: JSONValue, at milliseconds: Double) -> JSONValue {
        var summary: [String: JSONValue] = [:]
        for key in ["turn_number", "agent_name", "barge_in", "duration_ms"] + LatencyStage.allCases.map(\.field) {
            summary[key] = turn[key] ?? nil
        }
        summary["timestamp"] = .string(Self.iso(milliseconds))
        return .object(summary)
    }

    /// Folds minutes older than an hour into hours; drops what is older than a day.
    private static func expire(_ state: inout State, now: Double, maxSessions: Int) {
        let currentMinute = Int(now / 60_000)
        guard currentMinute != state.expiredMinute || state.sessions.count > maxSessions else { return }
        state.expiredMinute = currentMinute
        for (minute, bucket) in state.minutes where minute <= currentMinute - 60 {
            state.hours[minute / 60, default: Bucket()].add(bucket)
            state.minutes[minute] = nil
        }
        let currentHour = currentMinute / 60
        for hour in state.hours.keys where hour <= currentHour - 24 { state.hours[hour] = nil }
        let dayAgo = now - 86_400_000
        if state.sessions.count > maxSessions || state.sessions.values.contains(where: { $0.lastEvent < dayAgo }) {
            state.sessions = state.sessions.filter { $0.value.lastEvent >= dayAgo }
            if state.sessions.count > maxSessions {
                let oldest = state.sessions.values.sorted { $0.lastEvent < $1.lastEvent }.prefix(state.sessions.count - maxSessions)
                for session in oldest { state.sessions[session.sessionID] = nil }
            }
        }
    }

    func session(_ sessionID: String) -> Session? {
        self.state.withLock { $0.sessions[sessionID] }
    }

    /// Sessions not ended, newest first.
    func openSessions() -> [Session] {
        self.state.withLock { $0.sessions.values.filter { $0.ended == nil } }.sorted { $0.started > $1.started }
    }

    /// Sessions, newest first.
    func sessions(limit: Int) -> [Session] {
        Array(self.state.withLock { Array($0.sessions.values) }.sorted { $0.started > $1.started }.prefix(limit))
    }

    /// Everything recorded in the last `minutes` before `now` (milliseconds since 1970).
    func window(minutes: Int, now: Double) -> (bucket: Bucket, lastUpdated: Double) {
        self.state.withLock { state in
            let currentMinute = Int(now / 60_000)
            let firstMinute = currentMinute - minutes + 1
            var total = Bucket()
            for (minute, bucket) in state.minutes where minute >= firstMinute && minute <= currentMinute { total.add(bucket) }
            if minutes > 60 {
                for (hour, bucket) in state.hours where (hour + 1) * 60 > firstMinute { total.add(bucket) }
            }
            return (total, state.lastUpdated)
        }
    }

    static func iso(_ milliseconds: Double) -> String {
        Date(timeIntervalSince1970: milliseconds / 1000).ISO8601Format(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
