import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardMedia
import Synchronization

/// `voice_live`: a speech-to-speech service (Azure VoiceLive, Azure OpenAI or OpenAI realtime)
/// hears the caller, answers and speaks, over the OpenAI Realtime WebSocket event protocol.
///
/// Switchboard configures it from the active agent (`session.update`: instructions, voice, tools,
/// turn detection), streams the caller's audio to it (`input_audio_buffer.append`, 24 kHz PCM16),
/// plays its audio deltas through the same pacer as the cascade, runs the tools it calls with the
/// agent runtime — a hand-off reconfigures the session for the new agent — relays transcripts,
/// and turns its `speech_started` into a barge-in. State, history and `turn_metrics` are kept as
/// for any turn. Both event spellings are read: `response.output_audio.delta` (GA) and
/// `response.audio.delta` (preview, VoiceLive).
extension MediaSession {
    func runVoiceLive(
        _ messages: CallerMessages, outbound: SessionOutbound, realtime: SpeechEngineSettings.Realtime
    ) async throws {
        let directory = try await self.engines.runtime.registry.directory(for: self.sessionID, scenario: self.start.scenario)
        var headers = HTTPFields()
        let authorization: ServiceAuthorization =
            if let key = realtime.key {
                realtime.isAzure ? .header("api-key", key) : .header("Authorization", "Bearer \(key)")
            } else if realtime.isAzure {
                self.engines.runtime.azureCredential.authorization
            } else {
                .none
            }
        if let (name, value) = try await authorization.header(), let field = HTTPField.Name(name) { headers[field] = value }
        if !realtime.isAzure { headers[HTTPField.Name("OpenAI-Beta")!] = "realtime=v1" }
        let (speech, speechSink) = AsyncStream.makeStream(of: SpeechItem.self)
        defer { speechSink.finish() }
        let logger = self.logger
        try await WebSocketClient.connect(
            url: realtime.url, configuration: .init(maxFrameSize: 1 << 24, additionalHeaders: headers), logger: logger
        ) { inbound, socket, _ in
            let service = RealtimeService(socket)
            let conversation = RealtimeConversation(session: self, directory: directory, realtime: realtime, speech: speechSink)
            try await service.send(try await conversation.sessionUpdate())
            if !self.start.resume,
                let greeting = try await self.engines.runtime.runner.greet(sessionID: self.sessionID, directory: directory)
            {
                conversation.greeting()  // already in the history; the service says it
                try await service.send([
                    "type": "response.create",
                    "response": ["instructions": .string("Greet the caller with exactly these words: \(greeting.text)")],
                ])
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.streamCaller(messages, to: service, conversation: conversation, outbound: outbound) }
                group.addTask {
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        guard case .text(let text) = message, let event = JSONValue(jsonText: text) else { continue }
                        try await conversation.handle(event, service: service, outbound: outbound)
                    }
                }
                group.addTask { await self.speak(speech, outbound: outbound) }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// The caller's side: audio to the service in 40 ms pieces at 24 kHz; typed text and keypad
    /// digits as user messages that get an answer.
    private func streamCaller(
        _ messages: CallerMessages, to service: RealtimeService, conversation: RealtimeConversation, outbound: SessionOutbound
    ) async throws {
        var framer = try AudioFramer(sampleRate: self.start.sampleRate)
        let upsampler = try Resampler(from: AudioFormat.sampleRate, to: 24_000)
        var frame: [Int16] = []
        var pending: [Int16] = []
        pending.reserveCapacity(2 * 480)
        while let message = try await messages.iterator.next() {
            switch message {
            case .binary(let buffer):
                self.metrics.framesIn.increment()
                try framer.add(buffer)
                while framer.take(into: &frame) {
                    pending += try upsampler.process(frame)
                    guard pending.count >= 960 else { continue }
                    let audio = pending.withUnsafeBytes { Data($0).base64EncodedString() }
                    pending.removeAll(keepingCapacity: true)
                    try await service.send(["type": "input_audio_buffer.append", "audio": .string(audio)])
                }
            case .text(let text):
                let typed: String
                switch MediaControl(text: text) {
                case .text(let content)?: typed = String(content.trimmingSpaces.prefix(2000))
                case .dtmf(let digit)?: typed = digit
                case .played(let name)?:
                    self.control.played(name)
                    continue
                case .stop?: return
                default: continue
                }
                guard !typed.isEmpty else { continue }
                await conversation.interrupt(service: service, outbound: outbound)
                try await conversation.callerSaid(typed, outbound: outbound)
                try await service.send([
                    "type": "conversation.item.create",
                    "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": .string(typed)]]],
                ])
                try await service.send(["type": "response.create"])
            }
        }
    }
}

