import NIOCore
import SwitchboardTestSupport
import Testing

@testable import SwitchboardRedis

@Suite("Redis pub/sub")
struct RedisPubSubTests {
    @Test func aMessagePublishedOnOneConnectionReachesASubscriberOnAnother() async throws {
        try await RedisTesting.withClient { subscriber, prefix in
            try await RedisTesting.withClient { publisher, _ in
                let channel = prefix + "relay"
                let received = try await subscriber.subscribe(to: [channel]) { messages throws -> RedisPubSubMessage? in
                    #expect(try await publisher.publish("hello", to: channel) == 1)
                    for await message in messages { return message }
                    return nil
                }
                #expect(received?.channel == channel)
                #expect(received?.string == "hello")
                #expect(received?.pattern == nil)
            }
        }
    }

    @Test func patternSubscriptionsNameThePatternThatMatched() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let received = try await redis.psubscribe(to: [prefix + "relay:*"]) { messages throws -> RedisPubSubMessage? in
                try await redis.publish("one", to: prefix + "relay:{abc}")
                for await message in messages { return message }
                return nil
            }
            #expect(received?.pattern == prefix + "relay:*")
            #expect(received?.channel == prefix + "relay:{abc}")
        }
    }

    @Test func manySubscriptionsShareOneConnectionAndEachGetsItsOwnChannels() async throws {
        let name = "sb-test-mux-\(UInt32.random(in: 0...UInt32.max))"
        var configuration = RedisTesting.configuration(port: try await RedisTesting.sharedPort())
        configuration.clientName = name
        try await RedisTesting.withClient(configuration: configuration) { redis, prefix in
            let channels = (0..<20).map { "\(prefix)ch:\($0)" }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for channel in channels {
                    group.addTask {
                        try await redis.subscribe(to: [channel, prefix + "all"]) { messages throws -> Int in
                            var seen = 0
                            for await message in messages {
                                #expect(message.channel == channel || message.channel == prefix + "all")
                                seen += 1
                                if seen == 2 { break }
                            }
                            return seen
                        }
                    }
                }
                // Wait until every channel has its subscriber, then publish.
                let numsub = RedisCommand("PUBSUB", ["NUMSUB"] + channels.map { .string($0) })
                while try await redis.send(numsub).array?.compactMap(\.int).filter({ $0 == 1 }).count != channels.count {
                    try await Task.sleep(for: .milliseconds(10))
                }
                // Twenty subscriptions, one subscriber connection.
                let clients = try await redis.send("CLIENT", ["LIST", "TYPE", "pubsub"]).string ?? ""
                #expect(clients.split(separator: "\n").filter { $0.contains("name=\(name) ") }.count == 1)
                try await redis.publish("everyone", to: prefix + "all")
                for channel in channels { try await redis.publish("just you", to: channel) }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 2, count: 20))
        }
    }

    @Test func leavingTheClosureUnsubscribes() async throws {
        try await RedisTesting.withClient { redis, prefix in
            let channel = prefix + "scoped"
            try await redis.subscribe(to: [channel]) { _ throws -> Void in
                let count = try await Self.subscriberCount(redis, channel)
                #expect(count == 1)
            }
            var count = 1
            for _ in 0..<100 where count != 0 {
                count = try await Self.subscriberCount(redis, channel)
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(count == 0)
        }
    }

    static func subscriberCount(_ redis: RedisClient, _ channel: String) async throws -> Int {
        try await redis.send("PUBSUB", ["NUMSUB", .string(channel)]).array?.last?.int ?? -1
    }
}
