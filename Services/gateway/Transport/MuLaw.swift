import Foundation
import NIOCore

/// G.711 μ-law, the telephone codec of Twilio Media Streams: 8-bit samples ↔ PCM16LE.
enum MuLaw {
    /// Every μ-law byte's PCM value, computed once.
    private static let decodeTable: [Int16] = (0...255).map { byte in
        let value = ~UInt8(byte)
        let sign = value & 0x80
        let exponent = Int((value >> 4) & 0x07)
        let mantissa = Int(value & 0x0F)
        let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        return Int16(sign != 0 ? -magnitude : magnitude)
    }

    /// μ-law bytes → PCM16LE.
    static func decode(_ bytes: Data) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count * 2)
        for byte in bytes { buffer.writeInteger(Self.decodeTable[Int(byte)], endianness: .little) }
        return buffer
    }

    /// PCM16LE → μ-law bytes.
    static func encode(_ pcm: ByteBuffer) -> Data {
        var input = pcm
        var out = Data(capacity: pcm.readableBytes / 2)
        while let sample = input.readInteger(endianness: .little, as: Int16.self) { out.append(Self.encode(sample)) }
        return out
    }

    static func encode(_ sample: Int16) -> UInt8 {
        let bias = 0x84
        let clip = 32_635
        var value = Int(sample)
        let sign: UInt8 = value < 0 ? 0x80 : 0
        if value < 0 { value = -value }
        value = min(value, clip) + bias
        var exponent = 7
        var mask = 0x4000
        while exponent > 0, value & mask == 0 {
            exponent -= 1
            mask >>= 1
        }
        let mantissa = (value >> (exponent + 3)) & 0x0F
        return ~(sign | UInt8(exponent << 4) | UInt8(mantissa))
    }
}
