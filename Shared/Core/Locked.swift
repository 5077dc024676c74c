import Synchronization

/// A value shared between tasks behind a lock, as a reference that closures can capture.
///
/// ```swift
/// let seen = Locked(0)
/// group.addTask { seen.withLock { $0 += 1 } }
/// ```
package final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: Value) {
        self.mutex = Mutex(value)
    }

    package func withLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> sending Result {
        try self.mutex.withLock(body)
    }

    package var value: Value { self.mutex.withLock { $0 } }
}
