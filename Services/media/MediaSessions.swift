import Synchronization

/// How many sessions this worker runs, whether it still takes new ones, and whether its
/// sessions should move to other workers (a deploy: SIGTERM).
///
/// Read on every heartbeat and dispatch; kept in atomics so the hot path takes no lock.
final class MediaSessions: Sendable {
    private let active = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)
    private let handOff = Mutex(HandOffState())

    private struct HandOffState {
        var requested = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

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

    /// Asks every running session to move to another worker at its next safe point.
    func requestHandOff() {
        let waiters = self.handOff.withLock { state in
            state.requested = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a hand-off is requested, or when the calling task is cancelled.
    func handOffRequested() async {
        let id = self.handOff.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.handOff.withLock { state in
                    guard !state.requested, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.handOff.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
