import NIOCore
import Synchronization

/// How commands ride out a Redis that cannot be reached — a restart, a cluster failover — on a
/// single node and a cluster alike: a command waits for it up to ``limit``
/// (``RedisConfiguration/reconnectWait``), and at most ``RedisConfiguration/maximumWaitingCommands``
/// wait at once; more fail at once and are counted (`switchboard_redis_commands_dropped_total`).
final class RedisOutageWait: Sendable {
    /// How long one command waits; zero: it fails at once.
    let limit: TimeAmount
    private let maximum: Int
    private let waiting = Atomic<Int>(0)

    init(configuration: RedisConfiguration) {
        self.limit = configuration.reconnectWait
        self.maximum = configuration.maximumWaitingCommands
    }

    /// A command starts waiting, unless `entered` says it already does: false when too many wait
    /// (the command is counted as dropped and should fail). Pair with ``leave(_:)``.
    func enter(_ entered: inout Bool) -> Bool {
        guard !entered else { return true }
        guard self.limit > .zero else { return false }
        guard self.waiting.add(1, ordering: .relaxed).newValue <= self.maximum else {
            self.waiting.subtract(1, ordering: .relaxed)
            RedisMetrics.dropped.increment()
            return false
        }
        entered = true
        return true
    }

    /// The command waits no more (done, or given up).
    func leave(_ entered: Bool) {
        if entered { self.waiting.subtract(1, ordering: .relaxed) }
    }
}
