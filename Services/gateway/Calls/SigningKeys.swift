import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SwitchboardCrypto

/// An issuer's signing keys (a JWKS URL), fetched on first use, cached for a day, and fetched
/// again when a token names a key we do not have (at most every 30 s, so forged `kid`s cannot
/// make us hammer the issuer). Shared by every token check of one issuer.
actor SigningKeys {
    private let url: String
    private let client: HTTPClient
    private let logger: Logger
    private var keys: [String: RSAPublicKey] = [:]
    private var fetchedAt: ContinuousClock.Instant?
    /// The last fetch, failed or not: a key set that cannot be fetched is tried again at most every 30 s.
    private var attemptedAt: ContinuousClock.Instant?
    private var inFlight: Task<[String: RSAPublicKey], any Error>?

    private static let maxAge = Duration.seconds(24 * 3600)
    private static let minRefetchInterval = Duration.seconds(30)

    init(url: String, client: HTTPClient, logger: Logger) {
        self.url = url
        self.client = client
        self.logger = logger
    }

    /// The keys to check a token signed with `keyID`.
    func keys(for keyID: String?) async throws -> [String: RSAPublicKey] {
        let now = ContinuousClock.now
        let stale = self.fetchedAt.map { now - $0 > Self.maxAge } ?? true
        let unknown = keyID.map { self.keys[$0] == nil } ?? self.keys.isEmpty
        let mayRefetch = self.attemptedAt.map { now - $0 > Self.minRefetchInterval } ?? true
        if (stale || unknown) && mayRefetch {
            self.attemptedAt = now
            do {
                self.keys = try await self.fetch()
                self.fetchedAt = .now
            } catch {
                self.logger.warning("cannot fetch signing keys", metadata: ["jwks.url": "\(self.url)", "error": "\(error)"])
                if self.keys.isEmpty { throw error }
            }
        }
        return self.keys
    }

    /// One fetch at a time; concurrent callers share it.
    private func fetch() async throws -> [String: RSAPublicKey] {
        if let inFlight { return try await inFlight.value }
        let task = Task { [url, client] in
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
            guard response.status == .ok else { throw CryptoError.invalidKey }
            let body = try await response.body.collect(upTo: 1 << 20)
            return try JSONWebKeySet.rsaKeys(from: Data(buffer: body))
        }
        self.inFlight = task
        defer { self.inFlight = nil }
        return try await task.value
    }
}

/// Checks the bearer token ACS puts on its callbacks and media-stream connections (RS256,
/// issuer `https://acscallautomation.communication.azure.com`, audience `ACS_RESOURCE_ID`).
struct CallbackAuthenticator: Sendable {
    let keys: SigningKeys?
    let audience: String

    init(_ auth: TelephonySettings.CallbackAuth, client: HTTPClient, logger: Logger) {
        switch auth {
        case .off:
            self.keys = nil
            self.audience = ""
        case .jwt(let audience, let url):
            self.keys = SigningKeys(url: url, client: client, logger: logger)
            self.audience = audience
        }
    }

    var isOn: Bool { self.keys != nil }

    /// Nil when the `Authorization` header carries a valid token (or checks are off), else why not.
    func failure(authorization: String?) async -> String? {
        guard let keys = self.keys else { return nil }
        guard let header = authorization, header.lowercased().hasPrefix("bearer ") else { return "missing bearer token" }
        do {
            let token = try JSONWebToken(compact: String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
            try token.verify(
                keys: try await keys.keys(for: token.keyID), issuers: [TelephonySettings.acsIssuer], audience: self.audience)
            return nil
        } catch let error as CryptoError {
            return error.description
        } catch {
            return "signing keys unavailable"
        }
    }
}
