import Foundation
import SwitchboardCore

/// Agent audio on the browser conversation socket, in order.
package struct BrowserAudioFrame: APIType {
    package enum Kind: String, APIEnum {
        case audioData = "audio_data"
    }

    package var type = Kind.audioData
    /// Base64 PCM16LE mono at `sample_rate`.
    package var data: String
    package var sampleRate: Int
    package var frameIndex: Int
    /// Always null: the stream's length is not known in advance.
    package var totalFrames: JSONValue = .null
    package var isFinal = false

    package init(data: String, sampleRate: Int, frameIndex: Int) {
        self.data = data
        self.sampleRate = sampleRate
        self.frameIndex = frameIndex
    }

    enum CodingKeys: String, CodingKey {
        case type, data
        case sampleRate = "sample_rate"
        case frameIndex = "frame_index"
        case totalFrames = "total_frames"
        case isFinal = "is_final"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("data", "Base64 PCM16LE mono."),
            .field("sample_rate", "The rate the socket was opened with.", example: 16000),
            .field("frame_index", \.frameIndex, "Counts from 0 per connection.", minimum: 0),
            .field("total_frames", "Always null."),
            .field("is_final", "Always false."),
        ]
    }
}

/// Barge-in on the browser socket: the client drops queued audio. Sent in pairs: `tts_cancelled`, then `audio_stop`.
package struct BrowserControl: APIType {
    package enum Kind: String, APIEnum {
        case control
    }

    package enum Action: String, APIEnum {
        case ttsCancelled = "tts_cancelled"
        case audioStop = "audio_stop"
    }

    package enum Reason: String, APIEnum {
        case bargeIn = "barge_in"
    }

    package var type = Kind.control
    package var action: Action
    package var reason = Reason.bargeIn
    package var sessionID: String
    /// `tts_cancelled` only: when (ISO 8601).
    package var at: String?

    package init(action: Action, sessionID: String, at: String? = nil) {
        self.action = action
        self.sessionID = sessionID
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case type, action, reason, at
        case sessionID = "session_id"
    }

    package static var schemaName: String { "ControlMessage" }
    package static var schemaDescription: String? {
        "Barge-in: the client drops queued audio. Sent in pairs: `tts_cancelled`, then `audio_stop`."
    }
    package static var fields: [APIField<Self>] { [.field("at", "`tts_cancelled` only (ISO 8601).")] }
}

/// Last message of a browser conversation, just before the socket closes with 1000.
package struct SessionEnd: APIType {
    package enum Kind: String, APIEnum {
        case sessionEnd = "session_end"
    }

    package var type = Kind.sessionEnd
    package var reason: String
    /// When (ISO 8601).
    package var ts: String

    package init(reason: String, ts: String) {
        self.reason = reason
        self.ts = ts
    }

    package static var schemaDescription: String? { "Last message of a browser conversation, just before the socket closes with 1000." }
}

extension APIType {
    /// Compact JSON text with sorted keys, as a WebSocket text message.
    package var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }
}
