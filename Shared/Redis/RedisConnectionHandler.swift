import NIOCore

/// Matches replies to commands in order (RESP is strictly FIFO per connection) and enforces
/// per-command time-outs.
///
/// A command that times out has its promise failed, but keeps its place in the queue so the late
/// reply is consumed and dropped rather than handed to the next caller.
final class RedisConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisBatch
    typealias OutboundOut = ByteBuffer

    /// Only touched on the channel's event loop.
    private final class Pending {
        var promise: EventLoopPromise<RESPValue>?
        var timeout: Scheduled<Void>?
        let command: String
        init(promise: EventLoopPromise<RESPValue>, command: String) {
            self.promise = promise
            self.command = command
        }
    }

    private var queue = CircularBuffer<Pending>(initialCapacity: 16)
    private var closedError: RedisError?
    private var encodeBuffer: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let batch = Self.unwrapOutboundIn(data)
        if let closedError {
            for request in batch.requests { request.promise.fail(closedError) }
            promise?.fail(closedError)
            return
        }
        var buffer = self.encodeBuffer ?? context.channel.allocator.buffer(capacity: 256)
        self.encodeBuffer = nil
        buffer.clear()
        for request in batch.requests {
            request.command.encode(into: &buffer)
            let pending = Pending(promise: request.promise, command: request.command.name)
            if let timeout = request.timeout {
                let bound = NIOLoopBound(pending, eventLoop: context.eventLoop)
                let name = request.command.name
                pending.timeout = context.eventLoop.scheduleTask(in: timeout) {
                    let pending = bound.value
                    pending.promise?.fail(RedisError.commandTimeout(name))
                    pending.promise = nil
                }
            }
            self.queue.append(pending)
        }
        context.write(Self.wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = Self.unwrapInboundIn(data)
        guard let pending = self.queue.popFirst() else {
            context.fireErrorCaught(RedisError.protocolError("a reply arrived with no command waiting"))
            context.close(promise: nil)
            return
        }
        pending.timeout?.cancel()
        pending.promise?.succeed(value)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(RedisError.connectionClosed())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let redisError = (error as? RedisError) ?? RedisError.connectionClosed("connection error: \(error)")
        self.failAll(redisError)
        context.close(promise: nil)
    }

    private func failAll(_ error: RedisError) {
        if self.closedError == nil { self.closedError = error }
        while let pending = self.queue.popFirst() {
            pending.timeout?.cancel()
            pending.promise?.fail(error)
        }
    }
}
