import NIOCore
import SwitchboardTestSupport
import Testing

@testable import SwitchboardRedis

@Suite("Redis command families against a real server")
struct RedisCommandTests {
    @Test func stringsHonourExpiryAndConditions() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let key = prefix + "greeting"
            #expect(try await redis.set(key, to: "hello", expiration: .seconds(30)))
            #expect(try await redis.get(key) == "hello")
            let ttl = try #require(try await redis.ttl(key))
            #expect(ttl > .seconds(25) && ttl <= .seconds(30))
            #expect(try await redis.set(key, to: "again", condition: .ifNotExists) == false)
            #expect(try await redis.get(key) == "hello")
            #expect(try await redis.set(prefix + "absent", to: "x", condition: .ifExists) == false)
            #expect(try await redis.exists(prefix + "absent") == false)
            #expect(try await redis.set(prefix + "lease", to: "owner", expiration: .milliseconds(100), condition: .ifNotExists))
            try await Task.sleep(for: .milliseconds(250))
            #expect(try await redis.get(prefix + "lease") == nil)
            #expect(try await redis.increment(prefix + "counter", by: 5) == 5)
            #expect(try await redis.increment(prefix + "counter") == 6)
            #expect(try await redis.delete([key, prefix + "counter", prefix + "missing"]) == 2)
        }
    }

    @Test func hashesStoreFieldsIndependently() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let key = prefix + "session"
            let fields: [(String, RedisArgument)] = [("agent", "Concierge"), ("turns", 0)]
            let added = try await redis.hset(key, fields)
            #expect(added == 2)
            #expect(try await redis.hincrby(key, "turns", by: 3) == 3)
            #expect(try await redis.hget(key, "agent") == "Concierge")
            #expect(try await redis.hgetall(key) == ["agent": "Concierge", "turns": "3"])
            #expect(try await redis.hdel(key, ["agent"]) == 1)
            #expect(try await redis.hgetall(key) == ["turns": "3"])
            #expect(try await redis.hgetall(prefix + "none").isEmpty)
        }
    }

    @Test func listsKeepOrderAndTrim() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let key = prefix + "history"
            #expect(try await redis.rpush(key, ["b", "c"]) == 2)
            #expect(try await redis.lpush(key, ["a"]) == 3)
            #expect(try await redis.lrange(key) == ["a", "b", "c"])
            try await redis.ltrim(key, from: -2, to: -1)
            #expect(try await redis.lrange(key) == ["b", "c"])
            #expect(try await redis.llen(key) == 2)
        }
    }

    @Test func sortedSetsOrderByScore() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let key = prefix + "workers"
            let members: [(member: String, score: Double)] = [("w2", 0.5), ("w1", 0.1), ("w3", 0.9)]
            let added = try await redis.zadd(key, members)
            #expect(added == 3)
            #expect(try await redis.zrange(key).map(\.member) == ["w1", "w2", "w3"])
            #expect(try await redis.zrangeByScore(key, minimum: 0.2, maximum: 1).map(\.member) == ["w2", "w3"])
            #expect(try await redis.zrangeByScore(key, limit: 1).map(\.member) == ["w1"])
            #expect(try await redis.zscore(key, "w3") == 0.9)
            #expect(try await redis.zrem(key, ["w3", "nope"]) == 1)
            #expect(try await redis.zcard(key) == 2)
        }
    }

    @Test func streamsDeliverToConsumerGroupsAndReclaimIdleEntries() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let stream = prefix + "events"
            #expect(try await redis.xgroupCreate(stream, group: "metrics", startID: "0"))
            #expect(try await redis.xgroupCreate(stream, group: "metrics", startID: "0") == false)
            for turn in 1...5 {
                try await redis.xadd(stream, fields: [("turn", .integer(turn)), ("stage", "stt")], maxLength: 1000)
            }
            #expect(try await redis.xlen(stream) == 5)
            let first = try await redis.xreadgroup(group: "metrics", consumer: "a", stream: stream, count: 3)
            #expect(first.map { $0.fields["turn"] } == ["1", "2", "3"])
            #expect(try await redis.xack(stream, group: "metrics", ids: [first[0].id]) == 1)
            // Consumer "a" dies holding turns 2 and 3; "b" claims them.
            try await Task.sleep(for: .milliseconds(30))
            let (next, claimed) = try await redis.xautoclaim(stream, group: "metrics", consumer: "b", minIdle: .milliseconds(10))
            #expect(next == "0-0")
            #expect(claimed.map { $0.fields["turn"] } == ["2", "3"])
            let rest = try await redis.xreadgroup(group: "metrics", consumer: "b", stream: stream)
            #expect(rest.map { $0.fields["turn"] } == ["4", "5"])
            #expect(try await redis.xrange(stream, count: 2).map { $0.fields["turn"] } == ["1", "2"])
            #expect(try await redis.xrevrange(stream, count: 1).first?.fields["turn"] == "5")
        }
    }

    @Test func streamTrimmingKeepsRoughlyMaxLength() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let stream = prefix + "relay"
            let commands = (0..<500).map { RedisClient.xaddCommand(stream, fields: [("n", .integer($0))], maxLength: 100) }
            _ = try await redis.pipeline(commands)
            let length = try await redis.xlen(stream)
            #expect(length >= 100 && length < 500)
        }
    }

    @Test func blockingReadWaitsOnADedicatedConnection() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let stream = prefix + "blocking"
            try await redis.xgroupCreate(stream, group: "g")
            async let entries = redis.withConnection { connection in
                try await connection.xreadgroup(group: "g", consumer: "c", stream: stream, block: .seconds(5))
            }
            try await Task.sleep(for: .milliseconds(100))
            // The pool stays free while the dedicated connection blocks.
            #expect(try await redis.ping() == "PONG")
            try await redis.xadd(stream, fields: [("hello", "world")])
            #expect(try await entries.first?.fields == ["hello": "world"])
        }
    }

    @Test func scriptsRunBySHAAndReloadAfterFlush() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let renew = RedisScript(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end"
            )
            let key = prefix + "owner"
            try await redis.set(key, to: "worker-1", expiration: .seconds(5))
            #expect(try await redis.run(renew, keys: [key], arguments: ["worker-1", 9000]).int == 1)
            #expect(try await redis.run(renew, keys: [key], arguments: ["worker-2", 9000]).int == 0)
            try await redis.send("SCRIPT", ["FLUSH"])
            #expect(try await redis.run(renew, keys: [key], arguments: ["worker-1", 9000]).int == 1)
        }
    }

    @Test func scanWalksEveryMatchingKey() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let commands = (0..<1200).map { RedisCommand("SET", [.string("\(prefix)k:\($0)"), "v"]) }
            _ = try await redis.pipeline(commands)
            let keys = try await redis.scan(match: prefix + "k:*", count: 100)
            #expect(Set(keys).count == 1200)
        }
    }

    @Test func wrongTypeIsAClearServerError() async throws {
        try await RedisTesting.withClient { redis, prefix in
            try await redis.set(prefix + "text", to: "x")
            let error = await #expect(throws: RedisError.self) { try await redis.hget(prefix + "text", "field") }
            #expect(error?.serverErrorPrefix == "WRONGTYPE")
            #expect(error?.isServerError == true)
            // The connection is still usable.
            #expect(try await redis.get(prefix + "text") == "x")
        }
    }

    @Test func pipelineReturnsRepliesInOrderWithErrorsInPlace() async throws {
        try await RedisTesting.withClient { redis, prefix in
            try await redis.set(prefix + "text", to: "x")
            let replies = try await redis.pipeline([
                RedisCommand("SET", [.string(prefix + "a"), "1"]),
                RedisCommand("INCR", [.string(prefix + "text")]),
                RedisCommand("INCR", [.string(prefix + "a")]),
                RedisCommand("GET", [.string(prefix + "a")]),
            ])
            #expect(replies[0] == .simpleString("OK"))
            guard case .error(let message) = replies[1] else { Issue.record("expected an error reply"); return }
            #expect(message.hasPrefix("ERR"))
            #expect(replies[2] == .integer(2))
            #expect(replies[3].string == "2")
        }
    }

    @Test func aThousandConcurrentCommandsFromManyTasksAllGetTheirOwnReply() async throws {
        try await RedisTesting.withClient { redis, prefix in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let key = "\(prefix)c:\(index)"
                        try await redis.set(key, to: .string("value-\(index)"))
                        let value = try await redis.get(key)
                        #expect(value == "value-\(index)")
                        try await redis.increment(prefix + "total")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await redis.get(prefix + "total") == "1000")
        }
    }

    @Test func aOneMegabyteBinaryValueRoundTrips() async throws {
        try await RedisTesting.withClient { redis, prefix in
            var value = ByteBuffer()
            for index in 0..<(1 << 20) { value.writeInteger(UInt8(truncatingIfNeeded: index &* 31 &+ 7)) }
            try await redis.set(prefix + "big", to: .bytes(value))
            let read = try #require(try await redis.getBytes(prefix + "big"))
            #expect(read.readableBytes == 1 << 20)
            #expect(read == value)
        }
    }

    @Test func aCommandThatGetsNoReplyInTimeFailsWithoutShiftingLaterReplies() async throws {
        // A private server: the pause must not stall other tests, and its length leaves room for a
        // loaded machine to fire the 50 ms time-out well before the paused reply arrives.
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.stop() }
        var configuration = RedisTesting.configuration(port: server.port)
        configuration.poolSize = 1
        try await RedisTesting.withClient(configuration: configuration) { redis, prefix in
            try await redis.set(prefix + "k", to: "expected")
            try await RedisTesting.withClient(configuration: RedisTesting.configuration(port: server.port)) { other, _ in
                try await other.send("CLIENT", ["PAUSE", 1500, "WRITE"])
                // A write command is held by the pause; with a 50 ms limit it times out.
                let error = await #expect(throws: RedisError.self) {
                    try await redis.send(RedisCommand("SET", [.string(prefix + "k2"), "v"]), timeout: .milliseconds(50))
                }
                #expect(error.map { RedisError.commandTimeout ~= $0 } == true)
            }
            // The late OK of the timed-out SET must not be taken as this GET's reply.
            try await Task.sleep(for: .milliseconds(1700))
            #expect(try await redis.get(prefix + "k") == "expected")
        }
    }
}
