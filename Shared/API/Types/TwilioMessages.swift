import SwitchboardCore

/// A message Twilio sends on a Media Stream (`connected`, `start`, `media`, `dtmf`, `mark`,
/// `stop`), each with the stream's `streamSid`; `event` says which object it carries. The
/// serializer reads them without this type, for speed; a test holds the two together.
package struct TwilioStreamEvent: APIType {
    package enum Event: String, APIEnum {
        case connected, start, media, dtmf, mark, stop
    }

    /// `start`: the call and its format.
    package struct Start: APIType {
        /// The audio's format: only μ-law 8 kHz is taken.
        package struct MediaFormat: APIType {
            package var encoding: String?
            package var sampleRate: Int?
            package var channels: Int?

            package static var schemaName: String { "TwilioMediaFormat" }
            package static var fields: [APIField<Self>] {
                [.field("encoding", example: "audio/x-mulaw"), .field("sampleRate", example: 8000)]
            }
        }

        package var streamSid: String?
        package var callSid: String
        package var mediaFormat: MediaFormat?
        package var customParameters: [String: String]?

        package static var schemaName: String { "TwilioStart" }
        package static var fields: [APIField<Self>] {
            [
                .field("callSid", example: "CA0123456789abcdef"),
                .field("customParameters", "The `<Parameter>`s of the webhook's answer: `session_id` and the stream `token`."),
            ]
        }
    }

    /// `media`: caller audio.
    package struct Media: APIType {
        package var track: String?
        package var payload: String
        package var chunk: String?
        package var timestamp: String?

        package static var schemaName: String { "TwilioInboundMedia" }
        package static var fields: [APIField<Self>] {
            [.field("track", "Only `inbound` is used (the default)."), .field("payload", "Base64 μ-law 8 kHz.")]
        }
    }

    /// `dtmf`: a key press, taken as typed input.
    package struct Dtmf: APIType {
        package var digit: String

        package static var schemaName: String { "TwilioDtmf" }
        package static var fields: [APIField<Self>] { [.field("digit", example: "5")] }
    }

    package var event: Event
    package var streamSid: String?
    package var sequenceNumber: String?
    package var start: Start?
    package var media: Media?
    package var dtmf: Dtmf?
    package var mark: TwilioMark.Name?

    package static var schemaDescription: String? {
        "`connected`, `start` (with `start`), `media` (with `media`), `dtmf` (with `dtmf`), `mark` (the echo of one sent, with `mark`) or `stop`."
    }
}

/// `media` to Twilio: agent audio, 20 ms per message.
package struct TwilioMedia: APIType {
    package enum Event: String, APIEnum { case media }

    /// The audio.
    package struct Payload: APIType {
        package var payload: String

        package static var schemaName: String { "TwilioOutboundMedia" }
        package static var fields: [APIField<Self>] { [.field("payload", "Base64 μ-law 8 kHz.")] }
    }

    package var event = Event.media
    package var streamSid: String
    package var media: Payload
}

/// `mark` to Twilio after each sentence's audio; Twilio echoes it once the audio has played.
package struct TwilioMark: APIType {
    package enum Event: String, APIEnum { case mark }

    /// The mark's name.
    package struct Name: APIType {
        package var name: String

        package static var schemaName: String { "TwilioMarkName" }
    }

    package var event = Event.mark
    package var streamSid: String
    package var mark: Name

    package init(streamSid: String, name: String) {
        self.streamSid = streamSid
        self.mark = Name(name: name)
    }
}

/// `clear` to Twilio on barge-in: drop the audio it has buffered.
package struct TwilioClear: APIType {
    package enum Event: String, APIEnum { case clear }

    package var event = Event.clear
    package var streamSid: String
}
