import Foundation
import SwitchboardCore

/// Agent audio on the browser conversation socket, in order.
package struct BrowserAudioFrame: APIType {
    package enum Kind: String, APIEnum {
        case audioData = "audio_data"
    }

    package var type = Kind.audioData
    /// Base64 PCM16LE mono at `sample_rate`.
    package var data: String
    package var sampleRate: Int
    package var frameIndex: Int
    /// Always null: the stream's length is not known in advance.
    package var totalFrames: JSONValue = .null
    package var isFinal = false

    package init(data: String, sampleRate: Int, frameIndex: Int) {
        self.data = data
        self.sampleRate = sampleRate
        self.frameIndex = frameIndex
    }

    enum CodingKeys: String, CodingKey {
        case type, data
        case sampleRate = "sample_rate"
        case frameIndex = "frame_index"
        case totalFrames = "total_frames"
        case isFinal = "is_final"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("data", "Base64 PCM16LE mono."),
            .field("sample_rate", "The rate the socket was opened with.", example: 16000),
            .field("frame_index", \.frameIndex, "Counts from 0 per connection.", minimum: 0),
            .field("total_frames", "Always null."),
            .field("is_final", "Always false."),
        ]
    }
}

/// Barge-in on the browser socket: the client drops queued audio. Sent in pairs: `tts_cancelled`, then `audio_stop`.
package struct BrowserControl: APIType {
    package enum Kind: String, APIEnum {
        case control
    }

    package enum Action: String, APIEnum {
        case ttsCancelled = "tts_cancelled"
        case audioStop = "audio_stop"
    }

    package enum Reason: String, APIEnum {
        case bargeIn = "barge_in"
    }

    package var type = Kind.control
    package var action: Action
    package var reason = Reason.bargeIn
    package var sessionID: String
    /// `tts_cancelled` only: when (ISO 8601).
    package var at: String?

    package init(action: Action, sessionID: String, at: String? = nil) {
        self.action = action
        self.sessionID = sessionID
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case type, action, reason, at
        case sessionID = "session_id"
    }

    package static var schemaName: String { "ControlMessage" }
    package static var schemaDescription: String? {
        "Barge-in: the client drops queued audio. Sent in pairs: `tts_cancelled`, then `audio_stop`."
    }
    package static var fields: [APIField<Self>] { [.field("at", "`tts_cancelled` only (ISO 8601).")] }
}

/// Last message of a browser conversation, just before the socket closes with 1000.
package struct SessionEnd: APIType {
    package enum Kind: String, APIEnum {
        case sessionEnd = "session_end"
    }

    package var type = Kind.sessionEnd
    package var reason: String
    /// When (ISO 8601).
    package var ts: String

    package init(reason: String, ts: String) {
        self.reason = reason
        self.ts = ts
    }

    package static var schemaDescription: String? { "Last message of a browser conversation, just before the socket closes with 1000." }
}

extension APIType {
    /// Compact JSON text with sorted keys, as a WebSocket text message.
    package var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }
}

/// Tool activity on the browser and dashboard sockets (not enveloped): `tool_start` with
/// `arguments`, then `tool_end` with `status`, `result` and `duration_ms`.
package struct ToolEvent: APIType {
    package enum Kind: String, APIEnum {
        case toolStart = "tool_start"
        case toolEnd = "tool_end"
    }

    package var type: Kind
    package var tool: String
    package var callID: String
    package var sessionID: String
    package var arguments: JSONValue?
    package var status: String?
    package var result: JSONValue?
    package var durationMS: Double?

    /// A tool call begins.
    package static func start(tool: String, callID: String, arguments: JSONValue, sessionID: String) -> ToolEvent {
        ToolEvent(type: .toolStart, tool: tool, callID: callID, sessionID: sessionID, arguments: arguments)
    }

    /// A tool call ended after `durationMS` (kept to a tenth).
    package static func end(
        tool: String, callID: String, status: String, result: JSONValue, durationMS: Double, sessionID: String
    ) -> ToolEvent {
        ToolEvent(
            type: .toolEnd, tool: tool, callID: callID, sessionID: sessionID, status: status, result: result,
            durationMS: (durationMS * 10).rounded() / 10)
    }

    enum CodingKeys: String, CodingKey {
        case type, tool, arguments, status, result
        case callID = "call_id"
        case sessionID = "session_id"
        case durationMS = "duration_ms"
    }

    package static var fields: [APIField<Self>] {
        [
            .field("tool", example: "verify_client_identity"), .field("arguments", "`tool_start` only: the tool's arguments."),
            .field("status", "`tool_end` only: `success` or `error`.", example: "success"),
            .field("result", "`tool_end` only: what the tool returned."),
            .field("duration_ms", \.durationMS, "`tool_end` only: milliseconds, to a tenth.", minimum: 0),
        ]
    }
}

