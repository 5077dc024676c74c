import Foundation
import HummingbirdWebSocket
import Logging
import Metrics
import NIOWebSocket
import SwitchboardCore
import SwitchboardRedis
import Synchronization

/// The dashboard relay (docs/compatibility.md §2.4, #5): every session's envelopes, or one
/// session's, as media workers publish them to Redis — so a dashboard on any gateway sees calls
/// held on every gateway.
///
/// Each dashboard has its own bounded queue: when it reads too slowly the oldest messages are
/// dropped (and counted); the Redis subscription, and so the publisher, never waits for it. A
/// dashboard watching one session first gets the session's recent envelopes replayed from its
/// stream, then the live ones, without duplicates.
final class DashboardRelay: Sendable {
    struct Limits: Sendable {
        /// Dashboards connected to this gateway at once.
        var maxDashboards: Int
        /// Messages waiting for one slow dashboard before the oldest are dropped.
        var queueSize: Int
        /// Envelopes replayed to a dashboard that joins a session late.
        var replayCount: Int
    }

    let redis: RedisClient
    let limits: Limits
    let logger: Logger
    let connected = Atomic<Int>(0)
    private let dropped = Counter(label: "switchboard_gateway_relay_dropped_total")
    private let sent = Counter(label: "switchboard_gateway_relay_messages_total")

    init(redis: RedisClient, limits: Limits, logger: Logger) {
        self.redis = redis
        self.limits = limits
        self.logger = logger
    }

    /// Serves one dashboard until it goes away.
    func serve(sessionID: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        guard self.connected.add(1, ordering: .relaxed).newValue <= self.limits.maxDashboards else {
            self.connected.subtract(1, ordering: .relaxed)
            try? await outbound.close(.init(codeNumber: 1013), reason: "too many dashboards; try again later")
            return
        }
        defer { self.connected.subtract(1, ordering: .relaxed) }
        let (queue, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(self.limits.queueSize))
        do {
            // One session: its sharded channel; all sessions: the one channel every envelope is also published to.
            let shardChannels = sessionID.map { [RedisKeys.relay($0)] } ?? []
            let channels = sessionID == nil ? [RedisKeys.relayAll] : []
            try await self.redis.subscribe(channels: channels, shardChannels: shardChannels) { subscription in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Redis → queue: never waits; a full queue drops its oldest message.
                    group.addTask {
                        for await message in subscription {
                            if case .dropped = sink.yield(message.string) { self.dropped.increment() }
                        }
                        sink.finish()
                    }
                    // Queue → dashboard, after the replay.
                    group.addTask {
                        let replayed = try await self.replay(sessionID, to: outbound)
                        var skipping = !replayed.isEmpty
                        for await text in queue {
                            // Published while the replay was read: already sent.
                            if skipping, replayed.contains(text) { continue }
                            skipping = false
                            try await outbound.write(.text(text))
                            self.sent.increment()
                        }
                    }
                    // Dashboard → nothing: read and dropped (keep-alive text), until it closes.
                    group.addTask {
                        for try await _ in inbound {}
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
        } catch let error as RedisError {
            self.logger.warning("dashboard relay lost redis", metadata: ["error": "\(error)"])
            try? await outbound.close(.unexpectedServerError, reason: "event bus unavailable; reconnect later")
            return
        } catch {
            // The dashboard went away while we wrote to it.
        }
        try? await outbound.close(.normalClosure, reason: "relay closed")
    }

    /// Sends the session's recent envelopes, oldest first; returns them (for de-duplication).
    private func replay(_ sessionID: String?, to outbound: WebSocketOutboundWriter) async throws -> Set<String> {
        guard let sessionID, self.limits.replayCount > 0 else { return [] }
        let entries = try await self.redis.xrevrange(RedisKeys.sessionEvents(sessionID), count: self.limits.replayCount)
        var texts = Set<String>()
        for entry in entries.reversed() {
            guard let text = entry.fields["envelope"] else { continue }
            try await outbound.write(.text(text))
            texts.insert(text)
        }
        return texts
    }
}
