import HummingbirdWebSocket
import NIOCore
import SwitchboardCore
import SwitchboardMedia

extension MediaSession {
    /// Reads the caller's side: audio through VAD and recognition (barge-in on real speech while
    /// the agent talks), typed text, digits, and `stop`.
    func readCaller(
        _ messages: CallerMessages, inputs: AsyncStream<UserInput>.Continuation, outbound: SessionOutbound
    ) async throws {
        var audio = try CallerAudio(session: self)
        defer { audio.release() }
        var digits = DigitCollector(pause: self.settings.dtmfPause)
        while let message = try await messages.iterator.next() {
            if digits.isCollecting, let entry = digits.poll(at: .now) { inputs.yield(UserInput(text: entry, typed: true)) }
            switch message {
            case .binary(let buffer):
                self.metrics.framesIn.increment()
                var events = try audio.add(buffer)
                while true {
                    for event in events {
                        switch event {
                        case .agentPaused:
                            self.control.pause()
                        case .agentResumed:
                            self.control.resume()
                        case .speechStarted:
                            if self.control.agentSpeaking { await self.interrupt(outbound: outbound, typed: false) }
                        case .partial(let text):
                            await self.emit(self.partialEnvelope(text), outbound: outbound)
                        case .final(let text, let ended, let recognised):
                            inputs.yield(UserInput(text: text, typed: false, speechEnded: ended, recognised: recognised))
                        }
                    }
                    // Stopped at a speech start so the agent was interrupted first; now the rest.
                    guard audio.paused else { break }
                    events = audio.resume()
                }
            case .text(let text):
                switch MediaControl(text: text) {
                case .text(let content)?:
                    let trimmed = content.trimmingSpaces
                    guard !trimmed.isEmpty else { continue }
                    if self.control.agentSpeaking { await self.interrupt(outbound: outbound, typed: true) }
                    inputs.yield(UserInput(text: String(trimmed.prefix(2000)), typed: true))
                case .dtmf(let digit)?:
                    guard digit.count == 1, let key = digit.first, "0123456789*#ABCD".contains(key) else { continue }
                    // A key press interrupts the agent like typed text.
                    if !digits.isCollecting, self.control.agentSpeaking { await self.interrupt(outbound: outbound, typed: true) }
                    if let entry = digits.add(key, at: .now) { inputs.yield(UserInput(text: entry, typed: true)) }
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

    /// Barge-in (DEVIATIONS #8): the agent stops at once — its queued speech is dropped and the
    /// gateway told to clear the caller's audio.
    private func interrupt(outbound: SessionOutbound, typed: Bool) async {
        _ = self.control.bargeIn()
        await outbound.send(.clear)
        self.metrics.bargeIns.increment()
        await self.record(.bargeIn, ["typed": .bool(typed)])
        self.logger.debug("barge-in", metadata: ["session.id": "\(self.sessionID)", "typed": "\(typed)"])
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

/// The caller's audio state: framing into 20 ms at 16 kHz, VAD with hysteresis, a short pre-roll
/// so the recogniser hears the start of speech, and the leased decoder.
struct CallerAudio {
    enum Event {
        /// Voice while the agent speaks: its audio pauses until the barge-in is confirmed or ruled out.
        case agentPaused
        case agentResumed
        case speechStarted
        case partial(String)
        case final(String, ended: ContinuousClock.Instant, recognised: ContinuousClock.Instant)
    }

    private let session: MediaSession
    private let vad: VoiceActivityDetector
    private var detector: TurnDetector
    private let decoder: (any StreamingRecognizer)?
    private let resampler: Resampler?
    private var pending: [Int16] = []
    private var incoming: [Int16] = []
    private var frame: [Int16] = []
    /// The last few frames before speech counted as started, flat.
    private var preroll: [Int16] = []
    private var framesSincePartial = 0
    private var lastPartial = ""
    /// Speech has started and the recogniser has not heard it yet (see ``resume()``).
    private(set) var paused = false

    init(session: MediaSession) throws {
        self.session = session
        self.vad = try VoiceActivityDetector(aggressiveness: Int32(session.settings.vadAggressiveness))
        self.detector = TurnDetector(
            .init(
                onsetMS: session.settings.bargeInOnsetMS, startMS: session.settings.bargeInMinimumMS, endMS: session.settings.turnSilenceMS,
                holdMS: session.settings.turnHoldMS))
        self.decoder = session.start.mode == .voiceLive ? nil : session.recognizers.lease()
        self.resampler =
            session.start.sampleRate == AudioFormat.sampleRate
            ? nil : try Resampler(from: session.start.sampleRate, to: AudioFormat.sampleRate)
        self.pending.reserveCapacity(AudioFormat.samplesPerFrame * 8)
        self.incoming.reserveCapacity(AudioFormat.samplesPerFrame * 4)
        self.frame.reserveCapacity(AudioFormat.samplesPerFrame)
        self.preroll.reserveCapacity(AudioFormat.samplesPerFrame * (self.detector.framesToStart + 6))
    }

    func release() {
        if let decoder { self.session.recognizers.giveBack(decoder) }
    }

    /// Adds PCM16LE bytes; returns what they caused. Stops after a speech start (``paused``), so
    /// a barge-in is not delayed by the recogniser catching up on the pre-roll: ``resume()``
    /// continues. Buffers are reused from message to message: the steady state allocates only events.
    mutating func add(_ buffer: ByteBuffer) throws -> [Event] {
        var bytes = buffer
        self.incoming.removeAll(keepingCapacity: true)
        while let sample = bytes.readInteger(endianness: .little, as: Int16.self) { self.incoming.append(sample) }
        if let resampler = self.resampler {
            self.pending += try resampler.process(self.incoming)
        } else {
            self.pending += self.incoming
        }
        return self.resume()
    }

    /// Feeds the recogniser what it has not heard since speech started, then goes on through the
    /// whole frames waiting, until the next speech start.
    mutating func resume() -> [Event] {
        if self.paused {
            self.paused = false
            if let (agent, jsgf) = self.session.control.grammar {
                do { try self.decoder?.useGrammar(agent, jsgf: jsgf) } catch { self.decoder?.useLanguageModel() }
            } else {
                self.decoder?.useLanguageModel()
            }
            self.decoder?.start()
            self.decoder?.process(self.preroll)
            self.preroll.removeAll(keepingCapacity: true)
        }
        var events: [Event] = []
        let size = AudioFormat.samplesPerFrame
        var frame = self.frame  // taken out of self so `process` can borrow it while mutating self
        self.frame = []
        var start = 0
        while !self.paused, self.pending.count - start >= size {
            frame.removeAll(keepingCapacity: true)
            frame.append(contentsOf: self.pending[start..<(start + size)])
            events += self.process(frame)
            start += size
        }
        self.pending.removeFirst(start)
        self.frame = frame
        return events
    }

    private mutating func process(_ frame: [Int16]) -> [Event] {
        let wasInSpeech = self.detector.inSpeech
        let decoder = self.decoder
        let action = self.detector.add(isSpeech: self.vad.isSpeech(frame), agentSpeaking: self.session.control.agentSpeaking) {
            decoder?.partial() ?? ""
        }
        var events: [Event] = []
        switch action {
        case .pauseAgent?: events.append(.agentPaused)
        case .resumeAgent?: events.append(.agentResumed)
        default: break
        }
        switch action {
        case .speechStarted?:
            // The recogniser hears the pre-roll and this frame in resume(), after the barge-in.
            self.preroll.append(contentsOf: frame)
            self.paused = true
            self.lastPartial = ""
            self.framesSincePartial = 0
            events.append(.speechStarted)
        case .speechEnded?:
            let ended = ContinuousClock.now
            self.decoder?.process(frame)
            let text = self.decoder?.finish() ?? ""
            if !text.isEmpty { events.append(.final(text, ended: ended, recognised: .now)) }
        case .pauseAgent?, .resumeAgent?, nil:
            if wasInSpeech {
                self.decoder?.process(frame)
                self.framesSincePartial += 1
                if self.framesSincePartial >= 15, let partial = self.decoder?.partial(), partial != self.lastPartial {
                    self.framesSincePartial = 0
                    self.lastPartial = partial
                    events.append(.partial(partial))
                }
            } else {
                // Keep the frames before speech counts as started, so its first syllable is not lost.
                self.preroll.append(contentsOf: frame)
                let limit = AudioFormat.samplesPerFrame * (self.detector.framesToStart + 5)
                if self.preroll.count > limit { self.preroll.removeFirst(self.preroll.count - limit) }
            }
        }
        return events
    }
}
