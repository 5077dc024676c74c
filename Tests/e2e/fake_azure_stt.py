#!/usr/bin/env python3
"""A local stand-in for Azure Speech real-time recognition, speaking the Speech service's
WebSocket protocol so that Switchboard's recogniser is what the tests exercise.

The handshake needs `Ocp-Apim-Subscription-Key: KEY` or `Authorization: Bearer KEY` and the
`language` query parameter (401/400 otherwise). Client text messages (`speech.config`,
`speech.context`, `telemetry`) are headers, a blank line and a JSON body; `audio` messages are
binary: a 2-byte big-endian header length, the headers (`Path`, `X-RequestId` as a no-dash UUID,
`X-Timestamp`, `Content-Type`), then the audio, the first one a RIFF header (16 kHz mono PCM16),
the last one empty. The service answers `turn.start`, `speech.startDetected`, a
`speech.hypothesis` per second of audio (the first words of the line), and after the empty audio
message `speech.endDetected`, `speech.phrase` (`RecognitionStatus: Success`, `DisplayText`: the
next line queued with --transcripts; the audio is not understood) and `turn.end`.
Every message's path and headers (and phrase lists) are logged as JSON lines to --log.

usage: fake_azure_stt.py PORT --key KEY --log FILE [--transcripts "line|line|..."]
"""
import argparse
import json
from urllib.parse import parse_qs, urlparse

from fakes import serve_websocket, websocket_arguments


def log(kind, **fields):
    with open(ARGS.log, "a", encoding="utf-8") as sink:
        sink.write(json.dumps({"type": kind, **fields}) + "\n")


def headers_of(text):
    head = {}
    for line in text.split("\r\n"):
        if ":" in line:
            name, value = line.split(":", 1)
            head[name.strip().lower()] = value.strip()
    return head


async def send(ws, path, request_id, body):
    await ws.send(f"Path: {path}\r\nX-RequestId: {request_id}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
                  + json.dumps(body))


async def serve(ws, path):
    query = parse_qs(urlparse(path).query)
    log("connect", path=path, connection=ws.request_headers.get("X-ConnectionId", ""))
    audio_bytes = 0
    started = False
    hypotheses = 0
    async for message in ws:
        if isinstance(message, str):
            head, _, body = message.partition("\r\n\r\n")
            headers = headers_of(head)
            log(headers.get("path", "?"), headers=headers, body=json.loads(body) if body.strip() else None)
            continue
        size = int.from_bytes(message[:2], "big")
        headers = headers_of(message[2:2 + size].decode("ascii"))
        payload = message[2 + size:]
        request_id = headers.get("x-requestid", "")
        if headers.get("path") != "audio" or len(request_id) != 32 or "-" in request_id or "x-timestamp" not in headers:
            log("bad-audio", headers=headers)
            await ws.close(1007, "bad audio message headers")
            return
        if not started:
            if payload[:4] != b"RIFF" or int.from_bytes(payload[24:28], "little") != 16000:
                log("bad-riff")
                await ws.close(1007, "the first audio message must carry a 16 kHz RIFF header")
                return
            started = True
            log("audio-start", request_id=request_id, language=query.get("language", [""])[0])
            await send(ws, "turn.start", request_id, {"context": {"serviceTag": "fake"}})
            await send(ws, "speech.startDetected", request_id, {"Offset": 0})
            continue
        if payload:
            audio_bytes += len(payload)
            if audio_bytes // 32000 > hypotheses:
                hypotheses += 1
                line = TRANSCRIPTS[0] if TRANSCRIPTS else "hello"
                await send(ws, "speech.hypothesis", request_id,
                           {"Text": " ".join(line.split(" ")[:hypotheses * 2]), "Offset": 0, "Duration": hypotheses * 10_000_000})
            continue
        log("audio-end", request_id=request_id, audio_bytes=audio_bytes)
        line = TRANSCRIPTS.pop(0) if TRANSCRIPTS else "hello"
        duration = audio_bytes * 10_000_000 // 32000
        await send(ws, "speech.endDetected", request_id, {"Offset": duration})
        await send(ws, "speech.phrase", request_id,
                   {"RecognitionStatus": "Success", "DisplayText": line, "Offset": 0, "Duration": duration})
        await send(ws, "turn.end", request_id, {})


async def authorise(path, headers):
    query = parse_qs(urlparse(path).query)
    if headers.get("Ocp-Apim-Subscription-Key") != ARGS.key and headers.get("Authorization") != f"Bearer {ARGS.key}":
        return (401, [], b"")
    if not query.get("language"):
        return (400, [], b"language is required")
    return None


if __name__ == "__main__":
    ARGS, TRANSCRIPTS = websocket_arguments(argparse.ArgumentParser(), "I lost my credit card and I need to block it")
    serve_websocket(serve, ARGS.port, authorise, 1 << 20)
