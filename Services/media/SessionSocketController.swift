import Foundation
import HummingbirdWebSocket
import Logging
import SwitchboardAgents
import SwitchboardCore
import SwitchboardMedia
import SwitchboardRedis
import SwitchboardService
import Tracing

/// `GET /internal/v1/sessions/{session_id}` (WebSocket, DESIGN §2): the gateway's session socket.
/// Admits the session (or refuses: draining, full, bad start), takes its lease, answers `ready`
/// and runs the pipeline until the call ends.
struct SessionSocketController: Sendable {
    let sessions: MediaSessions
    let engines: SessionEngines
    let redis: RedisClient
    let settings: MediaSettings
    let logger: Logger
    let metrics: MediaMetrics

    func handle(_ inbound: WebSocketInboundStream, _ writer: WebSocketOutboundWriter, sessionID: String) async {
        let outbound = SessionOutbound(writer: writer)
        var iterator = inbound.messages(maxSize: 64 * 1024).makeAsyncIterator()
        guard case .text(let text)? = try? await iterator.next(), case .start(let start)? = MediaControl(text: text),
            start.sessionID == sessionID
        else {
            return await outbound.close(.unacceptableData, reason: "the first frame must be a start message for this session")
        }
        guard start.mode != .voiceLive || self.settings.speech.realtime != nil else {
            return await outbound.close(
                .unacceptableData, reason: "voice_live needs a speech-to-speech service; this worker has none (SB_REALTIME_URL)")
        }
        guard self.sessions.admit() else {
            return await outbound.close(.unexpectedServerError, reason: self.sessions.isDraining ? "worker draining" : "worker at capacity")
        }
        defer { self.sessions.release() }
        let lease = SessionLease(redis: self.redis, sessionID: sessionID, workerID: self.settings.workerID, ttl: .seconds(5))
        let token: String
        do {
            guard let acquired = try await lease.acquire(takeOver: start.resume) else {
                return await outbound.close(.policyViolation, reason: "session is running on another worker")
            }
            token = acquired
        } catch {
            return await outbound.close(.unexpectedServerError, reason: "redis unavailable")
        }
        self.logger.info(
            "session started",
            metadata: [
                "session.id": "\(sessionID)", "session.resume": "\(start.resume)", "session.transport": "\(start.transport.rawValue)",
            ])
        await outbound.send(.ready)
        self.metrics.sessions.increment()
        self.metrics.activeSessions.record(self.sessions.activeCount)
        defer { self.metrics.activeSessions.record(self.sessions.activeCount - 1) }
        let session = MediaSession(
            start: start, engines: self.engines, redis: self.redis, settings: self.settings, logger: self.logger, metrics: self.metrics,
            writes: SessionWrites(redis: self.redis, dropped: self.metrics.redisWritesDropped))
        var exit = MediaSession.Exit.ended
        do {
            // The session continues the gateway's trace (the `start` frame's traceparent).
            exit = try await withSpan("voice.session", context: ServiceTracing.context(traceparent: start.traceparent), ofKind: .server) {
                span in
                span.attributes["session.id"] = sessionID
                span.attributes["voice.transport"] = start.transport.rawValue
                span.attributes["voice.resume"] = start.resume
                span.attributes["worker.id"] = self.settings.workerID
                return try await session.run(
                    messages: CallerMessages(iterator), outbound: outbound, leaseToken: token, lease: lease, sessions: self.sessions)
            }
        } catch {
            self.logger.debug("session ended with an error", metadata: ["session.id": "\(sessionID)", "error": "\(error)"])
        }
        await lease.release(token)
        switch exit {
        case .ended:
            await outbound.close(.normalClosure, reason: "session ended")
            self.logger.info("session ended", metadata: ["session.id": "\(sessionID)"])
        case .handedOff:
            // 1012 Service Restart (RFC 6455 §7.4 registry): the gateway moves the call (resume).
            self.metrics.handOffs.increment()
            await outbound.close(.init(codeNumber: MediaControl.handOffCloseCode), reason: "worker restarting; the session moves")
        }
    }
}
