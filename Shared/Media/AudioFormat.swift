/// The internal audio format: PCM16 little-endian mono at 16 kHz, in 20 ms frames.
package enum AudioFormat {
    package static let sampleRate = 16_000
    package static let frameMilliseconds = 20
    /// Samples in one 20 ms frame at 16 kHz.
    package static let samplesPerFrame = sampleRate * frameMilliseconds / 1000
    package static let bytesPerFrame = samplesPerFrame * 2
}
