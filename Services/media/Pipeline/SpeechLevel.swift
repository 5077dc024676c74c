import SwitchboardMedia

/// The loudness of the caller's speech, to end a turn when the voice has died away rather than
/// when the VAD lets go: WebRTC's VAD keeps saying "speech" for 100–150 ms after the last
/// audible word (its own hangover), and that wait would add to every answer's latency.
///
/// Tracks the speech's peak level (decaying slowly, so one shout does not gate the next
/// utterance); during speech, a frame 30 dB below it counts as silence whatever the VAD says.
/// Outside speech it gates nothing: a quiet caller still starts a turn.
struct SpeechLevel {
    /// How far below the peak a frame is silence (30 dB, in RMS).
    static let floorRatio = 1 / 31.6
    /// Per 20 ms frame: −30 dB in about 14 s.
    static let decay = 0.995
    private(set) var peak = 0.0

    /// Whether `frame` is loud enough to be speech, given the VAD's decision and whether a turn is open.
    mutating func isSpeech(_ frame: [Int16], vad: Bool, inSpeech: Bool) -> Bool {
        let rms = AudioFormat.rms(frame)
        self.peak *= Self.decay
        if vad { self.peak = max(self.peak, rms) }
        guard vad, inSpeech else { return vad }
        return rms >= self.peak * Self.floorRatio
    }
}
