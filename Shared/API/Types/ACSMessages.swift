import SwitchboardCore

/// Agent audio on the ACS media socket (ACS's bidirectional streaming format). The serializer
/// writes this text directly, for speed; a test holds it to this type.
package struct ACSOutboundAudio: APIType {
    package enum Kind: String, APIEnum {
        case audioData = "AudioData"
    }

    /// The audio of one message.
    package struct Audio: APIType {
        /// Base64 PCM16LE mono at the call's rate.
        package var data: String

        enum CodingKeys: String, CodingKey {
            case data = "Data"
        }

        package static var schemaName: String { "AcsOutAudio" }
    }

    package var kind = Kind.audioData
    package var audioData: Audio
    /// Always null.
    package var stopAudio: JSONValue = .null

    enum CodingKeys: String, CodingKey {
        case kind = "Kind"
        case audioData = "AudioData"
        case stopAudio = "StopAudio"
    }

    package static var schemaName: String { "AcsOutAudioData" }
}

/// Barge-in on the ACS media socket: ACS drops the audio it has queued.
package struct ACSOutboundStop: APIType {
    package enum Kind: String, APIEnum {
        case stopAudio = "StopAudio"
    }

    package var kind = Kind.stopAudio
    /// Always null.
    package var audioData: JSONValue = .null
    /// Always `{}`.
    package var stopAudio: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case kind = "Kind"
        case audioData = "AudioData"
        case stopAudio = "StopAudio"
    }

    package static var schemaName: String { "AcsOutStopAudio" }
}

/// `AudioMetadata` on the ACS media socket: starts the call. The serializer reads keys and `kind`
/// case-insensitively, without this type; a test holds the two together.
package struct ACSAudioMetadataMessage: APIType {
    package enum Kind: String, APIEnum {
        case audioMetadata = "AudioMetadata"
    }

    /// The stream's format.
    package struct Metadata: APIType {
        package var subscriptionId: String?
        package var encoding: String?
        package var sampleRate: Int?
        package var channels: Int?
        package var length: Int?

        package static var schemaName: String { "AcsAudioMetadataFields" }
        package static var fields: [APIField<Self>] {
            [
                .field("encoding", example: "PCM"),
                .field(
                    "sampleRate", "8000, 16000 (the default), 24000 or 48000; another rate closes the socket with 1003.", example: 16000),
                .field("channels", example: 1), .field("length", "Bytes per audio message.", example: 640),
            ]
        }
    }

    package var kind = Kind.audioMetadata
    package var audioMetadata: Metadata?

    package static var schemaName: String { "AcsAudioMetadata" }
    package static var schemaDescription: String? { "Starts the call (first one only). Keys and `kind` are matched case-insensitively." }
}

/// `AudioData` on the ACS media socket: caller audio (docs/compatibility.md #2: without `silent`
/// it is audio).
package struct ACSAudioDataMessage: APIType {
    package enum Kind: String, APIEnum {
        case audioData = "AudioData"
    }

    /// One chunk of caller audio.
    package struct Audio: APIType {
        package var data: String
        package var timestamp: String?
        package var participantRawID: String?
        package var silent: Bool?

        package static var schemaName: String { "AcsAudioDataFields" }
        package static var fields: [APIField<Self>] {
            [
                .field("data", "Base64 PCM16LE mono at the metadata's rate."),
                .field("timestamp", "ISO 8601.", example: "2026-01-02T16:09:17.123Z"),
            ]
        }
    }

    package var kind = Kind.audioData
    package var audioData: Audio

    package static var schemaName: String { "AcsAudioData" }
    package static var schemaDescription: String? { "Caller audio. Keys and `kind` are matched case-insensitively." }
}

/// `DtmfData` on the ACS media socket: a key press, taken as typed input.
package struct ACSDtmfDataMessage: APIType {
    package enum Kind: String, APIEnum {
        case dtmfData = "DtmfData"
    }

    /// The key.
    package struct Tone: APIType {
        package var data: String

        package static var schemaName: String { "AcsDtmfDataFields" }
        package static var fields: [APIField<Self>] { [.field("data", \.data, "`0`–`9`, `*` or `#`.", example: "5", pattern: "^[0-9*#]$")] }
    }

    package var kind = Kind.dtmfData
    package var dtmfData: Tone

    package static var schemaName: String { "AcsDtmfData" }
    package static var schemaDescription: String? { "A key press. Keys and `kind` are matched case-insensitively." }
}
