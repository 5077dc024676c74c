import Foundation
import HummingbirdWebSocket
import Logging
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardMedia
import SwitchboardRedis

/// The voice pipeline of one session on this worker (DESIGN §4): caller audio → VAD → STT →
/// turn → agent (tools, hand-offs) → clause chunker → TTS → paced audio out, with barge-in.
///
/// Four tasks in one group: the caller reader (audio and control), the turn worker, the speaker
/// (synthesis and real-time pacing) and the lease keeper. When the caller hangs up or the lease
/// is lost, the others are cancelled.
struct MediaSession: Sendable {
    let start: MediaStart
    let engines: SessionEngines
    let redis: RedisClient
    let settings: MediaSettings
    let logger: Logger
    let metrics: MediaMetrics
    /// Relay and telemetry writes, off the audio path.
    let writes: SessionWrites
    let control = SessionControl()

    var sessionID: String { self.start.sessionID }

    /// How a session left this worker.
    enum Exit: Sendable {
        /// The call ended, or another worker took the session over.
        case ended
        /// Moved between turns to another worker (this one is shutting down): the gateway
        /// resumes it there.
        case handedOff
    }

    /// Runs until the caller hangs up, sends `stop`, the lease is lost, or — once `sessions`
    /// asks for it — the session can move to another worker.
    func run(
        messages: CallerMessages, outbound: SessionOutbound, leaseToken: String, lease: SessionLease, sessions: MediaSessions
    ) async throws -> Exit {
        let (inputs, inputSink) = AsyncStream.makeStream(of: UserInput.self, bufferingPolicy: .bufferingNewest(16))
        let (speech, speechSink) = AsyncStream.makeStream(of: SpeechItem.self)
        defer {
            inputSink.finish()
            speechSink.finish()
            self.writes.finish()
        }
        await self.announce(started: true, outbound: outbound)
        let leaseLost = Locked(false)
        let handedOff = Locked(false)
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if self.start.mode == .voiceLive, let realtime = self.settings.speech.realtime {
                    group.addTask { try await self.runVoiceLive(messages, outbound: outbound, realtime: realtime) }
                } else {
                    group.addTask { try await self.readCaller(messages, inputs: inputSink, outbound: outbound) }
                    group.addTask { await self.runTurns(inputs, speech: speechSink, outbound: outbound) }
                    group.addTask { await self.speak(speech, outbound: outbound) }
                    group.addTask {
                        await sessions.handOffRequested()
                        if await self.reachBetweenTurns() { handedOff.withLock { $0 = true } }
                    }
                }
                group.addTask {
                    try await self.keepLease(lease, token: leaseToken)
                    leaseLost.withLock { $0 = true }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            failure = error
        }
        if handedOff.value {
            self.logger.info("session handed off between turns", metadata: ["session.id": "\(self.sessionID)"])
            return .handedOff
        }
        // The call ended while the agent spoke: that turn's metrics still count.
        if var turn = self.control.takeUnfinishedTurn() {
            turn.finished = .now
            await self.record(.turn, turn.message(sessionID: self.sessionID).jsonValue)
        }
        // Taken over by another worker: the session goes on there.
        if !leaseLost.value {
            await self.announce(started: false, reason: failure.map { "\($0)" } ?? "caller hung up", outbound: outbound)
        }
        if let failure { throw failure }
        return .ended
    }

