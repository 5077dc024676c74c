import CoreMetrics
import SwitchboardCore
import SwitchboardMedia
import Tracing

extension MediaSession {
    /// Synthesises sentences in order and sends their audio in 20 ms frames at real time, at most
    /// `leadMS` ahead of the caller's ear, so a barge-in silences the caller within one frame.
    /// After each turn — spoken to its end, or interrupted — sends its `turn_metrics`.
    func speak(_ items: AsyncStream<SpeechItem>, outbound: SessionOutbound) async {
        let lead = Duration.milliseconds(self.settings.pacerLeadMS)
        let frameDuration = Duration.milliseconds(AudioFormat.frameMilliseconds)
        let clientRate = self.start.sampleRate
        let resampler = clientRate == AudioFormat.sampleRate ? nil : try? Resampler(from: AudioFormat.sampleRate, to: clientRate)
        var playhead = ContinuousClock.now
        var playing = self.control.generation
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
            await self.emit(turn.message(sessionID: self.sessionID), outbound: outbound, telemetry: .turn)
        }
        for await item in items {
            if item.endOfTurn {
                if let turn = spoken, turn.generation == item.generation {
                    let stale = item.generation != self.control.generation  // interrupted after its last frame went out
                    await finish(bargeIn: stale, at: stale ? .now : max(playhead, .now))
                }
                // A hang-up or transfer the agent asked for, once its last words have been heard.
                if item.generation == self.control.generation, let action = self.control.takeCallAction() {
                    if playhead > .now { try? await Task.sleep(until: playhead, clock: .continuous) }
                    await outbound.send(action)
                    if case .hangup = action { return }
                }
                continue
            }
            defer { self.control.dequeued() }
            if let turn = spoken, turn.generation != self.control.generation { await finish(bargeIn: true, at: .now) }
            guard item.generation == self.control.generation else { continue }
            if item.generation != playing {
                // After a barge-in the caller's buffer is empty: the answer starts now, not
                // after the lead of the interrupted one.
                playing = item.generation
                playhead = .now
            }
            var samples: [Int16]
            do {
                samples = try await self.synthesizer.synthesize(item.text, voice: item.voice)
                if let resampler { samples = try resampler.process(samples, last: true) }
            } catch {
                self.logger.warning("synthesis failed", metadata: ["session.id": "\(self.sessionID)", "error": "\(error)"])
                await self.record(.error, ["stage": "tts", "message": .string("\(error)")])
                continue
            }
            var timing = item.timing
            timing?.firstAudio = .now
            let frameSize = clientRate * AudioFormat.frameMilliseconds / 1000
            playhead = max(playhead, .now)
            var offset = 0
            var interrupted = false
            while offset < samples.count {
                guard item.generation == self.control.generation, !Task.isCancelled else {
                    interrupted = true
                    break
                }
                if self.control.isPaused {
                    // The caller started talking: hold this frame until the barge-in is confirmed
                    // (the generation changes) or ruled out; the caller's buffer drains meanwhile.
                    try? await Task.sleep(for: .milliseconds(10))
                    playhead = max(playhead, .now)
                    continue
                }
                let wake = playhead - lead
                if wake > .now {
                    try? await Task.sleep(until: wake, clock: .continuous)
                } else if ContinuousClock.now - playhead > frameDuration {
                    self.metrics.framesLate.increment()  // the caller's ear has run dry
                }
                let end = min(offset + frameSize, samples.count)
                await outbound.sendAudio(samples[offset..<end])
                self.metrics.framesOut.increment()
                if offset == 0, var marks = timing {
                    marks.firstFrameOut = .now
                    self.record(marks)
                    spoken = (marks, item.generation)
                    timing = nil
                }
                offset = end
                playhead += frameDuration
                self.control.playing(until: playhead)
            }
            if interrupted {
                if spoken?.generation == item.generation { await finish(bargeIn: true, at: .now) }
            } else if self.start.transport == .twilio {
                // Heard once Twilio echoes the mark that follows its audio.
                markCount += 1
                let name = "g\(item.generation)-\(markCount)"
                self.control.marked(name, sentence: item.text)
                await outbound.send(.mark(name))
            } else {
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
