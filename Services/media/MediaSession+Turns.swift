import SwitchboardAPI
import SwitchboardAgents
import SwitchboardCore
import SwitchboardMedia
import SwitchboardRedis
import Synchronization

extension MediaSession {
    /// Greets (unless resuming), then runs one agent turn per caller input, in order.
    func runTurns(_ inputs: AsyncStream<UserInput>, speech: AsyncStream<SpeechItem>.Continuation, outbound: SessionOutbound) async {
        let directory: AgentDirectory
        do {
            directory = try await self.engines.runtime.registry.directory(for: self.sessionID, scenario: self.start.scenario)
        } catch {
            self.logger.error("cannot load the session's agents", metadata: ["session.id": "\(self.sessionID)", "error": "\(error)"])
            return
        }
        let listening = try? await SessionStore(redis: self.redis).load(self.sessionID)?.activeAgent ?? directory.startAgent
        self.listen(with: listening.flatMap { directory.agent($0) })
        // The generation of the last answer given, so that a barge-in since (the greeting's too)
        // cuts that answer in the history down to what the caller heard.
        var lastTurnGeneration: Int?
        if self.start.resume {
            // Taken over after a crash: the rest of the answer the caller was hearing comes first.
            await self.sayUnheard(voice: listening.flatMap { directory.agent($0)?.voice.speech }, speech: speech)
        }
        if !self.start.resume, self.start.mode != .transcription {
            do {
                if let (agent, text) = try await self.engines.runtime.runner.greet(sessionID: self.sessionID, directory: directory) {
                    await self.emit(self.assistantEnvelope(agent: agent, text: text, streaming: false), outbound: outbound)
                    for sentence in Self.sentences(text) {
                        self.saveUnheard(self.control.enqueued(sentence))
                        speech.yield(
                            self.speechItem(sentence, voice: directory.agent(agent)?.voice.speech, generation: self.control.generation))
                    }
                    lastTurnGeneration = self.control.generation
                }
            } catch {
                self.logger.warning("greeting failed", metadata: ["session.id": "\(self.sessionID)", "error": "\(error)"])
            }
        }
        // An answer being prepared at the caller's pause (preemptive generation).
        var pending: (words: String, task: Task<PreparedDraft?, Never>)?
        for await input in inputs {
            if input.tentative {
                pending?.task.cancel()
                pending = nil
                // Not after a barge-in: the history is cut to what was heard first, and the draft would not see it.
                guard lastTurnGeneration.map({ !self.control.isStale($0) }) ?? true else { continue }
                let words = input.text
                pending = (words, Task(priority: .low) { await self.prepare(words, directory: directory) })
                continue
            }
            defer { self.control.inputSettled() }  // answered (its sentences are queued by then)
            // A barge-in since the previous turn: its history keeps only what the caller heard.
            if let previous = lastTurnGeneration, previous != self.control.generation {
                try? await SessionStore(redis: self.redis).truncateLastAssistant(
                    self.sessionID, to: self.control.takeHeard().joined(separator: " "))
            }
            _ = self.control.takeHeard()
            lastTurnGeneration = self.control.generation
            await self.emit(self.userEnvelope(input.text), outbound: outbound)
            var prepared: PreparedDraft?
            if let draft = pending {
                pending = nil
                if !input.typed, Self.sameWords(draft.words, input.text) {
                    prepared = await draft.task.value  // committed by `turn`, if the session is still as it was
                } else {
                    draft.task.cancel()
                }
                if prepared == nil { self.metrics.draftsDiscarded.increment() }
            }
            guard self.start.mode != .transcription else { continue }
            await self.turn(input, directory: directory, speech: speech, outbound: outbound, prepared: prepared)
        }
    }

    /// Keeps the sentences the caller has not heard yet in Redis (`nil`: unchanged), so that a
    /// worker taking the call over after a crash says them again; queued, never waited for.
    func saveUnheard(_ sentences: [String]?) {
        guard let sentences, self.start.mode != .voiceLive else { return }
        let key = RedisKeys.sessionUnheard(self.sessionID)
        guard !sentences.isEmpty else {
            self.writes.send([RedisCommand("DEL", [.string(key)])])
            return
        }
        let text = JSONValue.array(sentences.map { .string($0) }).jsonText
        self.writes.send([RedisCommand("SET", [.string(key), .string(text), .string("PX"), .integer(Self.unheardLifetimeMS)])])
    }

    /// How long unheard sentences are kept for a worker to say them again.
    static let unheardLifetimeMS = 3_600_000

    /// Says the sentences the previous worker queued and the caller has not heard (cut by its
    /// crash); the sentence that was playing is said again whole. They are in the history already.
    private func sayUnheard(voice: SpeechVoice?, speech: AsyncStream<SpeechItem>.Continuation) async {
        guard self.start.mode != .voiceLive,
            let text = try? await self.redis.get(RedisKeys.sessionUnheard(self.sessionID)),
            case .array(let values)? = JSONValue(jsonText: text)
        else { return }
        let sentences = values.compactMap(\.string).filter { !$0.isEmpty }
        guard !sentences.isEmpty else { return }
        self.logger.info(
            "saying again what the caller had not heard", metadata: ["session.id": "\(self.sessionID)", "sentences": "\(sentences.count)"])
        for sentence in sentences {
            self.saveUnheard(self.control.enqueued(sentence))
            speech.yield(self.speechItem(sentence, voice: voice, generation: self.control.generation))
        }
    }

