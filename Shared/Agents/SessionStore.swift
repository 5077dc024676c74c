import Foundation
import SwitchboardCore
import SwitchboardRedis

/// Session state and per-agent history in Redis (24 h expiry), shared by every process.
package struct SessionStore: Sendable {
    package let redis: RedisClient
    package var ttl: Duration = .seconds(86_400)

    package init(redis: RedisClient) {
        self.redis = redis
    }

    package func load(_ sessionID: String) async throws -> SessionState? {
        SessionState(sessionID: sessionID, fields: try await self.redis.hgetall(RedisKeys.session(sessionID)))
    }

    package func save(_ state: SessionState) async throws {
        let key = RedisKeys.session(state.sessionID)
        var state = state
        state.updatedAt = Date().timeIntervalSince1970
        let replies = try await self.redis.pipeline([
            RedisClient.hsetCommand(key, state.fields.map { ($0.0, .string($0.1)) }),
            RedisCommand("PEXPIRE", [.string(key), .integer(self.ttl.milliseconds)]),
        ])
        for reply in replies { _ = try reply.checked() }
    }

    /// Appends messages to the history and renews its expiry.
    package func append(_ sessionID: String, _ messages: [ChatMessage]) async throws {
        guard !messages.isEmpty else { return }
        let key = RedisKeys.sessionHistory(sessionID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let values = try messages.map { RedisArgument.string(String(decoding: try encoder.encode($0), as: UTF8.self)) }
        let replies = try await self.redis.pipeline([
            RedisCommand("RPUSH", [.string(key)] + values),
            RedisCommand("PEXPIRE", [.string(key), .integer(self.ttl.milliseconds)]),
        ])
        for reply in replies { _ = try reply.checked() }
    }

    /// The whole history, oldest first.
    package func history(_ sessionID: String) async throws -> [ChatMessage] {
        let decoder = JSONDecoder()
        return try await self.redis.lrange(RedisKeys.sessionHistory(sessionID)).compactMap {
            try? decoder.decode(ChatMessage.self, from: Data($0.utf8))
        }
    }

    /// After a barge-in: the latest assistant message keeps only what the caller heard.
    package func truncateLastAssistant(_ sessionID: String, to heard: String) async throws {
        let key = RedisKeys.sessionHistory(sessionID)
        let recent = try await self.redis.lrange(key, from: -20, to: -1)
        let decoder = JSONDecoder()
        for (offset, text) in recent.enumerated().reversed() {
            guard var message = try? decoder.decode(ChatMessage.self, from: Data(text.utf8)), message.role == .assistant,
                message.content != nil
            else {
                continue
            }
            message.content = heard
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let index = offset - recent.count
            try await self.redis.send(
                "LSET", [.string(key), .integer(index), .string(String(decoding: try encoder.encode(message), as: UTF8.self))])
            return
        }
    }

    /// Deletes the session's state and history; returns the keys that existed.
    package func delete(_ sessionID: String) async throws -> [String] {
        let keys = [RedisKeys.session(sessionID), RedisKeys.sessionHistory(sessionID), RedisKeys.sessionEvents(sessionID)]
        var existing: [String] = []
        for key in keys where try await self.redis.exists(key) { existing.append(key) }
        try await self.redis.delete(keys)
        return existing
    }
}
