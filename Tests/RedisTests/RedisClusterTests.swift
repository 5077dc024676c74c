import Foundation
import NIOCore
import SwitchboardTestSupport
import Testing

@testable import SwitchboardRedis

@Suite("Redis Cluster: hash slots, key routing and the slot map")
struct RedisHashSlotTests {
    @Test func slotsAreCRC16OfTheKeyOrItsHashTag() {
        #expect(RedisHashSlot.crc16(Array("123456789".utf8)) == 0x31C3)
        #expect(RedisHashSlot.of("foo") == 12182)
        #expect(RedisHashSlot.of("bar") == 5061)
        #expect(RedisHashSlot.of("{user1000}.following") == RedisHashSlot.of("{user1000}.followers"))
        #expect(RedisHashSlot.of("sb:session:{abc}:history") == RedisHashSlot.of("abc"))
        // An empty tag does not count: the whole key is hashed; only the first `{…}` counts.
        #expect(RedisHashSlot.of("foo{}{bar}") == Int(RedisHashSlot.crc16(Array("foo{}{bar}".utf8)) & 0x3FFF))
        #expect(RedisHashSlot.of("foo{{bar}}zap") == RedisHashSlot.of("{bar"))
    }

    @Test func commandsNameTheirKeys() {
        #expect(RedisCommand("HSET", ["h", "f", "v"]).keys == ["h"])
        #expect(RedisCommand("DEL", ["a", "b"]).keys == ["a", "b"])
        #expect(RedisCommand("EVALSHA", ["sha", 2, "k1", "k2", "arg"]).keys == ["k1", "k2"])
        #expect(RedisCommand("XREADGROUP", ["GROUP", "g", "c", "COUNT", 5, "STREAMS", "s1", "s2", ">", ">"]).keys == ["s1", "s2"])
        #expect(RedisCommand("XINFO", ["GROUPS", "sb:events"]).keys == ["sb:events"])
        #expect(RedisCommand("SPUBLISH", ["sb:relay:{a}", "m"]).slot == RedisHashSlot.of("a"))
        #expect(RedisCommand("PUBLISH", ["sb:calls:control", "m"]).slot == nil)
        #expect(RedisCommand("PING").keys.isEmpty)
    }

    @Test func redirectionsAreRead() {
        let here = RedisConfiguration.Endpoint(host: "10.0.0.1", port: 7000)
        #expect(
            RedisClusterReply(error: "MOVED 3999 127.0.0.1:6381", current: here)
                == .moved(slot: 3999, to: .init(host: "127.0.0.1", port: 6381)))
        #expect(RedisClusterReply(error: "ASK 3999 :6382", current: here) == .ask(slot: 3999, to: .init(host: "10.0.0.1", port: 6382)))
        #expect(RedisClusterReply(error: "TRYAGAIN Multiple keys request during rehashing of slot", current: here) == .retry)
        #expect(RedisClusterReply(error: "CLUSTERDOWN The cluster is down", current: here) == .retry)
        #expect(RedisClusterReply(error: "WRONGTYPE Operation against a key", current: here) == nil)
    }

    @Test func theSlotMapIsReadFromClusterShards() throws {
        func node(_ port: Int, _ role: String) -> RESPValue {
            .array([
                .bulkString(.init(string: "port")), .integer(Int64(port)), .bulkString(.init(string: "ip")),
                .bulkString(.init(string: "127.0.0.1")), .bulkString(.init(string: "role")), .bulkString(.init(string: role)),
                .bulkString(.init(string: "health")), .bulkString(.init(string: "online")),
            ])
        }
        func shard(_ ranges: [Int], _ nodes: [RESPValue]) -> RESPValue {
            .array([
                .bulkString(.init(string: "slots")), .array(ranges.map { .integer(Int64($0)) }),
                .bulkString(.init(string: "nodes")), .array(nodes),
            ])
        }
        let reply = RESPValue.array([
            shard([0, 8191], [node(7001, "replica"), node(7000, "master")]),
            shard([8192, 16383], [node(7002, "master")]),
        ])
        let map = try #require(RedisSlotMap(shards: reply, asked: .init(host: "127.0.0.1", port: 7000), tls: false))
        #expect(map.owner(of: 0)?.port == 7000)
        #expect(map.owner(of: 8191)?.port == 7000)
        #expect(map.owner(of: 8192)?.port == 7002)
        #expect(map.masters.count == 2)
    }
}

