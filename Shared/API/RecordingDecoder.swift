import SwitchboardCore

/// The `Decoder` behind ``JSONSchemaRecorder``: holds no data, answers every request with a
/// placeholder and writes what was requested into its ``SchemaSlot``.
struct RecordingDecoder: Decoder {
    let recorder: JSONSchemaRecorder
    let slot: SchemaSlot
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        self.slot.isObject = true
        return KeyedDecodingContainer(KeyedRecorder<Key>(recorder: self.recorder, slot: self.slot))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        UnkeyedRecorder(recorder: self.recorder, slot: self.slot)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleRecorder(recorder: self.recorder, slot: self.slot)
    }
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: JSONSchemaRecorder
    let slot: SchemaSlot
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func note<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
        let (schema, sample) = try self.recorder.record(T.self)
        // `decodeIfPresent` takes `null` for absent, so an optional field may be null too.
        self.slot.properties[key.stringValue] = required ? schema : SchemaSlot.nullable(schema)
        if required, !self.slot.required.contains(key.stringValue) { self.slot.required.append(key.stringValue) }
        return sample
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try self.note(T.self, key, required: true) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try self.note(type, key, required: true) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try self.note(type, key, required: true) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try self.note(type, key, required: true) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try self.note(type, key, required: true) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try self.note(type, key, required: true) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try self.note(type, key, required: true) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try self.note(type, key, required: true) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try self.note(type, key, required: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try self.note(type, key, required: true) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try self.note(type, key, required: true) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try self.note(type, key, required: true) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try self.note(type, key, required: true) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try self.note(type, key, required: true) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try self.note(type, key, required: true) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try self.note(T.self, key, required: false) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try self.note(type, key, required: false) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try self.note(type, key, required: false) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = SchemaSlot()
        nested.isObject = true
        self.slot.properties[key.stringValue] = nested.schema
        return KeyedDecodingContainer(KeyedRecorder<NestedKey>(recorder: self.recorder, slot: nested))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        UnkeyedRecorder(recorder: self.recorder, slot: SchemaSlot())
    }

    func superDecoder() throws -> any Decoder { RecordingDecoder(recorder: self.recorder, slot: self.slot) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RecordingDecoder(recorder: self.recorder, slot: SchemaSlot()) }
}

/// Reports one element, records its schema as the array's `items`, then reports the end.
private struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let recorder: JSONSchemaRecorder
    let slot: SchemaSlot
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    private(set) var currentIndex = 0
    var isAtEnd: Bool { self.currentIndex > 0 }

    init(recorder: JSONSchemaRecorder, slot: SchemaSlot) {
        self.recorder = recorder
        self.slot = slot
        slot.single = ["type": "array"]
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try self.element(type) }

    private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, sample) = try self.recorder.record(T.self)
        self.slot.single = ["type": "array", "items": schema]
        self.currentIndex += 1
        return sample
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try self.element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try self.element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try self.element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try self.element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try self.element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try self.element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try self.element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try self.element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try self.element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try self.element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try self.element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try self.element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try self.element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try self.element(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        self.currentIndex += 1
        let nested = SchemaSlot()
        nested.isObject = true
        return KeyedDecodingContainer(KeyedRecorder<NestedKey>(recorder: self.recorder, slot: nested))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        self.currentIndex += 1
        return UnkeyedRecorder(recorder: self.recorder, slot: SchemaSlot())
    }

    mutating func superDecoder() throws -> any Decoder { RecordingDecoder(recorder: self.recorder, slot: SchemaSlot()) }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let recorder: JSONSchemaRecorder
    let slot: SchemaSlot
    var codingPath: [any CodingKey] { [] }

    /// Asking for `null` means `null` is allowed; the answer is "not null" so the value is asked for too.
    func decodeNil() -> Bool {
        self.slot.nullable = true
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try self.value(type) }

    private func value<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, sample) = try self.recorder.record(T.self)
        self.slot.single = schema
        return sample
    }

    func decode(_ type: Bool.Type) throws -> Bool { try self.value(type) }
    func decode(_ type: String.Type) throws -> String { try self.value(type) }
    func decode(_ type: Double.Type) throws -> Double { try self.value(type) }
    func decode(_ type: Float.Type) throws -> Float { try self.value(type) }
    func decode(_ type: Int.Type) throws -> Int { try self.value(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try self.value(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try self.value(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try self.value(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try self.value(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try self.value(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try self.value(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try self.value(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try self.value(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try self.value(type) }
}