    /// Waits for a safe point to move the session: between turns (``SessionControl/isBetweenTurns``)
    /// and with another worker taking sessions. False when cancelled first (the call ended).
    private func reachBetweenTurns() async -> Bool {
        let registry = WorkerRegistry(redis: self.redis)
        // Whether another worker can take the session, read from the registry at most once a
        // second: a session with nowhere to go waits out the drain without a read every poll.
        var anotherWorker = false
        var lastRead: ContinuousClock.Instant?
        while !Task.isCancelled {
            if self.control.isBetweenTurns {
                let now = ContinuousClock.now
                if lastRead.map({ now - $0 >= .seconds(1) }) ?? true {
                    lastRead = now
                    let workers = (try? await registry.liveWorkers()) ?? []
                    anotherWorker = workers.contains { $0.id != self.settings.workerID }
                }
                if anotherWorker && self.control.isBetweenTurns { return true }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Tells dashboards and the metrics service that the session started (or resumed) or ended.
    private func announce(started: Bool, reason: String = "", outbound: SessionOutbound) async {
        let data: JSONValue =
            started
            ? [
                "transport": .string(self.start.transport.rawValue), "streaming_mode": .string(self.start.mode.rawValue),
                "scenario": self.start.scenario.map { .string($0) } ?? nil, "worker_id": .string(self.settings.workerID),
                "resume": .bool(self.start.resume),
            ]
            : ["reason": .string(reason), "worker_id": .string(self.settings.workerID)]
        let event = started ? (self.start.resume ? "session_resumed" : "session_started") : "session_ended"
        let envelope = Envelope.make(
            type: "event", sessionID: self.sessionID, sender: "System",
            payload: ["event_type": .string(event), "data": data, "message": .string(event.replacingOccurrences(of: "_", with: " "))])
        await self.emit(envelope, outbound: outbound, telemetry: started ? .sessionStarted : .sessionEnded, data: data)
    }

    // MARK: Lease

    private func keepLease(_ lease: SessionLease, token: String) async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(1))
            do {
                guard try await lease.renew(token) else {
                    self.logger.warning("session lease taken over; stopping", metadata: ["session.id": "\(self.sessionID)"])
                    return
                }
            } catch let error as RedisError where error.isConnectionError {
                continue  // Redis is down: audio goes on, the lease is renewed when it is back
            }
        }
    }

    // MARK: Events

    /// Sends an envelope to the gateway (for a browser) and to dashboards through Redis — the relay
    /// channel and the session's event stream — and, with `telemetry`, to the metrics service.
    func emit(
        _ envelope: JSONValue, outbound: SessionOutbound, telemetry kind: TelemetryEvent.Kind? = nil, data: JSONValue? = nil
    ) async {
        await outbound.send(.event(envelope))
        let text = envelope.jsonText
        var commands = SessionEvents.publishCommands(sessionID: self.sessionID, envelope: text)
        if let kind {
            commands.append(
                Self.telemetryCommand(
                    TelemetryEvent(kind, sessionID: self.sessionID, data: data ?? envelope, traceparent: self.start.traceparent)))
        }
        self.writes.send(commands)
    }

    /// A speech engine failed and the call goes on without it (a fallback voice, or words not
    /// recognised): the relay, the metrics service, `/metrics` and readiness learn of it.
    func engineFailed(_ stage: EngineHealth.Stage, _ error: any Error, fallback: String?, outbound: SessionOutbound) async {
        self.engines.health.failed(stage, error)
        (stage == .stt ? self.metrics.recognitionErrors : self.metrics.synthesisErrors).increment()
        self.logger.warning(
            "speech engine failed", metadata: ["session.id": "\(self.sessionID)", "stage": "\(stage)", "error": "\(error)"])
        var fields: [String: JSONValue] = ["stage": .string(stage.rawValue), "message": .string("\(error)")]
        if let fallback { fields["fallback"] = .string(fallback) }
        let data = JSONValue.object(fields)
        let envelope = Envelope.make(
            type: "event", sessionID: self.sessionID, sender: "System", payload: ["event_type": "engine_error", "data": data])
        await self.emit(envelope, outbound: outbound, telemetry: .error, data: data)
    }

    /// Reports to the metrics service only (queued: a Redis outage never stops the audio).
    func record(_ kind: TelemetryEvent.Kind, _ data: JSONValue = [:]) async {
        self.writes.send([
            Self.telemetryCommand(TelemetryEvent(kind, sessionID: self.sessionID, data: data, traceparent: self.start.traceparent))
        ])
    }

    static func telemetryCommand(_ event: TelemetryEvent) -> RedisCommand {
        RedisClient.xaddCommand(
            RedisKeys.telemetry, fields: event.fields.map { ($0, .string($1)) }, maxLength: TelemetryEvent.streamLength)
    }
}

/// The caller's message iterator, handed from the socket handler (which reads the `start` frame)
/// to the session's reader task.
final class CallerMessages: @unchecked Sendable {
    // @unchecked: the iterator is used by one task at a time — the socket handler until it hands
    // the box to MediaSession.run, then only the reader task; never concurrently.
    var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(_ iterator: WebSocketInboundMessageStream.AsyncIterator) {
        self.iterator = iterator
    }
}
