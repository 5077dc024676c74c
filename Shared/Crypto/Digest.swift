import CCrypto

/// Digests and message authentication codes from the system's libcrypto (Debian's libssl-dev).
///
/// ```swift
/// let hash = Digest.sha256(Array(body.utf8))
/// let signature = Digest.hmac(.sha256, key: key, message: Array(stringToSign.utf8))
/// ```
package enum Digest {
    package enum Algorithm: Sendable {
        case sha1, sha256

        var md: OpaquePointer? {
            switch self {
            case .sha1: EVP_sha1()
            case .sha256: EVP_sha256()
            }
        }
    }

    /// SHA-256 of `message`.
    package static func sha256(_ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = message.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int32 in
            digest.withUnsafeMutableBufferPointer { (out: inout UnsafeMutableBufferPointer<UInt8>) -> Int32 in
                EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(ok == 1, "EVP_Digest(SHA-256) failed")  // only on memory exhaustion
        return Array(digest.prefix(Int(length)))
    }

    /// HMAC of `message` under `key`.
    package static func hmac(_ algorithm: Algorithm, key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // An empty key is still a valid HMAC key; libcrypto only needs a non-null pointer for it.
        let keyBytes = key.isEmpty ? [0] : key
        let ok: Bool = keyBytes.withUnsafeBufferPointer { (keyBuffer: UnsafeBufferPointer<UInt8>) -> Bool in
            message.withUnsafeBufferPointer { (messageBuffer: UnsafeBufferPointer<UInt8>) -> Bool in
                digest.withUnsafeMutableBufferPointer { (out: inout UnsafeMutableBufferPointer<UInt8>) -> Bool in
                    let result = HMAC(
                        algorithm.md, keyBuffer.baseAddress, Int32(key.count), messageBuffer.baseAddress, messageBuffer.count,
                        out.baseAddress, &length)
                    return result != nil
                }
            }
        }
        precondition(ok, "HMAC failed")  // only on memory exhaustion
        return Array(digest.prefix(Int(length)))
    }

    /// Compares two MACs in time that does not depend on where they differ.
    package static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in b.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 } }
    }
}
