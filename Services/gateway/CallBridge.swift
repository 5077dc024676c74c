import CoreMetrics
import Foundation
import Logging
import NIOCore
import NIOWebSocket
import SwitchboardCore
import SwitchboardService
import Synchronization
import Tracing
import WSClient

/// Carries one call between the caller's socket and a media worker's session socket, and moves
/// it to another worker (with `resume: true`) when the worker's socket drops mid-call.
///
/// The caller side is a ``CarrierSerializer`` (ACS JSON, Twilio μ-law, browser PCM): the bridge
/// only moves internal-format frames, each worker frame parsed once into a ``WorkerOutput``.
struct CallBridge: Sendable {
    /// What goes to the worker.
    enum Upstream: Sendable {
        case audio(ByteBuffer)
        case control(MediaControl)
    }

    let dispatcher: MediaDispatcher
    let logger: Logger
    static let maxAttempts = 3

    /// Runs the worker side until the call ends: `upstream` yields the caller's frames (finished
    /// when the caller hangs up); `deliver` receives the worker's frames for the caller.
    func run(start: MediaStart, upstream: UpstreamQueue, deliver: @escaping @Sendable (WorkerOutput) async -> Void) async -> CallEnd {
        // One span per call; the worker continues its trace from the `start` frame's traceparent.
        await withSpan("voice.call", ofKind: .server) { span in
            span.attributes["session.id"] = start.sessionID
            span.attributes["voice.transport"] = start.transport.rawValue
            var traced = start
            traced.traceparent = ServiceTracing.traceparent() ?? start.traceparent
            let end = await self.dispatch(start: traced, upstream: upstream, deliver: deliver)
            span.attributes["voice.end_reason"] = end.reason
            return end
        }
    }

    private func dispatch(
        start: MediaStart, upstream: UpstreamQueue, deliver: @escaping @Sendable (WorkerOutput) async -> Void
    ) async -> CallEnd {
        var start = start
        // Workers that failed this call, with when; one that registers again since (restarted) is
        // picked again.
        var excluded: [String: Int64] = [:]
        var failures = 0
        // Hand-offs (a worker shutting down between turns) are not failures; a loss after the
        // session ran a while is a new failover, not one more failed attempt in a row.
        while failures < Self.maxAttempts {
            guard let worker = try? await self.dispatcher.pick(excluding: excluded, mode: start.mode) else {
                return .unavailable(
                    start.mode == .voiceLive ? "no media worker offers voice_live (SB_REALTIME_URL)" : "no media worker available")
            }
            let outcome = await self.session(on: worker, start: start, upstream: upstream, deliver: deliver)
            switch outcome {
            case .ended(let reason):
                return CallEnd(reason: reason)
            case .workerLost(let afterReady):
                failures = afterReady ? 1 : failures + 1
                self.logger.warning(
                    "media worker lost; moving the call",
                    metadata: ["session.id": "\(start.sessionID)", "worker.id": "\(worker.id)", "attempt": "\(failures)"])
                start.resume = true
                Counter(label: "switchboard_gateway_failovers_total").increment()
            case .handedOff:
                self.logger.info(
                    "media worker handed the call off; moving it",
                    metadata: ["session.id": "\(start.sessionID)", "worker.id": "\(worker.id)"])
                start.resume = true
                Counter(label: "switchboard_gateway_handoffs_total").increment()
            case .refused(let reason):
                self.logger.info("media worker refused the session", metadata: ["worker.id": "\(worker.id)", "reason": "\(reason)"])
                failures += 1
            }
            excluded[worker.id] = Int64(Date().timeIntervalSince1970 * 1000)
        }
        return .unavailable("media workers unavailable")
    }

    /// Why a call ended, and the close code the caller's socket gets.
    struct CallEnd: Sendable {
        var reason: String
        var code = WebSocketErrorCode.normalClosure

        /// No worker could take the call: 1013 (Try Again Later), so a client retries rather than
        /// taking it for the end of the conversation.
        static func unavailable(_ reason: String) -> CallEnd { CallEnd(reason: reason, code: .init(codeNumber: 1013)) }
    }

    enum Outcome: Sendable {
        case ended(String)
        /// The worker's socket dropped; `afterReady`: after the session had started there.
        case workerLost(afterReady: Bool)
        /// The worker is shutting down and gave the session back between turns.
        case handedOff
        case refused(String)
    }

