import NIOCore

/// A command on its way to the connection handler, with the promise its reply completes.
struct RedisRequest {
    var command: RedisCommand
    var promise: EventLoopPromise<RESPValue>
    /// Fails the promise with a time-out if no reply arrives within this span; `nil` waits forever.
    var timeout: TimeAmount?
}

/// A batch written with one flush: pipelining.
struct RedisBatch {
    var requests: [RedisRequest]
}
