import Foundation
import Hummingbird
import SwitchboardAPI
import SwitchboardCore

extension Request {
    /// The body decoded as `T`, at most `limit` bytes: 413 when larger; 422 naming the field when
    /// it is not JSON, a value has the wrong type or a required field is missing; `limitStatus`
    /// (422 unless the reference says otherwise) naming every field outside the limits of `T.fields`.
    package func decode<T: APIType>(
        as type: T.Type, limit: Int = 256 * 1024, limitStatus: HTTPResponse.Status = .unprocessableContent
    ) async throws -> T {
        try Self.decode(T.self, from: try await self.body(limit: limit), limitStatus: limitStatus)
    }

    /// Like ``decode(as:limit:limitStatus:)``, with the JSON object the body is (422 when it is
    /// not one): for bodies whose keys the type does not know are kept as they are.
    package func decodeObject<T: APIType>(as type: T.Type, limit: Int = 256 * 1024) async throws -> (T, [String: JSONValue]) {
        let data = try await self.body(limit: limit)
        guard let object = JSONValue(jsonText: String(decoding: data, as: UTF8.self))?.object else {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "The body must be a JSON object.",
                errors: [.init(field: "body", message: "not a JSON object")])
        }
        return (try Self.decode(T.self, from: data, limitStatus: .unprocessableContent), object)
    }

    private func body(limit: Int) async throws -> Data {
        var copy = self
        do {
            return Data(try await copy.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw ProblemDetails(status: .contentTooLarge, detail: "The request body is larger than \(limit) bytes.")
        }
    }

    /// `data` decoded as `T`, with the problems of ``decode(as:limit:limitStatus:)``.
    package static func decode<T: APIType>(
        _ type: T.Type, from data: Data, limitStatus: HTTPResponse.Status = .unprocessableContent
    ) throws -> T {
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let field = APIFieldError(error)
            throw ProblemDetails(status: .unprocessableContent, detail: "Invalid body: \(field.field) \(field.message).", errors: [field])
        } catch {
            throw ProblemDetails(
                status: .unprocessableContent, detail: "The body must be JSON.", errors: [.init(field: "body", message: "not JSON")])
        }
        let violations = value.violations()
        guard violations.isEmpty else { throw ProblemDetails(status: limitStatus, detail: "Invalid fields.", errors: violations) }
        return value
    }

    /// An integer query parameter within the limits the operation documents for it: 422 otherwise.
    package func integer(_ parameter: APIParameter, default fallback: Int) throws -> Int {
        let text = self.uri.queryParameters[Substring(parameter.name)].map(String.init)
        guard let text else { return fallback }
        guard let value = Int(text), parameter.integerRange?.contains(value) ?? true else {
            let range = parameter.integerRange.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "an integer"
            throw ProblemDetails(
                status: .unprocessableContent, detail: "\(parameter.name) must be an integer from \(range).",
                errors: [.init(field: parameter.name, message: range)])
        }
        return value
    }
}

extension APIFieldError {
    /// The field a decoding error is about (`model.temperature`, `body` for the whole body) and why.
    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return names.isEmpty ? "body" : names.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(let type, let context):
            self.init(field: path(context.codingPath), message: "must be \(Self.kind(of: type))")
        case .valueNotFound(let type, let context):
            self.init(field: path(context.codingPath), message: "must be \(Self.kind(of: type)), not null")
        case .dataCorrupted(let context):
            self.init(field: path(context.codingPath), message: context.codingPath.isEmpty ? "is not JSON" : "has an invalid value")
        @unknown default:
            self.init(field: "body", message: "is invalid")
        }
    }

    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