    private func session(
        on worker: WorkerInfo, start: MediaStart, upstream: UpstreamQueue, deliver: @escaping @Sendable (WorkerOutput) async -> Void
    ) async -> Outcome {
        let url =
            worker.url.replacingOccurrences(of: "http://", with: "ws://").replacingOccurrences(of: "https://", with: "wss://")
            + "/internal/v1/sessions/\(start.sessionID)"
        let outcome = Locked<Outcome>(.workerLost(afterReady: false))
        do {
            let close = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 16), logger: self.logger) {
                inbound, outbound, _ in
                try await outbound.write(.text(MediaControl.start(start).json.jsonText))
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                guard case .text(let text)? = try await messages.next(), case .ready? = MediaControl(text: text) else {
                    outcome.withLock { $0 = .refused("no ready") }
                    return
                }
                outcome.withLock { $0 = .workerLost(afterReady: true) }
                let box = WorkerMessages(messages)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Caller → worker, until the caller hangs up.
                        while let item = await upstream.next() {
                            switch item {
                            case .audio(let buffer): try await outbound.write(.binary(buffer))
                            case .control(let control): try await outbound.write(.text(control.json.jsonText))
                            }
                        }
                        guard upstream.isFinished else { return }  // cancelled: this worker connection is over
                        try await outbound.write(.text(MediaControl.stop.json.jsonText))
                        outcome.withLock { $0 = .ended("caller hung up") }
                        try? await outbound.close(.normalClosure, reason: "caller hung up")
                    }
                    group.addTask {
                        // Worker → caller, until the worker closes.
                        while let message = try await box.iterator.next() {
                            let output: WorkerOutput
                            switch message {
                            case .binary(let audio): output = .audio(audio)
                            case .text(let text): output = WorkerOutput(MediaControl(text: text))
                            }
                            if case .hangup(let reason) = output { outcome.withLock { $0 = .ended(reason) } }
                            await deliver(output)
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
            if let close, case .workerLost(let afterReady) = outcome.withLock({ $0 }) {
                if close.closeCode == .normalClosure { return .ended(close.reason ?? "session ended") }
                if close.closeCode == .init(codeNumber: MediaControl.handOffCloseCode) { return .handedOff }
                return .workerLost(afterReady: afterReady)
            }
        } catch {
            if case .workerLost(let afterReady) = outcome.withLock({ $0 }) {
                return upstream.isFinished ? .ended("caller hung up") : .workerLost(afterReady: afterReady)
            }
        }
        return outcome.withLock { $0 }
    }
}

/// The worker's message iterator inside one connection.
final class WorkerMessages: @unchecked Sendable {
    // @unchecked: only the worker→caller task of one connection uses it.
    var iterator: WebSocketInboundMessageStream.AsyncIterator
    init(_ iterator: WebSocketInboundMessageStream.AsyncIterator) { self.iterator = iterator }
}

/// The caller's frames on their way to whichever worker runs the call: bounded (about 2 s of
/// audio while a worker connects or the call moves), the oldest dropped first. Unlike an
/// `AsyncStream`, a consumer that is cancelled (its worker connection failed) leaves the queue
/// open for the next connection.
final class UpstreamQueue: Sendable {
    private struct State {
        var items: [CallBridge.Upstream] = []
        var head = 0
        var finished = false
        var waiter: CheckedContinuation<CallBridge.Upstream?, Never>?
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 100) {
        self.capacity = capacity
    }

    func yield(_ item: CallBridge.Upstream) {
        let waiter: CheckedContinuation<CallBridge.Upstream?, Never>? = self.state.withLock { state in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.items.append(item)
            if state.items.count - state.head > self.capacity { state.head += 1 }
            if state.head > 256 {
                state.items.removeFirst(state.head)
                state.head = 0
            }
            return nil
        }
        waiter?.resume(returning: item)
    }

    func finish() {
        let waiter = self.state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    var isFinished: Bool { self.state.withLock { $0.finished && $0.head >= $0.items.count } }

    /// The next frame; `nil` when the caller has hung up (and all was taken) or the task is cancelled.
    func next() async -> CallBridge.Upstream? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready: CallBridge.Upstream?? = self.state.withLock { state in
                    if state.head < state.items.count {
                        defer { state.head += 1 }
                        return .some(state.items[state.head])
                    }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if case .some(let item) = ready { continuation.resume(returning: item) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
