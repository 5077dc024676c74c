import NIOCore

extension RedisClient {
    /// `XADD`, trimmed with `MAXLEN ~ maxLength` when given; returns the new entry's id.
    @discardableResult
    package func xadd(
        _ stream: String, fields: [(String, RedisArgument)], maxLength: Int? = nil, id: String = "*"
    ) async throws -> String {
        try await self.send(Self.xaddCommand(stream, fields: fields, maxLength: maxLength, id: id)).string ?? ""
    }

    /// The `XADD` command, for pipelines.
    package static func xaddCommand(
        _ stream: String, fields: [(String, RedisArgument)], maxLength: Int? = nil, id: String = "*"
    ) -> RedisCommand {
        var arguments: [RedisArgument] = [.string(stream)]
        if let maxLength { arguments += ["MAXLEN", "~", .integer(maxLength)] }
        arguments.append(.string(id))
        for (field, value) in fields { arguments += [.string(field), value] }
        return RedisCommand("XADD", arguments)
    }

    /// `XGROUP CREATE … MKSTREAM`; returns false when the group already exists.
    @discardableResult
    package func xgroupCreate(_ stream: String, group: String, startID: String = "$") async throws -> Bool {
        do {
            try await self.send("XGROUP", ["CREATE", .string(stream), .string(group), .string(startID), "MKSTREAM"])
            return true
        } catch let error as RedisError where error.serverErrorPrefix == "BUSYGROUP" {
            return false
        }
    }

    /// Entries between two ids (`-` and `+` for the ends), oldest first.
    package func xrange(
        _ stream: String, from start: String = "-", to end: String = "+", count: Int? = nil
    ) async throws -> [RedisStreamEntry] {
        var arguments: [RedisArgument] = [.string(stream), .string(start), .string(end)]
        if let count { arguments += ["COUNT", .integer(count)] }
        return (try await self.send("XRANGE", arguments).array ?? []).compactMap(RedisStreamEntry.init)
    }

    /// The newest entries, newest first.
    package func xrevrange(_ stream: String, count: Int) async throws -> [RedisStreamEntry] {
        (try await self.send("XREVRANGE", [.string(stream), "+", "-", "COUNT", .integer(count)]).array ?? [])
            .compactMap(RedisStreamEntry.init)
    }

    package func xlen(_ stream: String) async throws -> Int {
        try await self.send("XLEN", [.string(stream)]).int ?? 0
    }

    /// `XACK`; returns how many entries were acknowledged.
    @discardableResult
    package func xack(_ stream: String, group: String, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await self.send("XACK", [.string(stream), .string(group)] + ids.map { .string($0) }).int ?? 0
    }

    /// `XREADGROUP` without blocking, on the pool. Use ``RedisConnection/xreadgroup(group:consumer:stream:count:block:)``
    /// on a dedicated connection to block.
    package func xreadgroup(
        group: String, consumer: String, stream: String, count: Int = 100, id: String = ">"
    ) async throws -> [RedisStreamEntry] {
        let reply = try await self.send(
            RedisConnection.xreadgroupCommand(group: group, consumer: consumer, stream: stream, count: count, block: nil, id: id))
        return RedisConnection.parseStreamRead(reply)
    }

    /// `XAUTOCLAIM`: takes over entries idle longer than `minIdle` from dead consumers.
    /// Returns the cursor to continue from (`0-0` when done) and the claimed entries.
    package func xautoclaim(
        _ stream: String, group: String, consumer: String, minIdle: Duration, start: String = "0-0", count: Int = 100
    ) async throws -> (next: String, entries: [RedisStreamEntry]) {
        let reply = try await self.send(
            "XAUTOCLAIM",
            [.string(stream), .string(group), .string(consumer), .integer(minIdle.milliseconds), .string(start), "COUNT", .integer(count)]
        )
        guard let parts = reply.array, parts.count >= 2, let next = parts[0].string else {
            throw RedisError.unexpectedReply("XAUTOCLAIM", reply)
        }
        return (next, (parts[1].array ?? []).compactMap(RedisStreamEntry.init))
    }
}

extension RedisConnection {
    /// `XREADGROUP … BLOCK`: waits up to `block` for new entries. Meant for a dedicated
    /// connection from `RedisClient.withConnection`.
    package func xreadgroup(
        group: String, consumer: String, stream: String, count: Int = 100, block: Duration, id: String = ">"
    ) async throws -> [RedisStreamEntry] {
        let command = Self.xreadgroupCommand(group: group, consumer: consumer, stream: stream, count: count, block: block, id: id)
        let reply = try await self.send(command, timeout: .milliseconds(Int64(block.milliseconds)) + self.commandTimeoutValue)
        return Self.parseStreamRead(reply)
    }

    /// `XREAD … BLOCK`: entries after `id`, waiting up to `block` for new ones. Meant for a
    /// dedicated connection from `RedisClient.withConnection`.
    package func xread(stream: String, after id: String, count: Int = 100, block: Duration) async throws -> [RedisStreamEntry] {
        let command = RedisCommand(
            "XREAD", ["COUNT", .integer(count), "BLOCK", .integer(block.milliseconds), "STREAMS", .string(stream), .string(id)])
        let reply = try await self.send(command, timeout: .milliseconds(Int64(block.milliseconds)) + self.commandTimeoutValue)
        return Self.parseStreamRead(reply)
    }

    static func xreadgroupCommand(group: String, consumer: String, stream: String, count: Int, block: Duration?, id: String) -> RedisCommand
    {
        var arguments: [RedisArgument] = ["GROUP", .string(group), .string(consumer), "COUNT", .integer(count)]
        if let block { arguments += ["BLOCK", .integer(block.milliseconds)] }
        arguments += ["STREAMS", .string(stream), .string(id)]
        return RedisCommand("XREADGROUP", arguments)
    }

    /// `[[stream, [entries…]]]` or null when nothing arrived.
    static func parseStreamRead(_ reply: RESPValue) -> [RedisStreamEntry] {
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2 else { return [] }
        return (first[1].array ?? []).compactMap(RedisStreamEntry.init)
    }
}