/// The socket to the service: one JSON event per text frame, from any task.
struct RealtimeService: Sendable {
    let socket: WebSocketOutboundWriter

    init(_ socket: WebSocketOutboundWriter) {
        self.socket = socket
    }

    func send(_ event: JSONValue) async throws {
        try await self.socket.write(.text(event.jsonText))
    }
}

/// One `voice_live` conversation's state: the response being spoken, its timing, the active agent.
final class RealtimeConversation: Sendable {
    private struct State {
        /// The response whose audio is playing: where its deltas go.
        var audio: AsyncThrowingStream<[Int16], any Error>.Continuation?
        var downsampler: Resampler?
        var generation = 0
        var transcript = ""
        var speechEnded: ContinuousClock.Instant?
        var recognised: ContinuousClock.Instant?
        var agent = ""
        /// The caller's turns so far in this conversation.
        var turns = 0
        /// The response being spoken is the greeting, which the history already has.
        var greeting = false
        /// The transcript cut into sentences for the relay, as the cascade's answers are.
        var chunker = SentenceChunker()
        /// The response the service is giving, and the one a barge-in cancelled: deltas of the
        /// cancelled one still in flight are not played.
        var response: String?
        var cancelled: String?
    }

    private let session: MediaSession
    private let directory: AgentDirectory
    private let realtime: SpeechEngineSettings.Realtime
    private let speech: AsyncStream<SpeechItem>.Continuation
    private let state = Mutex(State())

    init(
        session: MediaSession, directory: AgentDirectory, realtime: SpeechEngineSettings.Realtime,
        speech: AsyncStream<SpeechItem>.Continuation
    ) {
        self.session = session
        self.directory = directory
        self.realtime = realtime
        self.speech = speech
    }

    private var runner: TurnRunner { self.session.engines.runtime.runner }

    /// The next response is the greeting.
    func greeting() { self.state.withLock { $0.greeting = true } }
    private var sessionID: String { self.session.sessionID }

