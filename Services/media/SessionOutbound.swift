import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import SwitchboardCore

/// Everything a session sends to the gateway, serialised: control JSON and paced audio frames.
actor SessionOutbound {
    private let writer: WebSocketOutboundWriter
    private var buffer = ByteBuffer()
    private(set) var closed = false

    init(writer: WebSocketOutboundWriter) {
        self.writer = writer
    }

    func send(_ control: MediaControl) async {
        guard !self.closed else { return }
        do { try await self.writer.write(.text(control.json.jsonText)) } catch { self.closed = true }
    }

    /// One frame of PCM16LE audio; the byte buffer is reused between frames.
    func sendAudio(_ samples: ArraySlice<Int16>) async {
        guard !self.closed else { return }
        self.buffer.clear()
        self.buffer.reserveCapacity(samples.count * 2)
        for sample in samples { self.buffer.writeInteger(sample, endianness: .little) }
        do { try await self.writer.write(.binary(self.buffer)) } catch { self.closed = true }
    }

    func close(_ code: WebSocketErrorCode, reason: String) async {
        guard !self.closed else { return }
        self.closed = true
        try? await self.writer.close(code, reason: reason)
    }
}
