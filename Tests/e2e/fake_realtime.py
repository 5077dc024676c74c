#!/usr/bin/env python3
"""A local stand-in for a speech-to-speech service speaking the OpenAI Realtime WebSocket event
protocol (as Azure VoiceLive and Azure OpenAI realtime do), so that Switchboard's voice_live client
is what the tests exercise.

The handshake needs `api-key: KEY` or `Authorization: Bearer KEY` (401 otherwise). Then:
- it answers `session.update` with `session.updated`, keeping the instructions and tools;
- it hears `input_audio_buffer.append` (base64 PCM16 at 24 kHz) with an energy detector:
  `input_audio_buffer.speech_started` after 100 ms of voice, `speech_stopped` and `committed`
  after 400 ms of silence, then `conversation.item.input_audio_transcription.completed` with the
  next line queued by --transcripts (the audio is not understood), and answers it;
- it answers `response.create` (a greeting's instructions, or after a tool's output) and typed
  user messages (`conversation.item.create` + `response.create`);
- answers are `response.created`, audio in `response.audio.delta` (Flite's voice at 24 kHz, in
  100 ms pieces, 20 ms apart), `response.audio_transcript.delta`/`.done`, `response.done` with
  usage; `response.cancel` stops the audio (`response.done` status `cancelled`);
- a bank's conversation by the offered tools: a lost card calls `handoff_to_auth`; a name calls
  `verify_client_identity` with it; tool outputs are read back (`function_call_output`).
Every client event's type (and session.update bodies) is logged as JSON lines to --log.

usage: fake_realtime.py PORT --key KEY --log FILE [--transcripts "line|line|..."]
"""
import argparse
import asyncio
import base64
import json
import struct

import websockets

from fakes import flite, serve_websocket, to_24k, websocket_arguments


def rms(pcm):
    count = len(pcm) // 2
    if count == 0:
        return 0
    samples = struct.unpack(f"<{count}h", pcm[: count * 2])
    return (sum(s * s for s in samples) / count) ** 0.5


class Conversation:
    def __init__(self, ws):
        self.ws = ws
        self.tools = set()
        self.instructions = ""
        self.pending = b""
        self.voiced = 0
        self.silent = 0
        self.speaking = False
        self.words = ""
        self.cancelled = asyncio.Event()
        self.responding = None
        self.event = 0

    async def send(self, kind, **fields):
        self.event += 1
        await self.ws.send(json.dumps({"type": kind, "event_id": f"event_{self.event}", **fields}))

    async def hear(self, pcm):
        """20 ms pieces (480 samples at 24 kHz) through an energy detector."""
        self.pending += pcm
        while len(self.pending) >= 960:
            piece, self.pending = self.pending[:960], self.pending[960:]
            if rms(piece) > 700:
                self.voiced += 1
                self.silent = 0
                if not self.speaking and self.voiced >= 5:
                    self.speaking = True
                    await self.send("input_audio_buffer.speech_started", audio_start_ms=0, item_id="item_in")
            else:
                self.voiced = 0
                self.silent += 1
                if self.speaking and self.silent >= 20:
                    self.speaking = False
                    await self.send("input_audio_buffer.speech_stopped", audio_end_ms=0, item_id="item_in")
                    await self.send("input_audio_buffer.committed", item_id="item_in", previous_item_id=None)
                    self.words = TRANSCRIPTS.pop(0) if TRANSCRIPTS else "hello"
                    await self.send("conversation.item.input_audio_transcription.completed", item_id="item_in",
                                    content_index=0, transcript=self.words)
                    self.respond(self.answer())

    def answer(self):
        """What the model does with the caller's latest words and the tools it has."""
        words = self.words.lower()
        if "card" in words and "handoff_to_auth" in self.tools:
            return ("call", "handoff_to_auth", {"reason": "lost card"})
        if "name is" in words and "verify_client_identity" in self.tools:
            name = words.split("name is", 1)[1].split(" and")[0].strip().title()
            return ("call", "verify_client_identity", {"full_name": name, "ssn_last_4": "1234"})
        return ("say", "How can I help you with your account today?")

    def respond(self, action):
        if self.responding and not self.responding.done():
            self.responding.cancel()
        self.cancelled.clear()
        self.responding = asyncio.ensure_future(self.play(action))

    async def play(self, action):
        response = f"resp_{self.event}"
        await self.send("response.created", response={"id": response, "status": "in_progress"})
        if action[0] == "call":
            _, name, arguments = action
            await self.send("response.function_call_arguments.done", response_id=response, item_id="item_fc", output_index=0,
                            call_id=f"call_{self.event}", name=name, arguments=json.dumps(arguments))
            await self.send("response.done", response={"status": "completed", "usage": {"input_tokens": 40, "output_tokens": 8}})
            return
        text = action[1]
        pcm = to_24k(flite(text))
        status = "completed"
        for offset in range(0, len(pcm), 4800):
            if self.cancelled.is_set():
                status = "cancelled"
                break
            await self.send("response.audio.delta", response_id=response, item_id="item_out", output_index=0, content_index=0,
                            delta=base64.b64encode(pcm[offset:offset + 4800]).decode())
            await asyncio.sleep(0.02)
        if status == "completed":
            for word in text.split(" "):
                await self.send("response.audio_transcript.delta", response_id=response, item_id="item_out", delta=word + " ")
            await self.send("response.audio_transcript.done", response_id=response, item_id="item_out", transcript=text)
        await self.send("response.done", response={"status": status, "usage": {"input_tokens": 60, "output_tokens": 20}})

    def after_tool(self, output):
        """The model reads a tool's output back."""
        result = json.loads(output or "{}")
        if result.get("handoff"):
            return ("say", "I can help with that. Please tell me your full name.")
        if result.get("success") is False:
            return ("say", "Those details do not match our records.")
        return ("say", f"Thank you {result.get('caller_name', '')}, you are verified.")


