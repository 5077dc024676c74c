import SwitchboardCore
import SwitchboardRedis
import SwitchboardTestSupport
import Testing

@Suite("Media worker registry in Redis", .serialized)
struct WorkerRegistryTests {
    /// A private server: the registry's keys are global, so tests must not share them.
    private func withRegistry(_ body: (WorkerRegistry, RedisClient) async throws -> Void) async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.stop() }
        let redis = try RedisClient(configuration: RedisTesting.configuration(port: server.port), logger: RedisTesting.logger)
        defer { redis.close() }
        try await body(WorkerRegistry(redis: redis), redis)
    }

    @Test func liveWorkersComeLeastLoadedFirst() async throws {
        try await self.withRegistry { registry, _ in
            try await registry.announce(WorkerInfo(id: "busy", url: "http://a:1", capacity: 10, activeSessions: 8), ttl: .seconds(5))
            try await registry.announce(WorkerInfo(id: "idle", url: "http://b:1", capacity: 10, activeSessions: 1), ttl: .seconds(5))
            let live = try await registry.liveWorkers()
            #expect(live.map(\.id) == ["idle", "busy"])
            #expect(live.first?.url == "http://b:1")
            #expect(live.first?.load == 0.1)
        }
    }

    @Test func aWorkerWhoseHeartbeatExpiredIsPrunedFromDispatch() async throws {
        try await self.withRegistry { registry, redis in
            try await registry.announce(WorkerInfo(id: "dies", url: "http://a:1", capacity: 10), ttl: .milliseconds(100))
            try await registry.announce(WorkerInfo(id: "lives", url: "http://b:1", capacity: 10), ttl: .seconds(5))
            try await Task.sleep(for: .milliseconds(250))
            #expect(try await registry.liveWorkers().map(\.id) == ["lives"])
            #expect(try await redis.zrange(RedisKeys.workers).map(\.member) == ["lives"])
        }
    }

    @Test func aDrainingWorkerLeavesDispatchButKeepsItsEntryUntilRemoved() async throws {
        try await self.withRegistry { registry, redis in
            try await registry.announce(WorkerInfo(id: "w", url: "http://a:1", capacity: 10, activeSessions: 2), ttl: .seconds(5))
            try await registry.announce(
                WorkerInfo(id: "w", url: "http://a:1", capacity: 10, activeSessions: 2, draining: true), ttl: .seconds(5))
            #expect(try await registry.liveWorkers().isEmpty)
            #expect(try await redis.hget(RedisKeys.worker("w"), "draining") == "1")
            try await registry.remove(workerID: "w")
            #expect(try await redis.exists(RedisKeys.worker("w")) == false)
        }
    }
}
