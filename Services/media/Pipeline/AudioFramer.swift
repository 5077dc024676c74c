import NIOCore
import SwitchboardMedia

/// Cuts the caller's PCM16LE bytes, at whatever rate the carrier sends, into 20 ms frames at
/// 16 kHz for the VAD and the recogniser. Messages need not be frame-aligned: what is left over
/// waits for the next one. Buffers are reused from message to message.
struct AudioFramer {
    private let resampler: Resampler?
    private var incoming: [Int16] = []
    private var pending: [Int16] = []
    /// Where the next frame starts in `pending`.
    private var next = 0

    init(sampleRate: Int) throws {
        self.resampler = sampleRate == AudioFormat.sampleRate ? nil : try Resampler(from: sampleRate, to: AudioFormat.sampleRate)
        self.incoming.reserveCapacity(AudioFormat.samplesPerFrame * 4)
        self.pending.reserveCapacity(AudioFormat.samplesPerFrame * 8)
    }

    /// Whole frames waiting to be taken.
    var framesWaiting: Int { (self.pending.count - self.next) / AudioFormat.samplesPerFrame }

    /// Adds a message's bytes (an odd trailing byte is dropped, as no carrier sends one).
    mutating func add(_ buffer: ByteBuffer) throws {
        if self.next > 0 {
            self.pending.removeFirst(self.next)
            self.next = 0
        }
        if let resampler = self.resampler {
            self.incoming.removeAll(keepingCapacity: true)
            Self.append(buffer, to: &self.incoming)
            self.pending += try resampler.process(self.incoming)
        } else {
            Self.append(buffer, to: &self.pending)
        }
    }

    /// Appends PCM16LE samples straight from the buffer's bytes (a profile showed reading them one
    /// by one through `readInteger` as the worker's costliest function on an idle call).
    private static func append(_ buffer: ByteBuffer, to samples: inout [Int16]) {
        buffer.withUnsafeReadableBytes { bytes in
            let count = bytes.count / 2
            samples.reserveCapacity(samples.count + count)
            for index in 0..<count {
                samples.append(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)))
            }
        }
    }

    /// Copies the next whole frame into `frame` (its storage reused); `false` when none waits.
    mutating func take(into frame: inout [Int16]) -> Bool {
        let size = AudioFormat.samplesPerFrame
        guard self.pending.count - self.next >= size else { return false }
        frame.removeAll(keepingCapacity: true)
        frame.append(contentsOf: self.pending[self.next..<(self.next + size)])
        self.next += size
        return true
    }
}
