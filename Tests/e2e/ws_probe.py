"""WebSocket probes for the end-to-end scripts (Debian's python3-websockets).

  ws_probe.py record URL OUT SECONDS     write every text message (one per line) to OUT for SECONDS
  ws_probe.py stall URL SECONDS          connect and read nothing for SECONDS, then drain and
                                         print how many messages arrived and the last one
  ws_probe.py converse URL TEXT SECONDS  type TEXT on a conversation socket; print the first
                                         turn_metrics message (exit 1 if none within SECONDS)
  ws_probe.py close URL [PROTOCOLS]      print the close code and reason the server sends, or
                                         "open" and the chosen subprotocol after 5 s; PROTOCOLS
                                         is a comma list of subprotocols to offer
"""
import asyncio
import json
import sys

import websockets


async def record(url, out, seconds):
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    with open(out, "w", encoding="utf-8") as sink:
        async with websockets.connect(url, max_size=1 << 20) as ws:
            sink.write("# connected\n")
            sink.flush()
            while (left := end - loop.time()) > 0:
                try:
                    message = await asyncio.wait_for(ws.recv(), left)
                except asyncio.TimeoutError:
                    break
                if isinstance(message, str):
                    sink.write(message.replace("\n", " ") + "\n")
                    sink.flush()


async def stall(url, seconds):
    # A tiny receive buffer so the server's writes back up quickly.
    async with websockets.connect(url, max_size=1 << 20, max_queue=1, read_limit=1024, write_limit=1024) as ws:
        print("# connected", flush=True)
        transport = ws.transport
        transport.pause_reading()
        await asyncio.sleep(seconds)
        transport.resume_reading()
        count, last = 0, None
        while True:
            try:
                last = await asyncio.wait_for(ws.recv(), 2)
                count += 1
            except (asyncio.TimeoutError, websockets.ConnectionClosed):
                break
        print(f"received {count}")
        print(f"last {last}")


async def converse(url, text, seconds):
    async with websockets.connect(url, max_size=1 << 20) as ws:
        await asyncio.sleep(0.5)
        await ws.send(text)
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while (left := end - loop.time()) > 0:
            try:
                message = await asyncio.wait_for(ws.recv(), left)
            except asyncio.TimeoutError:
                break
            if isinstance(message, str) and json.loads(message).get("type") == "turn_metrics":
                print(message)
                return 0
    return 1


async def close(url, protocols):
    chosen = None
    try:
        async with websockets.connect(url, subprotocols=protocols) as ws:
            chosen = ws.subprotocol
            end = asyncio.get_running_loop().time() + 5
            while (left := end - asyncio.get_running_loop().time()) > 0:  # messages before the close are skipped
                await asyncio.wait_for(ws.recv(), left)
            print("open" + (f" {chosen}" if chosen else ""))
    except websockets.ConnectionClosed as closed:
        print(closed.code, closed.reason)
    except asyncio.TimeoutError:
        print("open" + (f" {chosen}" if chosen else ""))


def main(argv):
    command = argv[1]
    if command == "record":
        asyncio.run(record(argv[2], argv[3], float(argv[4])))
    elif command == "stall":
        asyncio.run(stall(argv[2], float(argv[3])))
    elif command == "converse":
        return asyncio.run(converse(argv[2], argv[3], float(argv[4])))
    elif command == "close":
        asyncio.run(close(argv[2], argv[3].split(",") if len(argv) > 3 else None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
