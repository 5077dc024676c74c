/// An error from the Redis client: connection problems, time-outs, or an error reply from the server.
///
/// `description` never contains associated values, so it is safe as a metric label;
/// `message` carries the detail (the server's text, the address that refused).
package struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case connectionRefused = "connection refused"
        case connectionClosed = "connection closed"
        case connectTimeout = "connect timed out"
        case commandTimeout = "command timed out"
        case unavailable = "redis unavailable"
        case server = "server error"
        case protocolError = "protocol error"
        case unexpectedReply = "unexpected reply"
        case tls = "tls failure"
        case clientClosed = "client closed"
    }

    private let code: Code
    /// Human-readable detail: the server's error text, or what went wrong and where.
    package let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { self.code.rawValue }

    /// The first word of a server error (`WRONGTYPE`, `NOAUTH`, `WRONGPASS`, `NOSCRIPT`, `BUSYGROUP`…).
    package var serverErrorPrefix: String? {
        guard self.code == .server else { return nil }
        return self.message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    package static func connectionRefused(_ address: String) -> RedisError {
        RedisError(.connectionRefused, "connection refused by \(address)")
    }
    package static func connectionClosed(_ detail: String = "the connection to redis closed") -> RedisError {
        RedisError(.connectionClosed, detail)
    }
    package static func connectTimeout(_ address: String) -> RedisError {
        RedisError(.connectTimeout, "connecting to \(address) timed out")
    }
    package static func commandTimeout(_ command: String) -> RedisError {
        RedisError(.commandTimeout, "\(command) got no reply in time")
    }
    /// Redis was unreachable recently; the client is backing off before it tries again.
    package static func unavailable(_ cause: String) -> RedisError {
        RedisError(.unavailable, "redis is unavailable (\(cause)); retrying with backoff")
    }
    package static func server(_ text: String) -> RedisError { RedisError(.server, text) }
    package static func protocolError(_ detail: String) -> RedisError { RedisError(.protocolError, detail) }
    package static func unexpectedReply(_ command: String, _ reply: RESPValue) -> RedisError {
        RedisError(.unexpectedReply, "\(command) returned \(reply)")
    }
    package static func tls(_ detail: String) -> RedisError { RedisError(.tls, detail) }
    package static let clientClosed = RedisError(.clientClosed, "the redis client was shut down")

    package static let connectionRefused = RedisError(.connectionRefused, "")
    package static let connectionClosed = RedisError(.connectionClosed, "")
    package static let commandTimeout = RedisError(.commandTimeout, "")
    package static let unavailable = RedisError(.unavailable, "")

    /// Whether two errors are of the same kind, ignoring their messages: `error ~= .commandTimeout`.
    package static func ~= (pattern: RedisError, value: RedisError) -> Bool { pattern.code == value.code }

    package var isServerError: Bool { self.code == .server }
    /// Errors after which another attempt on a new connection may succeed.
    package var isConnectionError: Bool {
        switch self.code {
        case .connectionRefused, .connectionClosed, .connectTimeout, .unavailable, .tls: true
        default: false
        }
    }

    package static func == (lhs: RedisError, rhs: RedisError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
    package func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.message)
    }
}
