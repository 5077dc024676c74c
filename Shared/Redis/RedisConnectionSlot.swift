import NIOCore
import NIOSSL
import Synchronization

/// One place in the pool: connects lazily, shares one connect attempt among all waiting callers,
/// and after a failure backs off exponentially, failing fast with `unavailable` in the meantime.
final class RedisConnectionSlot: Sendable {
    private enum State {
        case idle(failures: Int, retryAt: NIODeadline?, lastError: RedisError?)
        case connecting(EventLoopFuture<RedisConnection>, failures: Int)
        case connected(RedisConnection)
        case closed
    }

    private let state = Mutex<State>(.idle(failures: 0, retryAt: nil, lastError: nil))
    private let configuration: RedisConfiguration
    private let sslContext: NIOSSLContext?
    let eventLoop: any EventLoop

    init(configuration: RedisConfiguration, sslContext: NIOSSLContext?, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.sslContext = sslContext
        self.eventLoop = eventLoop
    }

    /// The open connection, if there is one right now.
    var activeConnection: RedisConnection? {
        self.state.withLock { state in
            if case .connected(let connection) = state, connection.isActive { return connection }
            return nil
        }
    }

    /// The slot's connection, connecting first if needed.
    func connection() -> EventLoopFuture<RedisConnection> {
        enum Next {
            case ready(EventLoopFuture<RedisConnection>)
            case connect(EventLoopPromise<RedisConnection>)
        }
        let next: Next = self.state.withLock { state in
            switch state {
            case .connected(let connection) where connection.isActive:
                return .ready(self.eventLoop.makeSucceededFuture(connection))
            case .connecting(let future, _):
                return .ready(future)
            case .closed:
                return .ready(self.eventLoop.makeFailedFuture(RedisError.clientClosed))
            case .idle(_, let retryAt?, let lastError) where NIODeadline.now() < retryAt:
                return .ready(self.eventLoop.makeFailedFuture(RedisError.unavailable(lastError?.message ?? "")))
            case .idle(let failures, _, _):
                let promise = self.eventLoop.makePromise(of: RedisConnection.self)
                state = .connecting(promise.futureResult, failures: failures)
                return .connect(promise)
            case .connected:
                let promise = self.eventLoop.makePromise(of: RedisConnection.self)
                state = .connecting(promise.futureResult, failures: 0)
                return .connect(promise)
            }
        }
        switch next {
        case .ready(let future):
            return future
        case .connect(let promise):
            RedisConnection.connect(configuration: self.configuration, sslContext: self.sslContext, eventLoop: self.eventLoop)
                .whenComplete { result in self.finishConnect(result, promise: promise) }
            return promise.futureResult
        }
    }

    private func finishConnect(_ result: Result<RedisConnection, any Error>, promise: EventLoopPromise<RedisConnection>) {
        switch result {
        case .success(let connection):
            let keep = self.state.withLock { state -> Bool in
                guard case .connecting = state else { return false }  // closed meanwhile
                state = .connected(connection)
                return true
            }
            guard keep else {
                connection.close()
                return promise.fail(RedisError.clientClosed)
            }
            connection.closeFuture.whenComplete { _ in
                self.state.withLock { state in
                    if case .connected(let current) = state, current === connection {
                        state = .idle(failures: 0, retryAt: nil, lastError: nil)
                    }
                }
            }
            promise.succeed(connection)
        case .failure(let error):
            let redisError = RedisConnection.translate(error)
            self.state.withLock { state in
                guard case .connecting(_, let previous) = state else { return }
                let failures = previous + 1
                let delay = self.configuration.backoff(afterFailures: failures)
                state = .idle(failures: failures, retryAt: .now() + delay, lastError: redisError)
            }
            promise.fail(redisError)
        }
    }

    /// Closes the connection and refuses new commands.
    func close() {
        let toClose: RedisConnection? = self.state.withLock { state in
            defer { state = .closed }
            if case .connected(let connection) = state { return connection }
            return nil
        }
        toClose?.close()
    }
}
