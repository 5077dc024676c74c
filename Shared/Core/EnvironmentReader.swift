import Foundation

/// Reads typed settings from environment variables, collecting every problem instead of stopping
/// at the first, so a misconfigured service says everything that is wrong in one message.
///
/// ```swift
/// var environment = EnvironmentReader()
/// let port = environment.int("SB_GATEWAY_PORT", default: 8080, in: 1...65535)
/// try environment.validate()
/// ```
package struct EnvironmentReader: Sendable {
    package let values: [String: String]
    package private(set) var problems: [String] = []

    /// - Parameter values: the variables to read; the process environment by default.
    package init(_ values: [String: String] = EnvironmentReader.processEnvironment()) {
        self.values = values
    }

    /// The process's environment variables.
    package static func processEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// The first of `keys` that is set and not empty.
    package func raw(_ keys: [String]) -> String? {
        for key in keys {
            if let value = self.values[key]?.trimmingSpaces, !value.isEmpty { return value }
        }
        return nil
    }

    package func string(_ key: String, default value: String) -> String {
        self.raw([key]) ?? value
    }

    package func optionalString(_ keys: String...) -> String? {
        self.raw(keys)
    }

    package mutating func int(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Int {
        self.int([key], default: value, in: range)
    }

    package mutating func int(_ keys: [String], default value: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = self.raw(keys) else { return value }
        guard let number = Int(text), range.contains(number) else {
            self.problems.append("\(keys[0]) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \"\(text)\")")
            return value
        }
        return number
    }

    /// Accepts true/1/yes/on and false/0/no/off, as the Python backend does.
    package mutating func bool(_ key: String, default value: Bool) -> Bool {
        guard let text = self.raw([key]) else { return value }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            self.problems.append("\(key) must be true or false (got \"\(text)\")")
            return value
        }
    }

    /// A duration given in milliseconds.
    package mutating func milliseconds(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Duration {
        .milliseconds(self.int(key, default: value, in: range))
    }

    /// One of a fixed set of words.
    package mutating func choice(_ key: String, default value: String, from allowed: [String]) -> String {
        guard let text = self.raw([key]) else { return value }
        guard allowed.contains(text.lowercased()) else {
            self.problems.append("\(key) must be one of \(allowed.joined(separator: ", ")) (got \"\(text)\")")
            return value
        }
        return text.lowercased()
    }

    /// An http(s) base URL without a trailing slash.
    package mutating func httpURL(_ key: String, default value: String) -> String {
        let text = self.raw([key]) ?? value
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > 8 else {
            self.problems.append("\(key) must be an http:// or https:// URL (got \"\(text)\")")
            return value
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Records a problem found by a caller's own check.
    package mutating func report(_ problem: String) {
        self.problems.append(problem)
    }

    /// Throws one error listing every problem found so far.
    package func validate() throws {
        if !self.problems.isEmpty { throw ConfigurationError(problems: self.problems) }
    }
}

/// Invalid settings, listed one per line.
package struct ConfigurationError: Error, CustomStringConvertible {
    package let problems: [String]
    package var description: String {
        "invalid configuration:\n" + self.problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension String {
    /// The text without leading and trailing white space.
    package var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
