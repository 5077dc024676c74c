import NIOCore
import NIOSSL
import Synchronization

/// The pipelining connections to one Redis node: an open one is handed out without suspending,
/// else the next slot connects (once, shared by every waiting caller).
final class RedisConnectionPool: Sendable {
    let configuration: RedisConfiguration
    private let slots: [RedisConnectionSlot]
    private let nextSlot = Atomic<Int>(0)

    init(configuration: RedisConfiguration, sslContext: NIOSSLContext?, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.slots = (0..<max(1, configuration.poolSize)).map { _ in
            RedisConnectionSlot(configuration: configuration, sslContext: sslContext, eventLoop: eventLoopGroup.next())
        }
    }

    /// A connection to send on, as a future (for event-loop code).
    func connectionFuture() -> EventLoopFuture<RedisConnection> {
        let start = self.nextSlot.add(1, ordering: .relaxed).oldValue
        for offset in 0..<self.slots.count {
            let slot = self.slots[(start &+ offset) % self.slots.count]
            if let connection = slot.activeConnection { return slot.eventLoop.makeSucceededFuture(connection) }
        }
        return self.slots[start % self.slots.count].connection()
    }

    /// A connection to send on: an open one if any slot has one (no suspension), else the next slot connects.
    func connection() async throws -> RedisConnection {
        let start = self.nextSlot.add(1, ordering: .relaxed).oldValue
        for offset in 0..<self.slots.count {
            if let connection = self.slots[(start &+ offset) % self.slots.count].activeConnection {
                return connection
            }
        }
        return try await self.slots[start % self.slots.count].connection().getCancellable()
    }

    /// Closes every connection; later commands fail with `clientClosed`.
    func close() {
        for slot in self.slots { slot.close() }
    }
}
