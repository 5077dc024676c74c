import NIOCore
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
        try await RedisTesting.withClient { redis, prefix in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await redis.subscribe(to: ["\(prefix)ch:\(index)", prefix + "all"]) { messages throws -> Int in
                            var seen = 0
                            for await message in messages {
                                #expect(message.channel == "\(prefix)ch:\(index)" || message.channel == prefix + "all")
                                seen += 1
                                if seen == 2 { break }
                            }
                            return seen
                        }
                    }
                }
                // Wait until all 20 are subscribed to the shared channel, then publish.
                while try await redis.send("PUBSUB", ["NUMSUB", .string(prefix + "all")]).array?.last?.int != 1 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(50))
                try await redis.publish("everyone", to: prefix + "all")
                for index in 0..<20 { try await redis.publish("just you", to: "\(prefix)ch:\(index)") }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 2, count: 20))
            let clients = try await redis.send("CLIENT", ["LIST", "TYPE", "pubsub"]).string ?? ""
            #expect(clients.split(separator: "\n").filter { $0.contains("name=") }.count >= 1)
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
