"""Malformed frames on a WebSocket, for the chaos suite and scripts/bench-chaos (Debian's
python3-websockets).

  ws_fuzz.py URL FRAMES [SEED]

Sends FRAMES malformed frames to URL, over as many connections as it takes: truncated and
deeply nested JSON, wrong types, unknown message kinds, bad base64, odd-length and random binary,
invalid UTF-8 in a text frame, frames over the size limit, and floods over the message rate. A
connection the server closes is replaced by a new one; one it keeps open gets the next frame.

Prints one JSON line: frames sent, connections, how each connection ended (close code → count;
"open" for those still open at the end, closed by us) with a reason for each code, and the connections that ended without
a close frame from the server ("abnormal": 1006) or could not be opened ("refused").
Exit status 1 when any connection ended abnormally or was refused.
"""
import asyncio
import json
import random
import sys

import websockets
from websockets.frames import Opcode


KINDS = ["truncated json", "wrong types", "unknown kind", "bad base64", "odd binary", "invalid utf-8",
         "deep nesting", "oversize", "null", "wrong nested types", "flood"]


def malformed(rng, kind):
    """One malformed frame of KINDS[kind]: (opcode, payload bytes), or ("flood", count)."""
    if kind == 0:
        return Opcode.TEXT, b'{"kind": "AudioData", "audioData": {"data": "AAAA'  # truncated JSON
    if kind == 1:
        return Opcode.TEXT, json.dumps({"kind": 5, "type": ["x"], "audioData": 7, "event": None}).encode()
    if kind == 2:
        return Opcode.TEXT, json.dumps({"kind": "NoSuchKind", "type": "no_such_type", "data": {}}).encode()
    if kind == 3:
        return Opcode.TEXT, json.dumps({"kind": "AudioData", "audioData": {"data": "!!not base64!!", "silent": "no"}}).encode()
    if kind == 4:
        return Opcode.BINARY, bytes(rng.randrange(256) for _ in range(rng.choice([1, 3, 5, 641])))  # odd PCM16
    if kind == 5:
        return Opcode.TEXT, b"\xff\xfe\xc3\x28 not utf-8"
    if kind == 6:
        depth = 10_000
        return Opcode.TEXT, b"[" * depth + b"]" * depth
    if kind == 7:
        return Opcode.BINARY, b"\x00" * (1 << 20)  # over every socket's size limit
    if kind == 8:
        return Opcode.TEXT, b"null"
    if kind == 9:
        return Opcode.TEXT, json.dumps({"event": "media", "media": {"payload": 12}, "type": "input_audio_buffer.append",
                                        "audio": {"nested": [1, 2]}, "text": 3}).encode()
    return "flood", 400  # 400 tiny frames at once: over any message rate


async def run(url, frames, seed):
    rng = random.Random(seed)
    sent = 0
    connections = 0
    endings = {}
    reasons = {}  # close code → the first reason seen with it
    abnormal = 0
    abnormal_after = {}  # the kind of frame last sent before a connection ended without a close frame
    refused = 0
    ws = None
    while sent < frames:
        if ws is None:
            try:
                ws = await websockets.connect(url, max_size=1 << 22, open_timeout=10, close_timeout=5)
            except websockets.exceptions.InvalidStatusCode as error:
                endings[f"http {error.status_code}"] = endings.get(f"http {error.status_code}", 0) + 1
                sent += 1
                continue
            except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException):
                refused += 1
                sent += 1
                if refused > 20:
                    break
                await asyncio.sleep(0.05)
                continue
            connections += 1
        kind = rng.randrange(len(KINDS))
        frame = malformed(rng, kind)
        try:
            if frame[0] == "flood":
                for _ in range(frame[1]):
                    await ws.write_frame(True, Opcode.BINARY, b"\x00\x00")
                sent += frame[1]
            else:
                await ws.write_frame(True, frame[0], frame[1])
                sent += 1
            # Read what the server answers to it (or nothing) for a moment; after a frame over the
            # size limit, until the server closes, so that the next frame does not race its close
            # (a peer still writing when the server closes gets a reset, and the close frame is lost).
            wait = 1.0 if KINDS[kind] == "oversize" else 0.002
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), wait)
            except asyncio.TimeoutError:
                continue
        except (websockets.exceptions.ConnectionClosed, websockets.exceptions.InvalidState):
            pass  # the server closed it: its close code is read below
        await ws.wait_closed()
        code = ws.close_code
        reasons.setdefault(str(code), ws.close_reason or "")
        if code == 1006:
            abnormal += 1
            abnormal_after[KINDS[kind]] = abnormal_after.get(KINDS[kind], 0) + 1
        endings[str(code)] = endings.get(str(code), 0) + 1
        ws = None
    if ws is not None:
        endings["open"] = endings.get("open", 0) + 1
        await ws.close()
    return {"url": url.split("?")[0], "frames": sent, "connections": connections, "endings": endings,
            "reasons": reasons, "abnormal": abnormal, "abnormal_after": abnormal_after, "refused": refused}


def main():
    url, frames = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    result = asyncio.run(run(url, frames, seed))
    print(json.dumps(result, sort_keys=True))
    sys.exit(1 if result["abnormal"] or result["refused"] else 0)


if __name__ == "__main__":
    main()
