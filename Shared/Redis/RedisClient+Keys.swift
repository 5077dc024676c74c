import NIOCore

/// How `SET` treats an existing key.
package enum RedisSetCondition: Sendable {
    case always
    /// `NX`: only if the key does not exist.
    case ifNotExists
    /// `XX`: only if the key exists.
    case ifExists
}

extension RedisClient {
    /// `PING`; returns the server's answer (`PONG`).
    package func ping(timeout: TimeAmount? = nil) async throws -> String {
        try await self.send(RedisCommand("PING"), timeout: timeout).string ?? ""
    }

    package func get(_ key: String) async throws -> String? {
        try await self.send("GET", [.string(key)]).string
    }

    /// The raw bytes of a key, for binary values.
    package func getBytes(_ key: String) async throws -> ByteBuffer? {
        try await self.send("GET", [.string(key)]).bytes
    }

    /// `SET` with optional expiry (sent as `PX`) and condition; returns whether the value was written.
    @discardableResult
    package func set(
        _ key: String,
        to value: RedisArgument,
        expiration: Duration? = nil,
        condition: RedisSetCondition = .always
    ) async throws -> Bool {
        var arguments: [RedisArgument] = [.string(key), value]
        if let expiration { arguments += ["PX", .integer(expiration.milliseconds)] }
        switch condition {
        case .always: break
        case .ifNotExists: arguments.append("NX")
        case .ifExists: arguments.append("XX")
        }
        return try await !self.send("SET", arguments).isNull
    }

    /// Deletes keys; returns how many existed.
    ///
    /// On a cluster, keys in different slots are deleted with one `DEL` per slot (in one pipeline).
    @discardableResult
    package func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        guard self.isCluster else { return try await self.send("DEL", keys.map { .string($0) }).int ?? 0 }
        let bySlot = Dictionary(grouping: keys, by: RedisHashSlot.of)
        let replies = try await self.pipeline(bySlot.values.map { RedisCommand("DEL", $0.map { .string($0) }) })
        return try replies.reduce(0) { $0 + (try $1.checked().int ?? 0) }
    }

    package func exists(_ key: String) async throws -> Bool {
        try await self.send("EXISTS", [.string(key)]).int == 1
    }

    /// `PEXPIRE`; returns whether the key exists.
    @discardableResult
    package func expire(_ key: String, after duration: Duration) async throws -> Bool {
        try await self.send("PEXPIRE", [.string(key), .integer(duration.milliseconds)]).int == 1
    }

    /// Remaining time to live in milliseconds; `nil` if the key has none or does not exist.
    package func ttl(_ key: String) async throws -> Duration? {
        let value = try await self.send("PTTL", [.string(key)]).int ?? -2
        return value >= 0 ? .milliseconds(value) : nil
    }

    @discardableResult
    package func increment(_ key: String, by amount: Int = 1) async throws -> Int {
        try await self.send("INCRBY", [.string(key), .integer(amount)]).int ?? 0
    }

    /// Every key matching `pattern`, walked with `SCAN` so the server is never blocked; on a
    /// cluster, on every master.
    package func scan(match pattern: String, count: Int = 500) async throws -> [String] {
        guard let cluster else { return try await self.scan(match: pattern, count: count) { try await self.send($0) } }
        try await cluster.ready()
        var keys: [String] = []
        for master in cluster.masters {
            let pool = try cluster.pool(master)
            keys += try await self.scan(match: pattern, count: count) { try await pool.connection().send($0) }
        }
        return keys
    }

    private func scan(
        match pattern: String, count: Int, on send: (RedisCommand) async throws -> RESPValue
    ) async throws -> [String] {
        var cursor = "0"
        var keys: [String] = []
        repeat {
            let reply = try await send(RedisCommand("SCAN", [.string(cursor), "MATCH", .string(pattern), "COUNT", .integer(count)]))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let batch = parts[1].array else {
                throw RedisError.unexpectedReply("SCAN", reply)
            }
            keys += batch.compactMap(\.string)
            cursor = next
        } while cursor != "0"
        return keys
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    package var milliseconds: Int {
        let (seconds, attoseconds) = self.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
