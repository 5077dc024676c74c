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
    package static let voices = ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse"]

    let endpoint: OpenAIEndpoint
    let authorization: ServiceAuthorization
    let model: String
    let defaultVoice: String
    let request: SpeechRequest

    package init(
        endpoint: OpenAIEndpoint, authorization: ServiceAuthorization, model: String, defaultVoice: String, client: HTTPClient,
        timeout: Duration
    ) {
        self.endpoint = endpoint
        self.authorization = authorization
        self.model = endpoint.model ?? model
        self.defaultVoice = defaultVoice
        self.request = SpeechRequest(service: "openai tts", client: client, timeout: timeout)
    }

    package var summary: String { "openai \(self.model) \(self.defaultVoice)" }

    func voice(for voice: SpeechVoice?) -> String {
        let name = voice?.name.lowercased() ?? ""
        return Self.voices.first { name == $0 || name.contains("-\($0)") } ?? self.defaultVoice
    }

    package func synthesize(_ text: String, voice: SpeechVoice?) async throws -> [Int16] {
        try await self.collect(self.chunks(text, voice: voice))
    }

    package func chunks(_ text: String, voice: SpeechVoice?) -> AsyncThrowingStream<[Int16], any Error> {
        var http = HTTPClientRequest(url: self.endpoint.url(model: self.model, operation: "audio/speech"))
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        let body: JSONValue = [
            "model": .string(self.model), "input": .string(text), "voice": .string(self.voice(for: voice)), "response_format": "pcm",
        ]
        http.body = .bytes(ByteBuffer(string: body.jsonText))
        let (request, message) = (self.request, http)
        let authorization = self.authorization
        return Self.streaming { continuation in
            let response = try await request.send(message, authorization: authorization)
            try await request.streamPCM(response, sampleRate: 24_000, into: continuation)
        }
    }
}

/// OpenAI-compatible speech to text (`POST …/audio/transcriptions`), one request per utterance
/// with the utterance as a WAV file.
package struct OpenAITranscriber: UtteranceTranscriber {
    let endpoint: OpenAIEndpoint
    let authorization: ServiceAuthorization
    let model: String
    let language: String
    let request: SpeechRequest

    package init(
        endpoint: OpenAIEndpoint, authorization: ServiceAuthorization, model: String, language: String = "en", client: HTTPClient,
        timeout: Duration
    ) {
        self.endpoint = endpoint
        self.authorization = authorization
        self.model = endpoint.model ?? model
        self.language = language
        self.request = SpeechRequest(service: "openai stt", client: client, timeout: timeout)
    }

    package var summary: String { "openai \(self.model)" }

    package func transcribe(_ samples: [Int16], prompt: String?) async throws -> String {
        let boundary = "switchboard-\(UInt64.random(in: 0...UInt64.max))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        field("model", self.model)
        field("language", self.language)
        field("response_format", "json")
        if let prompt, !prompt.isEmpty { field("prompt", prompt) }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
        WAV.write(samples, sampleRate: AudioFormat.sampleRate, into: &body)
        body.writeString("\r\n--\(boundary)--\r\n")
        var http = HTTPClientRequest(url: self.endpoint.url(model: self.model, operation: "audio/transcriptions"))
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        http.body = .bytes(body)
        let response = try await self.request.send(http, authorization: self.authorization)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard let words = JSONValue(jsonText: text)?["text"]?.string else {
            throw SpeechServiceError(service: self.request.service, status: 200, message: "no text in the answer")
        }
        return words.trimmingCharacters(in: .whitespacesAndNewlines)
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
