import Foundation
import SwitchboardCore

extension JSONValue {
    /// The JSON of an `Encodable` value, for answers that embed typed parts in untyped ones.
    package init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}

extension APIType {
    /// The value as a JSON tree, for channels that carry ``JSONValue``s (null only if it holds a
    /// non-finite number, which JSON cannot).
    package var jsonValue: JSONValue { (try? JSONValue(encoding: self)) ?? .null }
}
