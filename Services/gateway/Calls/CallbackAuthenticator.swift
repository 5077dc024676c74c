import AsyncHTTPClient
import Logging
import SwitchboardCrypto

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
            self.keys = SigningKeys(.keySet(url), client: client, logger: logger)
            self.audience = audience
        }
    }

    var isOn: Bool { self.keys != nil }

    /// Nil when the `Authorization` header carries a valid token (or checks are off), else why not.
    func failure(authorization: String?) async -> String? {
        guard let keys = self.keys else { return nil }
        guard let bearer = BearerAuthenticator.bearer(authorization) else { return "missing bearer token" }
        do {
            let token = try JSONWebToken(compact: bearer)
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
