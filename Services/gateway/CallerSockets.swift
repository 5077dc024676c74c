import CoreMetrics
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import SwitchboardCore
import Synchronization

/// The public voice sockets: `/api/v1/media/stream` (ACS) and `/api/v1/browser/conversation`
/// (alias `/api/v1/realtime/conversation`). Each caller frame is translated to the internal
/// format and carried by a ``CallBridge`` to a media worker; the worker's frames come back
/// translated for the caller. Bounded: frame size, message rate, concurrent connections.
struct CallerSockets: Sendable {
    let bridge: CallBridge
    let limits: Limits
    let counters: Counters
    let logger: Logger

    struct Limits: Sendable {
        var maxConnections: Int
        var maxMessagesPerSecond: Int
        var maxFrameBytes: Int
    }

    /// Live connection counts for the status endpoints and the limit.
    final class Counters: Sendable {
        let media = Atomic<Int>(0)
        let browser = Atomic<Int>(0)
        var total: Int { self.media.load(ordering: .relaxed) + self.browser.load(ordering: .relaxed) }

        private let activeCalls = [
            Gauge(label: "switchboard_gateway_active_calls", dimensions: [("transport", "acs")]),
            Gauge(label: "switchboard_gateway_active_calls", dimensions: [("transport", "browser")]),
        ]
        private let calls = [
            Counter(label: "switchboard_gateway_calls_total", dimensions: [("transport", "acs")]),
            Counter(label: "switchboard_gateway_calls_total", dimensions: [("transport", "browser")]),
        ]

        func change(_ kind: Kind, by amount: Int) {
            let index = kind == .acs ? 0 : 1
            let now =
                kind == .acs
                ? self.media.add(amount, ordering: .relaxed).newValue : self.browser.add(amount, ordering: .relaxed).newValue
            self.activeCalls[index].record(now)
            if amount > 0 { self.calls[index].increment() }
        }
    }

    enum Kind: Sendable { case acs, browser }

    /// Serves one caller connection until it ends.
    func serve(
        kind: Kind, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, start: MediaStart
    ) async {
        guard self.counters.total < self.limits.maxConnections else {
            try? await outbound.close(.unexpectedServerError, reason: "too many connections")
            return
        }
        self.counters.change(kind, by: 1)
        defer { self.counters.change(kind, by: -1) }
        let upstream = UpstreamQueue()
        let writer = CallerWriter(outbound: outbound, kind: kind, sessionID: start.sessionID, sampleRate: start.sampleRate)
        let started = Locked(kind == .browser)  // ACS starts once AudioMetadata arrives
        let startSignal = AsyncStream.makeStream(of: MediaStart.self)
        if kind == .browser { startSignal.continuation.yield(start) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Caller → internal frames.
                var limiter = RateLimiter(perSecond: self.limits.maxMessagesPerSecond)
                do {
                    reading: for try await message in inbound.messages(maxSize: self.limits.maxFrameBytes) {
                        guard limiter.allow() else {
                            try? await outbound.close(
                                .policyViolation, reason: "message rate above \(self.limits.maxMessagesPerSecond) per second")
                            break
                        }
                        switch (kind, message) {
                        case (.browser, .binary(let buffer)):
                            upstream.yield(.audio(buffer))
                        case (.browser, .text(let text)):
                            let content =
                                JSONValue(jsonText: text)?["content"]?.string ?? JSONValue(jsonText: text)?["text"]?.string ?? text
                            upstream.yield(.control(.text(String(content.prefix(2000)))))
                        case (.acs, .text(let text)):
                            switch ACSMessage(text: text) {
                            case .metadata(let rate)? where !MediaStart.sampleRates.contains(rate):
                                try? await outbound.close(.unacceptableData, reason: "sampleRate must be 8000, 16000, 24000 or 48000")
                                break reading
                            case .metadata(let rate)?:
                                let first = started.withLock { value in
                                    defer { value = true }; return !value
                                }
                                if first {
                                    var acsStart = start
                                    acsStart.sampleRate = rate
                                    startSignal.continuation.yield(acsStart)
                                }
                            case .audio(let buffer)?:
                                upstream.yield(.audio(buffer))
                            case .dtmf(let digit)?:
                                upstream.yield(.control(.dtmf(digit)))
                            case nil:
                                continue
                            }
                        case (.acs, .binary):
                            continue  // ACS sends JSON only
                        }
                    }
                } catch {
                    self.logger.debug("caller socket error", metadata: ["session.id": "\(start.sessionID)", "error": "\(error)"])
                }
                upstream.finish()
                startSignal.continuation.finish()
            }
            group.addTask {
                // Internal frames → caller, from whichever worker runs the call.
                var iterator = startSignal.stream.makeAsyncIterator()
                guard let start = await iterator.next() else { return }
                let reason = await self.bridge.run(start: start, upstream: upstream) { message in await writer.deliver(message) }
                self.logger.info("call ended", metadata: ["session.id": "\(start.sessionID)", "reason": "\(reason)"])
                await writer.close(reason: reason)
            }
            await group.waitForAll()
        }
    }
}