    /// An answer made at a pause, with its first sentence's audio.
    struct PreparedDraft: Sendable {
        var turn: TurnDraft
        var firstSentence: String?
        var audio: [Int16]?
    }

    /// Answers the caller's words so far and synthesises the answer's first sentence, as the turn
    /// would cut it; nothing is saved or sent. `nil` when the answer needs a tool.
    private func prepare(_ words: String, directory: AgentDirectory) async -> PreparedDraft? {
        guard let draft = try? await self.engines.runtime.runner.draft(sessionID: self.sessionID, text: words, directory: directory),
            !Task.isCancelled
        else { return nil }
        var chunker = SentenceChunker()
        var first: (agent: String, text: String)?
        for event in draft.events where first == nil {
            switch event {
            case .text(let agent, let piece): first = chunker.add(piece).first.map { (agent, $0) }
            case .agentChange(let from, _, _, _): first = chunker.flush().map { (from, $0) }
            case .greeting(let agent, let text): first = Self.sentences(text).first.map { (agent, $0) }
            case .turnEnd(let agent, _, _, _): first = chunker.flush().map { (agent, $0) }
            default: continue
            }
        }
        guard let first else { return PreparedDraft(turn: draft) }
        let audio = try? await self.engines.synthesizer.synthesize(first.text, voice: directory.agent(first.agent)?.voice.speech)
        return PreparedDraft(turn: draft, firstSentence: first.text, audio: audio)
    }

    /// A whole text (a greeting) cut as the model's streamed answers are, so its first sentence
    /// is synthesised and heard before the rest.
    static func sentences(_ text: String) -> [String] {
        var chunker = SentenceChunker()
        return chunker.add(text) + (chunker.flush().map { [$0] } ?? [])
    }

    /// The same words, whatever the case and spacing.
    static func sameWords(_ a: String, _ b: String) -> Bool {
        let words = { (text: String) in text.lowercased().split(whereSeparator: \.isWhitespace) }
        return words(a) == words(b)
    }

    /// One agent turn: run now, or replayed from the answer prepared at the caller's pause.
    private func turn(
        _ input: UserInput, directory: AgentDirectory, speech: AsyncStream<SpeechItem>.Continuation, outbound: SessionOutbound,
        prepared: PreparedDraft?
    ) async {
        let generation = self.control.generation
        let state = try? await SessionStore(redis: self.redis).load(self.sessionID)
        let timing = Mutex(
            TurnTiming(
                turnNumber: (state?.turnCount ?? 0) + 1, agent: state?.activeAgent ?? "", speechEnded: input.speechEnded,
                recognised: input.recognised,
                turnStarted: .now))
        let chunker = Mutex(SentenceChunker())
        let voice = Mutex<SpeechVoice?>(state?.activeAgent.flatMap { directory.agent($0)?.voice.speech })
        let firstSentence = Mutex(true)
        // Speaks a sentence of this turn, unless a barge-in has made the turn stale.
        let say = { @Sendable (text: String) in
            guard !self.control.isStale(generation), !text.isEmpty else { return }
            let isFirst = firstSentence.withLock { first in
                defer { first = false }; return first
            }
            self.saveUnheard(self.control.enqueued(text))
            let ready = isFirst && prepared?.firstSentence == text ? prepared?.audio : nil
            speech.yield(
                self.speechItem(
                    text, voice: voice.withLock { $0 }, generation: generation, timing: isFirst ? timing.withLock { $0 } : nil,
                    audio: ready))
        }
        let handle: TurnRunner.EventSink = { event in
            switch event {
            case .text(let agent, let piece):
                timing.withLock { if $0.firstToken == nil { $0.firstToken = .now; $0.agent = agent } }
                for sentence in chunker.withLock({ $0.add(piece) }) {
                    say(sentence)
                    await self.emit(self.assistantEnvelope(agent: agent, text: sentence, streaming: true), outbound: outbound)
                }
            case .greeting(let agent, let text):
                timing.withLock { if $0.firstToken == nil { $0.firstToken = .now; $0.agent = agent } }
                voice.withLock { $0 = directory.agent(agent)?.voice.speech }
                for sentence in Self.sentences(text) { say(sentence) }  // the first is heard sooner
                await self.emit(self.assistantEnvelope(agent: agent, text: text, streaming: false), outbound: outbound)
            case .toolStart(_, let tool, let callID, let arguments):
                await self.emit(
                    ToolEvent.start(tool: tool, callID: callID, arguments: arguments, sessionID: self.sessionID).jsonValue,
                    outbound: outbound)
            case .toolEnd(_, let tool, let callID, let result, let status, let duration):
                self.noteCallAction(result)
                await self.emit(
                    ToolEvent.end(
                        tool: tool, callID: callID, status: status, result: result, durationMS: duration, sessionID: self.sessionID
                    )
                    .jsonValue, outbound: outbound)
            case .agentChange(let from, let to, let type, _):
                self.listen(with: directory.agent(to))
                if let rest = chunker.withLock({ $0.flush() }) { say(rest) }
                voice.withLock { $0 = directory.agent(to)?.voice.speech }
                await self.emit(
                    self.agentChangeEnvelope(from: from, to: to, type: type, directory: directory), outbound: outbound,
                    telemetry: .agentChange, data: ["agent_name": .string(to), "previous_agent": .string(from)])
            case .turnEnd(let agent, let text, let inputTokens, let outputTokens):
                await self.record(
                    .usage,
                    [
                        "turn_number": .number(Double(timing.withLock { $0.turnNumber })),
                        "input_tokens": .number(Double(inputTokens)), "output_tokens": .number(Double(outputTokens)),
                    ])
                if let rest = chunker.withLock({ $0.flush() }) {
                    say(rest)
                    await self.emit(self.assistantEnvelope(agent: agent, text: rest, streaming: true), outbound: outbound)
                }
                await self.emit(self.assistantEnvelope(agent: agent, text: text, streaming: false, final: true), outbound: outbound)
                speech.yield(SpeechItem(text: "", voice: nil, generation: generation, endOfTurn: true))
            }
        }
        if let prepared {
            if (try? await self.engines.runtime.runner.commit(prepared.turn, sessionID: self.sessionID)) == true {
                self.metrics.draftsUsed.increment()
                for event in prepared.turn.events { await handle(event) }
                return
            }
            self.metrics.draftsDiscarded.increment()
        }
        do {
            // A barge-in stops the answer and its pending tool calls (the history keeps what was said).
            try await self.engines.runtime.runner.run(
                sessionID: self.sessionID, text: input.text, directory: directory, interrupted: { self.control.isStale(generation) },
                events: handle)
        } catch {
            self.logger.warning("turn failed", metadata: ["session.id": "\(self.sessionID)", "error": "\(error)"])
            await self.record(.error, ["stage": "agent", "message": .string("\(error)")])
            say("I'm sorry, something went wrong on my side. Could you say that again?")
        }
    }

