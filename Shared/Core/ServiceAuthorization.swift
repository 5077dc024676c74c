/// How a request to a cloud service proves who sends it: a key in the service's own header, or
/// an Entra ID access token (keyless: managed identity or client credentials).
package struct ServiceAuthorization: Sendable {
    private let make: @Sendable () async throws -> (name: String, value: String)?

    /// A key in the service's header (`api-key`, `Ocp-Apim-Subscription-Key`).
    package static func header(_ name: String, _ value: String) -> Self {
        Self { (name, value) }
    }

    /// An access token, asked for on every request (the source caches it).
    package static func bearer(_ token: @escaping @Sendable () async throws -> String) -> Self {
        Self { ("Authorization", "Bearer \(try await token())") }
    }

    /// Nothing: a local server that needs no credentials.
    package static let none = Self { nil }

    /// The header to send, if any.
    package func header() async throws -> (name: String, value: String)? {
        try await self.make()
    }
}
