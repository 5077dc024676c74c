extension RedisClient {
    // MARK: Hashes

    /// `HSET` of several fields; returns how many were new.
    @discardableResult
    package func hset(_ key: String, _ fields: [(String, RedisArgument)]) async throws -> Int {
        guard !fields.isEmpty else { return 0 }
        return try await self.send(Self.hsetCommand(key, fields)).int ?? 0
    }

    /// `HSET key field value…`, for pipelines.
    package static func hsetCommand(_ key: String, _ fields: [(String, RedisArgument)]) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(key)]
        for (field, value) in fields { arguments += [.string(field), value] }
        return RedisCommand("HSET", arguments)
    }

    package func hget(_ key: String, _ field: String) async throws -> String? {
        try await self.send("HGET", [.string(key), .string(field)]).string
    }

    package func hgetall(_ key: String) async throws -> [String: String] {
        try await self.send("HGETALL", [.string(key)]).dictionary
    }

    @discardableResult
    package func hdel(_ key: String, _ fields: [String]) async throws -> Int {
        try await self.send("HDEL", [.string(key)] + fields.map { .string($0) }).int ?? 0
    }

    @discardableResult
    package func hincrby(_ key: String, _ field: String, by amount: Int = 1) async throws -> Int {
        try await self.send("HINCRBY", [.string(key), .string(field), .integer(amount)]).int ?? 0
    }

    // MARK: Lists

    /// `RPUSH`; returns the new length.
    @discardableResult
    package func rpush(_ key: String, _ values: [RedisArgument]) async throws -> Int {
        try await self.send("RPUSH", [.string(key)] + values).int ?? 0
    }

    @discardableResult
    package func lpush(_ key: String, _ values: [RedisArgument]) async throws -> Int {
        try await self.send("LPUSH", [.string(key)] + values).int ?? 0
    }

    /// `LRANGE` with inclusive indices; negative indices count from the end.
    package func lrange(_ key: String, from start: Int = 0, to stop: Int = -1) async throws -> [String] {
        try await self.send("LRANGE", [.string(key), .integer(start), .integer(stop)]).array?.compactMap(\.string) ?? []
    }

    package func ltrim(_ key: String, from start: Int, to stop: Int) async throws {
        try await self.send("LTRIM", [.string(key), .integer(start), .integer(stop)])
    }

    package func llen(_ key: String) async throws -> Int {
        try await self.send("LLEN", [.string(key)]).int ?? 0
    }

    // MARK: Sorted sets

    /// `ZADD` of members with scores; returns how many were new.
    @discardableResult
    package func zadd(_ key: String, _ members: [(member: String, score: Double)]) async throws -> Int {
        var arguments: [RedisArgument] = [.string(key)]
        for (member, score) in members { arguments += [.double(score), .string(member)] }
        return try await self.send("ZADD", arguments).int ?? 0
    }

    @discardableResult
    package func zrem(_ key: String, _ members: [String]) async throws -> Int {
        try await self.send("ZREM", [.string(key)] + members.map { .string($0) }).int ?? 0
    }

    package func zscore(_ key: String, _ member: String) async throws -> Double? {
        try await self.send("ZSCORE", [.string(key), .string(member)]).string.flatMap(Double.init)
    }

    package func zcard(_ key: String) async throws -> Int {
        try await self.send("ZCARD", [.string(key)]).int ?? 0
    }

    /// Members by rank, lowest score first, with their scores.
    package func zrange(_ key: String, from start: Int = 0, to stop: Int = -1) async throws -> [(member: String, score: Double)] {
        let values = try await self.send("ZRANGE", [.string(key), .integer(start), .integer(stop), "WITHSCORES"]).array ?? []
        return Self.pairs(values)
    }

    /// Members whose score is within `[minimum, maximum]`, lowest first.
    package func zrangeByScore(
        _ key: String, minimum: Double = -.infinity, maximum: Double = .infinity, limit: Int? = nil
    ) async throws -> [(member: String, score: Double)] {
        var arguments: [RedisArgument] = [.string(key), .double(minimum), .double(maximum), "WITHSCORES"]
        if let limit { arguments += ["LIMIT", 0, .integer(limit)] }
        return Self.pairs(try await self.send("ZRANGEBYSCORE", arguments).array ?? [])
    }

    static func pairs(_ values: [RESPValue]) -> [(member: String, score: Double)] {
        stride(from: 0, to: values.count - 1, by: 2).compactMap { index in
            guard let member = values[index].string, let score = values[index + 1].string.flatMap(Double.init) else {
                return nil
            }
            return (member, score)
        }
    }
}