async def serve(ws, path):
    log("connect", path=path, headers={k.lower(): v for k, v in ws.request_headers.items() if k.lower() in ("api-key", "authorization", "openai-beta")})
    conversation = Conversation(ws)
    await conversation.send("session.created", session={"id": "sess_1", "model": "gpt-realtime"})
    last_output = None
    try:
        async for message in ws:
            event = json.loads(message)
            kind = event.get("type", "")
            if kind == "input_audio_buffer.append":
                await conversation.hear(base64.b64decode(event["audio"]))
                continue
            log(kind, **({"session": event["session"]} if kind == "session.update" else {}),
                **({"item": event["item"]} if kind == "conversation.item.create" else {}),
                **({"response": event.get("response")} if kind == "response.create" else {}))
            if kind == "session.update":
                session = event.get("session", {})
                conversation.instructions = session.get("instructions", "")
                conversation.tools = {tool["name"] for tool in session.get("tools", [])}
                await conversation.send("session.updated", session=session)
            elif kind == "conversation.item.create":
                item = event.get("item", {})
                if item.get("type") == "function_call_output":
                    last_output = item.get("output")
                elif item.get("type") == "message":
                    conversation.words = " ".join(part.get("text", "") for part in item.get("content", []))
                    last_output = None
            elif kind == "response.create":
                instructions = (event.get("response") or {}).get("instructions", "")
                if "exactly these words:" in instructions:
                    conversation.respond(("say", instructions.split("exactly these words:", 1)[1].strip()))
                elif last_output is not None:
                    conversation.respond(conversation.after_tool(last_output))
                    last_output = None
                else:
                    conversation.respond(conversation.answer())
            elif kind == "response.cancel":
                conversation.cancelled.set()
    except websockets.ConnectionClosed:
        pass


def log(kind, **fields):
    with open(ARGS.log, "a", encoding="utf-8") as sink:
        sink.write(json.dumps({"type": kind, **fields}) + "\n")


async def authorise(path, headers):
    if headers.get("api-key") == ARGS.key or headers.get("Authorization") == f"Bearer {ARGS.key}":
        return None
    return (401, [("Content-Type", "application/json")], b'{"error":{"message":"invalid api key"}}')


if __name__ == "__main__":
    ARGS, TRANSCRIPTS = websocket_arguments(
        argparse.ArgumentParser(), "I lost my card|my name is Jane Doe and the last four are one two three four")
    serve_websocket(serve, ARGS.port, authorise, 1 << 24)
