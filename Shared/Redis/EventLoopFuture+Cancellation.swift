import NIOCore

extension EventLoopFuture where Value: Sendable {
    /// Awaits the future, but returns at once with `CancellationError` when the task is cancelled;
    /// the underlying operation still completes (a late reply is dropped by the connection).
    func getCancellable() async throws -> Value {
        let promise = self.eventLoop.makePromise(of: Value.self)
        self.cascade(to: promise)
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
        }
    }
}
