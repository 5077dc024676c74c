import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import SwitchboardCore
import Synchronization

/// Azure Speech real-time recognition over the Speech service's WebSocket protocol: each
/// utterance is one turn on its own connection — `speech.config` (and `speech.context` with the
/// listening agent's phrases), the audio as binary `audio` messages (a RIFF header first, 16 kHz
/// PCM16, ending with an empty one when our VAD ends the turn); the service's
/// `speech.hypothesis` messages are the partials, its `speech.phrase` the final words, `turn.end`
/// closes the turn (acknowledged with `telemetry`).
///
/// Leased to one session at a time, like every recogniser; the connection runs in its own task.
package final class AzureSpeechRecognizer: StreamingRecognizer, @unchecked Sendable {
    // @unchecked: `utterance` is used by the one session that leased the recogniser; what the
    // connection task shares with it is behind a Mutex.
    package struct Configuration: Sendable {
        /// `wss://<region>.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1`, or `SB_AZURE_STT_URL`.
        package var url: String
        package var language: String
        package var authorization: ServiceAuthorization
        /// Longest wait for the final words once the caller's turn ended.
        package var timeout: Duration

        package init(url: String, language: String, authorization: ServiceAuthorization, timeout: Duration) {
            self.url = url
            self.language = language
            self.authorization = authorization
            self.timeout = timeout
        }

        /// The regional endpoint.
        package static func url(region: String) -> String {
            "wss://\(region).stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1"
        }
    }

    private struct Utterance {
        let audio: AsyncStream<[Int16]>.Continuation
        let words: Task<String, any Error>
    }

    private let configuration: Configuration
    private let logger: Logger
    /// The service's latest hypothesis, written by the connection task.
    private final class Hypothesis: Sendable {
        let text = Mutex<String?>(nil)
    }

    private let hypothesis = Hypothesis()
    private var utterance: Utterance?
    private var phrases: [String] = []

    package init(_ configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    package func start() {
        self.utterance?.audio.finish()
        self.hypothesis.text.withLock { $0 = nil }
        let (stream, audio) = AsyncStream.makeStream(of: [Int16].self, bufferingPolicy: .bufferingNewest(1500))
        let (configuration, phrases, hypothesis, logger) = (self.configuration, self.phrases, self.hypothesis, self.logger)
        let words = Task {
            try await Self.recognize(stream, configuration: configuration, phrases: phrases, hypothesis: hypothesis, logger: logger)
        }
        self.utterance = Utterance(audio: audio, words: words)
    }

    package func process(_ samples: UnsafeBufferPointer<Int16>) {
        self.utterance?.audio.yield(Array(samples))
    }

    package func partial() -> String? {
        self.hypothesis.text.withLock { $0 }
    }

    package func finish() -> Recognition {
        guard let utterance = self.utterance else { return .now("") }
        self.utterance = nil
        utterance.audio.finish()  // the empty audio message: the caller's turn is over
        let (words, timeout) = (utterance.words, self.configuration.timeout)
        return .later(
            Task {
                try await withThrowingTaskGroup(of: String.self) { group in
                    group.addTask { try await words.value }
                    group.addTask {
                        try await Task.sleep(for: timeout)
                        words.cancel()
                        throw SpeechServiceError(service: "azure stt", status: nil, message: "no final words within \(timeout)")
                    }
                    defer { group.cancelAll() }
                    return try await group.next() ?? ""
                }
            })
    }

    /// The grammar's words become the turn's phrase list.
    package func useGrammar(_ name: String, jsgf: String) throws {
        self.phrases = UtteranceRecognizer.vocabulary(jsgf).components(separatedBy: ", ").filter { !$0.isEmpty }
    }

    package func useLanguageModel() { self.phrases = [] }

    /// Closes the connection of an utterance the session left unfinished.
    package func release() {
        self.utterance?.audio.finish()
        self.utterance?.words.cancel()
        self.utterance = nil
    }

    /// One turn on one connection; returns the final words.
    private static func recognize(
        _ audio: AsyncStream<[Int16]>, configuration: Configuration, phrases: [String], hypothesis: Hypothesis, logger: Logger
    ) async throws -> String {
        let requestID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        var headers = HTTPFields()
        if let (name, value) = try await configuration.authorization.header(), let field = HTTPField.Name(name) { headers[field] = value }
        headers[HTTPField.Name("X-ConnectionId")!] = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let separator = configuration.url.contains("?") ? "&" : "?"
        let url = "\(configuration.url)\(separator)language=\(configuration.language)&format=simple"
        let words = Mutex<String?>(nil)
        let service = "azure stt"
        do {
            try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers), logger: logger
            ) {
                inbound, outbound, _ in
                try await outbound.write(.text(Self.message("speech.config", requestID: nil, body: Self.speechConfig)))
                if !phrases.isEmpty {
                    let items: [JSONValue] = phrases.map { ["Text": .string($0)] }
                    let context: JSONValue = ["dgi": ["Groups": [["Type": "Generic", "Items": .array(items)]]]]
                    try await outbound.write(.text(Self.message("speech.context", requestID: requestID, body: context.jsonText)))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var header = ByteBuffer()
                        WAV.write([], sampleRate: AudioFormat.sampleRate, into: &header)
                        try await outbound.write(.binary(Self.audio(requestID: requestID, payload: header)))
                        var pending = ByteBuffer()
                        for await samples in audio {
                            samples.withUnsafeBytes { _ = pending.writeBytes($0) }
                            while pending.readableBytes >= 6400 {  // 200 ms per message (at most 8192 bytes)
                                try await outbound.write(
                                    .binary(Self.audio(requestID: requestID, payload: pending.readSlice(length: 6400)!)))
                            }
                        }
                        if pending.readableBytes > 0 {
                            try await outbound.write(.binary(Self.audio(requestID: requestID, payload: pending)))
                        }
                        try await outbound.write(.binary(Self.audio(requestID: requestID, payload: ByteBuffer())))  // end of audio
                    }
                    defer { group.cancelAll() }
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        let (path, body) = Self.parse(text)
                        switch path {
                        case "speech.hypothesis", "speech.fragment":
                            if let partial = body?["Text"]?.string, !partial.isEmpty { hypothesis.text.withLock { $0 = partial } }
                        case "speech.phrase":
                            let status = body?["RecognitionStatus"]?.string ?? ""
                            let display = body?["DisplayText"]?.string ?? body?["NBest"]?.array?.first?["Display"]?.string ?? ""
                            if status == "Success" {
                                words.withLock { $0 = (($0.map { $0 + " " }) ?? "") + display }
                            } else if status != "NoMatch" && status != "InitialSilenceTimeout" && status != "EndOfDictation" {
                                throw SpeechServiceError(service: service, status: nil, message: "recognition status \(status)")
                            }
                        case "turn.end":
                            try await outbound.write(
                                .text(Self.message("telemetry", requestID: requestID, body: #"{"ReceivedMessages":{}}"#)))
                            return
                        default:
                            continue
                        }
                    }
                    throw SpeechServiceError(service: service, status: nil, message: "the connection closed before the turn ended")
                }
            }
        } catch let error as SpeechServiceError {
            throw error
        } catch {
            throw SpeechServiceError(service: service, status: nil, message: "\(error)")
        }
        return (words.withLock { $0 } ?? "").trimmingCharacters(in: .whitespaces)
    }

    private static let speechConfig =
        #"{"context":{"system":{"name":"switchboard","version":"0.1.0","build":"swift","lang":"swift"},"os":{"platform":"Linux","name":"Debian","version":"12"},"audio":{"source":{"connectivity":"Unknown","manufacturer":"Unknown","model":"Unknown","type":"Phone","samplerate":16000,"bitspersample":16,"channelcount":1}}}}"#

    /// A text message: headers, a blank line, the body.
    static func message(_ path: String, requestID: String?, body: String) -> String {
        var headers = "Path: \(path)\r\nX-Timestamp: \(Self.timestamp())\r\nContent-Type: application/json; charset=utf-8\r\n"
        if let requestID { headers += "X-RequestId: \(requestID)\r\n" }
        return headers + "\r\n" + body
    }

    /// A binary `audio` message: the headers' length (2 bytes, big-endian), the headers, the audio.
    static func audio(requestID: String, payload: ByteBuffer) -> ByteBuffer {
        let headers = "Path: audio\r\nX-RequestId: \(requestID)\r\nX-Timestamp: \(Self.timestamp())\r\nContent-Type: audio/x-wav\r\n"
        var buffer = ByteBuffer()
        buffer.reserveCapacity(2 + headers.utf8.count + payload.readableBytes)
        buffer.writeInteger(UInt16(headers.utf8.count), endianness: .big)
        buffer.writeString(headers)
        var payload = payload
        buffer.writeBuffer(&payload)
        return buffer
    }

    /// A service message's `Path` and JSON body.
    static func parse(_ text: String) -> (path: String, body: JSONValue?) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let path =
            parts.first?.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("path:") }
            .map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) } ?? ""
        return (path, parts.count > 1 ? JSONValue(jsonText: parts.dropFirst().joined(separator: "\r\n\r\n")) : nil)
    }

    private static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }
}
