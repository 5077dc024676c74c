/// A field that is always present and may be `null` (a plain optional is left out when `nil`).
///
/// ```swift
/// @Nullable var endTime: String?   // "end_time": null
/// ```
@propertyWrapper
package struct Nullable<Value: Codable & Sendable>: Codable, Sendable {
    package var wrappedValue: Value?

    package init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = self.wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

extension Nullable: Equatable where Value: Equatable {}
extension Nullable: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// A missing key decodes as `nil` too, so requests may leave nullable fields out.
    package func decode<Value>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value> {
        try self.decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}
