import NIOCore

/// One argument of a Redis command, written as a RESP bulk string.
package enum RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case bytes(ByteBuffer)
    case integer(Int)
    case double(Double)

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .integer(value) }

    /// Writes the argument as `$<length>\r\n<bytes>\r\n`.
    @inlinable
    package func write(into buffer: inout ByteBuffer) {
        switch self {
        case .string(let text):
            buffer.writeBulkHeader(count: text.utf8.count)
            buffer.writeString(text)
        case .bytes(let bytes):
            buffer.writeBulkHeader(count: bytes.readableBytes)
            buffer.writeImmutableBuffer(bytes)
        case .integer(let number):
            let text = String(number)
            buffer.writeBulkHeader(count: text.utf8.count)
            buffer.writeString(text)
        case .double(let number):
            let text = number.isFinite ? String(number) : (number > 0 ? "+inf" : "-inf")
            buffer.writeBulkHeader(count: text.utf8.count)
            buffer.writeString(text)
        }
        buffer.writeStaticString("\r\n")
    }
}

extension ByteBuffer {
    @inlinable
    mutating func writeBulkHeader(count: Int) {
        self.writeInteger(UInt8(ascii: "$"))
        self.writeString(String(count))
        self.writeStaticString("\r\n")
    }
}

/// A Redis command: a name and its arguments, encoded on demand as a RESP array.
///
/// ```swift
/// let reply = try await redis.send(RedisCommand("SET", ["greeting", "hello", "PX", 5000]))
/// ```
package struct RedisCommand: Sendable, Hashable {
    package var arguments: [RedisArgument]

    package init(_ name: String, _ arguments: [RedisArgument] = []) {
        self.arguments = [.string(name)] + arguments
    }

    /// The command name, upper-cased, for logs and metric labels.
    package var name: String {
        if case .string(let name) = self.arguments.first { return name.uppercased() }
        return "?"
    }

    /// Appends the RESP encoding of this command to `buffer`.
    package func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeString(String(self.arguments.count))
        buffer.writeStaticString("\r\n")
        for argument in self.arguments {
            argument.write(into: &buffer)
        }
    }
}
