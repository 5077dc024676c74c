/// Which master serves each of the 16384 hash slots, read from `CLUSTER SHARDS` (Redis 7) or
/// `CLUSTER SLOTS` (older servers).
struct RedisSlotMap: Sendable {
    /// Index into `masters` per slot; -1 where no master serves the slot.
    private(set) var owners: [Int16]
    private(set) var masters: [RedisConfiguration.Endpoint]

    init() {
        self.owners = Array(repeating: -1, count: RedisHashSlot.count)
        self.masters = []
    }

    /// The master of `slot`, if the map knows one.
    func owner(of slot: Int) -> RedisConfiguration.Endpoint? {
        let index = Int(self.owners[slot])
        return index >= 0 ? self.masters[index] : nil
    }

    var isEmpty: Bool { self.masters.isEmpty }

    /// Records one slot's new owner (after `MOVED`), before the whole map is read again.
    mutating func assign(_ slot: Int, to endpoint: RedisConfiguration.Endpoint) {
        if let index = self.masters.firstIndex(of: endpoint) {
            self.owners[slot] = Int16(index)
        } else {
            self.masters.append(endpoint)
            self.owners[slot] = Int16(self.masters.count - 1)
        }
    }

    private mutating func assign(_ range: ClosedRange<Int>, to endpoint: RedisConfiguration.Endpoint) {
        guard range.lowerBound >= 0, range.upperBound < RedisHashSlot.count else { return }
        for slot in range { self.assign(slot, to: endpoint) }
    }

    /// Parses a `CLUSTER SHARDS` reply: per shard, its slot ranges and the online master among its nodes.
    ///
    /// - Parameters:
    ///   - asked: the node that answered, for nodes that report no address of their own.
    ///   - tls: prefer a node's `tls-port` over its `port`.
    init?(shards reply: RESPValue, asked: RedisConfiguration.Endpoint, tls: Bool) {
        guard let shards = reply.array else { return nil }
        self.init()
        for shard in shards {
            let fields = Self.fields(shard)
            guard let slots = fields["slots"]?.array, let nodes = fields["nodes"]?.array else { continue }
            let master = nodes.map(Self.fields).first { node in
                node["role"]?.string == "master" && (node["health"]?.string ?? "online") == "online"
            }
            guard let master else { continue }
            let port = (tls ? master["tls-port"]?.int : nil) ?? master["port"]?.int ?? 0
            let host = [master["endpoint"], master["ip"]].compactMap { $0?.string }.first { !$0.isEmpty && $0 != "?" }
            guard port > 0 else { continue }
            let endpoint = RedisConfiguration.Endpoint(host: host ?? asked.host, port: port)
            for index in stride(from: 0, to: slots.count - 1, by: 2) {
                guard let start = slots[index].int, let end = slots[index + 1].int, start <= end else { continue }
                self.assign(start...end, to: endpoint)
            }
        }
        if self.isEmpty { return nil }
    }

    /// Parses a `CLUSTER SLOTS` reply: `[[start, end, [host, port, id], replicas…], …]`.
    init?(slots reply: RESPValue, asked: RedisConfiguration.Endpoint) {
        guard let ranges = reply.array else { return nil }
        self.init()
        for range in ranges {
            guard let parts = range.array, parts.count >= 3, let start = parts[0].int, let end = parts[1].int,
                let master = parts[2].array, master.count >= 2, let port = master[1].int, start <= end
            else { continue }
            let host = master[0].string.flatMap { $0.isEmpty || $0 == "?" ? nil : $0 } ?? asked.host
            self.assign(start...end, to: RedisConfiguration.Endpoint(host: host, port: port))
        }
        if self.isEmpty { return nil }
    }

    /// The map with its masters in a fixed order (by address), so maps read from different nodes compare equal.
    func normalized() -> RedisSlotMap {
        var map = RedisSlotMap()
        for slot in 0..<RedisHashSlot.count {
            if let owner = self.owner(of: slot) { map.assign(slot, to: owner) }
        }
        let order = map.masters.sorted { $0.description < $1.description }
        var sorted = RedisSlotMap()
        sorted.masters = order
        let index = map.masters.map { master in Int16(order.firstIndex(of: master)!) }
        sorted.owners = map.owners.map { $0 >= 0 ? index[Int($0)] : -1 }
        return sorted
    }

    /// The map read anew, keeping the old owner of slots no master serves right now (a failover
    /// under way): commands there wait for the old owner to answer or for the next read, rather
    /// than bounce off another master's `MOVED`.
    func merged(keepingOwnersFrom old: RedisSlotMap) -> RedisSlotMap {
        var map = self
        for slot in 0..<RedisHashSlot.count where map.owners[slot] < 0 {
            if let owner = old.owner(of: slot) { map.assign(slot, to: owner) }
        }
        return map.normalized()
    }

    /// A flat `[name, value, name, value…]` array as a dictionary of values.
    private static func fields(_ value: RESPValue) -> [String: RESPValue] {
        let values = value.array ?? []
        var result: [String: RESPValue] = [:]
        for index in stride(from: 0, to: values.count - 1, by: 2) {
            if let name = values[index].string { result[name] = values[index + 1] }
        }
        return result
    }
}
