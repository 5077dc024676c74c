"""N simulated Twilio callers over Media Streams, in real time (Debian's python3 + python3-websockets).

  twilio_load.py --sessions N [--turns T] [--say TEXT] [--timeout S] [--ramp-ms MS]
                 [--expect-greeting-s S] [--expect-answer-s S]
                 ( --url ws://HOST:PORT/PATH
                 | --base http://HOST:PORT --public-base URL --auth-token TOKEN )

With --url the callers open the stream directly (Pipecat). With --base each caller first POSTs the
signed incoming-call webhook (POST {base}/api/v1/twilio/voice, X-Twilio-Signature = base64 HMAC-SHA1
of public-base + path + the sorted parameters, keyed with the auth token) and passes the TwiML
<Stream> <Parameter>s (session_id, token) as the customParameters of its `start` (Switchboard).

Each caller sends `connected`, `start` (audio/x-mulaw, 8 kHz) and then one 20 ms `media` frame every
20 ms (silence, 0xFF, when not speaking; one shared clock drives every caller), waits for the
greeting if any (complete: --expect-greeting-s of voiced audio, then 1 s quiet), then T times:
speaks --say (flite rms voice, resampled to 8 kHz, μ-law), waits for the answer (complete:
--expect-answer-s of voiced audio within 20 s; latency: end of its speech → first voiced agent
frame), and waits until 1.5 s after the answer's audio has played. A call whose greeting or answer
does not come in full ends there (unanswered turns). Marks are echoed once the audio before them
has played, or at once on `clear`, as Twilio does. Then `stop`.

Prints `result {json}`: latency p50/p95 (ms), turns answered/asked, late frames (gaps > 60 ms
between media messages from an answer's first voiced one to its last), voiced agent audio per greeting
and per answer (s), session-seconds (sum of stream durations, for CPU per session), and the load
generator's own CPU time and clock lag (how late its 20 ms ticks ran: if high, this machine, not
the server, was the bottleneck). Failures of single callers go to stderr.
"""
import argparse, asyncio, base64, bisect, json, os, resource, secrets, sys, time, urllib.parse, warnings  # noqa: E401
import xml.etree.ElementTree as ElementTree

warnings.filterwarnings("ignore", category=DeprecationWarning)  # audioop is deprecated in 3.11
import audioop  # noqa: E402
import websockets  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "e2e"))
from twilio_media import FRAME, post_webhook, say  # noqa: E402

SILENCE_B64 = base64.b64encode(b"\xff" * FRAME).decode()
VOICED_RMS = 200  # a received frame louder than this (PCM16 RMS) is agent speech
LATE_GAP = 0.060
COMPLETE = 0.95  # share of the expected greeting/answer audio that makes it complete


def webhook(args, call_sid, account_sid):
    """The signed incoming-call webhook → (stream url, parameters)."""
    params = {"CallSid": call_sid, "AccountSid": account_sid, "From": "+15550001111", "To": "+15550002222"}
    status, body = post_webhook(args.base, args.public_base, args.auth_token, params)
    if status != 200:
        raise RuntimeError(f"webhook answered {status}: {body[:200]}")
    stream = ElementTree.fromstring(body.strip()).find("./Connect/Stream")
    target, base = urllib.parse.urlsplit(stream.get("url")), urllib.parse.urlsplit(args.base)
    url = urllib.parse.urlunsplit(("wss" if base.scheme == "https" else "ws", base.netloc, target.path, target.query, ""))
    return url, {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}


