import CCrypto

/// An RSA public key (from a JWK's `n` and `e`) that checks RS256 signatures with libcrypto.
package final class RSAPublicKey: @unchecked Sendable {
    // @unchecked: the EVP_PKEY is never changed after init; OpenSSL 3 allows concurrent
    // verifications with one key as long as each uses its own EVP_MD_CTX, as `verifySHA256` does.
    private let key: OpaquePointer

    /// Builds the key from the big-endian modulus and exponent bytes.
    package init(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) {
        guard modulus.count >= 128, modulus.count <= 1024, !exponent.isEmpty, exponent.count <= 8 else { throw .invalidKey }
        let der = DER.subjectPublicKeyInfo(modulus: modulus, exponent: exponent)
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key else { throw .invalidKey }
        self.key = key
    }

    deinit { EVP_PKEY_free(self.key) }

    /// Whether `signature` is this key's RSASSA-PKCS1-v1_5 SHA-256 signature of `message` (JWS RS256).
    package func verifySHA256(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, self.key) == 1 else { return false }
        return signature.withUnsafeBufferPointer { signature in
            message.withUnsafeBufferPointer { message in
                EVP_DigestVerify(context, signature.baseAddress, signature.count, message.baseAddress, message.count) == 1
            }
        }
    }
}

/// Why a key or token was refused; the description is short and safe to log or count.
package struct CryptoError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case invalidKey, malformedToken, badSignature, unknownKey, expired, notYetValid, wrongIssuer, wrongAudience
        case unsupportedAlgorithm
    }
    private let code: Code
    package static let invalidKey = CryptoError(code: .invalidKey)
    package static let malformedToken = CryptoError(code: .malformedToken)
    package static let badSignature = CryptoError(code: .badSignature)
    package static let unknownKey = CryptoError(code: .unknownKey)
    package static let expired = CryptoError(code: .expired)
    package static let notYetValid = CryptoError(code: .notYetValid)
    package static let wrongIssuer = CryptoError(code: .wrongIssuer)
    package static let wrongAudience = CryptoError(code: .wrongAudience)
    package static let unsupportedAlgorithm = CryptoError(code: .unsupportedAlgorithm)

    package var description: String {
        switch self.code {
        case .invalidKey: "invalid key"
        case .malformedToken: "malformed token"
        case .badSignature: "bad signature"
        case .unknownKey: "unknown signing key"
        case .expired: "token expired"
        case .notYetValid: "token not yet valid"
        case .wrongIssuer: "wrong issuer"
        case .wrongAudience: "wrong audience"
        case .unsupportedAlgorithm: "unsupported algorithm"
        }
    }
}

/// The few DER encodings an RSA SubjectPublicKeyInfo needs.
enum DER {
    static func subjectPublicKeyInfo(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        let rsaEncryption: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00]
        let algorithm = tlv(0x30, rsaEncryption)
        let rsaKey = tlv(0x30, integer(modulus) + integer(exponent))
        return tlv(0x30, algorithm + tlv(0x03, [0x00] + rsaKey))
    }

    /// A positive INTEGER: leading zeros trimmed, a zero byte added when the top bit is set.
    static func integer(_ bytes: [UInt8]) -> [UInt8] {
        var value = Array(bytes.drop { $0 == 0 })
        if value.isEmpty { value = [0] }
        if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
        return tlv(0x02, value)
    }

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let count = content.count
        var header: [UInt8] = [tag]
        if count < 0x80 {
            header.append(UInt8(count))
        } else {
            var length: [UInt8] = []
            var rest = count
            while rest > 0 {
                length.insert(UInt8(rest & 0xFF), at: 0)
                rest >>= 8
            }
            header.append(0x80 | UInt8(length.count))
            header += length
        }
        return header + content
    }
}
