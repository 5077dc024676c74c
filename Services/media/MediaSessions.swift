import Synchronization

/// How many sessions this worker runs, and whether it still takes new ones.
///
/// Read on every heartbeat and dispatch; kept in atomics so the hot path takes no lock.
final class MediaSessions: Sendable {
    private let active = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)

    var activeCount: Int { self.active.load(ordering: .relaxed) }
    var isDraining: Bool { self.draining.load(ordering: .relaxed) }

    /// Stops accepting sessions; those running go on.
    func startDraining() {
        self.draining.store(true, ordering: .relaxed)
    }

    /// Counts a new session in, unless draining.
    func admit() -> Bool {
        guard !self.isDraining else { return false }
        self.active.add(1, ordering: .relaxed)
        return true
    }

    func release() {
        self.active.subtract(1, ordering: .relaxed)
    }
}
