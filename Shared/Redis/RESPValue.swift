import NIOCore

/// A reply from Redis, decoded from RESP2 and detached from hiredis memory.
///
/// Bulk strings stay as `ByteBuffer` so binary values (and large ones) are never re-encoded;
/// `string` decodes them as UTF-8 when a caller wants text.
package enum RESPValue: Sendable, Hashable {
    case simpleString(String)
    case bulkString(ByteBuffer)
    case integer(Int64)
    case array([RESPValue])
    case null
    case error(String)

    /// The value as text: bulk or simple strings, and integers in decimal.
    package var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let buffer): String(buffer: buffer)
        case .integer(let number): String(number)
        default: nil
        }
    }

    /// The value as a number: integers, or strings that hold one.
    package var int: Int? {
        switch self {
        case .integer(let number): Int(number)
        case .bulkString, .simpleString: self.string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The raw bytes of a bulk string.
    package var bytes: ByteBuffer? {
        if case .bulkString(let buffer) = self { return buffer }
        return nil
    }

    /// The elements of an array reply; `nil` for anything else, including a null array.
    package var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A flat `[field, value, field, value…]` array as a dictionary (HGETALL, stream entries).
    package var dictionary: [String: String] {
        let values = self.array ?? []
        var result: [String: String] = [:]
        result.reserveCapacity(values.count / 2)
        for index in stride(from: 0, to: values.count - 1, by: 2) {
            if let field = values[index].string { result[field] = values[index + 1].string ?? "" }
        }
        return result
    }

    /// The value itself, or the error reply thrown as ``RedisError``.
    package func checked() throws -> RESPValue {
        if case .error(let text) = self { throw RedisError.server(text) }
        return self
    }
}
