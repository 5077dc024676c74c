"""Pieces the fake cloud services share (Tests/e2e/fake_*.py): speech made with Flite, 16 → 24 kHz
conversion, and serving a WebSocket protocol on 127.0.0.1."""
import asyncio
import struct
import subprocess
import tempfile
import wave

import websockets


def flite(text, voice="slt"):
    """16 kHz PCM16 mono bytes of `text`, spoken by the Flite command line."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as out:
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", out.name], check=True)
        with wave.open(out.name) as wav:
            assert wav.getframerate() == 16000 and wav.getnchannels() == 1 and wav.getsampwidth() == 2
            return wav.readframes(wav.getnframes())


def to_24k(pcm16k):
    """Linear interpolation from 16 to 24 kHz: three output samples for every two input samples."""
    samples = struct.unpack(f"<{len(pcm16k) // 2}h", pcm16k)
    out = []
    for index in range(0, len(samples) - 1, 2):
        a, b, c = samples[index], samples[index + 1], samples[min(index + 2, len(samples) - 1)]
        out += [a, a + (b - a) * 2 // 3, b + (c - b) // 3]
    return struct.pack(f"<{len(out)}h", *out)


def serve_websocket(handler, port, authorise, max_size):
    """Serves `handler(ws, path)` until killed; `authorise(path, headers)` answers the handshake
    (None to accept, or an HTTP status, headers and body to refuse)."""
    async def main():
        async with websockets.serve(handler, "127.0.0.1", port, process_request=authorise, max_size=max_size):
            await asyncio.Future()
    asyncio.run(main())


def websocket_arguments(parser, transcripts):
    """The options every WebSocket fake takes: PORT, --key, --log, --transcripts (lines split on |)."""
    parser.add_argument("port", type=int)
    parser.add_argument("--key", default="test-key")
    parser.add_argument("--log", required=True)
    parser.add_argument("--transcripts", default=transcripts)
    arguments = parser.parse_args()
    return arguments, arguments.transcripts.split("|")
