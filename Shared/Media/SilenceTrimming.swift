/// Synthesisers pad each utterance with silence — Flite about 200 ms before the first word and as
/// much after the last — which the caller hears as latency before an answer and as a long gap
/// between sentences. Trimmed to the audible part, with a short natural tail.
package enum SilenceTrimming {
    /// Below this RMS (about −50 dBFS) a 10 ms block counts as silence.
    package static let threshold = 100.0

    /// `samples` from their first audible 10 ms block to `keepTrailingMS` after their last one;
    /// empty when nothing in them is audible.
    package static func trim(_ samples: [Int16], sampleRate: Int, keepTrailingMS: Int = 100) -> [Int16] {
        let block = max(1, sampleRate / 100)
        func audible(_ start: Int) -> Bool {
            AudioFormat.rms(samples[start..<min(start + block, samples.count)]) >= Self.threshold
        }
        let starts = stride(from: 0, to: samples.count, by: block)
        guard let first = starts.first(where: audible), let last = starts.reversed().first(where: audible) else { return [] }
        let end = min(samples.count, last + block + sampleRate * keepTrailingMS / 1000)
        if first == 0, end == samples.count { return samples }
        return Array(samples[first..<end])
    }
}
