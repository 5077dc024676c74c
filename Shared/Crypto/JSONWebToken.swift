import Foundation

/// A compact JWS (`header.claims.signature`) checked as RS256 against a key set: signature first,
/// then `iss`, `aud`, `exp` and `nbf` with a leeway. Shared by ACS callback checks and Entra ID
/// bearer tokens.
///
/// ```swift
/// let token = try JSONWebToken(compact: bearer)
/// try token.verify(keys: jwks, issuers: ["https://acscallautomation.communication.azure.com"], audience: resourceID)
/// ```
package struct JSONWebToken: Sendable {
    package let keyID: String?
    package let algorithm: String
    /// The claims as decoded JSON (strings, numbers, arrays…).
    package let claims: [String: any Sendable]
    private let signingInput: [UInt8]
    private let signature: [UInt8]

    /// Largest token accepted, so a hostile header cannot make us decode megabytes.
    package static let maxLength = 16 * 1024

    package init(compact: String) throws(CryptoError) {
        guard compact.utf8.count <= Self.maxLength else { throw .malformedToken }
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]), let claimsData = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2]),
            let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any],
            let claims = (try? JSONSerialization.jsonObject(with: claimsData)) as? [String: Any]
        else { throw .malformedToken }
        guard let algorithm = header["alg"] as? String else { throw .malformedToken }
        self.algorithm = algorithm
        self.keyID = header["kid"] as? String
        self.claims = claims.compactMapValues { Self.sendable($0) }
        self.signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        self.signature = Array(signature)
    }

    /// Checks the signature with the key named by `kid` (or the only key) and the standard claims.
    /// - Parameters:
    ///   - keys: the issuer's keys by `kid`.
    ///   - issuers: accepted `iss` values.
    ///   - audience: the required `aud` (a string or one of an array).
    ///   - leeway: clock skew allowed on `exp` and `nbf`.
    package func verify(
        keys: [String: RSAPublicKey], issuers: Set<String>, audience: String, now: Date = Date(), leeway: TimeInterval = 60
    ) throws(CryptoError) {
        try self.verify(keys: keys, issuers: issuers, audiences: [audience], now: now, leeway: leeway)
    }

    /// Checks the signature and the standard claims, accepting any of `audiences`.
    package func verify(
        keys: [String: RSAPublicKey], issuers: Set<String>, audiences accepted: Set<String>, now: Date = Date(),
        leeway: TimeInterval = 60
    ) throws(CryptoError) {
        guard self.algorithm == "RS256" else { throw .unsupportedAlgorithm }
        let key: RSAPublicKey? = self.keyID.map { keys[$0] } ?? (keys.count == 1 ? keys.first?.value : nil)
        guard let key else { throw .unknownKey }
        guard key.verifySHA256(signature: self.signature, message: self.signingInput) else { throw .badSignature }
        guard let issuer = self.claims["iss"] as? String, issuers.contains(issuer) else { throw .wrongIssuer }
        let audiences = (self.claims["aud"] as? String).map { [$0] } ?? (self.claims["aud"] as? [String]) ?? []
        guard audiences.contains(where: accepted.contains) else { throw .wrongAudience }
        guard let expiry = self.number("exp") else { throw .malformedToken }
        guard now.timeIntervalSince1970 <= expiry + leeway else { throw .expired }
        if let notBefore = self.number("nbf"), now.timeIntervalSince1970 + leeway < notBefore { throw .notYetValid }
    }

    /// A string claim, or nil.
    package func string(_ claim: String) -> String? {
        self.claims[claim] as? String
    }

    /// A string or list-of-strings claim as a list (`roles`, `aud`).
    package func strings(_ claim: String) -> [String] {
        (self.claims[claim] as? String).map { [$0] } ?? (self.claims[claim] as? [String]) ?? []
    }

    /// `exp` as a date, if the token has one.
    package var expiry: Date? {
        self.number("exp").map { Date(timeIntervalSince1970: $0) }
    }

    private func number(_ claim: String) -> Double? {
        (self.claims[claim] as? Double) ?? (self.claims[claim] as? Int).map(Double.init)
    }

    private static func sendable(_ value: Any) -> (any Sendable)? {
        switch value {
        case let value as String: value
        case let value as NSNumber: value.doubleValue
        case let value as [Any]: value.compactMap { $0 as? String }
        default: nil
        }
    }
}

/// A JSON Web Key Set (RFC 7517) reduced to its RSA signing keys by `kid`.
package enum JSONWebKeySet {
    /// Parses `{"keys":[{"kty":"RSA","kid":…,"n":…,"e":…}, …]}`; keys of other types are skipped.
    package static func rsaKeys(from data: Data) throws(CryptoError) -> [String: RSAPublicKey] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let keys = object["keys"] as? [[String: Any]]
        else { throw .invalidKey }
        var result: [String: RSAPublicKey] = [:]
        for key in keys where key["kty"] as? String == "RSA" && (key["use"] as? String ?? "sig") == "sig" {
            guard let kid = key["kid"] as? String, let n = (key["n"] as? String).flatMap({ Base64URL.decode(Substring($0)) }),
                let e = (key["e"] as? String).flatMap({ Base64URL.decode(Substring($0)) })
            else { continue }
            result[kid] = try? RSAPublicKey(modulus: Array(n), exponent: Array(e))
        }
        return result
    }
}

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
package enum Base64URL {
    package static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
