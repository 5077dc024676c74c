import CWebRTCVAD

/// WebRTC's voice activity detector on 20 ms frames of 16 kHz audio (about 3 µs a frame).
///
/// Not thread-safe: one per session, used by the task that owns the session.
package final class VoiceActivityDetector {
    private let instance: OpaquePointer

    /// - Parameter aggressiveness: 0 (most speech kept) … 3 (most noise rejected); 2 by default.
    package init(aggressiveness: Int32 = 2) throws {
        guard let instance = WebRtcVad_Create() else { throw MediaEngineError("WebRtcVad_Create failed") }
        self.instance = instance
        guard WebRtcVad_Init(instance) == 0, WebRtcVad_set_mode(instance, min(max(aggressiveness, 0), 3)) == 0 else {
            WebRtcVad_Free(instance)
            throw MediaEngineError("WebRTC VAD could not be initialised")
        }
    }

    deinit { WebRtcVad_Free(self.instance) }

    /// Whether the frame holds speech; a frame of the wrong length counts as silence.
    package func isSpeech(_ frame: UnsafeBufferPointer<Int16>, sampleRate: Int32 = Int32(AudioFormat.sampleRate)) -> Bool {
        guard let base = frame.baseAddress else { return false }
        return WebRtcVad_Process(self.instance, sampleRate, base, frame.count) == 1
    }

    package func isSpeech(_ frame: [Int16]) -> Bool {
        frame.withUnsafeBufferPointer { self.isSpeech($0) }
    }
}

/// An engine that could not start or failed.
package struct MediaEngineError: Error, CustomStringConvertible, Sendable {
    package var description: String
    package init(_ description: String) { self.description = description }
}
