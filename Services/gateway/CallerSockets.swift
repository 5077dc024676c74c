import CoreMetrics
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import SwitchboardCore
import Synchronization

/// The public voice sockets: ACS media streaming, Twilio Media Streams and the browser
/// conversation. A ``CarrierSerializer`` turns each caller message into internal frames, carried
/// by a ``CallBridge`` to a media worker; the worker's frames come back through the same
/// serializer. Bounded: frame size, message rate, concurrent connections.
struct CallerSockets: Sendable {
    let bridge: CallBridge
    let limits: Limits
    let counters: Counters
    let calls: LiveCalls
    let control: CallControl
    let logger: Logger

    struct Limits: Sendable {
        var maxConnections: Int
        var maxMessagesPerSecond: Int
        var maxFrameBytes: Int
    }

    /// Live connection counts for the status endpoints and the limit.
    /// (Changed once per connection, never per frame: one lock is plenty.)
    final class Counters: Sendable {
        private let live = Mutex<[MediaStart.Transport: Int]>([:])

        func count(_ transport: MediaStart.Transport) -> Int { self.live.withLock { $0[transport, default: 0] } }
        var total: Int { self.live.withLock { $0.values.reduce(0, +) } }

        func change(_ transport: MediaStart.Transport, by amount: Int) {
            let now = self.live.withLock { live in
                live[transport, default: 0] += amount
                return live[transport, default: 0]
            }
            let dimensions = [("transport", transport.rawValue)]
            Gauge(label: "switchboard_gateway_active_calls", dimensions: dimensions).record(now)
            if amount > 0 { Counter(label: "switchboard_gateway_calls_total", dimensions: dimensions).increment() }
        }
    }

    /// Serves one caller connection until it ends. `start` is completed by the carrier's own start
    /// message (sample rate, call id, custom parameters) unless the serializer starts at once.
    func serve(
        _ serializer: some CarrierSerializer, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, start: MediaStart
    ) async {
        guard self.counters.total < self.limits.maxConnections else {
            try? await outbound.close(.unexpectedServerError, reason: "too many connections")
            return
        }
        self.counters.change(serializer.transport, by: 1)
        defer { self.counters.change(serializer.transport, by: -1) }
        let upstream = UpstreamQueue()
        let writer = CallerWriter(outbound: outbound, serializer: serializer)
        let startSignal = AsyncStream.makeStream(of: MediaStart.self)
        if serializer.startsImmediately { startSignal.continuation.yield(start) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await self.read(
                    inbound, serializer: serializer, start: start, upstream: upstream, writer: writer, startSignal: startSignal.continuation
                )
                // The caller hung up: a worker that was told to hang up is done with the socket too.
                await writer.close(reason: "caller hung up")
            }
            group.addTask {
                // Internal frames → caller, from whichever worker runs the call.
                var iterator = startSignal.stream.makeAsyncIterator()
                guard let start = await iterator.next() else { return }
                let registration = start.callConnectionID.map { self.calls.register($0, upstream: upstream, writer: writer) }
                defer { if let registration { self.calls.remove(registration) } }
                let end = await self.bridge.run(start: start, upstream: upstream) { output in
                    await writer.deliver(output)
                    await self.control.perform(output, start: start)
                }
                self.logger.info("call ended", metadata: ["session.id": "\(start.sessionID)", "reason": "\(end.reason)"])
                await writer.close(reason: end.reason, code: end.code)
            }
            await group.waitForAll()
        }
    }

    /// Caller → internal frames, until the caller hangs up or breaks a limit.
    private func read(
        _ inbound: WebSocketInboundStream, serializer: some CarrierSerializer, start: MediaStart, upstream: UpstreamQueue,
        writer: CallerWriter, startSignal: AsyncStream<MediaStart>.Continuation
    ) async {
        var limiter = RateLimiter(perSecond: self.limits.maxMessagesPerSecond)
        var begun = serializer.startsImmediately
        defer {
            upstream.finish()
            startSignal.finish()
        }
        do {
            for try await message in inbound.messages(maxSize: self.limits.maxFrameBytes) {
                guard limiter.allow() else {
                    await writer.close(reason: "message rate above \(self.limits.maxMessagesPerSecond) per second", code: .policyViolation)
                    return
                }
                let frame: CallerFrame =
                    switch message {
                    case .text(let text): .text(text)
                    case .binary(let buffer): .binary(buffer)
                    }
                switch serializer.decode(frame) {
                case .begin(let carrier):
                    guard !begun else { continue }
                    begun = true
                    startSignal.yield(Self.complete(start, with: carrier))
                case .audio(let buffer):
                    upstream.yield(.audio(buffer))
                case .control(let control):
                    upstream.yield(.control(control))
                case .end:
                    return
                case .refuse(let code, let reason):
                    await writer.close(reason: reason, code: code)
                    return
                case .ignore:
                    continue
                }
            }
        } catch {
            self.logger.debug("caller socket error", metadata: ["session.id": "\(start.sessionID)", "error": "\(error)"])
        }
    }

    /// The start frame once the carrier has said how it sends audio and which call it is.
    static func complete(_ start: MediaStart, with carrier: CarrierStart) -> MediaStart {
        var start = start
        start.sampleRate = carrier.sampleRate
        if start.callConnectionID == nil { start.callConnectionID = carrier.callID }
        if let given = carrier.parameters["session_id"], let sessionID = VoiceController.sessionID(given, fallback: start.sessionID) {
            start.sessionID = sessionID
        } else if start.sessionID.isEmpty, let callID = carrier.callID {
            start.sessionID = "\(start.transport.rawValue)_\(callID)"
        }
        return start
    }
}

/// Writes the worker's frames to the caller through the carrier's serializer, in order.
actor CallerWriter {
    private let outbound: WebSocketOutboundWriter
    private let serializer: any CarrierSerializer
    private var closed = false

    init(outbound: WebSocketOutboundWriter, serializer: some CarrierSerializer) {
        self.outbound = outbound
        self.serializer = serializer
    }

    func deliver(_ output: WorkerOutput) async {
        guard !self.closed else { return }
        do {
            for text in self.serializer.encode(output) { try await self.outbound.write(.text(text)) }
        } catch {
            self.closed = true
        }
    }

    /// Closes with a refusal code (bad input) or, by default, a normal closure after the carrier's farewell.
    func close(reason: String, code: WebSocketErrorCode = .normalClosure) async {
        guard !self.closed else { return }
        self.closed = true
        // The carrier's goodbye (the browser's `session_end`) when the call is over, not on a refusal.
        if code == .normalClosure || code == .init(codeNumber: 1013) {
            for text in self.serializer.farewell(reason: reason) { try? await self.outbound.write(.text(text)) }
        }
        try? await self.outbound.close(code, reason: String(reason.prefix(120)))
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