class Call:
    def __init__(self, ws, stream_sid):
        self.ws, self.stream_sid, self.seq, self.chunk = ws, stream_sid, 0, 0
        self.outgoing = bytearray()
        self.speech_end = None
        self.times = []  # arrival time of every media message
        self.vtimes, self.vcum = [], []  # voiced messages: arrival time, voiced bytes so far
        self.play_until = self.voiced_until = 0.0
        self.pending = []  # (due, mark name)
        self.marks = self.echoed = self.clears = 0

    async def send(self, event, body):
        self.seq += 1
        await self.ws.send(f'{{"event":"{event}","sequenceNumber":"{self.seq}",{body},"streamSid":"{self.stream_sid}"}}')

    async def tick(self, now):
        """One 20 ms frame (speech or silence), then the marks whose audio has played."""
        if self.outgoing:
            payload = base64.b64encode(bytes(self.outgoing[:FRAME])).decode()
            del self.outgoing[:FRAME]
            if not self.outgoing:
                self.speech_end = now + 0.02
        else:
            payload = SILENCE_B64
        self.chunk += 1
        await self.send("media", f'"media":{{"track":"inbound","chunk":"{self.chunk}","timestamp":"{(self.chunk - 1) * 20}",'
                                 f'"payload":"{payload}"}}')
        await self.echo(now)

    async def echo(self, now):
        while self.pending and self.pending[0][0] <= now:
            name = self.pending.pop(0)[1]
            self.echoed += 1
            await self.send("mark", '"mark":' + json.dumps({"name": name}))

    async def receiver(self):
        try:
            async for text in self.ws:
                message, now = json.loads(text), time.monotonic()
                event = message.get("event")
                if event == "media":
                    audio = base64.b64decode(message["media"]["payload"])
                    voiced = audioop.rms(audioop.ulaw2lin(audio, 2), 2) > VOICED_RMS
                    self.times.append(now)
                    self.play_until = max(self.play_until, now) + len(audio) / 8000
                    if voiced:
                        self.voiced_until = self.play_until
                        self.vtimes.append(now)
                        self.vcum.append((self.vcum[-1] if self.vcum else 0) + len(audio))
                elif event == "mark":
                    self.marks += 1
                    self.pending.append((max(self.play_until, now), (message.get("mark") or {}).get("name", "")))
                elif event == "clear":
                    self.clears += 1
                    self.play_until, self.voiced_until = now, min(self.voiced_until, now)
                    self.pending = [(now, name) for _, name in self.pending]
        except (websockets.ConnectionClosed, ValueError, KeyError):
            pass

    def first_voiced(self, after):
        i = bisect.bisect_right(self.vtimes, after)
        return self.vtimes[i] if i < len(self.vtimes) else None

    def voiced_s(self, after):
        """Seconds of voiced agent audio that arrived after AFTER."""
        i = bisect.bisect_right(self.vtimes, after)
        return ((self.vcum[-1] if self.vcum else 0) - (self.vcum[i - 1] if i else 0)) / 8000

    def quiet(self, seconds):
        return time.monotonic() - self.voiced_until >= seconds

    async def wait(self, condition, deadline):
        while not condition():
            if time.monotonic() >= deadline or self.ws.closed:
                return False
            await asyncio.sleep(0.05)  # figures come from arrival times, not from this poll
        return True


