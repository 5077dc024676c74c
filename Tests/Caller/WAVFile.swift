import Foundation
import SwitchboardMedia

/// Reads a PCM16 WAV file (mono, or the first channel of several) as 16 kHz samples.
enum WAVFile {
    static func samples(path: String) throws -> [Int16] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.count > 44, data.prefix(4) == Data("RIFF".utf8), data[8..<12] == Data("WAVE".utf8) else {
            throw MediaEngineError("\(path) is not a WAV file")
        }
        func u16(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        var offset = 12
        var channels = 1
        var rate = 16_000
        var bits = 16
        while offset + 8 <= data.count {
            let id = String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
            let size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " {
                guard u16(body) == 1 else { throw MediaEngineError("\(path): only PCM WAV is supported") }
                channels = max(1, u16(body + 2))
                rate = u32(body + 4)
                bits = u16(body + 14)
            } else if id == "data" {
                guard bits == 16 else { throw MediaEngineError("\(path): only 16-bit samples are supported") }
                let end = min(body + size, data.count)
                var samples: [Int16] = []
                samples.reserveCapacity((end - body) / (2 * channels))
                var index = body
                while index + 1 < end {
                    samples.append(Int16(bitPattern: UInt16(data[index]) | UInt16(data[index + 1]) << 8))
                    index += 2 * channels
                }
                return rate == AudioFormat.sampleRate
                    ? samples : try Resampler(from: rate, to: AudioFormat.sampleRate).process(samples, last: true)
            }
            offset = body + size + (size & 1)
        }
        throw MediaEngineError("\(path) has no audio data")
    }
}
