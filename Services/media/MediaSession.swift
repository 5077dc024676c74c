import Foundation
import HummingbirdWebSocket
import Logging
import SwitchboardAgents
import SwitchboardCore
import SwitchboardMedia
import SwitchboardRedis

/// The voice pipeline of one session on this worker (DESIGN §4): caller audio → VAD → STT →
/// turn → agent (tools, hand-offs) → clause chunker → TTS → paced audio out, with barge-in.
///
/// Four tasks in one group: the caller reader (audio and control), the turn worker, the speaker
/// (synthesis and real-time pacing) and the lease keeper. When the caller hangs up or the lease
/// is lost, the others are cancelled.
struct MediaSession: Sendable {
    /// What the turn worker consumes: a caller's finished utterance (or typed text, or a digit).
    struct UserInput: Sendable {
        var text: String
        var typed: Bool
        var speechEnded: ContinuousClock.Instant?
        var recognised: ContinuousClock.Instant?
    }

    /// A sentence to speak, tagged with the generation it belongs to.
    struct SpeechItem: Sendable {
        var text: String
        var voice: String?
        var generation: Int
        /// Set on a turn's first sentence: the marks so far, completed by the speaker.
        var timing: TurnTiming?
    }

    let start: MediaStart
    let runtime: AgentRuntime
    let recognizers: RecognizerPool
    let synthesizer: any SpeechSynthesizer
    let redis: RedisClient
    let settings: MediaSettings
    let logger: Logger
    let metrics: MediaMetrics
    let control = SessionControl()

    var sessionID: String { self.start.sessionID }

    /// Runs until the caller hangs up, sends `stop`, or the lease is lost.
    func run(
        messages: CallerMessages, outbound: SessionOutbound, leaseToken: String, lease: SessionLease
    ) async throws {
        let (inputs, inputSink) = AsyncStream.makeStream(of: UserInput.self, bufferingPolicy: .bufferingNewest(16))
        let (speech, speechSink) = AsyncStream.makeStream(of: SpeechItem.self)
        defer {
            inputSink.finish()
            speechSink.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.readCaller(messages, inputs: inputSink, outbound: outbound) }
            group.addTask { await self.runTurns(inputs, speech: speechSink, outbound: outbound) }
            group.addTask { await self.speak(speech, outbound: outbound) }
            group.addTask { try await self.keepLease(lease, token: leaseToken) }
            try await group.next()
            group.cancelAll()
        }
    }

    // MARK: Lease

    private func keepLease(_ lease: SessionLease, token: String) async throws {
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(1))
            do {
                guard try await lease.renew(token) else {
                    self.logger.warning("session lease taken over; stopping", metadata: ["session.id": "\(self.sessionID)"])
                    return
                }
            } catch let error as RedisError where error.isConnectionError {
                continue  // Redis is down: audio goes on, the lease is renewed when it is back
            }
        }
    }

    // MARK: Events

    /// Sends an envelope to the gateway (for a browser) and to dashboards through Redis.
    func emit(_ envelope: JSONValue, outbound: SessionOutbound) async {
        await outbound.send(.event(envelope))
        let text = RedisArgument.string(envelope.jsonText)
        _ = try? await self.redis.pipeline([
            RedisCommand("PUBLISH", [.string(RedisKeys.relay(self.sessionID)), text]),
            RedisClient.xaddCommand(RedisKeys.sessionEvents(self.sessionID), fields: [("envelope", text)], maxLength: 2000),
        ])
    }
}

/// The caller's message iterator, handed from the socket handler (which reads the `start` frame)
/// to the session's reader task.
final class CallerMessages: @unchecked Sendable {
    // @unchecked: the iterator is used by one task at a time — the socket handler until it hands
    // the box to MediaSession.run, then only the reader task; never concurrently.
    var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(_ iterator: WebSocketInboundMessageStream.AsyncIterator) {
        self.iterator = iterator
    }
}
