import Foundation
import SwitchboardCrypto
import Testing

@Suite("libcrypto digests, HMAC and RS256 tokens")
struct CryptoTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func sha256MatchesTheStandardVector() {
        #expect(hex(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hmacMatchesRFC4231AndRFC2202() {
        let key = Array("Jefe".utf8)
        let message = Array("what do ya want for nothing?".utf8)
        #expect(hex(Digest.hmac(.sha256, key: key, message: message)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(hex(Digest.hmac(.sha1, key: key, message: message)) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    @Test func constantTimeComparisonTellsEqualFromDifferent() {
        #expect(Digest.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Digest.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Digest.constantTimeEquals([1, 2, 3], [1, 2]))
    }

    // A key and tokens made once with PyJWT (RS256); the good token expires in 2100.
    static let jwks =
        #"{"keys": [{"kty": "RSA", "kid": "test-key", "use": "sig", "n": "p5rgXS5y9dXjSh9qygnLxj_B8iEKe0-7D8kI5Jtm2k0rFZe0sGVijr_WA2yaF-ZLkVDIWrLzGIzBC1kTJKrykoBGT0C83lx34JXclora-mSfgWSuwemTZZbIBRlUZmwtxG1I1x091bgIsjKWPr9Ky7u3EZCWMBTsj1UiLvWNPyXCJ9tylkcSDhaQfhAotSIwBiqhEkaGghT5bFpACvgZuLevzgvPYHpQGxSLruI2L3G3gOv4fqfBiDx9yd3v76Vj55pIWxYkOgIixSGOLRqfZJXgURHc-zjXfu-IMg-6Jv-ox5fYmpcPYNJKoW-gF8v4J4-kqAsLkgYbpZAbYDIxXw", "e": "AQAB"}]}"#
    static let good =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3Qta2V5IiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2Fjc2NhbGxhdXRvbWF0aW9uLmNvbW11bmljYXRpb24uYXp1cmUuY29tIiwiYXVkIjoicmVzLTEiLCJleHAiOjQxMDI0NDQ4MDAsIm5iZiI6MTcwMDAwMDAwMH0.gqU0XE8wJeqgbB0HzaPnTYL-2-pSnQXeSdTkwZa-zvnS5nKFPbMlVi40oO4RiG_yeeW5duLAoGMjTX5P7TlTf5YVIMkjwSkn9pYobyekv8EI1kpVLXMVR7_i4rFq-Omt-jbP3rhWimyAE3QxjfvsHVJ5ulPVkO9vpabxG0RV-zx7sdxSINPpC9smzgIvCALpjyd9at1edv_q1XOUUx7pGenA0bm7gPHnf0iF2l6HLTbzTjxlcif8bej7s3B0biNuCQ33U3shpQHL9KexGXrNl4hnT39kCZ_TIyLg4iPeIGEB8qEqA26bnCwhn8SaYUPWbLof1HNYlFyiic9WEf3QxA"
    static let expired =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3Qta2V5IiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2Fjc2NhbGxhdXRvbWF0aW9uLmNvbW11bmljYXRpb24uYXp1cmUuY29tIiwiYXVkIjoicmVzLTEiLCJleHAiOjE3MDAwMDAwMDB9.UgbJRj2DQgF77KGihgeLJZ9LUC0YIO5-sm1Ac9pP097r0AyXkgK2QrCvkEoEYL3Rkf90E6ucfyS6hot9dHp6PU5OAPGhKjVb7JNh-UNzoQs0rYSC-13CTwAL_k-hj6jy6u7mnF_jVfGEjPFJOSYJ2vb-rtl5JuetzMU9O_RqEphjSSSegZkBZNW9iWK1i2Ti7CAr7bIY5HIN5R6hVtp-8qHhdCAoCYb8JHUKYiqt1bDZg6jmT49BsC5WU7D3dt32OxpKKf28nXbshM2Iowyn3AB5srbGFIbmjkIDjUwhT4ooUQdaPFUFd38x15UU2XXGdZHFSmkmrHac4b-zJ2ICAw"
    static let issuer: Set<String> = ["https://acscallautomation.communication.azure.com"]

    @Test func aTokenSignedByTheKeySetIsAccepted() throws {
        let keys = try JSONWebKeySet.rsaKeys(from: Data(Self.jwks.utf8))
        #expect(keys.count == 1)
        let token = try JSONWebToken(compact: Self.good)
        try token.verify(keys: keys, issuers: Self.issuer, audience: "res-1")
        #expect(token.keyID == "test-key")
    }

    @Test func aTamperedTokenIsRefused() throws {
        let keys = try JSONWebKeySet.rsaKeys(from: Data(Self.jwks.utf8))
        var parts = Self.good.split(separator: ".").map(String.init)
        let claims = #"{"iss":"https://acscallautomation.communication.azure.com","aud":"res-1","exp":4102444801}"#
        parts[1] = Base64URL.encode(Array(claims.utf8))
        let token = try JSONWebToken(compact: parts.joined(separator: "."))
        #expect(throws: CryptoError.badSignature) { try token.verify(keys: keys, issuers: Self.issuer, audience: "res-1") }
    }

    @Test func claimsAreChecked() throws {
        let keys = try JSONWebKeySet.rsaKeys(from: Data(Self.jwks.utf8))
        let good = try JSONWebToken(compact: Self.good)
        #expect(throws: CryptoError.wrongAudience) { try good.verify(keys: keys, issuers: Self.issuer, audience: "res-2") }
        #expect(throws: CryptoError.wrongIssuer) { try good.verify(keys: keys, issuers: ["https://other"], audience: "res-1") }
        #expect(throws: CryptoError.unknownKey) { try good.verify(keys: [:], issuers: Self.issuer, audience: "res-1") }
        let expired = try JSONWebToken(compact: Self.expired)
        #expect(throws: CryptoError.expired) { try expired.verify(keys: keys, issuers: Self.issuer, audience: "res-1") }
        // Within the leeway of its expiry it still passes.
        try expired.verify(keys: keys, issuers: Self.issuer, audience: "res-1", now: Date(timeIntervalSince1970: 1_700_000_030))
    }

    @Test func garbageIsMalformedNotACrash() {
        for text in ["", "a.b", "a.b.c", "...", String(repeating: "x", count: 20_000), "e30.e30.", "e30.e30.e30"] {
            #expect(throws: CryptoError.self) {
                let token = try JSONWebToken(compact: text)
                try token.verify(keys: [:], issuers: Self.issuer, audience: "x")
            }
        }
    }
}
