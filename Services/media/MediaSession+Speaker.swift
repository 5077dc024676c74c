import CoreMetrics
import SwitchboardAPI
import SwitchboardCore
import SwitchboardMedia
import Tracing

extension MediaSession {
    /// Synthesises sentences in order and sends their audio as the ``Pacer`` says: 20 ms frames at
    /// real time, at most `SB_PACER_LEAD_MS` ahead of the caller's ear.
    /// After each turn — spoken to its end, or interrupted — sends its `turn_metrics`.
    func speak(_ items: AsyncStream<SpeechItem>, outbound: SessionOutbound) async {
        let clientRate = self.start.sampleRate
        let resampler = clientRate == AudioFormat.sampleRate ? nil : try? Resampler(from: AudioFormat.sampleRate, to: clientRate)
        var pacer = Pacer(sampleRate: clientRate, lead: .milliseconds(self.settings.pacerLeadMS), now: .now)
        var markCount = 0
        // The marks of the turn being spoken, once its first frame is out; its `turn_metrics`
        // go out when it has been spoken (or interrupted). Kept in `control` too, so that a call
        // ending mid-answer still reports the turn (MediaSession.run).
        var spoken: (marks: TurnTiming, generation: Int)? {
            didSet { self.control.unfinishedTurn = spoken?.marks }
        }
        func finish(bargeIn: Bool, at end: ContinuousClock.Instant) async {
            guard var turn = spoken?.marks else { return }
            spoken = nil
            turn.bargeIn = bargeIn
            turn.finished = end
            Self.trace(turn)
            await self.emit(turn.message(sessionID: self.sessionID).jsonValue, outbound: outbound, telemetry: .turn)
        }
        for await item in items {
            if item.endOfTurn {
                if let turn = spoken, turn.generation == item.generation {
                    let stale = self.control.isStale(item.generation)  // interrupted after its last frame went out
                    await finish(bargeIn: stale, at: stale ? .now : max(pacer.playhead, .now))
                }
                // A hang-up or transfer the agent asked for, once its last words have been heard.
                if !self.control.isStale(item.generation), let action = self.control.takeCallAction() {
                    if pacer.playhead > .now { try? await Task.sleep(until: pacer.playhead, clock: .continuous) }
                    await outbound.send(action)
                    if case .hangup = action { return }
                }
                continue
            }
            defer { self.saveUnheard(self.control.dequeued(item.text, generation: item.generation)) }
            if let turn = spoken, self.control.isStale(turn.generation) { await finish(bargeIn: true, at: .now) }
            guard !self.control.isStale(item.generation) else { continue }
            var samples: [Int16] = []
            var timing = item.timing
            pacer.begin(samples: 0, generation: item.generation, now: .now)
            var interrupted = false
            var chunks =
                (item.stream ?? item.audio.map { .ready($0) } ?? item.prefetched
                ?? self.engines.synthesizer.chunks(item.text, voice: item.voice)).makeAsyncIterator()
            var fallback = self.engines.fallbackSynthesizer
            var complete = false
            speaking: while !complete {
                do {
                    if let chunk = try await chunks.next() {
                        samples += try resampler?.process(chunk) ?? chunk
                    } else {
                        if let resampler { samples += try resampler.process([], last: true) }
                        complete = true
                    }
                } catch {
                    // Before any audio, the fallback voice says the sentence; after, it ends where it broke off.
                    let voice = samples.isEmpty && item.stream == nil ? fallback : nil
                    await self.engineFailed(.tts, error, fallback: voice?.summary, outbound: outbound)
                    guard let voice else { break speaking }
                    fallback = nil
                    chunks = voice.chunks(item.text, voice: item.voice).makeAsyncIterator()
                    continue
                }
                if timing?.firstAudio == nil, !samples.isEmpty { timing?.firstAudio = .now }
                pacer.extend(to: samples.count, complete: complete)
                pacing: while true {
                    guard !self.control.isStale(item.generation), !Task.isCancelled else {
                        interrupted = true
                        break speaking
                    }
                    let late = pacer.lateFrames
                    let first = pacer.atStart
                    switch pacer.next(now: .now, pausedSince: self.control.pausedSince) {
                    case .wait(let until):
                        try? await Task.sleep(until: until, clock: .continuous)
                    case .send(let range):
                        if pacer.lateFrames > late { self.metrics.framesLate.increment() }  // the caller's ear had run dry
                        await outbound.sendAudio(samples[range])
                        self.metrics.framesOut.increment()
                        if first, var marks = timing {
                            marks.firstFrameOut = .now
                            self.record(marks)
                            spoken = (marks, item.generation)
                            timing = nil
                        }
                        self.control.playing(until: pacer.playhead)
                    case .finished:
                        break pacing
                    }
                }
            }
            guard !samples.isEmpty else { continue }
            if interrupted {
                // History keeps what the caller heard of it: the pacer knows how far that was.
                let heard = Pacer.heardWords(of: item.text, fraction: pacer.heardFraction(now: .now))
                if !heard.isEmpty { self.control.heard(heard) }
                if spoken?.generation == item.generation { await finish(bargeIn: true, at: .now) }
            } else if self.start.transport == .twilio {
                // Heard once Twilio echoes the mark that follows its audio.
                markCount += 1
                let name = "g\(item.generation)-\(markCount)"
                self.control.marked(name, sentence: item.text)
                await outbound.send(.mark(name))
            } else if !item.text.isEmpty {
                self.control.heard(item.text)
            }
        }
    }

    /// A `voice.turn` span in the session's trace, from the end of the caller's speech to the end
    /// of the answer, with the stage latencies as attributes.
    private static func trace(_ turn: TurnTiming) {
        let now = DefaultTracerClock.now
        func instant(_ mark: ContinuousClock.Instant) -> DefaultTracerClock.Timestamp {
            let ago = UInt64(max(0, mark.duration(to: .now).fractionalMilliseconds) * 1_000_000)
            return DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - min(ago, now.nanosecondsSinceEpoch))
        }
        let span = startSpan("voice.turn", at: instant(turn.origin))
        span.attributes["turn.number"] = turn.turnNumber
        span.attributes["turn.agent"] = turn.agent
        span.attributes["turn.barge_in"] = turn.bargeIn
        for stage in LatencyStage.allCases {
            if let duration = turn.duration(stage) { span.attributes["turn.\(stage.field)"] = TurnTiming.milliseconds(duration) }
        }
        span.end(at: instant(turn.finished ?? .now))
    }

    /// Feeds one turn's marks into the per-stage latency histograms.
    private func record(_ marks: TurnTiming) {
        self.metrics.turns.increment()
        for stage in LatencyStage.allCases {
            if let duration = marks.duration(stage) { self.metrics.latency(stage).recordMilliseconds(duration.fractionalMilliseconds) }
        }
    }
}
