import SwitchboardCore

/// A body or message of the public API. Its JSON Schema is read from its own `Decodable`
/// conformance (``JSONSchemaRecorder``), so the type is the contract: handlers decode requests
/// and encode responses with it, and the OpenAPI document describes it.
///
/// ```swift
/// struct MessageRequest: APIType {
///     var text: String
///     var scenario: String?
///     static var fields: [APIField<Self>] {
///         [.field("text", \.text, "What the caller says.", minLength: 1, maxLength: 4000)]
///     }
/// }
/// ```
package protocol APIType: Codable, Sendable {
    /// The name under `components/schemas`; the type's own name by default.
    static var schemaName: String { get }
    /// One sentence for the document.
    static var schemaDescription: String? { get }
    /// Descriptions, examples and constraints of fields; constraints are checked by ``violations()``.
    static var fields: [APIField<Self>] { get }
}

extension APIType {
    package static var schemaName: String { String(describing: Self.self) }
    package static var schemaDescription: String? { nil }
    package static var fields: [APIField<Self>] { [] }

    /// Every field whose value breaks a constraint of ``fields``; empty when all hold.
    package func violations() -> [APIFieldError] {
        Self.fields.flatMap { $0.violations(in: self) }
    }
}

/// One invalid field of a request: the `errors[]` of a 422 problem.
package struct APIFieldError: APIType, Hashable {
    package var field: String
    package var message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    package static var schemaName: String { "FieldError" }
    package static var schemaDescription: String? { "One invalid field." }
}

/// A string-backed enumeration of the API: its cases become the schema's `enum`.
package protocol APIEnum: CaseIterable, RawRepresentable, Codable, Sendable where RawValue == String {}

extension APIEnum {
    static var caseNames: [String] { Self.allCases.map(\.rawValue) }
    static var anyCase: Any { Self.allCases.first as Any }
}