@Suite("Redis Cluster against a local cluster of 3 masters and 3 replicas", .serialized)
struct RedisClusterTests {
    /// Runs `body` with a cluster client and a fresh cluster.
    func withCluster(_ body: (RedisClient, RedisClusterProcess) async throws -> Void) async throws {
        let cluster = try RedisClusterProcess()
        defer { cluster.stop() }
        try await cluster.start()
        let client = try RedisClient(configuration: cluster.configuration, logger: RedisTesting.logger)
        defer { client.close() }
        try await body(client, cluster)
    }

    @Test func commandsPipelinesScriptsAndScansSpanEveryMaster() async throws {
        try await self.withCluster { redis, _ in
            let keys = (0..<50).map { "k:\($0)" }
            let replies = try await redis.pipeline(
                keys.flatMap { [RedisCommand("SET", [.string($0), .string($0)]), RedisCommand("GET", [.string($0)])] })
            #expect(replies.enumerated().filter { $0.offset % 2 == 1 }.map { $0.element.string } == keys)
            #expect(Set((try await redis.scan(match: "k:*"))) == Set(keys))
            let masters = Set(keys.map { RedisHashSlot.of($0) }.map { redis.cluster!.endpoint(forSlot: $0) })
            #expect(masters.count == 3)
            let script = RedisScript("return redis.call('GET', KEYS[1])")
            for key in keys.prefix(10) { #expect(try await redis.run(script, keys: [key]).string == key) }
            #expect(try await redis.delete(keys) == 50)
            try await redis.set("sb:session:{s1}", to: "a")
            try await redis.rpush("sb:session:{s1}:history", ["x"])
            #expect(try await redis.send("EXISTS", ["sb:session:{s1}", "sb:session:{s1}:history"]).int == 2)
        }
    }

    @Test func movedAndAskAreFollowedWhileASlotMigrates() async throws {
        try await self.withCluster { redis, cluster in
            let key = "sb:session:{migrating}"
            let slot = RedisHashSlot.of(key)
            try await redis.set(key, to: "before")
            let source = redis.cluster!.endpoint(forSlot: slot)
            let target = redis.cluster!.masters.first { $0 != source }!
            let sourceNode = try cluster.node(source.port)
            let targetNode = try cluster.node(target.port)
            defer {
                sourceNode.close()
                targetNode.close()
            }
            let sourceID = try await sourceNode.send("CLUSTER", ["MYID"]).string!
            let targetID = try await targetNode.send("CLUSTER", ["MYID"]).string!
            try await targetNode.send("CLUSTER", ["SETSLOT", .integer(slot), "IMPORTING", .string(sourceID)])
            try await sourceNode.send("CLUSTER", ["SETSLOT", .integer(slot), "MIGRATING", .string(targetID)])
            try await sourceNode.send("MIGRATE", ["127.0.0.1", .integer(target.port), .string(key), 0, 5000])
            // Mid-migration: the source answers ASK for the moved key; the client follows with ASKING.
            #expect(try await redis.get(key) == "before")
            #expect(try await redis.set(key, to: "during"))
            for node in [sourceNode, targetNode] {
                try await node.send("CLUSTER", ["SETSLOT", .integer(slot), "NODE", .string(targetID)])
            }
            // Done: the source answers MOVED; the client follows and remembers the new owner.
            #expect(try await redis.get(key) == "during")
            #expect(redis.cluster!.endpoint(forSlot: slot) == target)
        }
    }

    @Test func aReplicaTakesOverADeadMasterAndCommandsAndShardedSubscriptionsGoOn() async throws {
        try await self.withCluster { redis, cluster in
            let channel = "sb:relay:{failover}"
            let key = "sb:session:{failover}"
            try await redis.set(key, to: "kept")
            try await Task.sleep(for: .milliseconds(300))  // replicated before the master dies
            let master = redis.cluster!.endpoint(forSlot: RedisHashSlot.of(key))
            let received = try await redis.ssubscribe(to: [channel]) { messages throws -> [String] in
                #expect(try await redis.spublish("before", to: channel) == 1)
                cluster.kill(port: master.port)
                // Retried through the failover until the promoted replica answers.
                let value = try await redis.get(key)
                #expect(value == "kept", "after the failover, \(key) on \(redis.cluster!.endpoint(forSlot: RedisHashSlot.of(key)))")
                #expect(redis.cluster!.endpoint(forSlot: RedisHashSlot.of(key)) != master)
                var texts: [String] = []
                var iterator = messages.makeAsyncIterator()
                texts.append(try #require(await iterator.next()).string)
                // The subscription moves to the new master: publish until it is there.
                for attempt in 0..<100 {
                    if try await redis.spublish(.string("after-\(attempt)"), to: channel) > 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                texts.append(try #require(await iterator.next()).string)
                return texts
            }
            #expect(received.first == "before")
            #expect(received.last?.hasPrefix("after-") == true)
        }
    }
}
