import SwitchboardCore

/// Derives JSON Schemas from `Decodable` conformances: it decodes a type from a decoder that holds
/// no data and notes what is asked for — keys, types, `decodeIfPresent` (not required), `decodeNil`
/// (nullable), nested types, arrays and dictionaries. ``APIType``s become `components/schemas`
/// entries referred to by `$ref`; ``APIEnum``s list their raw values.
///
/// ```swift
/// let recorder = JSONSchemaRecorder()
/// let reference = try recorder.reference(to: MessageRequest.self)   // {"$ref": "#/components/schemas/MessageRequest"}
/// let schemas = recorder.components
/// ```
package final class JSONSchemaRecorder {
    /// Every named schema recorded so far, by name.
    package private(set) var components: [String: JSONValue] = [:]

    package init() {}

    /// A `$ref` to the type's schema, recording it (and the types it holds) when new.
    package func reference<T: APIType>(to type: T.Type) throws -> JSONValue {
        _ = try self.record(T.self)
        return ["$ref": .string("#/components/schemas/\(T.schemaName)")]
    }

    /// The schema of `T` and a value decoded along the way (every decoder call must return one).
    func record<T: Decodable>(_ type: T.Type) throws -> (schema: JSONValue, sample: T) {
        if T.self == JSONValue.self { return ([:], JSONValue.null as! T) }
        if let primitive = Self.primitive(T.self) { return primitive }
        if let enumeration = T.self as? any APIEnum.Type {
            return (["type": "string", "enum": .array(enumeration.caseNames.map(JSONValue.string))], enumeration.anyCase as! T)
        }
        if let dictionary = T.self as? any APIDictionary.Type {
            let (schema, sample) = try dictionary.record(with: self)
            return (schema, sample as! T)
        }
        let slot = SchemaSlot()
        let sample = try T(from: RecordingDecoder(recorder: self, slot: slot))
        var schema = slot.schema
        if let named = T.self as? any APIType.Type {
            schema = Self.documented(schema, named)
            if self.components[named.schemaName] == nil { self.components[named.schemaName] = schema }
            return (["$ref": .string("#/components/schemas/\(named.schemaName)")], sample)
        }
        return (schema, sample)
    }

    private static func documented<T: APIType>(_ schema: JSONValue, _ type: T.Type) -> JSONValue {
        guard var object = schema.object else { return schema }
        if let description = T.schemaDescription { object["description"] = .string(description) }
        var properties = object["properties"]?.object ?? [:]
        for field in T.fields {
            guard var property = properties[field.name]?.object else { continue }
            for (keyword, value) in field.schemaKeywords {
                // Limits apply to the value, not to a `null` alternative.
                if keyword != "description", let options = property["anyOf"]?.array, options.count == 2 {
                    property["anyOf"] = .array([.object((options[0].object ?? [:]).merging([keyword: value]) { $1 }), options[1]])
                } else {
                    property[keyword] = value
                }
            }
            properties[field.name] = .object(property)
        }
        if !properties.isEmpty { object["properties"] = .object(properties) }
        return .object(object)
    }

    private static func primitive<T>(_ type: T.Type) -> (schema: JSONValue, sample: T)? {
        switch type {
        case is String.Type: (["type": "string"], "" as! T)
        case is Bool.Type: (["type": "boolean"], false as! T)
        case is Double.Type: (["type": "number"], 0.0 as! T)
        case is Float.Type: (["type": "number"], Float(0) as! T)
        default: Self.integer(type)
        }
    }
}

extension JSONSchemaRecorder {
    fileprivate static func integer<T>(_ type: T.Type) -> (schema: JSONValue, sample: T)? {
        let zero: Any? =
            switch type {
            case is Int.Type: Int(0)
            case is Int8.Type: Int8(0)
            case is Int16.Type: Int16(0)
            case is Int32.Type: Int32(0)
            case is Int64.Type: Int64(0)
            case is UInt.Type: UInt(0)
            case is UInt8.Type: UInt8(0)
            case is UInt16.Type: UInt16(0)
            case is UInt32.Type: UInt32(0)
            case is UInt64.Type: UInt64(0)
            default: nil
            }
        return zero.map { (["type": "integer"], $0 as! T) }
    }
}

/// `[String: Value]` records as an object whose every property is a `Value`.
protocol APIDictionary {
    static func record(with recorder: JSONSchemaRecorder) throws -> (JSONValue, Any)
}

extension Dictionary: APIDictionary where Key == String, Value: Decodable {
    static func record(with recorder: JSONSchemaRecorder) throws -> (JSONValue, Any) {
        let (value, _) = try recorder.record(Value.self)
        return (["type": "object", "additionalProperties": value], [String: Value]())
    }
}

/// What one decoder level has seen: an object's properties, an array's items, or a single value.
final class SchemaSlot {
    var properties: [String: JSONValue] = [:]
    var required: [String] = []
    var isObject = false
    var single: JSONValue?
    var nullable = false

    var schema: JSONValue {
        var schema: JSONValue
        if self.isObject {
            var object: [String: JSONValue] = ["type": "object", "properties": .object(self.properties)]
            if !self.required.isEmpty { object["required"] = .array(self.required.map(JSONValue.string)) }
            schema = .object(object)
        } else {
            schema = self.single ?? [:]
        }
        if self.nullable { schema = Self.nullable(schema) }
        return schema
    }

    /// `schema` or `null`, in OpenAPI 3.1's JSON Schema.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard var object = schema.object else { return schema }
        if case .array(let types) = object["type"], types.contains("null") { return schema }
        if let options = object["anyOf"]?.array, options.contains(["type": "null"]) { return schema }
        if case .string(let type) = object["type"], object["enum"] == nil {
            object["type"] = [.string(type), "null"]
            return .object(object)
        }
        if object.isEmpty { return schema }
        return ["anyOf": [schema, ["type": "null"]]]
    }
}
