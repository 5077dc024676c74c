import AsyncHTTPClient
import NIOCore
import SwitchboardCore

/// Azure Speech text to speech over REST: SSML in (the agent's neural voice, speaking style,
/// rate and pitch), raw 16 kHz PCM16 out, streamed to the pacer as it arrives, so the first
/// audio plays before the service has finished.
///
/// Connections are pooled by the shared HTTP client; a request that fails or times out throws a
/// ``SpeechServiceError`` (the session then speaks the sentence with its fallback voice).
package struct AzureSpeechSynthesizer: SpeechSynthesizer {
    package struct Configuration: Sendable {
        /// `https://<region>.tts.speech.microsoft.com/cognitiveservices/v1`, or `SB_AZURE_TTS_URL`.
        package var url: String
        package var authorization: ServiceAuthorization
        /// For agents whose voice is not an Azure neural voice name.
        package var defaultVoice: String
        package var timeout: Duration

        package init(url: String, authorization: ServiceAuthorization, defaultVoice: String, timeout: Duration) {
            self.url = url
            self.authorization = authorization
            self.defaultVoice = defaultVoice
            self.timeout = timeout
        }

        /// The regional endpoint.
        package static func url(region: String) -> String {
            "https://\(region).tts.speech.microsoft.com/cognitiveservices/v1"
        }
    }

    let configuration: Configuration
    let request: SpeechRequest

    package init(_ configuration: Configuration, client: HTTPClient) {
        self.configuration = configuration
        self.request = SpeechRequest(service: "azure tts", client: client, timeout: configuration.timeout)
    }

    package var isRemote: Bool { true }

    package var summary: String { "azure \(self.configuration.defaultVoice)" }

    package func synthesize(_ text: String, voice: SpeechVoice?) async throws -> [Int16] {
        try await self.collect(self.chunks(text, voice: voice))
    }

    package func chunks(_ text: String, voice: SpeechVoice?) -> AsyncThrowingStream<[Int16], any Error> {
        var http = HTTPClientRequest(url: self.configuration.url)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/ssml+xml")
        http.headers.add(name: "X-Microsoft-OutputFormat", value: "raw-16khz-16bit-mono-pcm")
        http.body = .bytes(ByteBuffer(string: self.ssml(text, voice: voice)))
        let (request, message) = (self.request, http)
        let authorization = self.configuration.authorization
        return Self.streaming { continuation in
            let response = try await request.send(message, authorization: authorization)
            try await request.streamPCM(response, sampleRate: AudioFormat.sampleRate, into: continuation)
        }
    }

    /// The SSML document for one sentence. A voice that is not an Azure neural voice name (`rms`)
    /// is replaced by the configured default.
    func ssml(_ text: String, voice: SpeechVoice?) -> String {
        let name = voice.map(\.name).flatMap { $0.hasSuffix("Neural") ? $0 : nil } ?? self.configuration.defaultVoice
        let language = name.split(separator: "-").prefix(2).joined(separator: "-")
        var body = Self.escape(text)
        let prosody = [("rate", voice?.rate), ("pitch", voice?.pitch)].compactMap { attribute, value in
            value.flatMap { $0.isEmpty || $0 == "+0%" ? nil : "\(attribute)=\"\(Self.escape($0))\"" }
        }
        if !prosody.isEmpty { body = "<prosody \(prosody.joined(separator: " "))>\(body)</prosody>" }
        if let style = voice?.style, !style.isEmpty {
            body = "<mstts:express-as style=\"\(Self.escape(style))\">\(body)</mstts:express-as>"
        }
        return """
            <speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="https://www.w3.org/2001/mstts" \
            xml:lang="\(Self.escape(language))"><voice name="\(Self.escape(name))">\(body)</voice></speak>
            """
    }

    /// Text and attribute values made safe for XML.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
