"""Holds N idle ACS calls open against a gateway, for memory-per-session figures.

  idle_sessions.py WS_BASE N SECONDS

Each call sends AudioMetadata, then silence (5 frames of 20 ms per message, in real time) so the
call stays live but never speaks. Prints "open <n>" once every call has its greeting audio (or
after 30 s), holds them SECONDS more, then closes them and prints "closed".
(Debian's python3-websockets.)
"""
import asyncio
import base64
import json
import sys

import websockets

SILENCE = json.dumps({"kind": "AudioData", "audioData": {"data": base64.b64encode(bytes(3200)).decode(), "silent": True}})
METADATA = json.dumps({"kind": "AudioMetadata", "audioMetadata": {"encoding": "PCM", "sampleRate": 16000, "channels": 1, "length": 640}})


async def call(base, index, greeted, hold):
    url = f"{base}/api/v1/media/stream?call_connection_id=idle-{index}&session_id=idle-{index}"
    async with websockets.connect(url, max_size=1 << 20) as ws:
        await ws.send(METADATA)

        async def read():
            async for message in ws:
                if not greeted[index] and "AudioData" in message:
                    greeted[index] = True

        reader = asyncio.create_task(read())
        try:
            while not hold.is_set():
                await ws.send(SILENCE)
                await asyncio.sleep(0.1)
        finally:
            reader.cancel()


async def main(base, count, seconds):
    greeted = [False] * count
    hold = asyncio.Event()
    tasks = [asyncio.create_task(call(base, i, greeted, hold)) for i in range(count)]
    for _ in range(300):
        if all(greeted):
            break
        await asyncio.sleep(0.1)
    print(f"open {sum(greeted)}", flush=True)
    await asyncio.sleep(seconds)
    hold.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("closed", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
