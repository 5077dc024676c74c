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
