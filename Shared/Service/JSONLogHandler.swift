import Foundation
import Logging

/// Writes one JSON object per line to standard error: time (UTC, with its zone), level, service,
/// message and the dotted metadata keys as fields, with `trace_id` and `span_id` inside a trace. For log shippers; `SB_LOG_FORMAT=text` keeps the plain format.
package struct JSONLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private let label: String
    /// `2026-11-30T18:20:01.123Z`: UTC, with its zone, to the millisecond.
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    package init(label: String) {
        self.label = label
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var fields: [String: String] = [
            "time": Date().formatted(Self.timeFormat),
            "level": event.level.rawValue,
            "logger": self.label,
            "message": "\(event.message)",
        ]
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged { fields[key] = "\(value)" }
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}
