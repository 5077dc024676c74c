import Foundation
import SwitchboardAPI
import SwitchboardCore
import SwitchboardRedis

/// Call records in Redis (`sb:call:{id}` hashes, 24 h, and the `sb:calls` index by start time),
/// so every gateway replica lists, maps and updates every call (docs/compatibility.md #15).
struct CallStore: Sendable {
    let redis: RedisClient
    static let ttl = Duration.seconds(24 * 3600)
    /// Statuses a listing can filter on (docs/compatibility.md §1.2).
    static let statuses: Set<String> = ["initiating", "ringing", "connected", "on_hold", "disconnected", "failed"]

    /// Creates or updates a record; `created` also indexes it.
    func save(_ callID: String, _ fields: [String: String], created: Bool = false) async throws {
        for reply in try await self.redis.pipeline(self.updateCommands(callID, fields, created: created)) { _ = try reply.checked() }
    }

    /// The commands that create or update a record (with `event`: and count that callback event), to
    /// send in one pipeline with whatever else the change brings.
    func updateCommands(_ callID: String, _ fields: [String: String], created: Bool = false, event: String? = nil) -> [RedisCommand] {
        var fields = fields
        let now = Self.timestamp()
        fields["updated_at"] = now
        if let event { fields["last_event"] = event }
        if created {
            fields["call_id"] = callID
            fields["created_at"] = fields["created_at"] ?? now
        }
        let key = RedisKeys.call(callID)
        var commands = [
            RedisClient.hsetCommand(key, fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
            RedisCommand("PEXPIRE", [.string(key), .integer(Self.ttl.milliseconds)]),
        ]
        if event != nil { commands.append(RedisCommand("HINCRBY", [.string(key), "events", .integer(1)])) }
        if created {
            commands.append(RedisCommand("ZADD", [.string(RedisKeys.calls), .double(Date().timeIntervalSince1970), .string(callID)]))
        }
        return commands
    }

    func load(_ callID: String) async throws -> [String: String]? {
        let record = try await self.redis.hgetall(RedisKeys.call(callID))
        return record.isEmpty ? nil : record
    }

    /// One page of calls, newest first, optionally only those with `status`. Index entries whose
    /// record has expired are removed on the way.
    func list(page: Int, limit: Int, status: String?) async throws -> (calls: [[String: String]], total: Int) {
        let ids = try await self.redis.send("ZREVRANGE", [.string(RedisKeys.calls), 0, 9_999]).array?.compactMap(\.string) ?? []
        guard !ids.isEmpty else { return ([], 0) }
        let replies = try await self.redis.pipeline(ids.map { RedisCommand("HGETALL", [.string(RedisKeys.call($0))]) })
        var records: [[String: String]] = []
        var expired: [String] = []
        for (id, reply) in zip(ids, replies) {
            let record = reply.dictionary
            if record.isEmpty {
                expired.append(id)
            } else if status == nil || record["status"] == status {
                records.append(record)
            }
        }
        if !expired.isEmpty { _ = try? await self.redis.zrem(RedisKeys.calls, expired) }
        let start = (page - 1) * limit
        let slice = start < records.count ? Array(records[start..<min(records.count, start + limit)]) : []
        return (slice, records.count)
    }

    static func timestamp(_ date: Date = Date()) -> String {
        date.ISO8601Format(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A record in the listing's shape (docs/compatibility.md §1.2), with Switchboard's extra fields.
    static func summary(_ record: [String: String]) -> CallSummary {
        let parse = { (text: String?) in
            text.flatMap { try? Date($0, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) }
        }
        let duration = parse(record["connected_at"]).map { connected in
            ((parse(record["ended_at"]) ?? Date()).timeIntervalSince(connected) * 10).rounded() / 10
        }
        let participants = record["participants"].flatMap { JSONValue(jsonText: $0) } ?? []
        return CallSummary(record: record, duration: duration, participants: participants)
    }
}
