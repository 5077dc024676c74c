/// One entry of a Redis stream: its id and field/value pairs in order.
package struct RedisStreamEntry: Sendable, Hashable {
    package var id: String
    package var fields: [String: String]

    package init(id: String, fields: [String: String]) {
        self.id = id
        self.fields = fields
    }

    /// Parses `[id, [field, value, …]]`.
    init?(_ value: RESPValue) {
        guard let parts = value.array, parts.count == 2, let id = parts[0].string else { return nil }
        self.init(id: id, fields: parts[1].dictionary)
    }
}
