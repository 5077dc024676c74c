import NIOCore
import NIOEmbedded
import Testing

@testable import SwitchboardRedis

@Suite("RESP parsing with hiredis")
struct HiredisReplyDecoderTests {
    private func decode(_ chunks: [String]) throws -> (values: [RESPValue], channel: EmbeddedChannel) {
        let channel = EmbeddedChannel(handler: HiredisReplyDecoder())
        for chunk in chunks { try channel.writeInbound(ByteBuffer(string: chunk)) }
        var values: [RESPValue] = []
        while let value = try channel.readInbound(as: RESPValue.self) { values.append(value) }
        return (values, channel)
    }

    @Test func aReplySplitInsideABulkStringIsDecodedOnceComplete() throws {
        let (values, _) = try self.decode(["$11\r\nhello", " world\r", "\n:42\r\n"])
        #expect(values == [.bulkString(ByteBuffer(string: "hello world")), .integer(42)])
    }

    @Test func nestedArraysNullsStatusesAndErrorsKeepTheirKinds() throws {
        let (values, _) = try self.decode(["*3\r\n+OK\r\n$-1\r\n*2\r\n-ERR bad\r\n:-7\r\n", "*-1\r\n"])
        #expect(values == [.array([.simpleString("OK"), .null, .array([.error("ERR bad"), .integer(-7)])]), .null])
    }

    @Test func garbageClosesTheConnectionWithAProtocolError() throws {
        let channel = EmbeddedChannel(handler: HiredisReplyDecoder())
        #expect(throws: RedisError.self) { try channel.writeInbound(ByteBuffer(string: "?what\r\n")) }
        #expect(!channel.isActive)
    }

    @Test func commandsAreEncodedAsRESPArrays() {
        var buffer = ByteBuffer()
        RedisCommand("SET", ["k", .integer(12), .bytes(ByteBuffer(string: "é"))]).encode(into: &buffer)
        #expect(String(buffer: buffer) == "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n12\r\n$2\r\né\r\n")
    }
}
