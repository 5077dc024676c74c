import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import Synchronization

/// Keeps this worker in the Redis registry: announces it every heartbeat with its load (and,
/// once ``WorkerDrainService`` started, that it is draining); removes its entry when it stops.
///
/// A heartbeat that fails (Redis down) is logged and retried on the next tick; the worker
/// re-registers by itself when Redis returns.
struct WorkerHeartbeatService: Service {
    let registry: WorkerRegistry
    let sessions: MediaSessions
    let settings: MediaSettings
    let status: HeartbeatStatus
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await self.beat()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.settings.heartbeatInterval) }
        }
        do {
            try await self.registry.remove(workerID: self.settings.workerID)
        } catch {
            self.logger.warning("could not deregister; the entry expires by itself", metadata: ["error": "\(error)"])
        }
    }

    private var info: WorkerInfo {
        WorkerInfo(
            id: self.settings.workerID,
            url: self.settings.advertiseURL,
            capacity: self.settings.capacity,
            activeSessions: self.sessions.activeCount,
            draining: self.sessions.isDraining,
            updatedAt: Int64(Date().timeIntervalSince1970 * 1000),
            voiceLive: self.settings.speech.realtime != nil
        )
    }

    func beat() async {
        do {
            try await self.registry.announce(self.info, ttl: self.settings.registrationTTL)
            if self.status.recordSuccess() {
                self.logger.info(
                    "worker registered",
                    metadata: ["worker.id": "\(self.settings.workerID)", "worker.url": "\(self.settings.advertiseURL)"])
            }
        } catch {
            if self.status.recordFailure() {
                self.logger.warning(
                    "worker heartbeat failed; retrying", metadata: ["worker.id": "\(self.settings.workerID)", "error": "\(error)"])
            }
        }
    }
}

/// Drains the worker on SIGTERM, while its server still serves (it is shut down before the
/// application): leaves the dispatch set at once, hands each running session back to the gateway
/// at its next pause between turns (the gateway resumes it on another worker, as after a
/// failover), and waits for those that cannot move — no other worker, voice_live — to end, up to
/// the drain time-out. A deploy therefore waits for the end of an answer, not of a call.
struct WorkerDrainService: Service {
    let heartbeat: WorkerHeartbeatService

    func run() async throws {
        try? await gracefulShutdown()
        let (sessions, settings, logger) = (self.heartbeat.sessions, self.heartbeat.settings, self.heartbeat.logger)
        sessions.startDraining()
        logger.info("draining", metadata: ["worker.id": "\(settings.workerID)", "sessions.active": "\(sessions.activeCount)"])
        await self.heartbeat.beat()  // out of the dispatch set before any session moves
        sessions.requestHandOff()
        let clock = ContinuousClock()
        let deadline = clock.now + settings.drainTimeout
        var lastBeat = clock.now
        while sessions.activeCount > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            if clock.now - lastBeat >= .seconds(1) {
                await self.heartbeat.beat()
                lastBeat = clock.now
            }
        }
        logger.info("drained", metadata: ["worker.id": "\(settings.workerID)", "sessions.active": "\(sessions.activeCount)"])
    }
}

/// Whether the last heartbeat reached Redis, for `/ready` and for logging state changes once.
final class HeartbeatStatus: Sendable {
    private let healthy = Atomic<Int>(0)  // 0 unknown, 1 ok, 2 failing

    var isRegistered: Bool { self.healthy.load(ordering: .relaxed) == 1 }

    /// Records a success; returns true when this changes the state.
    func recordSuccess() -> Bool { self.healthy.exchange(1, ordering: .relaxed) != 1 }

    /// Records a failure; returns true when this changes the state.
    func recordFailure() -> Bool { self.healthy.exchange(2, ordering: .relaxed) != 2 }
}
