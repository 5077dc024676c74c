import NIOCore

/// A Lua script run with `EVALSHA`, sent whole with `EVAL` after a `NOSCRIPT` (a restarted or
/// failed-over server, or another cluster node, has not cached it). On a cluster all its keys
/// must be in one hash slot.
///
/// ```swift
/// let renew = RedisScript("if redis.call('GET', KEYS[1]) == ARGV[1] then …")
/// let reply = try await redis.run(renew, keys: [key], arguments: [owner])
/// ```
package struct RedisScript: Sendable, Hashable {
    package let source: String

    package init(_ source: String) {
        self.source = source
    }
}

extension RedisClient {
    /// Runs a script by its SHA-1, loading it first if the server does not know it.
    @discardableResult
    package func run(_ script: RedisScript, keys: [String], arguments: [RedisArgument] = []) async throws -> RESPValue {
        let sha = try await self.scriptSHA(script)
        let tail: [RedisArgument] = [.integer(keys.count)] + keys.map { .string($0) } + arguments
        do {
            return try await self.send("EVALSHA", [.string(sha)] + tail)
        } catch let error as RedisError where error.serverErrorPrefix == "NOSCRIPT" {
            // EVAL caches the script on the node that runs it: on a cluster, the one owning the keys.
            return try await self.send("EVAL", [.string(script.source)] + tail)
        }
    }

    /// `SCRIPT LOAD`; returns the SHA-1 the server computed.
    private func scriptSHA(_ script: RedisScript) async throws -> String {
        if let sha = self.scriptCache.withLock({ $0[script.source] }) { return sha }
        let reply = try await self.send("SCRIPT", ["LOAD", .string(script.source)])
        guard let sha = reply.string else { throw RedisError.unexpectedReply("SCRIPT LOAD", reply) }
        self.scriptCache.withLock { $0[script.source] = sha }
        return sha
    }
}
