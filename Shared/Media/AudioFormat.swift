/// The internal audio format: PCM16 little-endian mono at 16 kHz, in 20 ms frames.
package enum AudioFormat {
    package static let sampleRate = 16_000
    package static let frameMilliseconds = 20
    /// Samples in one 20 ms frame at 16 kHz.
    package static let samplesPerFrame = sampleRate * frameMilliseconds / 1000
    package static let bytesPerFrame = samplesPerFrame * 2

    /// The root-mean-square level of `samples` (0 for none): 328 is −40 dBFS, 1000 about −30.
    package static func rms(_ samples: some Collection<Int16>) -> Double {
        guard !samples.isEmpty else { return 0 }
        var energy = 0.0
        for sample in samples { energy += Double(sample) * Double(sample) }
        return (energy / Double(samples.count)).squareRoot()
    }
}