class Load:
    def __init__(self, args, line):
        self.args, self.line = args, line
        self.calls = set()  # streaming calls the clock feeds
        self.lags = []
        self.latencies, self.late, self.answer_s, self.greeting_s, self.asked, self.answered = [], 0, 0.0, 0.0, 0, 0
        self.greeted = self.failed = self.marks = self.echoed = 0
        self.session_seconds = 0.0

    async def clock(self):
        start, n = time.monotonic(), 0
        while True:
            n += 1
            due = start + n * 0.02
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            now = time.monotonic()
            self.lags.append(now - due)
            if now - due > 0.2:  # stalled: resynchronise rather than burst
                start, n = now, 0
            for call in list(self.calls):
                try:
                    await call.tick(now)
                except websockets.ConnectionClosed:
                    self.calls.discard(call)

    async def caller(self, index, deadline):
        await asyncio.sleep(index * self.args.ramp_ms / 1000)
        call_sid, account_sid, stream_sid = "CA" + secrets.token_hex(16), "AC" + secrets.token_hex(16), "MZ" + secrets.token_hex(16)
        try:
            url, parameters = self.args.url, {}
            if self.args.base:
                url, parameters = await asyncio.to_thread(webhook, self.args, call_sid, account_sid)
            async with websockets.connect(url, max_size=1 << 20, open_timeout=15, close_timeout=3) as ws:
                call = Call(ws, stream_sid)
                await ws.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"}))
                await call.send("start", '"start":' + json.dumps({
                    "accountSid": account_sid, "streamSid": stream_sid, "callSid": call_sid, "tracks": ["inbound"],
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}, "customParameters": parameters}))
                began = time.monotonic()
                receiver = asyncio.create_task(call.receiver())
                self.calls.add(call)
                await self.converse(call, began, deadline)
                self.calls.discard(call)
                try:
                    await call.send("stop", '"stop":' + json.dumps({"accountSid": account_sid, "callSid": call_sid}))
                except websockets.ConnectionClosed:
                    pass
                self.session_seconds += time.monotonic() - began
                self.marks, self.echoed = self.marks + call.marks, self.echoed + call.echoed
                await ws.close()
                receiver.cancel()
        except Exception as error:  # noqa: BLE001 — one failed caller is a figure, not a crash
            self.failed += 1
            print(f"caller {index}: failed: {error!r}", file=sys.stderr, flush=True)

    async def converse(self, call, began, deadline):
        """The greeting, then the turns. With --expect-*-s, a greeting or answer is complete once that much
        voiced audio (× COMPLETE) has come; a call whose greeting or answer does not come in full stops
        there, since what arrives later could be the rest of it rather than an answer."""
        args, now = self.args, time.monotonic
        if await call.wait(lambda: call.first_voiced(began) is not None, min(began + 15, deadline)):
            if not await call.wait(lambda: call.voiced_s(began) >= args.expect_greeting_s * COMPLETE, min(began + 30, deadline)):
                return
            await call.wait(lambda: call.quiet(1.0), deadline)
            self.greeted += 1
            self.greeting_s += call.voiced_s(began)
        elif args.expect_greeting_s:
            return
        for _ in range(args.turns):
            if now() >= deadline or call.ws.closed:
                return
            self.asked += 1
            call.speech_end = None
            call.outgoing.extend(self.line)
            if not await call.wait(lambda: call.speech_end is not None and now() >= call.speech_end, deadline):
                return
            end = call.speech_end
            if not await call.wait(lambda: call.first_voiced(end) is not None and call.voiced_s(end) >= args.expect_answer_s * COMPLETE,
                                   min(end + 20, deadline)):
                return
            first = call.first_voiced(end)
            await call.wait(lambda: call.quiet(1.5) and now() >= end + 1.5, deadline)
            last = call.vtimes[-1]
            self.answered += 1
            self.latencies.append((first - end) * 1000)
            times = call.times[bisect.bisect_left(call.times, first):bisect.bisect_right(call.times, last)]
            self.late += sum(1 for a, b in zip(times, times[1:]) if b - a > LATE_GAP)
            self.answer_s += call.voiced_s(end)

    async def run(self):
        deadline = time.monotonic() + self.args.timeout
        clock = asyncio.create_task(self.clock())
        await asyncio.gather(*(self.caller(i, deadline) for i in range(self.args.sessions)))
        clock.cancel()


def percentile(values, p):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))]) if ordered else None


def main():
    parser = argparse.ArgumentParser(description="Simulated Twilio callers (Media Streams)")
    parser.add_argument("--url", help="Media Streams WebSocket URL, called directly")
    parser.add_argument("--base", help="Switchboard gateway (webhook first)")
    parser.add_argument("--public-base", help="BASE_URL the gateway signs webhooks against")
    parser.add_argument("--auth-token", default="")
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--say", default="I lost my card")
    parser.add_argument("--ramp-ms", type=float, default=30, help="delay between two callers' starts")
    parser.add_argument("--timeout", type=float, default=120, help="bound on the whole run (s)")
    parser.add_argument("--expect-greeting-s", type=float, default=0, help="voiced audio that completes the greeting (0: any)")
    parser.add_argument("--expect-answer-s", type=float, default=0, help="voiced audio that completes an answer (0: any)")
    args = parser.parse_args()
    if bool(args.url) == bool(args.base):
        parser.error("give --url or --base")
    args.public_base = args.public_base or args.base
    load = Load(args, say(args.say))
    asyncio.run(load.run())
    lags = [lag * 1000 for lag in load.lags]
    result = {"sessions": args.sessions, "failed": load.failed, "greeted": load.greeted, "turns_asked": load.asked,
              "turns_answered": load.answered, "latency_p50_ms": percentile(load.latencies, 0.5),
              "latency_p95_ms": percentile(load.latencies, 0.95), "late_frames": load.late,
              "greeting_audio_s": round(load.greeting_s / load.greeted, 2) if load.greeted else None,
              "answer_audio_s": round(load.answer_s / load.answered, 2) if load.answered else None,
              "marks": load.marks, "marks_echoed": load.echoed, "session_seconds": round(load.session_seconds, 1),
              "clock_lag_p99_ms": percentile(lags, 0.99), "clock_lag_max_ms": round(max(lags)) if lags else None,
              "cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 1)}
    print("result " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
