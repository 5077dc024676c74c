import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardCore

/// OpenAI-compatible text to speech (`POST …/audio/speech`): OpenAI, Azure OpenAI deployments
/// and local servers speaking the same API. Asks for `pcm` (24 kHz PCM16, streamed) and converts
/// it to 16 kHz as it arrives.
package struct OpenAISpeechSynthesizer: SpeechSynthesizer {
    /// The voices the API offers; an agent's Azure voice named after one of them
    /// (`en-US-AlloyTurboMultilingualNeural`) keeps it, any other gets `defaultVoice`.
    static let voices = ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse"]

    let service: OpenAIAudioService
    let defaultVoice: String

    package init(
        endpoint: OpenAIEndpoint, authorization: ServiceAuthorization, model: String, defaultVoice: String, client: HTTPClient,
        timeout: Duration
    ) {
        self.service = OpenAIAudioService(
            endpoint: endpoint, authorization: authorization, model: model, name: "openai tts", client: client, timeout: timeout)
        self.defaultVoice = defaultVoice
    }

    package var isRemote: Bool { true }

    package var summary: String { "openai \(self.service.model) \(self.defaultVoice)" }

    func voice(for voice: SpeechVoice?) -> String {
        Self.voice(named: voice?.name) ?? self.defaultVoice
    }

    /// The API's voice an agent's voice is named after (`en-US-OnyxTurboMultilingualNeural`: `onyx`), if any.
    package static func voice(named name: String?) -> String? {
        let name = name?.lowercased() ?? ""
        return Self.voices.first { name == $0 || name.contains("-\($0)") }
    }

    package func synthesize(_ text: String, voice: SpeechVoice?) async throws -> [Int16] {
        try await self.collect(self.chunks(text, voice: voice))
    }

    package func chunks(_ text: String, voice: SpeechVoice?) -> AsyncThrowingStream<[Int16], any Error> {
        let body: JSONValue = [
            "model": .string(self.service.model), "input": .string(text), "voice": .string(self.voice(for: voice)),
            "response_format": "pcm",
        ]
        let service = self.service
        return Self.streaming { continuation in
            let response = try await service.post("audio/speech", contentType: "application/json", body: ByteBuffer(string: body.jsonText))
            try await service.request.streamPCM(response, sampleRate: 24_000, into: continuation)
        }
    }
}

/// OpenAI-compatible speech to text (`POST …/audio/transcriptions`), one request per utterance
/// with the utterance as a WAV file.
package struct OpenAITranscriber: UtteranceTranscriber {
    let service: OpenAIAudioService
    let language: String

    package init(
        endpoint: OpenAIEndpoint, authorization: ServiceAuthorization, model: String, language: String = "en", client: HTTPClient,
        timeout: Duration
    ) {
        self.service = OpenAIAudioService(
            endpoint: endpoint, authorization: authorization, model: model, name: "openai stt", client: client, timeout: timeout)
        self.language = language
    }

    package var summary: String { "openai \(self.service.model)" }

    package func transcribe(_ samples: [Int16], prompt: String?) async throws -> String {
        let boundary = "switchboard-\(UInt64.random(in: 0...UInt64.max))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("model", self.service.model)
        field("language", self.language)
        field("response_format", "json")
        if let prompt, !prompt.isEmpty { field("prompt", prompt) }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
        WAV.write(samples, sampleRate: AudioFormat.sampleRate, into: &body)
        body.writeString("\r\n--\(boundary)--\r\n")
        let response = try await self.service.post(
            "audio/transcriptions", contentType: "multipart/form-data; boundary=\(boundary)", body: body)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard let words = JSONValue(jsonText: text)?["text"]?.string else {
            throw SpeechServiceError(service: self.service.request.service, status: 200, message: "no text in the answer")
        }
        return words.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// An OpenAI-compatible audio API: where, with which credentials and model (the deployment on Azure).
struct OpenAIAudioService: Sendable {
    let endpoint: OpenAIEndpoint
    let authorization: ServiceAuthorization
    let model: String
    let request: SpeechRequest

    init(endpoint: OpenAIEndpoint, authorization: ServiceAuthorization, model: String, name: String, client: HTTPClient, timeout: Duration)
    {
        self.endpoint = endpoint
        self.authorization = authorization
        self.model = endpoint.model ?? model
        self.request = SpeechRequest(service: name, client: client, timeout: timeout)
    }

    /// `POST` to `operation` (`audio/speech`, `audio/transcriptions`); the response once it is a 200.
    func post(_ operation: String, contentType: String, body: ByteBuffer) async throws -> HTTPClientResponse {
        var http = HTTPClientRequest(url: self.endpoint.url(model: self.model, operation: operation))
        http.method = .POST
        http.headers.add(name: "Content-Type", value: contentType)
        http.body = .bytes(body)
        return try await self.request.send(http, authorization: self.authorization)
    }
}

/// A RIFF/WAVE header and PCM16 mono samples.
package enum WAV {
    package static func write(_ samples: [Int16], sampleRate: Int, into buffer: inout ByteBuffer) {
        let bytes = UInt32(samples.count * 2)
        buffer.writeString("RIFF")
        buffer.writeInteger(36 + bytes, endianness: .little)
        buffer.writeString("WAVEfmt ")
        buffer.writeInteger(UInt32(16), endianness: .little)
        buffer.writeInteger(UInt16(1), endianness: .little)  // PCM
        buffer.writeInteger(UInt16(1), endianness: .little)  // mono
        buffer.writeInteger(UInt32(sampleRate), endianness: .little)
        buffer.writeInteger(UInt32(sampleRate * 2), endianness: .little)
        buffer.writeInteger(UInt16(2), endianness: .little)
        buffer.writeInteger(UInt16(16), endianness: .little)
        buffer.writeString("data")
        buffer.writeInteger(bytes, endianness: .little)
        samples.withUnsafeBytes { _ = buffer.writeBytes($0) }  // little-endian on every platform Swift runs on here
    }
}