/// Translates the worker's frames for the caller's protocol and writes them in order.
actor CallerWriter {
    private let outbound: WebSocketOutboundWriter
    private let kind: CallerSockets.Kind
    private let sessionID: String
    private let sampleRate: Int
    private var frameIndex = 0
    private var closed = false

    init(outbound: WebSocketOutboundWriter, kind: CallerSockets.Kind, sessionID: String, sampleRate: Int) {
        self.outbound = outbound
        self.kind = kind
        self.sessionID = sessionID
        self.sampleRate = sampleRate
    }

    func deliver(_ message: WebSocketMessage) async {
        guard !self.closed else { return }
        do {
            switch message {
            case .binary(let audio):
                let base64 = Data(audio.readableBytesView).base64EncodedString()
                switch self.kind {
                case .acs:
                    try await self.outbound.write(.text(#"{"Kind":"AudioData","AudioData":{"Data":"\#(base64)"},"StopAudio":null}"#))
                case .browser:
                    let frame: JSONValue = [
                        "type": "audio_data", "data": .string(base64), "sample_rate": .number(Double(self.sampleRate)),
                        "frame_index": .number(Double(self.frameIndex)), "total_frames": nil, "is_final": false,
                    ]
                    self.frameIndex += 1
                    try await self.outbound.write(.text(frame.jsonText))
                }
            case .text(let text):
                switch MediaControl(text: text) {
                case .clear?:
                    switch self.kind {
                    case .acs:
                        try await self.outbound.write(.text(#"{"Kind":"StopAudio","AudioData":null,"StopAudio":{}}"#))
                    case .browser:
                        let now = Date().ISO8601Format()
                        let cancelled: JSONValue = [
                            "type": "control", "action": "tts_cancelled", "reason": "barge_in", "session_id": .string(self.sessionID),
                            "at": .string(now),
                        ]
                        try await self.outbound.write(.text(cancelled.jsonText))
                        let stop: JSONValue = [
                            "type": "control", "action": "audio_stop", "reason": "barge_in", "session_id": .string(self.sessionID),
                        ]
                        try await self.outbound.write(.text(stop.jsonText))
                    }
                case .event(let envelope)?:
                    // Session broadcasts never go to the ACS media socket (DEVIATIONS #4).
                    if self.kind == .browser { try await self.outbound.write(.text(envelope.jsonText)) }
                default:
                    break
                }
            }
        } catch {
            self.closed = true
        }
    }

    func close(reason: String) async {
        guard !self.closed else { return }
        self.closed = true
        if self.kind == .browser {
            let end: JSONValue = ["type": "session_end", "reason": .string(reason), "ts": .string(Date().ISO8601Format())]
            try? await self.outbound.write(.text(end.jsonText))
        }
        try? await self.outbound.close(.normalClosure, reason: String(reason.prefix(120)))
    }
}

/// Inbound ACS media messages; keys matched case-insensitively (DEVIATIONS #1).
enum ACSMessage {
    case metadata(sampleRate: Int)
    case audio(ByteBuffer)
    case dtmf(String)

    init?(text: String) {
        guard let json = JSONValue(jsonText: text)?.object else { return nil }
        let lowered = Dictionary(json.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        func field(_ object: JSONValue?, _ name: String) -> JSONValue? {
            object?.object?.first { $0.key.lowercased() == name }?.value
        }
        switch lowered["kind"]?.string?.lowercased() {
        case "audiometadata":
            let metadata = lowered["audiometadata"]
            // A sampleRate that is not a whole number is refused like an unsupported one.
            self = .metadata(sampleRate: field(metadata, "samplerate").map { $0.int ?? -1 } ?? 16_000)
        case "audiodata":
            let audio = lowered["audiodata"]
            // DEVIATIONS #2: without `silent`, it is audio. Silent frames still carry timing.
            guard let encoded = field(audio, "data")?.string, let bytes = Data(base64Encoded: encoded) else { return nil }
            self = .audio(ByteBuffer(bytes: bytes))
        case "dtmfdata":
            guard let digit = field(lowered["dtmfdata"], "data")?.string else { return nil }
            self = .dtmf(digit)
        default:
            return nil
        }
    }
}

/// At most `perSecond` messages in any one-second window (a token bucket).
struct RateLimiter {
    let perSecond: Int
    private var tokens: Double
    private var last = ContinuousClock.now

    init(perSecond: Int) {
        self.perSecond = perSecond
        self.tokens = Double(perSecond)
    }

    mutating func allow() -> Bool {
        let now = ContinuousClock.now
        let elapsed = self.last.duration(to: now)
        self.last = now
        self.tokens = min(
            Double(self.perSecond),
            self.tokens + Double(self.perSecond) * elapsed.fractionalSeconds)
        guard self.tokens >= 1 else { return false }
        self.tokens -= 1
        return true
    }
}
