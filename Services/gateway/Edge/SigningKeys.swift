import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SwitchboardCrypto

/// An issuer's signing keys, fetched on first use, cached for a day, and fetched again when a
/// token names a key we do not have (at most every 30 s, so forged `kid`s cannot make us hammer
/// the issuer). Shared by every token check of one issuer.
actor SigningKeys {
    /// Where the keys are published.
    enum Source: Sendable, Equatable {
        /// A JWKS document (RFC 7517).
        case keySet(String)
        /// An OpenID Connect discovery document whose `jwks_uri` names the key set.
        case openIDConfiguration(String)
    }

    private let source: Source
    private let client: HTTPClient
    private let logger: Logger
    private var keys: [String: RSAPublicKey] = [:]
    private var fetchedAt: ContinuousClock.Instant?
    /// The last fetch, failed or not: a key set that cannot be fetched is tried again at most every 30 s.
    private var attemptedAt: ContinuousClock.Instant?
    private var inFlight: Task<[String: RSAPublicKey], any Error>?

    private static let maxAge = Duration.seconds(24 * 3600)
    private static let minRefetchInterval = Duration.seconds(30)

    init(_ source: Source, client: HTTPClient, logger: Logger) {
        self.source = source
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
                self.logger.warning("cannot fetch signing keys", metadata: ["jwks.source": "\(self.source)", "error": "\(error)"])
                if self.keys.isEmpty { throw error }
            }
        }
        return self.keys
    }

    /// One fetch at a time; concurrent callers share it.
    private func fetch() async throws -> [String: RSAPublicKey] {
        if let inFlight { return try await inFlight.value }
        let task = Task { [source, client] in
            let url: String
            switch source {
            case .keySet(let keySet):
                url = keySet
            case .openIDConfiguration(let discovery):
                let document = try await Self.document(discovery, client: client)
                guard let object = (try? JSONSerialization.jsonObject(with: document)) as? [String: Any],
                    let keySet = object["jwks_uri"] as? String
                else { throw CryptoError.invalidKey }
                url = keySet
            }
            return try JSONWebKeySet.rsaKeys(from: try await Self.document(url, client: client))
        }
        self.inFlight = task
        defer { self.inFlight = nil }
        return try await task.value
    }

    /// A small JSON document fetched with a 5 s limit.
    private static func document(_ url: String, client: HTTPClient) async throws -> Data {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        guard response.status == .ok else { throw CryptoError.invalidKey }
        return Data(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}
