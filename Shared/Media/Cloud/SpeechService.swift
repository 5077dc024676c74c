import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// A speech service answered with an error, or did not answer in time.
package struct SpeechServiceError: Error, CustomStringConvertible, Sendable {
    /// `azure tts`, `openai stt`…
    package let service: String
    /// The HTTP status; `nil` when there was no answer (time-out, refused or dropped connection).
    package let status: Int?
    package let message: String

    package var description: String {
        guard let status else { return "\(self.service): \(self.message)" }
        return "\(self.service): HTTP \(status): \(self.message)"
    }
}

/// One request to a speech service over the shared HTTP client: its credentials, its deadline,
/// and its errors named after the service.
struct SpeechRequest {
    let service: String
    let client: HTTPClient
    let timeout: Duration

    /// Sends `request` with the credentials; returns the response once it is a 200.
    func send(_ request: HTTPClientRequest, authorization: ServiceAuthorization) async throws -> HTTPClientResponse {
        var request = request
        request.headers.replaceOrAdd(name: "User-Agent", value: "switchboard")
        let response: HTTPClientResponse
        do {
            if let (name, value) = try await authorization.header() { request.headers.replaceOrAdd(name: name, value: value) }
            response = try await self.client.execute(request, timeout: TimeAmount(self.timeout))
        } catch let error as SpeechServiceError {
            throw error
        } catch {
            throw SpeechServiceError(service: self.service, status: nil, message: "\(error)")
        }
        guard response.status == .ok else {
            let body = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            throw SpeechServiceError(service: self.service, status: Int(response.status.code), message: Self.summary(body))
        }
        return response
    }

    /// Streams a 200 response's body as PCM16LE at `sampleRate`, converted to 16 kHz.
    func streamPCM(
        _ response: HTTPClientResponse, sampleRate: Int, into continuation: AsyncThrowingStream<[Int16], any Error>.Continuation
    ) async throws {
        let resampler = sampleRate == AudioFormat.sampleRate ? nil : try Resampler(from: sampleRate, to: AudioFormat.sampleRate)
        var decoder = PCMDecoder()
        do {
            for try await buffer in response.body {
                var samples = decoder.samples(buffer)
                if let resampler { samples = try resampler.process(samples) }
                if !samples.isEmpty { continuation.yield(samples) }
            }
        } catch let error as MediaEngineError {
            throw error
        } catch {
            throw SpeechServiceError(service: self.service, status: nil, message: "audio stream broke off: \(error)")
        }
        if let resampler {
            let tail = try resampler.process([], last: true)
            if !tail.isEmpty { continuation.yield(tail) }
        }
    }

    /// A service's error body, short: its `error.message`/`message` when it is JSON.
    static func summary(_ body: String) -> String {
        let json = JSONValue(jsonText: body)
        let message = json?["error"]?["message"]?.string ?? json?["message"]?.string ?? json?["error"]?.string ?? body
        return String(message.prefix(300))
    }
}

/// Little-endian PCM16 out of a byte stream whose pieces may split a sample.
struct PCMDecoder {
    private var carry: UInt8?

    mutating func samples(_ buffer: ByteBuffer) -> [Int16] {
        buffer.withUnsafeReadableBytes { bytes in
            var samples: [Int16] = []
            samples.reserveCapacity((bytes.count + 1) / 2)
            var index = 0
            if let low = self.carry, bytes.count > 0 {
                samples.append(Int16(bitPattern: UInt16(low) | UInt16(bytes[0]) << 8))
                self.carry = nil
                index = 1
            }
            while index + 1 < bytes.count {
                samples.append(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8))
                index += 2
            }
            if index < bytes.count { self.carry = bytes[index] }
            return samples
        }
    }
}

extension SpeechSynthesizer {
    /// A sentence in pieces from `produce`, which yields them; cancelled with the stream.
    static func streaming(
        _ produce: @escaping @Sendable (AsyncThrowingStream<[Int16], any Error>.Continuation) async throws -> Void
    ) -> AsyncThrowingStream<[Int16], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await produce(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// All the pieces of a sentence, joined.
    func collect(_ chunks: AsyncThrowingStream<[Int16], any Error>) async throws -> [Int16] {
        var samples: [Int16] = []
        for try await chunk in chunks { samples += chunk }
        return samples
    }
}
