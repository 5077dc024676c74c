/// Thrown by ``withTimeout(_:_:)`` when the operation did not finish in time.
package struct TimeoutError: Error, CustomStringConvertible {
    package var description: String { "timed out" }
}

/// Runs `operation`, giving up after `timeout`; the operation is cancelled then.
package func withTimeout<Success: Sendable>(
    _ timeout: Duration,
    _ operation: @escaping @Sendable () async throws -> Success
) async -> Result<Success, any Error> {
    await withTaskGroup(of: Result<Success, any Error>?.self) { group in
        group.addTask {
            do { return .success(try await operation()) } catch { return .failure(error) }
        }
        group.addTask {
            do {
                try await Task.sleep(for: timeout)
                return .failure(TimeoutError())
            } catch {
                return nil  // cancelled because the operation finished first
            }
        }
        var outcome: Result<Success, any Error> = .failure(TimeoutError())
        for await result in group {
            if let result {
                outcome = result
                group.cancelAll()
                break
            }
        }
        return outcome
    }
}
