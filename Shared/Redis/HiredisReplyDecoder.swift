import CHiredis
import NIOCore

/// Parses RESP replies with hiredis's reader and passes them on as ``RESPValue``s.
///
/// SwiftNIO owns the socket; hiredis only parses. A reply split across reads is buffered inside
/// the reader until it is complete. The reader lives and dies with this handler, on one event loop.
final class HiredisReplyDecoder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RESPValue

    private let reader: UnsafeMutablePointer<redisReader>
    private var failed = false

    init() {
        // redisReaderCreate only fails when malloc fails.
        self.reader = redisReaderCreate()!
    }

    deinit {
        redisReaderFree(self.reader)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.failed else { return }
        let buffer = Self.unwrapInboundIn(data)
        let fed = buffer.withUnsafeReadableBytes { raw -> Int32 in
            guard let base = raw.baseAddress, raw.count > 0 else { return REDIS_OK }
            return redisReaderFeed(self.reader, base.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard fed == REDIS_OK else { return self.fail(context: context) }
        while true {
            var reply: UnsafeMutableRawPointer?
            guard redisReaderGetReply(self.reader, &reply) == REDIS_OK else { return self.fail(context: context) }
            guard let reply else { return }  // needs more bytes
            let value = RESPValue(reply: UnsafePointer(reply.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(reply)
            context.fireChannelRead(Self.wrapInboundOut(value))
        }
    }

    private func fail(context: ChannelHandlerContext) {
        self.failed = true
        let message = withUnsafeBytes(of: self.reader.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        context.fireErrorCaught(RedisError.protocolError("unreadable reply: \(message)"))
        context.close(promise: nil)
    }
}

extension RESPValue {
    /// Deep-copies a hiredis reply tree into Swift values.
    init(reply: UnsafePointer<redisReply>) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            var buffer = ByteBufferAllocator().buffer(capacity: Int(node.len))
            if let text = node.str {
                buffer.writeBytes(UnsafeRawBufferPointer(start: text, count: Int(node.len)))
            }
            self = .bulkString(buffer)
        case REDIS_REPLY_STATUS:
            self = .simpleString(Self.text(node))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(node))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(node.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(node.elements))
            for index in 0..<Int(node.elements) {
                if let child = node.element[index] {
                    elements.append(RESPValue(reply: UnsafePointer(child)))
                } else {
                    elements.append(.null)
                }
            }
            self = .array(elements)
        default:
            self = .null
        }
    }

    private static func text(_ node: redisReply) -> String {
        guard let text = node.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: Int(node.len)), as: UTF8.self)
    }
}
