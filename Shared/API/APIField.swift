import SwitchboardCore

/// What the document says about one field of an ``APIType``, and the limits its value must keep.
///
/// ```swift
/// .field("temperature", \.temperature, "Sampling temperature.", minimum: 0, maximum: 2)
/// ```
package struct APIField<Root> {
    package var name: String
    package var description: String?
    package var example: JSONValue?
    package var minimum: Double?
    package var maximum: Double?
    package var minLength: Int?
    package var maxLength: Int?
    package var pattern: String?
    private let value: (Root) -> (any APIConstrainable)?
    private var nested: (Root) -> [APIFieldError] = { _ in [] }

    /// A field with its documentation and, optionally, limits that ``APIType/violations()`` checks.
    package static func field<Value: APIConstrainable>(
        _ name: String, _ path: KeyPath<Root, Value>, _ description: String? = nil, example: JSONValue? = nil,
        minimum: Double? = nil, maximum: Double? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil
    ) -> APIField {
        APIField(
            name: name, description: description, example: example, minimum: minimum, maximum: maximum, minLength: minLength,
            maxLength: maxLength, pattern: pattern, value: { $0[keyPath: path] })
    }

    /// A field that is only documented.
    package static func field(_ name: String, _ description: String? = nil, example: JSONValue? = nil) -> APIField {
        APIField(
            name: name, description: description, example: example, minimum: nil, maximum: nil, minLength: nil, maxLength: nil,
            pattern: nil, value: { _ in nil })
    }

    /// An object field whose own ``APIType/fields`` are checked too, named `name.field`.
    package static func nested<Value: APIType>(_ name: String, _ path: KeyPath<Root, Value?>, _ description: String? = nil) -> APIField {
        var field = APIField.field(name, description)
        field.nested = { root in
            (root[keyPath: path]?.violations() ?? []).map { APIFieldError(field: name + "." + $0.field, message: $0.message) }
        }
        return field
    }

    /// The keywords this field adds to its property's schema.
    var schemaKeywords: [String: JSONValue] {
        var keywords: [String: JSONValue] = [:]
        if let description { keywords["description"] = .string(description) }
        if let example { keywords["examples"] = [example] }
        if let minimum { keywords["minimum"] = .number(minimum) }
        if let maximum { keywords["maximum"] = .number(maximum) }
        if let minLength { keywords["minLength"] = .number(Double(minLength)) }
        if let maxLength { keywords["maxLength"] = .number(Double(maxLength)) }
        if let pattern { keywords["pattern"] = .string(pattern) }
        return keywords
    }

    /// Why the field's value in `root` breaks a limit, or `nil`.
    func violations(in root: Root) -> [APIFieldError] {
        self.violation(in: root).map { [$0] } ?? self.nested(root)
    }

    private func violation(in root: Root) -> APIFieldError? {
        guard let value = self.value(root) else { return nil }
        if let number = value.constrainedNumber {
            if let minimum, number < minimum { return self.error("must be at least \(Self.text(minimum))") }
            if let maximum, number > maximum { return self.error("must be at most \(Self.text(maximum))") }
        }
        if let text = value.constrainedText {
            if let minLength, text.count < minLength { return self.error("must have at least \(minLength) characters") }
            if let maxLength, text.count > maxLength { return self.error("must have at most \(maxLength) characters") }
            if let pattern, let regex = try? Regex(pattern), text.firstMatch(of: regex) == nil {
                return self.error("must match \(pattern)")
            }
        }
        return nil
    }

    private func error(_ message: String) -> APIFieldError { APIFieldError(field: self.name, message: message) }

    private static func text(_ number: Double) -> String {
        number.rounded() == number ? String(Int(number)) : String(number)
    }
}

/// A value whose number or text an ``APIField`` can hold to limits.
package protocol APIConstrainable {
    var constrainedNumber: Double? { get }
    var constrainedText: String? { get }
}

extension APIConstrainable {
    package var constrainedNumber: Double? { nil }
    package var constrainedText: String? { nil }
}

extension Double: APIConstrainable {
    package var constrainedNumber: Double? { self }
}

extension Int: APIConstrainable {
    package var constrainedNumber: Double? { Double(self) }
}

extension String: APIConstrainable {
    package var constrainedText: String? { self }
}

extension Bool: APIConstrainable {}
extension JSONValue: APIConstrainable {}
extension Array: APIConstrainable {}

extension Optional: APIConstrainable where Wrapped: APIConstrainable {
    package var constrainedNumber: Double? { self?.constrainedNumber }
    package var constrainedText: String? { self?.constrainedText }
}
