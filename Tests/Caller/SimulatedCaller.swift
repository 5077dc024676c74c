import Foundation
import HTTPTypes
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardMedia
import WSClient

/// One simulated caller: connects over the ACS or browser protocol (or straight to a media
/// worker's internal session socket, to measure what the gateway adds), waits for the greeting,
/// speaks each line (Flite-synthesised, streamed in real-time 20 ms frames, then silence), and
/// measures how long the agent takes to answer: end of speech → first agent audio frame.
struct SimulatedCaller: Sendable {
    enum Transport: String, Sendable, CaseIterable { case acs, browser, `internal` }

    struct Turn: Sendable {
        var said: String
        /// End of the caller's speech → first audio frame of the answer, in milliseconds.
        var latencyMS: Double?
        var answerFrames: Int
        var heard: [String]
    }

    struct Report: Sendable {
        var sessionID: String
        var greetingFrames: Int
        var turns: [Turn]
        var lateFrames: Int
        /// The longest silence between two of the agent's frames with no line of the caller's in
        /// between (a worker's crash mid-answer shows here, if the answer goes on).
        var longestGapMS: Double
        /// Speech onset (first voiced frame sent) → the agent's audio stopped (StopAudio / clear).
        var bargeInMS: Double?
        /// Speech onset → the last agent frame before the stop: when the agent's audio paused.
        var quietMS: Double?
    }

    let url: String
    let proto: Transport
    let lines: [String]
    let bargeIn: Bool
    /// Browser `streaming_mode`; in `transcription` the agent stays silent and a turn counts as
    /// answered when the caller's transcript comes back.
    var mode = "realtime"
    /// The browser client's sample rate (`sample_rate`): audio is sent and received at it.
    var sampleRate = AudioFormat.sampleRate
    /// The session id to use (random when `nil`).
    var sessionID: String?
    /// ACS: the call connection id, sent as ACS does (header `x-ms-call-connection-id`, no session
    /// id: the gateway finds the session from the call record).
    var callID: String?
    /// Extra request headers on the upgrade (e.g. ACS's `Authorization: Bearer …`).
    var headers: [(String, String)] = []
    let synthesizer: FliteSynthesizer
    let logger: Logger

    final class Inbox: Sendable {
        struct State {
            var frames = 0
            var lastFrame: ContinuousClock.Instant?
            /// The end of the caller's current line, and the first agent frame after it.
            var mark: ContinuousClock.Instant?
            var firstAfterMark: ContinuousClock.Instant?
            var texts: [String] = []
            var stopAt: ContinuousClock.Instant?
            /// The last agent frame that arrived before the `StopAudio`/`clear` (when the agent went quiet).
            var lastBeforeStop: ContinuousClock.Instant?
            var late = 0
            var previousFrame: ContinuousClock.Instant?
            var longestGap = Duration.zero
        }
        let state = Locked(State())

        /// An agent frame arrived; `audible`: louder than −40 dBFS (the answer's first word, not the
        /// silence a synthesiser may put before it).
        func audio(audible: Bool) {
            self.state.withLock { state in
                let now = ContinuousClock.now
                // Real-time pacing sends a frame every 20 ms (with a small lead); a gap of more
                // than 60 ms inside an answer is a late frame.
                if let previous = state.previousFrame, previous.duration(to: now) > .milliseconds(60),
                    previous.duration(to: now) < .milliseconds(400)
                {
                    state.late += 1
                }
                if let previous = state.previousFrame { state.longestGap = max(state.longestGap, previous.duration(to: now)) }
                state.previousFrame = now
                if audible, let mark = state.mark, now > mark, state.firstAfterMark == nil { state.firstAfterMark = now }
                state.frames += 1
                state.lastFrame = now
                if state.stopAt == nil { state.lastBeforeStop = now }
            }
        }
    }

