import Foundation
import SwitchboardCore

extension JSONValue {
    /// The JSON of an `Encodable` value, for answers that embed typed parts in untyped ones.
    package init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
