import Configuration
import Foundation
import SystemPackage

/// Reads typed settings from environment variables, collecting every problem instead of stopping
/// at the first, so a misconfigured service says everything that is wrong in one message.
///
/// Variables come from the process environment, then `.env.local`, then `.env` in the working
/// directory (reference §7.4: a file never overrides the environment, and `.env.local` wins over
/// `.env`); swift-configuration reads the files. An empty value counts as unset. Values of
/// secrets (keys, tokens, passwords, connection strings) never appear in a problem.
///
/// ```swift
/// var environment = try await EnvironmentReader.loading()
/// let port = environment.int("SB_GATEWAY_PORT", default: 8080, in: 1...65535)
/// try environment.validate()
/// ```
package struct EnvironmentReader: Sendable {
    /// Where a variable is looked up, first match wins.
    private let sources: [EnvironmentVariablesProvider]
    package private(set) var problems: [String] = []

    /// - Parameter values: the variables to read; the process environment by default.
    package init(_ values: [String: String] = EnvironmentReader.processEnvironment()) {
        self.sources = [EnvironmentVariablesProvider(environmentVariables: values, secretsSpecifier: Self.secrets)]
    }

    private init(sources: [EnvironmentVariablesProvider]) {
        self.sources = sources
    }

    /// The process environment, then the `files` of `directory` that exist.
    /// - Throws: ``ConfigurationError`` naming a file that exists but cannot be read.
    package static func loading(
        files: [String] = [".env.local", ".env"], directory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = EnvironmentReader.processEnvironment()
    ) async throws -> EnvironmentReader {
        var sources = [EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: Self.secrets)]
        for file in files {
            let path = directory + "/" + file
            do {
                sources.append(
                    try await EnvironmentVariablesProvider(
                        environmentFilePath: FilePath(path), allowMissing: true, secretsSpecifier: Self.secrets))
            } catch {
                throw ConfigurationError(problems: ["\(path) cannot be read: \(error)"])
            }
        }
        return EnvironmentReader(sources: sources)
    }

    /// The process's environment variables.
    package static func processEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// Whether a variable holds a secret, by its name: keys, secrets, tokens, passwords,
    /// connection strings and Redis URLs (which may carry a password).
    package static func isSecret(_ name: String) -> Bool {
        let name = name.uppercased()
        return ["KEY", "TOKEN", "PASSWORD"].contains(where: name.hasSuffix) || name.contains("SECRET")
            || name.contains("CONNECTION_STRING") || name == "REDIS_URL"
    }

    private static let secrets = SecretsSpecifier<String, String>.dynamic { name, _ in isSecret(name) }

    /// A variable's value (empty means unset), surrounding quotes removed as `.env` files write them.
    package func value(_ name: String) -> String? {
        for source in self.sources {
            guard let value = (try? source.environmentValue(forName: name))?.trimmingSpaces, !value.isEmpty else { continue }
            return Self.unquoted(value)
        }
        return nil
    }

    /// `"a b"` and `'a b'` as `a b`.
    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else { return value }
        return String(value.dropFirst().dropLast())
    }

    /// How a problem names a value: quoted, unless it is a secret.
    private func shown(_ key: String, _ text: String) -> String {
        Self.isSecret(key) ? "(the value is not shown)" : "(got \"\(text)\")"
    }

    /// The first of `keys` that is set and not empty.
    package func raw(_ keys: [String]) -> String? {
        keys.lazy.compactMap(self.value).first
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
            self.problems.append(
                "\(keys[0]) must be a whole number from \(range.lowerBound) to \(range.upperBound) \(self.shown(keys[0], text))")
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
            self.problems.append("\(key) must be true or false \(self.shown(key, text))")
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
            self.problems.append("\(key) must be one of \(allowed.joined(separator: ", ")) \(self.shown(key, text))")
            return value
        }
        return text.lowercased()
    }

    /// An http(s) base URL without a trailing slash.
    package mutating func httpURL(_ key: String, default value: String) -> String {
        let text = self.raw([key]) ?? value
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > 8 else {
            self.problems.append("\(key) must be an http:// or https:// URL \(self.shown(key, text))")
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