    func run() async throws -> Report {
        let sessionID = self.sessionID ?? "sim-\(UInt32.random(in: 0...UInt32.max))"
        let target =
            switch self.proto {
            case .acs where self.callID != nil: "\(self.url)/api/v1/media/stream"
            case .acs: "\(self.url)/api/v1/media/stream?call_connection_id=\(sessionID)&session_id=\(sessionID)"
            case .browser:
                "\(self.url)/api/v1/browser/conversation?session_id=\(sessionID)&scenario=banking&streaming_mode=\(self.mode)&sample_rate=\(self.sampleRate)"
            case .internal: "\(self.url)/internal/v1/sessions/\(sessionID)"
            }
        let inbox = Inbox()
        let speech: [[Int16]] = try await self.lines.asyncMap { line -> [Int16] in
            if line.hasPrefix("text:") { return [] }
            if line.hasPrefix("wav:") { return try WAVFile.samples(path: String(line.dropFirst(4))) }
            return try await self.synthesizer.synthesize(line, voice: "rms")
        }
        let turns = Locked([Turn]())
        let greeting = Locked(0)
        let bargeInMS = Locked<Double?>(nil)
        let quietMS = Locked<Double?>(nil)
        var upgradeHeaders = HTTPFields()
        if let callID = self.callID { upgradeHeaders[HTTPField.Name("x-ms-call-connection-id")!] = callID }
        for (name, value) in self.headers {
            if let field = HTTPField.Name(name) { upgradeHeaders[field] = value }
        }
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20, additionalHeaders: upgradeHeaders)
        try await WebSocketClient.connect(url: target, configuration: configuration, logger: self.logger) {
            inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message, var json = JSONValue(jsonText: text) else {
                            // The internal socket sends audio as binary frames.
                            if case .binary(let buffer) = message { inbox.audio(audible: Self.isAudible(Data(buffer.readableBytesView))) }
                            continue
                        }
                        if json["type"]?.string == "event", let envelope = json["envelope"] { json = envelope }
                        let kind = json["kind"]?.string ?? json["Kind"]?.string ?? json["type"]?.string
                        switch kind {
                        case "AudioData", "audio_data":
                            let base64 = json["AudioData"]?["Data"]?.string ?? json["audioData"]?["data"]?.string ?? json["data"]?.string
                            inbox.audio(audible: Self.isAudible(base64.flatMap { Data(base64Encoded: $0) } ?? Data()))
                        case "StopAudio", "control", "clear": inbox.state.withLock { if $0.stopAt == nil { $0.stopAt = .now } }
                        default:
                            if let content = json["payload"]?["content"]?.string, json["sender"]?.string != "STT" {
                                inbox.state.withLock { $0.texts.append("\(json["sender"]?.string ?? "?"): \(content)") }
                            }
                        }
                    }
                }
                switch self.proto {
                case .acs:
                    try await outbound.write(
                        .text(#"{"kind":"AudioMetadata","audioMetadata":{"encoding":"PCM","sampleRate":16000,"channels":1,"length":640}}"#))
                case .internal:
                    let start = MediaStart(sessionID: sessionID, transport: .browser, mode: .realtime, scenario: "banking")
                    try await outbound.write(.text(MediaControl.start(start).json.jsonText))
                case .browser:
                    break
                }
                if self.mode == "transcription" {
                    try await Task.sleep(for: .milliseconds(300))  // no greeting in transcription mode
                } else if self.bargeIn {
                    // Interrupt the greeting: speak once half a second of it has arrived.
                    try await self.waitForFrames(inbox, atLeast: 25, timeout: .seconds(15))
                } else {
                    try await self.waitForQuiet(inbox, atLeastFrames: 1, timeout: .seconds(15))
                }
                greeting.withLock { $0 = inbox.state.value.frames }
                for (line, samples) in zip(self.lines, speech) {
                    let before = inbox.state.withLock { state -> Int in
                        state.texts = []
                        state.previousFrame = nil  // the caller talks: the next frame starts an answer
                        return state.frames
                    }
                    if self.bargeIn {
                        // Speak over the agent: start while its answer plays, measure until it stops.
                        inbox.state.withLock {
                            $0.stopAt = nil
                            $0.lastBeforeStop = nil
                        }
                    }
                    if line.hasPrefix("text:") {
                        // Typed input (browser): no audio, the answer's latency counts from sending it.
                        let sent = ContinuousClock.now
                        inbox.state.withLock {
                            $0.mark = sent
                            $0.firstAfterMark = nil
                        }
                        let typed = String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)
                        try await outbound.write(.text(self.proto == .internal ? MediaControl.text(typed).json.jsonText : typed))
                        try await self.waitForQuiet(inbox, atLeastFrames: before + 1, timeout: .seconds(20))
                        let state = inbox.state.value
                        let latency = state.firstAfterMark.map { Self.ms(sent.duration(to: $0)) }
                        turns.withLock {
                            $0.append(Turn(said: line, latencyMS: latency, answerFrames: state.frames - before, heard: state.texts))
                        }
                        continue
                    }
                    let spoken = ContinuousClock.now
                    // The end of the last audible frame: what a listener takes as the end of speech.
                    let speechEnd = spoken + .milliseconds(Self.lastAudibleMilliseconds(samples))
                    let onset = spoken + .milliseconds(Self.onsetMilliseconds(samples))
                    inbox.state.withLock {
                        $0.mark = speechEnd
                        $0.firstAfterMark = nil
                    }
                    try await self.stream(samples + [Int16](repeating: 0, count: 16_000), outbound: outbound)
                    inbox.state.withLock { $0.previousFrame = nil }  // what played over the line is not the answer
                    if self.mode == "transcription" {
                        let transcribed = try await self.waitForTranscript(inbox, timeout: .seconds(10))
                        let state = inbox.state.value
                        turns.withLock {
                            $0.append(
                                Turn(said: line, latencyMS: transcribed ? 0 : nil, answerFrames: state.frames - before, heard: state.texts))
                        }
                        continue
                    }
                    try await self.waitForQuiet(inbox, atLeastFrames: before + 1, timeout: .seconds(20))
                    let state = inbox.state.value
                    let latency = state.firstAfterMark.map { Self.ms(speechEnd.duration(to: $0)) }
                    turns.withLock {
                        $0.append(Turn(said: line, latencyMS: latency, answerFrames: state.frames - before, heard: state.texts))
                    }
                    if self.bargeIn, let stop = state.stopAt {
                        bargeInMS.withLock { $0 = Self.ms(onset.duration(to: stop)) }
                        let quiet = state.lastBeforeStop.map { max(0, Self.ms(onset.duration(to: $0))) } ?? 0
                        quietMS.withLock { $0 = quiet }
                    }
                }
                try await outbound.close(.normalClosure, reason: "caller done")
                group.cancelAll()
            }
        }
        return Report(
            sessionID: sessionID, greetingFrames: greeting.value, turns: turns.value, lateFrames: inbox.state.value.late,
            longestGapMS: Self.ms(inbox.state.value.longestGap),
            bargeInMS: bargeInMS.value, quietMS: quietMS.value)
    }

    /// −40 dBFS: quieter frames are not heard over a phone line.
    static let audibleRMS = 328.0

    /// Whether a frame of PCM16LE audio is audible.
    static func isAudible(_ bytes: Data) -> Bool {
        let samples = stride(from: 0, to: bytes.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(bytes[bytes.startIndex + $0]) | UInt16(bytes[bytes.startIndex + $0 + 1]) << 8)
        }
        return AudioFormat.rms(samples) >= Self.audibleRMS
    }

    /// Where speech ends in 16 kHz audio: the end of the last audible 20 ms frame.
    static func lastAudibleMilliseconds(_ samples: [Int16]) -> Int {
        let size = AudioFormat.samplesPerFrame
        let starts = stride(from: 0, to: samples.count, by: size)
        guard let last = starts.reversed().first(where: { AudioFormat.rms(samples[$0..<min($0 + size, samples.count)]) >= Self.audibleRMS })
        else { return samples.count / 16 }
        return (last + size) / 16
    }

    /// Where speech starts in 16 kHz audio: the first 20 ms frame louder than -30 dBFS.
    static func onsetMilliseconds(_ samples: [Int16]) -> Int {
        let size = AudioFormat.samplesPerFrame
        for (index, offset) in stride(from: 0, to: samples.count, by: size).enumerated() {
            let frame = samples[offset..<min(offset + size, samples.count)]
            if AudioFormat.rms(frame) > 1000 { return index * AudioFormat.frameMilliseconds }
        }
        return 0
    }

    /// Streams audio in real time, 20 ms per frame, at the client's sample rate.
    private func stream(_ samples: [Int16], outbound: WebSocketOutboundWriter) async throws {
        let clock = ContinuousClock()
        var next = clock.now
        var samples = samples
        if self.sampleRate != AudioFormat.sampleRate {
            samples = try Resampler(from: AudioFormat.sampleRate, to: self.sampleRate).process(samples, last: true)
        }
        let frameSize = self.sampleRate * AudioFormat.frameMilliseconds / 1000
        for offset in stride(from: 0, to: samples.count, by: frameSize) {
            // A frame leaves once it has been spoken, as from a phone: 20 ms after its start.
            next += .milliseconds(20)
            try await Task.sleep(until: next, clock: clock)
            let frame = samples[offset..<min(offset + frameSize, samples.count)]
            var buffer = ByteBuffer()
            for sample in frame { buffer.writeInteger(sample, endianness: .little) }
            switch self.proto {
            case .browser, .internal:
                try await outbound.write(.binary(buffer))
            case .acs:
                let data = Data(buffer.readableBytesView).base64EncodedString()
                try await outbound.write(.text(#"{"kind":"AudioData","audioData":{"data":"\#(data)","silent":false}}"#))
            }
        }
    }

    private func waitForTranscript(_ inbox: Inbox, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if inbox.state.value.texts.contains(where: { $0.hasPrefix("User:") }) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    private func waitForFrames(_ inbox: Inbox, atLeast frames: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, inbox.state.value.frames < frames { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// Waits until at least `atLeastFrames` arrived and then no audio for a second.
    private func waitForQuiet(_ inbox: Inbox, atLeastFrames: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let state = inbox.state.value
            if state.frames >= atLeastFrames, let last = state.lastFrame, last.duration(to: .now) > .seconds(1) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func ms(_ duration: Duration) -> Double {
        duration.fractionalMilliseconds.rounded()
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
