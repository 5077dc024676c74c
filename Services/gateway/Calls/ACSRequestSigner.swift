import Foundation
import SwitchboardCrypto

/// Signs ACS REST requests with the resource's access key (HMAC-SHA256 scheme): the string
/// `VERB\n<path?query>\n<x-ms-date>;<host>;<x-ms-content-sha256>` is signed with the base64-decoded
/// key, and the request carries `x-ms-date`, `x-ms-content-sha256` and
/// `Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…`.
struct ACSRequestSigner: Sendable {
    let accessKey: [UInt8]

    /// The headers to add for one request. `host` is the authority the request goes to (with a
    /// port only when the endpoint names one), `pathAndQuery` exactly as sent.
    func headers(method: String, host: String, pathAndQuery: String, body: [UInt8], date: Date = Date()) -> [(String, String)] {
        let contentHash = Data(Digest.sha256(body)).base64EncodedString()
        let stamp = Self.rfc1123(date)
        let stringToSign = "\(method.uppercased())\n\(pathAndQuery)\n\(stamp);\(host);\(contentHash)"
        let signature = Data(Digest.hmac(.sha256, key: self.accessKey, message: Array(stringToSign.utf8))).base64EncodedString()
        return [
            ("x-ms-date", stamp),
            ("x-ms-content-sha256", contentHash),
            ("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signature)"),
        ]
    }

    /// `Mon, 30 Nov 2026 08:00:00 GMT` (IMF-fixdate), independent of the locale.
    static func rfc1123(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
    }
}