/// `turn_metrics`: the latency of a turn just answered (docs/compatibility.md #6), on the browser
/// and dashboard sockets and in the telemetry stream. A stage not measured is null.
package struct TurnMetricsMessage: APIType {
    package enum Kind: String, APIEnum {
        case turnMetrics = "turn_metrics"
    }

    package var type = Kind.turnMetrics
    package var sessionID: String
    package var turnNumber: Int
    package var agentName: String
    package var bargeIn: Bool
    @Nullable package var durationMS: Double?
    @Nullable package var sttLatencyMS: Double?
    @Nullable package var llmTTFTMS: Double?
    @Nullable package var ttsTTFBMS: Double?
    @Nullable package var e2eLatencyMS: Double?

    package init(
        sessionID: String, turnNumber: Int, agentName: String, bargeIn: Bool, durationMS: Double?, sttLatencyMS: Double?,
        llmTTFTMS: Double?, ttsTTFBMS: Double?, e2eLatencyMS: Double?
    ) {
        self.sessionID = sessionID
        self.turnNumber = turnNumber
        self.agentName = agentName
        self.bargeIn = bargeIn
        self.durationMS = durationMS
        self.sttLatencyMS = sttLatencyMS
        self.llmTTFTMS = llmTTFTMS
        self.ttsTTFBMS = ttsTTFBMS
        self.e2eLatencyMS = e2eLatencyMS
    }

    enum CodingKeys: String, CodingKey {
        case type
        case sessionID = "session_id"
        case turnNumber = "turn_number"
        case agentName = "agent_name"
        case bargeIn = "barge_in"
        case durationMS = "duration_ms"
        case sttLatencyMS = "stt_latency_ms"
        case llmTTFTMS = "llm_ttft_ms"
        case ttsTTFBMS = "tts_ttfb_ms"
        case e2eLatencyMS = "e2e_latency_ms"
    }

    package static var schemaName: String { "TurnMetricsMessage" }
    package static var fields: [APIField<Self>] {
        [
            .field("turn_number", \.turnNumber, minimum: 0), .field("barge_in", "Whether the caller spoke over the answer."),
            .field("duration_ms", "From the end of the caller's speech to the end of the answer (or the barge-in)."),
            .field("stt_latency_ms", "End of speech → final transcript."), .field("llm_ttft_ms", "Transcript → first token."),
            .field("tts_ttfb_ms", "First token → first audio."), .field("e2e_latency_ms", "End of speech → first audio out."),
        ]
    }
}

/// The reference's common envelope (docs/compatibility.md §2.1), on the browser and dashboard
/// sockets: user transcripts, STT partials (`payload.event_type: stt_partial`), assistant chunks
/// (`assistant_streaming`), the greeting (`assistant`), the turn's final text (`event`,
/// `payload.type: assistant`), hand-offs (`payload.event_type: agent_change`), call status and
/// the session's life (`payload.event_type: session_started`, `session_resumed`, `session_ended`,
/// with `payload.data`).
package struct Envelope: APIType {
    package var type: String
    package var topic: String
    package var sessionID: String
    /// Always null (kept for the reference's shape).
    @Nullable package var callID: String?
    /// Always null (kept for the reference's shape).
    @Nullable package var userID: String?
    package var sender: String
    package var speakerID: String
    package var ts: String
    package var payload: JSONValue

    /// An envelope stamped now, as the JSON the sockets and Redis carry.
    package static func make(type: String, topic: String = "session", sessionID: String, sender: String, payload: JSONValue) -> JSONValue {
        Envelope(
            type: type, topic: topic, sessionID: sessionID, callID: nil, userID: nil, sender: sender, speakerID: sender,
            ts: Date().ISO8601Format(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), payload: payload
        ).jsonValue
    }

    enum CodingKeys: String, CodingKey {
        case type, topic, sender, ts, payload
        case sessionID = "session_id"
        case callID = "call_id"
        case userID = "user_id"
        case speakerID = "speaker_id"
    }

    package static var schemaDescription: String? {
        "The reference's common envelope (docs/compatibility.md §2.1): user transcripts, STT partials (`payload.event_type: stt_partial`), assistant chunks (`assistant_streaming`), the greeting (`assistant`), the turn's final text (`event`, `payload.type: assistant`), hand-offs (`payload.event_type: agent_change`), call status and the session's life (`payload.event_type: session_started`, `session_resumed`, `session_ended`, with `payload.data`)."
    }
    package static var fields: [APIField<Self>] {
        [
            .field("type", example: "event"), .field("topic", example: "session"),
            .field("call_id", "Always null."), .field("user_id", "Always null."),
            .field("sender", example: "User"), .field("speaker_id", "The same as `sender`."),
            .field("ts", "ISO 8601 with milliseconds."),
            .field(
                "payload", "What happened; its `type` or `event_type` says which.", example: ["type": "user", "message": "I lost my card"]),
        ]
    }
}