    /// `session.update` for the active agent: its instructions, voice, tools and turn detection.
    func sessionUpdate() async throws -> JSONValue {
        let active = try await self.runner.realtimeAgent(sessionID: self.sessionID, directory: self.directory)
        self.state.withLock { $0.agent = active.agent.name }
        self.session.listen(with: active.agent)
        let detection = active.agent.tree["session"]?["turn_detection"]
        var kind = detection?["type"]?.string ?? "server_vad"
        if !self.realtime.isVoiceLive, kind.hasPrefix("azure_") { kind = "server_vad" }  // VoiceLive's own detectors
        let voice: JSONValue =
            self.realtime.isVoiceLive && active.agent.voice.name.hasSuffix("Neural")
            ? ["name": .string(active.agent.voice.name), "type": .string(active.agent.voice.type)]
            : .string(OpenAISpeechSynthesizer.voice(named: active.agent.voice.name) ?? self.realtime.voice)
        return [
            "type": "session.update",
            "session": [
                "modalities": ["text", "audio"], "instructions": .string(active.instructions), "voice": voice,
                "input_audio_format": "pcm16", "output_audio_format": "pcm16",
                "input_audio_transcription": ["model": .string(self.realtime.transcriptionModel)],
                "turn_detection": [
                    "type": .string(kind), "threshold": .number(detection?["threshold"]?.number ?? 0.5),
                    "prefix_padding_ms": .number(detection?["prefix_padding_ms"]?.number ?? 240),
                    "silence_duration_ms": .number(detection?["silence_duration_ms"]?.number ?? 500),
                ],
                "tools": .array(
                    active.tools.map {
                        ["type": "function", "name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters]
                    }),
                "tool_choice": "auto",
            ],
        ]
    }

    /// One event from the service.
    func handle(_ event: JSONValue, service: RealtimeService, outbound: SessionOutbound) async throws {
        switch event["type"]?.string ?? "" {
        case "input_audio_buffer.speech_started":
            await self.interrupt(service: service, outbound: outbound)
        case "input_audio_buffer.speech_stopped":
            self.state.withLock { $0.speechEnded = .now }
        case "conversation.item.input_audio_transcription.completed":
            self.state.withLock { $0.recognised = .now }
            let words = (event["transcript"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !words.isEmpty { try await self.callerSaid(words, outbound: outbound) }
        case "response.created":
            self.state.withLock { $0.response = event["response"]?["id"]?.string }
        case "response.audio.delta", "response.output_audio.delta":
            let cancelled = self.state.withLock { $0.cancelled }
            if let id = event["response_id"]?.string, id == cancelled { return }
            guard let delta = event["delta"]?.string, let bytes = Data(base64Encoded: delta) else { return }
            let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
            self.play(samples)
        case "response.audio_transcript.delta", "response.output_audio_transcript.delta", "response.text.delta",
            "response.output_text.delta":
            let piece = event["delta"]?.string ?? ""
            let (agent, sentences) = self.state.withLock { state in
                state.transcript += piece
                return (state.agent, state.chunker.add(piece))
            }
            for sentence in sentences {
                await self.session.emit(self.session.assistantEnvelope(agent: agent, text: sentence, streaming: true), outbound: outbound)
            }
        case "response.function_call_arguments.done":
            try await self.callTool(event, service: service, outbound: outbound)
        case "response.done":
            try await self.responseDone(event["response"], outbound: outbound)
        case "error":
            let message = event["error"]?["message"]?.string ?? event.jsonText
            await self.session.engineFailed(.stt, RealtimeError(message: message), fallback: nil, outbound: outbound)
        default:
            return
        }
    }

    /// The caller's words: relayed and kept in the history, as a turn's.
    func callerSaid(_ words: String, outbound: SessionOutbound) async throws {
        self.state.withLock { $0.turns += 1 }
        await self.session.emit(self.session.userEnvelope(words), outbound: outbound)
        try await self.runner.realtimeRecord(sessionID: self.sessionID, caller: words)
    }

    /// The caller spoke (or typed) over the agent: its audio stops, the service's answer is
    /// cancelled, the gateway clears what the caller's side still buffers.
    func interrupt(service: RealtimeService, outbound: SessionOutbound) async {
        let speaking = self.session.control.agentSpeaking || self.state.withLock { $0.audio != nil }
        guard speaking else { return }
        _ = self.session.control.bargeIn()
        self.state.withLock { state in
            state.audio?.finish()
            state.audio = nil
            state.cancelled = state.response
        }
        try? await service.send(["type": "response.cancel"])
        await outbound.send(.clear)
        self.session.metrics.bargeIns.increment()
        await self.session.record(.bargeIn, ["typed": false])
    }

    /// Audio of the response being spoken: the first delta of a response opens its stream to the speaker.
    private func play(_ samples24k: [Int16]) {
        let (continuation, samples) = self.state.withLock { state -> (AsyncThrowingStream<[Int16], any Error>.Continuation?, [Int16]) in
            if state.audio == nil {
                let (stream, continuation) = AsyncThrowingStream.makeStream(of: [Int16].self, throwing: (any Error).self)
                state.audio = continuation
                state.downsampler = try? Resampler(from: 24_000, to: AudioFormat.sampleRate)
                state.generation = self.session.control.generation
                let timing = TurnTiming(
                    turnNumber: state.turns, agent: state.agent, speechEnded: state.speechEnded, recognised: state.recognised,
                    turnStarted: state.recognised ?? state.speechEnded ?? .now)
                var item = SpeechItem(text: "", voice: nil, generation: state.generation, timing: timing)
                item.stream = stream
                self.session.control.enqueued()
                self.speech.yield(item)
            }
            return (state.audio, (try? state.downsampler?.process(samples24k)) ?? [])
        }
        if !samples.isEmpty { continuation?.yield(samples) }
    }

    /// The response is complete: its audio stream ends, its transcript goes to the history, its
    /// usage and `turn_metrics` to the metrics service.
    private func responseDone(_ response: JSONValue?, outbound: SessionOutbound) async throws {
        let (transcript, rest, agent, generation, hadAudio, greeting) = self.state.withLock { state in
            if let tail = try? state.downsampler?.process([], last: true), !tail.isEmpty { state.audio?.yield(tail) }
            state.audio?.finish()
            defer {
                state.audio = nil
                state.transcript = ""
                state.speechEnded = nil
                state.recognised = nil
                state.greeting = false
            }
            return (state.transcript, state.chunker.flush(), state.agent, state.generation, state.audio != nil, state.greeting)
        }
        if let rest {
            await self.session.emit(self.session.assistantEnvelope(agent: agent, text: rest, streaming: true), outbound: outbound)
        }
        if !transcript.isEmpty {
            await self.session.emit(
                self.session.assistantEnvelope(agent: agent, text: transcript, streaming: false, final: true), outbound: outbound)
            if !greeting { try await self.runner.realtimeRecord(sessionID: self.sessionID, agent: transcript) }
        }
        if let usage = response?["usage"] {
            await self.session.record(
                .usage, ["input_tokens": usage["input_tokens"] ?? 0, "output_tokens": usage["output_tokens"] ?? 0, "agent": .string(agent)])
        }
        if hadAudio { self.speech.yield(SpeechItem(text: "", voice: nil, generation: generation, endOfTurn: true)) }
    }

    /// A function call: run by the agent runtime; its output goes back, and a hand-off
    /// reconfigures the session for the new agent before the service answers again.
    private func callTool(_ event: JSONValue, service: RealtimeService, outbound: SessionOutbound) async throws {
        let call = ToolCall(
            id: event["call_id"]?.string ?? UUID().uuidString, name: event["name"]?.string ?? "",
            arguments: event["arguments"]?.string ?? "{}")
        let (output, handedOff) = try await self.runner.realtimeTool(
            sessionID: self.sessionID, directory: self.directory, call: call
        ) { event in await self.relay(event, outbound: outbound) }
        try await service.send([
            "type": "conversation.item.create",
            "item": ["type": "function_call_output", "call_id": .string(call.id), "output": .string(output.jsonText)],
        ])
        if handedOff { try await service.send(try await self.sessionUpdate()) }
        try await service.send(["type": "response.create"])
    }

    /// A tool's start and end and a hand-off, as the cascade relays them.
    private func relay(_ event: AgentEvent, outbound: SessionOutbound) async {
        switch event {
        case .toolStart(_, let tool, let callID, let arguments):
            await self.session.emit(
                ToolEvent.start(tool: tool, callID: callID, arguments: arguments, sessionID: self.sessionID).jsonValue, outbound: outbound)
        case .toolEnd(_, let tool, let callID, let result, let status, let duration):
            self.session.noteCallAction(result)
            await self.session.emit(
                ToolEvent.end(tool: tool, callID: callID, status: status, result: result, durationMS: duration, sessionID: self.sessionID)
                    .jsonValue, outbound: outbound)
        case .agentChange(let from, let to, let type, _):
            await self.session.emit(
                self.session.agentChangeEnvelope(from: from, to: to, type: type, directory: self.directory), outbound: outbound,
                telemetry: .agentChange, data: ["agent_name": .string(to), "previous_agent": .string(from)])
        default:
            return
        }
    }
}

/// The speech-to-speech service reported an error.
struct RealtimeError: Error, CustomStringConvertible {
    let message: String
    var description: String { "realtime: \(self.message)" }
}
