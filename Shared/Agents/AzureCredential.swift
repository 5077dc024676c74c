import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

/// Microsoft Entra ID access tokens without a key, for Azure OpenAI, Speech and VoiceLive: from
/// the managed identity of App Service or Container Apps (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`),
/// of a VM or AKS node (the instance metadata service), or from a service principal's client
/// secret (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`).
///
/// Tokens are cached per resource and fetched again five minutes before they expire (or half
/// way through a shorter life); callers asking meanwhile share one request.
///
/// | Variable | Default |
/// |---|---|
/// | `AZURE_CLIENT_SECRET` | unset; with `AZURE_TENANT_ID` and `AZURE_CLIENT_ID`: a service principal's client credentials |
/// | `AZURE_CLIENT_ID` | unset (a managed identity: the user-assigned identity to use) |
/// | `AZURE_TENANT_ID` | unset (required with a client secret) |
/// | `AZURE_AUTHORITY_HOST` | `https://login.microsoftonline.com` |
/// | `IDENTITY_ENDPOINT`, `IDENTITY_HEADER` | set by App Service and Container Apps for their managed identity |
/// | `SB_AZURE_IMDS_URL` | `http://169.254.169.254/metadata/identity/oauth2/token` (the instance metadata service of VMs and AKS) |
package actor AzureCredential {
    package enum Source: Sendable, Hashable {
        /// App Service and Container Apps: `IDENTITY_ENDPOINT` with `X-IDENTITY-HEADER`.
        case appService(endpoint: String, secret: String, clientID: String?)
        /// VMs, scale sets, AKS: the instance metadata service (`Metadata: true`).
        case instanceMetadata(url: String, clientID: String?)
        /// A service principal: the OAuth 2.0 client-credentials grant.
        case clientSecret(authority: String, tenant: String, clientID: String, secret: String)
    }

    /// The scope of Azure AI services (Azure OpenAI, Speech, VoiceLive).
    package static let cognitiveServices = "https://cognitiveservices.azure.com"

    /// The source the environment describes: client secret, else App Service/Container Apps,
    /// else the instance metadata service (`AZURE_CLIENT_ID` picks a user-assigned identity).
    package static func source(_ environment: inout EnvironmentReader) -> Source {
        let clientID = environment.optionalString("AZURE_CLIENT_ID")
        if let clientID, let secret = environment.optionalString("AZURE_CLIENT_SECRET") {
            guard let tenant = environment.optionalString("AZURE_TENANT_ID") else {
                environment.report("AZURE_CLIENT_SECRET needs AZURE_TENANT_ID")
                return .instanceMetadata(url: "", clientID: nil)
            }
            return .clientSecret(
                authority: environment.httpURL("AZURE_AUTHORITY_HOST", default: "https://login.microsoftonline.com"), tenant: tenant,
                clientID: clientID, secret: secret)
        }
        if let endpoint = environment.optionalString("IDENTITY_ENDPOINT"), let secret = environment.optionalString("IDENTITY_HEADER") {
            return .appService(endpoint: endpoint, secret: secret, clientID: clientID)
        }
        return .instanceMetadata(
            url: environment.httpURL("SB_AZURE_IMDS_URL", default: "http://169.254.169.254/metadata/identity/oauth2/token"),
            clientID: clientID)
    }

    private struct Token {
        let value: String
        let refreshAt: ContinuousClock.Instant
    }

    let source: Source
    private let client: HTTPClient
    private var tokens: [String: Token] = [:]
    private var requests: [String: Task<Token, any Error>] = [:]

    package init(_ source: Source, client: HTTPClient) {
        self.source = source
        self.client = client
    }

    /// A valid access token for `resource`.
    package func token(for resource: String = AzureCredential.cognitiveServices) async throws -> String {
        if let token = self.tokens[resource], ContinuousClock.now < token.refreshAt { return token.value }
        if let request = self.requests[resource] { return try await request.value.value }
        let request = Task { try await self.fetch(resource) }
        self.requests[resource] = request
        defer { self.requests[resource] = nil }
        let token = try await request.value
        self.tokens[resource] = token
        return token.value
    }

    /// As the credentials of requests to Azure AI services.
    package nonisolated var authorization: ServiceAuthorization {
        .bearer { try await self.token() }
    }

    private func fetch(_ resource: String) async throws -> Token {
        var request: HTTPClientRequest
        switch self.source {
        case .appService(let endpoint, let secret, let clientID):
            request = HTTPClientRequest(
                url: Self.url(endpoint, ["api-version": "2019-08-01", "resource": resource, "client_id": clientID]))
            request.headers.add(name: "X-IDENTITY-HEADER", value: secret)
        case .instanceMetadata(let url, let clientID):
            request = HTTPClientRequest(url: Self.url(url, ["api-version": "2018-02-01", "resource": resource, "client_id": clientID]))
            request.headers.add(name: "Metadata", value: "true")
        case .clientSecret(let authority, let tenant, let clientID, let secret):
            request = HTTPClientRequest(url: "\(authority)/\(tenant)/oauth2/v2.0/token")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let form = Self.query([
                "grant_type": "client_credentials", "client_id": clientID, "client_secret": secret, "scope": "\(resource)/.default",
            ])
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await self.client.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 64 * 1024))
        let json = JSONValue(jsonText: body)
        guard response.status == .ok, let token = json?["access_token"]?.string else {
            let reason = json?["error_description"]?.string ?? json?["error"]?.string ?? json?["message"]?.string ?? body
            throw AzureCredentialError(status: Int(response.status.code), message: String(reason.prefix(300)))
        }
        let lifetime =
            Self.seconds(json?["expires_in"]) ?? Self.seconds(json?["expires_on"]).map { $0 - Date().timeIntervalSince1970 } ?? 300
        let refreshIn = lifetime > 600 ? lifetime - 300 : lifetime / 2
        return Token(value: token, refreshAt: .now + .seconds(max(0, refreshIn)))
    }

    /// A number of seconds given as a number or as a string.
    private static func seconds(_ value: JSONValue?) -> Double? {
        value?.number ?? value?.string.flatMap(Double.init)
    }

    private static func url(_ base: String, _ parameters: [String: String?]) -> String {
        "\(base)\(base.contains("?") ? "&" : "?")\(self.query(parameters))"
    }

    private static func query(_ parameters: [String: String?]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.sorted { $0.key < $1.key }.compactMap { key, value in
            value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
        }.joined(separator: "&")
    }
}

/// Entra ID refused a token, or its answer had none.
package struct AzureCredentialError: Error, CustomStringConvertible {
    package let status: Int
    package let message: String
    package var description: String { "Entra ID token: HTTP \(self.status): \(self.message)" }
}

extension OpenAIEndpoint {
    /// The endpoint's key; without one, an Azure endpoint gets Entra ID tokens from `credential`
    /// (a local server gets nothing).
    package func authorization(orTokensFrom credential: AzureCredential) -> ServiceAuthorization {
        if let (name, value) = self.authorization { return .header(name, value) }
        if case .azure = self.flavor { return credential.authorization }
        return .none
    }
}
