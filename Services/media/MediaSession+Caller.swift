import HummingbirdWebSocket
import NIOCore
import SwitchboardAPI
import SwitchboardCore
import SwitchboardMedia

extension MediaSession {
    /// Reads the caller's side: audio through VAD and recognition (barge-in on real speech while
    /// the agent talks), typed text, digits, and `stop`.
    func readCaller(
        _ messages: CallerMessages, inputs: AsyncStream<UserInput>.Continuation, outbound: SessionOutbound
    ) async throws {
        let decoder = self.start.mode == .voiceLive ? nil : self.engines.recognizers.lease()
        defer { if let decoder { self.engines.recognizers.giveBack(decoder) } }
        let detector = TurnDetector(
            .init(
                onsetMS: self.settings.bargeInOnsetMS, startMS: self.settings.bargeInMinimumMS, endMS: self.settings.turnSilenceMS,
                holdMS: self.settings.turnHoldMS, draftMS: self.start.mode == .transcription ? 0 : self.settings.turnDraftMS))
        var audio = try CallerPipeline(
            sampleRate: self.start.sampleRate, vad: VoiceActivityDetector(aggressiveness: Int32(self.settings.vadAggressiveness)),
            detector: detector, decoder: decoder, control: self.control)
        var digits = DigitCollector(pause: self.settings.dtmfPause)
        var recognitions = RecognitionQueue(inputs: inputs) { error in
            await self.engineFailed(.stt, error, fallback: nil, outbound: outbound)
        }
        defer { recognitions.cancel() }
        var talking = false
        let control = self.control
        let answer = { (input: UserInput) in
            control.inputArrived()
            inputs.yield(input)
        }
        while let message = try await messages.iterator.next() {
            if digits.isCollecting, let entry = digits.poll(at: .now) { answer(UserInput(text: entry, typed: true)) }
            switch message {
            case .binary(let buffer):
                self.metrics.framesIn.increment()
                var events = try audio.add(buffer)
                if audio.callerTalking != talking {
                    talking.toggle()
                    self.control.callerTalking(talking)
                }
                while true {
                    for event in events {
                        switch event {
                        case .agentPaused:
                            self.control.pause()
                        case .agentResumed:
                            self.control.resume()
                        case .speechStarted:
                            if self.control.agentSpeaking {
                                await self.interrupt(outbound: outbound, typed: false)
                            } else {
                                self.control.resume()  // the agent finished meanwhile: its next answer is not held
                            }
                        case .partial(let text):
                            await self.emit(self.partialEnvelope(text), outbound: outbound)
                        case .pause(let words):
                            // Words decoded at the pause (whisper, a service) were never streamed: relayed as a partial.
                            let relay: (@Sendable (String) async -> Void)? =
                                if case .later = words {
                                    { text in await self.emit(self.partialEnvelope(text), outbound: outbound) }
                                } else {
                                    nil
                                }
                            recognitions.deliver(words, final: false, relay: relay) { UserInput(text: $0, typed: false, tentative: true) }
                        case .final(let words, let ended):
                            self.control.inputArrived()
                            recognitions.deliver(words, final: true, settled: control.inputSettled) {
                                UserInput(text: $0, typed: false, speechEnded: ended, recognised: .now)
                            }
                        }
                    }
                    // Stopped at a speech start so the agent was interrupted first; now the rest.
                    guard audio.stoppedAtSpeech else { break }
                    events = audio.resume()
                }
            case .text(let text):
                switch MediaControl(text: text) {
                case .text(let content)?:
                    let trimmed = content.trimmingSpaces
                    guard !trimmed.isEmpty else { continue }
                    if self.control.agentSpeaking { await self.interrupt(outbound: outbound, typed: true) }
                    answer(UserInput(text: String(trimmed.prefix(2000)), typed: true))
                case .dtmf(let digit)?:
                    guard digit.count == 1, let key = digit.first, "0123456789*#ABCD".contains(key) else { continue }
                    // A key press interrupts the agent like typed text.
                    if !digits.isCollecting, self.control.agentSpeaking { await self.interrupt(outbound: outbound, typed: true) }
                    if let entry = digits.add(key, at: .now) { answer(UserInput(text: entry, typed: true)) }
                case .played(let name)?:
                    self.control.played(name)
                case .stop?:
                    return
                default:
                    continue
                }
            }
        }
    }

    /// Barge-in (docs/compatibility.md #8): the agent stops at once — its queued speech is dropped and the
    /// gateway told to clear the caller's audio.
    private func interrupt(outbound: SessionOutbound, typed: Bool) async {
        _ = self.control.bargeIn()
        await outbound.send(.clear)
        self.metrics.bargeIns.increment()
        await self.record(.bargeIn, ["typed": .bool(typed)])
        self.logger.debug("barge-in", metadata: ["session.id": "\(self.sessionID)", "typed": "\(typed)"])
    }

    /// Recognised words become the session's input in the order they were spoken, also when
    /// some are still being decoded (whisper) or are on their way from a service; a recogniser's
    /// failure is reported and the call goes on.
    struct RecognitionQueue {
        let inputs: AsyncStream<UserInput>.Continuation
        let failed: @Sendable (any Error) async -> Void
        private var last: Task<Void, Never>?

        init(inputs: AsyncStream<UserInput>.Continuation, failed: @escaping @Sendable (any Error) async -> Void) {
            self.inputs = inputs
            self.failed = failed
        }

        /// A failure is reported once, by the final words (a pause's words are only a draft's).
        /// `settled` is called when the words come to no input (none recognised, a failure).
        mutating func deliver(
            _ words: Recognition, final: Bool, relay: (@Sendable (String) async -> Void)? = nil,
            settled: (@Sendable () -> Void)? = nil, as input: @escaping @Sendable (String) -> UserInput
        ) {
            if case .now(let text) = words, self.last == nil {
                if text.isEmpty { settled?() } else { self.inputs.yield(input(text)) }
                return
            }
            let (inputs, failed) = (self.inputs, self.failed)
            self.last = Task { [previous = self.last] in
                await previous?.value
                do {
                    let text = try await words.words
                    guard !text.isEmpty, !Task.isCancelled else {
                        settled?()
                        return
                    }
                    await relay?(text)
                    inputs.yield(input(text))
                } catch {
                    settled?()
                    if final, !Task.isCancelled { await failed(error) }
                }
            }
        }

        /// The call ended: words still on their way are dropped.
        func cancel() { self.last?.cancel() }
    }

    func partialEnvelope(_ text: String) -> JSONValue {
        Envelope.make(
            type: "event", sessionID: self.sessionID, sender: "STT",
            payload: [
                "event_type": "stt_partial",
                "data": [
                    "type": "streaming", "streaming_type": "stt_partial", "content": .string(text), "language": "en-US",
                    "session_id": .string(self.sessionID), "is_final": false,
                ],
            ])
    }
}