    /// A sentence to speak. A remote voice is asked for it at once (unless its audio is ready), so
    /// its round trip overlaps the sentences before it.
    func speechItem(
        _ text: String, voice: SpeechVoice?, generation: Int, timing: TurnTiming? = nil, audio: [Int16]? = nil
    ) -> SpeechItem {
        var item = SpeechItem(text: text, voice: voice, generation: generation, timing: timing, audio: audio)
        if audio == nil, self.engines.synthesizer.isRemote { item.prefetched = self.engines.synthesizer.chunks(text, voice: voice) }
        return item
    }

    /// A tool that asks for call control (`call_action`: `hangup`, `transfer`) is carried out by the
    /// gateway once the answer that follows it has been heard.
    func noteCallAction(_ result: JSONValue) {
        switch result["call_action"]?.string {
        case "hangup":
            self.control.callAction = .hangup(result["reason"]?.string ?? "agent ended the call")
        case "transfer":
            guard let destination = result["destination"]?.string, !destination.isEmpty else { return }
            self.control.callAction = .transfer(destination)
        default:
            return
        }
    }

    /// The recogniser follows the listening agent's grammar, if it declares one.
    func listen(with agent: AgentDefinition?) {
        self.control.grammar = agent.flatMap { agent in agent.grammar.map { (agent.name, $0) } }
    }

    func userEnvelope(_ text: String) -> JSONValue {
        Envelope.make(
            type: "event", sessionID: self.sessionID, sender: "User",
            payload: [
                "type": "user", "sender": "User", "message": .string(text), "content": .string(text), "streaming": false,
                "status": "completed",
            ])
    }

    func assistantEnvelope(agent: String, text: String, streaming: Bool, final: Bool = false) -> JSONValue {
        let payload: JSONValue = [
            "type": "assistant", "content": .string(text), "message": .string(text), "streaming": .bool(streaming),
            "status": streaming ? "streaming" : "completed", "sender": .string(agent), "active_agent": .string(agent),
            "speaker": .string(agent),
        ]
        return Envelope.make(
            type: streaming ? "assistant_streaming" : (final ? "event" : "assistant"), sessionID: self.sessionID, sender: agent,
            payload: payload)
    }

    func agentChangeEnvelope(from: String, to: String, type: String, directory: AgentDirectory) -> JSONValue {
        Envelope.make(
            type: "event", sessionID: self.sessionID, sender: "System",
            payload: [
                "event_type": "agent_change", "agent_name": .string(to), "agent_label": .string(to), "previous_agent": .string(from),
                "handoff_type": .string(type), "voice_name": directory.agent(to).map { .string($0.voice.name) } ?? nil,
                "message": .string("Switched to \(to)"),
            ])
    }
}
