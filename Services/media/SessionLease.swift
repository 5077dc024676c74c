import SwitchboardCore
import SwitchboardRedis

/// The lease that makes one worker the owner of a session (`sb:session:{sid}:owner`, 5 s, renewed),
/// with a fencing epoch (`…:epoch`) so a worker that lost the lease notices on its next renewal.
///
/// A resuming worker takes the lease over (the previous owner is presumed dead); the epoch moves
/// on, so if the previous owner was only slow, its renewal fails and it stops.
struct SessionLease: Sendable {
    let redis: RedisClient
    let sessionID: String
    let workerID: String
    let ttl: Duration

    private static let renewScript = RedisScript(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end"
    )

    /// Takes the lease; returns the owner token, or `nil` when another live worker holds it.
    func acquire(takeOver: Bool) async throws -> String? {
        let epoch = try await self.redis.increment(RedisKeys.sessionEpoch(self.sessionID))
        _ = try await self.redis.expire(RedisKeys.sessionEpoch(self.sessionID), after: .seconds(86_400))
        let token = "\(self.workerID):\(epoch)"
        let written = try await self.redis.set(
            RedisKeys.sessionOwner(self.sessionID), to: .string(token), expiration: self.ttl, condition: takeOver ? .always : .ifNotExists
        )
        return written ? token : nil
    }

    /// Renews the lease; false when someone else owns the session now.
    func renew(_ token: String) async throws -> Bool {
        let reply = try await self.redis.run(
            Self.renewScript, keys: [RedisKeys.sessionOwner(self.sessionID)], arguments: [.string(token), .integer(self.ttl.milliseconds)]
        )
        return reply.int == 1
    }

    /// Gives the lease up if it is still ours.
    func release(_ token: String) async {
        if (try? await self.redis.get(RedisKeys.sessionOwner(self.sessionID))) == token {
            _ = try? await self.redis.delete([RedisKeys.sessionOwner(self.sessionID)])
        }
    }
}
