import SwitchboardCore
import SwitchboardMedia

extension MediaSession {
    /// Synthesises sentences in order and sends their audio in 20 ms frames at real time, at most
    /// `leadMS` ahead of the caller's ear, so a barge-in silences the caller within one frame.
    func speak(_ items: AsyncStream<SpeechItem>, outbound: SessionOutbound) async {
        let lead = Duration.milliseconds(self.settings.pacerLeadMS)
        let frameDuration = Duration.milliseconds(AudioFormat.frameMilliseconds)
        let clientRate = self.start.sampleRate
        var playhead = ContinuousClock.now
        for await item in items {
            defer { self.control.dequeued() }
            guard item.generation == self.control.generation else { continue }
            var samples: [Int16]
            do {
                samples = try await self.synthesizer.synthesize(item.text, voice: item.voice)
                if clientRate != AudioFormat.sampleRate {
                    samples = try Resampler(from: AudioFormat.sampleRate, to: clientRate).process(samples, last: true)
                }
            } catch {
                self.logger.warning("synthesis failed", metadata: ["session.id": "\(self.sessionID)", "error": "\(error)"])
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
                let wake = playhead - lead
                if wake > .now { try? await Task.sleep(until: wake, clock: .continuous) }
                let end = min(offset + frameSize, samples.count)
                await outbound.sendAudio(samples[offset..<end])
                if offset == 0, var marks = timing {
                    marks.firstFrameOut = .now
                    await self.emit(marks.message(sessionID: self.sessionID), outbound: outbound)
                    timing = nil
                }
                offset = end
                playhead += frameDuration
                self.control.playing(until: playhead)
            }
            if !interrupted { self.control.heard(item.text) }
        }
    }
}
