import CSampleRate

/// Streaming sample-rate conversion (libsamplerate, `SRC_SINC_FASTEST`) for 24/48 kHz clients.
///
/// Not thread-safe: one per direction per session. Buffers are reused between calls.
package final class Resampler {
    private let state: OpaquePointer
    package let ratio: Double
    private var input: [Float] = []
    private var output: [Float] = []

    package init(from inputRate: Int, to outputRate: Int) throws {
        guard (1000...384_000).contains(inputRate), (1000...384_000).contains(outputRate) else {
            throw MediaEngineError("unsupported sample rate conversion \(inputRate) → \(outputRate) Hz")
        }
        var error: Int32 = 0
        guard let state = src_new(Int32(SRC_SINC_FASTEST), 1, &error) else {
            throw MediaEngineError("libsamplerate: \(String(cString: src_strerror(error)))")
        }
        self.state = state
        self.ratio = Double(outputRate) / Double(inputRate)
    }

    deinit { src_delete(self.state) }

    /// Converts the next block of a stream; `last` flushes what the filter still holds and makes
    /// the converter ready for a new stream, so one converter serves a session's whole life.
    package func process(_ samples: [Int16], last: Bool = false) throws -> [Int16] {
        if self.input.count < max(samples.count, 1) { self.input = [Float](repeating: 0, count: max(samples.count, 1)) }
        let capacity = Int(Double(samples.count) * self.ratio) + 64
        if self.output.count < capacity { self.output = [Float](repeating: 0, count: capacity) }
        samples.withUnsafeBufferPointer { source in
            self.input.withUnsafeMutableBufferPointer { target in
                src_short_to_float_array(source.baseAddress, target.baseAddress, Int32(samples.count))
            }
        }
        var result: [Int16] = []
        result.reserveCapacity(capacity)
        var offset = 0
        repeat {
            var generated = 0
            let status = self.input.withUnsafeBufferPointer { input in
                self.output.withUnsafeMutableBufferPointer { output in
                    var data = SRC_DATA(
                        data_in: input.baseAddress! + offset, data_out: output.baseAddress, input_frames: samples.count - offset,
                        output_frames: output.count, input_frames_used: 0, output_frames_gen: 0, end_of_input: last ? 1 : 0,
                        src_ratio: self.ratio
                    )
                    let status = src_process(self.state, &data)
                    offset += data.input_frames_used
                    generated = data.output_frames_gen
                    return status
                }
            }
            guard status == 0 else { throw MediaEngineError("libsamplerate: \(String(cString: src_strerror(status)))") }
            if generated > 0 {
                var converted = [Int16](repeating: 0, count: generated)
                self.output.withUnsafeBufferPointer { output in
                    converted.withUnsafeMutableBufferPointer { target in
                        src_float_to_short_array(output.baseAddress, target.baseAddress, Int32(generated))
                    }
                }
                result += converted
            }
            if generated == 0 && (offset >= samples.count) { break }
        } while true
        if last { src_reset(self.state) }
        return result
    }
}
