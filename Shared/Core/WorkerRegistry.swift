import Foundation
import SwitchboardRedis

/// The media-worker registry in Redis: a hash per worker that expires unless renewed, and a
/// sorted set by load that the gateway reads to dispatch.
///
/// ```swift
/// let registry = WorkerRegistry(redis: redis)
/// try await registry.announce(info, ttl: .seconds(5))
/// let live = try await registry.liveWorkers()
/// ```
package struct WorkerRegistry: Sendable {
    package let redis: RedisClient

    package init(redis: RedisClient) {
        self.redis = redis
    }

    /// Writes the worker's entry and renews its expiry; a draining worker leaves the dispatch set.
    package func announce(_ info: WorkerInfo, ttl: Duration) async throws {
        let key = RedisKeys.worker(info.id)
        var fields: [RedisArgument] = [.string(key)]
        for (field, value) in info.fields { fields += [.string(field), .string(value)] }
        let membership =
            info.draining
            ? RedisCommand("ZREM", [.string(RedisKeys.workers), .string(info.id)])
            : RedisCommand("ZADD", [.string(RedisKeys.workers), .double(info.load), .string(info.id)])
        let replies = try await self.redis.pipeline([
            RedisCommand("HSET", fields),
            RedisCommand("PEXPIRE", [.string(key), .integer(ttl.milliseconds)]),
            membership,
        ])
        for reply in replies { _ = try reply.checked() }
    }

    /// Removes the worker from the registry.
    package func remove(workerID: String) async throws {
        let replies = try await self.redis.pipeline([
            RedisCommand("ZREM", [.string(RedisKeys.workers), .string(workerID)]),
            RedisCommand("DEL", [.string(RedisKeys.worker(workerID))]),
        ])
        for reply in replies { _ = try reply.checked() }
    }

    /// Workers whose heartbeat has not expired and that are not draining, least loaded first.
    ///
    /// Entries of the dispatch set whose hash has expired (a worker that died) are pruned.
    package func liveWorkers() async throws -> [WorkerInfo] {
        let members = try await self.redis.zrange(RedisKeys.workers)
        guard !members.isEmpty else { return [] }
        let replies = try await self.redis.pipeline(
            members.map { RedisCommand("HGETALL", [.string(RedisKeys.worker($0.member))]) }
        )
        var live: [WorkerInfo] = []
        var dead: [String] = []
        for (member, reply) in zip(members, replies) {
            let fields = reply.dictionary
            if let info = WorkerInfo(fields: fields) {
                if !info.draining { live.append(info) }
            } else {
                dead.append(member.member)
            }
        }
        if !dead.isEmpty {
            _ = try? await self.redis.zrem(RedisKeys.workers, dead)
        }
        return live
    }
}
