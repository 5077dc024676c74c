"""A fake Twilio for the end-to-end scripts (Debian's /usr/bin/python3): it signs the incoming-call
webhook, reads the TwiML answer and places the call over Media Streams, in real time.

  twilio_caller.py --base http://127.0.0.1:PORT --public-base https://public.example --auth-token TOKEN
                   [--call-sid CA…] [--say TEXT]... [--barge-in] [--bad-signature] [--timeout 60]

  1. POST {base}/api/v1/twilio/voice (form parameters, X-Twilio-Signature over the public URL).
     With --bad-signature: sign with a wrong token, print "webhook status <code>", exit 0 on 403.
  2. Print "twiml stream <url>" and "twiml parameter <name>=<value>" from <Connect><Stream>.
  3. Open ws://…/api/v1/twilio/stream on --base, send connected/start, then a 20 ms μ-law frame
     every 20 ms (silence when not speaking). Received audio goes into a playback clock; marks are
     echoed once the audio before them has played, or at once on clear.
  4. Wait for the greeting, then speak each --say line (flite, 8 kHz μ-law) followed by 1.5 s of
     silence and wait for the answer: "turn <n>: answered in <ms> ms (<frames> frames)" or
     "turn <n>: no answer". --barge-in speaks the first line over the greeting (after 0.5 s of it)
     and prints "barge-in: clear received <ms> ms after speech onset" or "barge-in: no clear".
  5. Send stop, print "closed <code> <reason>" and
     "summary frames=<n> marks=<n> echoed=<n> clears=<n> sid_ok=<true|false>".
  Exit 0 when every turn was answered (without --say: when the greeting was heard; with
  --barge-in: when a clear arrived), else 1.
"""
import argparse, asyncio, base64, json, secrets, sys, urllib.parse, warnings  # noqa: E401
import xml.etree.ElementTree as ElementTree

warnings.filterwarnings("ignore", category=DeprecationWarning)  # audioop is deprecated in 3.11
import audioop  # noqa: E402
import websockets  # noqa: E402
from twilio_media import FRAME, post_webhook, say  # noqa: E402

SILENCE = b"\xff" * FRAME
VOICED_RMS = 200  # a received frame louder than this (PCM16 RMS) is agent speech


def webhook(args, call_sid, account_sid):
    """POST the signed incoming-call webhook (signed with a wrong token with --bad-signature): (HTTP status, body text)."""
    params = {"CallSid": call_sid, "AccountSid": account_sid, "From": "+15550001111", "To": "+15550002222",
              "CallStatus": "ringing", "Direction": "inbound"}
    token = args.auth_token + "-wrong" if args.bad_signature else args.auth_token
    return post_webhook(args.base, args.public_base, token, params)


class Call:
    """One Media Streams connection: a real-time sender, a receiver and a playback clock."""

    def __init__(self, ws, stream_sid, call_sid, account_sid):
        self.ws, self.stream_sid, self.call_sid, self.account_sid = ws, stream_sid, call_sid, account_sid
        self.loop = asyncio.get_running_loop()
        self.sequence = 0
        self.outgoing = bytearray()  # speech not yet sent
        self.onset = self.speech_end = None  # when the current line's first and last frames went out
        self.sending = True
        self.arrivals = []  # (time, bytes, voiced) per received media message
        self.play_until = self.voiced_until = 0.0  # when the queued audio (and its speech) has played
        self.pending = []  # (due time, mark name)
        self.marks = self.echoed = self.clears = 0
        self.clear_times = []
        self.sid_ok = True

    def now(self):
        return self.loop.time()

    async def send(self, message):
        if message["event"] != "connected":  # the only message without a sequence number
            self.sequence += 1
            message = {"event": message.pop("event"), "sequenceNumber": str(self.sequence), **message, "streamSid": self.stream_sid}
        await self.ws.send(json.dumps(message))

    async def sender(self):
        """A media message every 20 ms: speech while there is some, silence otherwise."""
        start, chunk = self.now(), 0
        try:
            while self.sending:
                if self.outgoing:
                    payload = bytes(self.outgoing[:FRAME])
                    del self.outgoing[:FRAME]
                    self.onset = self.onset or self.now()
                    if not self.outgoing:
                        self.speech_end = self.now() + 0.02
                else:
                    payload = SILENCE
                chunk += 1
                await self.send({"event": "media", "media": {"track": "inbound", "chunk": str(chunk), "timestamp": str((chunk - 1) * 20),
                                                             "payload": base64.b64encode(payload).decode()}})
                due = start + chunk * 0.02
                if due < self.now() - 0.2:  # stalled: resynchronise rather than burst
                    start, due = self.now() - chunk * 0.02, self.now()
                await asyncio.sleep(max(0.0, due - self.now()))
        except websockets.ConnectionClosed:
            pass

    async def receiver(self):
        try:
            async for text in self.ws:
                try:
                    message = json.loads(text)
                except (TypeError, ValueError):
                    continue
                event = message.get("event")
                if event in ("media", "mark", "clear") and message.get("streamSid") != self.stream_sid:
                    self.sid_ok = False
                if event == "media":
                    try:
                        audio = base64.b64decode(message["media"]["payload"])
                    except (KeyError, TypeError, ValueError):
                        self.sid_ok = False
                        continue
                    now, voiced = self.now(), audioop.rms(audioop.ulaw2lin(audio, 2), 2) > VOICED_RMS
                    self.arrivals.append((now, len(audio), voiced))
                    self.play_until = max(self.play_until, now) + len(audio) / 8000
                    if voiced:
                        self.voiced_until = self.play_until
                elif event == "mark":
                    self.marks += 1
                    self.pending.append((max(self.play_until, self.now()), (message.get("mark") or {}).get("name", "")))
                elif event == "clear":
                    self.clears += 1
                    self.clear_times.append(self.now())
                    self.play_until = self.now()
                    self.voiced_until = min(self.voiced_until, self.now())
                    await self.echo(lambda due: True)
        except websockets.ConnectionClosed:
            pass

    async def echo(self, ready):
        """Echo the pending marks READY(due) accepts, in order (a mark waits for those before it)."""
        while self.pending and ready(self.pending[0][0]):
            _, name = self.pending.pop(0)
            self.echoed += 1
            await self.send({"event": "mark", "mark": {"name": name}})

    async def player(self):
        try:
            while not self.ws.closed:
                await self.echo(lambda due: due <= self.now())
                await asyncio.sleep(0.01)
        except websockets.ConnectionClosed:
            pass

    # --- what the caller hears ------------------------------------------------------------------
    def first_voiced(self, after):
        return next((t for t, _, voiced in self.arrivals if voiced and t > after), None)

    def frames_between(self, start, end):
        return sum(size for t, size, _ in self.arrivals if start < t <= end) // FRAME

    def voiced_bytes(self):
        return sum(size for _, size, voiced in self.arrivals if voiced)

    def quiet_for(self):
        return self.now() - self.voiced_until

    async def wait(self, condition, deadline):
        """Poll CONDITION until it holds (True), DEADLINE passes or the socket closes (False)."""
        while not condition():
            if self.now() >= deadline or self.ws.closed:
                return False
            await asyncio.sleep(0.02)
        return True

    async def speak(self, ulaw, deadline):
        self.onset = self.speech_end = None
        self.outgoing.extend(ulaw)
        await self.wait(lambda: self.speech_end is not None and self.now() >= self.speech_end, deadline)
        return self.onset, self.speech_end

    async def answer(self, turn, end, deadline):
        """Wait for the answer to speech that ended at END; print the turn and return whether it came."""
        limit = min(end + 20, deadline) if end is not None else deadline
        if end is None or not await self.wait(lambda: self.first_voiced(end) is not None, limit):
            print(f"turn {turn}: no answer", flush=True)
            await self.wait(lambda: False, min(self.now() + 1.5, deadline))
            return False
        first = self.first_voiced(end)
        await self.wait(lambda: self.quiet_for() >= 1.5, limit)
        await self.wait(lambda: self.now() >= end + 1.5, deadline)  # at least 1.5 s of silence after speaking
        print(f"turn {turn}: answered in {int((first - end) * 1000)} ms ({self.frames_between(end, self.now())} frames)", flush=True)
        return True


async def converse(args, url, parameters, call_sid, account_sid, lines):
    stream_sid = "MZ" + secrets.token_hex(16)
    async with websockets.connect(url, max_size=1 << 20, open_timeout=10) as ws:
        call = Call(ws, stream_sid, call_sid, account_sid)
        deadline = call.now() + args.timeout
        await call.send({"event": "connected", "protocol": "Call", "version": "1.0.0"})
        await call.send({"event": "start", "start": {
            "accountSid": account_sid, "streamSid": stream_sid, "callSid": call_sid, "tracks": ["inbound"],
            "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}, "customParameters": parameters}})
        tasks = [asyncio.create_task(job()) for job in (call.sender, call.receiver, call.player)]
        began, answered, barged, greeted = call.now(), [], None, False
        greeting_limit = min(began + 15, deadline)
        if args.barge_in:
            heard = lambda: call.voiced_bytes() >= 4000 and call.now() >= call.first_voiced(began) + 0.5  # noqa: E731
            if await call.wait(heard, greeting_limit):  # 0.5 s of the greeting has arrived and played
                onset, end = await call.speak(lines[0], deadline)
                await call.wait(lambda: any(t >= onset for t in call.clear_times), min(call.now() + 3, deadline))
                barged = next((t for t in call.clear_times if t >= onset), None)
                print(f"barge-in: clear received {int((barged - onset) * 1000)} ms after speech onset" if barged
                      else "barge-in: no clear", flush=True)
                answered.append(await call.answer(1, end, deadline))
            else:
                print("barge-in: no greeting to talk over", flush=True)
        elif await call.wait(lambda: call.first_voiced(began) is not None, greeting_limit):
            first, greeted = call.first_voiced(began), True
            await call.wait(lambda: call.quiet_for() >= 1.0, deadline)
            print(f"greeting: {int((first - began) * 1000)} ms after start ({call.frames_between(began, call.now())} frames)", flush=True)
        else:
            print("greeting: none", flush=True)
        for turn, ulaw in enumerate(lines[len(answered) if args.barge_in else 0:], start=len(answered) + 1):
            _, end = await call.speak(ulaw, deadline)
            answered.append(await call.answer(turn, end, deadline))
        call.sending = False
        await tasks[0]
        try:
            await call.send({"event": "stop", "stop": {"accountSid": account_sid, "callSid": call_sid}})
        except websockets.ConnectionClosed:
            pass
        try:
            await asyncio.wait_for(ws.wait_closed(), 3)
            print(f"closed {ws.close_code} {ws.close_reason}", flush=True)
        except asyncio.TimeoutError:
            print("closed none (the server kept the socket open)", flush=True)
        await ws.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    frames = sum(size for _, size, _ in call.arrivals) // FRAME
    print(f"summary frames={frames} marks={call.marks} echoed={call.echoed} clears={call.clears} sid_ok={str(call.sid_ok).lower()}",
          flush=True)
    return barged is not None if args.barge_in else all(answered) and (greeted or bool(lines))


def main():
    parser = argparse.ArgumentParser(description="Fake Twilio caller: webhook plus Media Streams")
    parser.add_argument("--base", required=True, help="where the gateway listens, e.g. http://127.0.0.1:8080")
    parser.add_argument("--public-base", required=True, help="BASE_URL the gateway signs webhooks against")
    parser.add_argument("--auth-token", required=True)
    parser.add_argument("--call-sid", default="CA" + secrets.token_hex(16))
    parser.add_argument("--say", action="append", default=[])
    parser.add_argument("--barge-in", action="store_true")
    parser.add_argument("--bad-signature", action="store_true")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    if args.barge_in and not args.say:
        args.say = ["Sorry to interrupt, I have a question."]
    lines = [say(text) for text in args.say]
    account_sid = "AC" + secrets.token_hex(16)
    status, body = webhook(args, args.call_sid, account_sid)
    print(f"webhook status {status}", flush=True)
    if args.bad_signature:
        return 0 if status == 403 else 1
    if status != 200:
        print(body[:500], file=sys.stderr)
        return 1
    try:
        stream = ElementTree.fromstring(body.strip()).find("./Connect/Stream")
    except ElementTree.ParseError as error:
        stream = None
        print(f"TwiML does not parse: {error}", file=sys.stderr)
    if stream is None or not stream.get("url"):
        print(f"no <Connect><Stream url> in the answer: {body[:500]}", file=sys.stderr)
        return 1
    print(f"twiml stream {stream.get('url')}", flush=True)
    parameters = {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}
    for name, value in parameters.items():
        print(f"twiml parameter {name}={value}", flush=True)
    target = urllib.parse.urlsplit(stream.get("url"))
    base = urllib.parse.urlsplit(args.base)
    url = urllib.parse.urlunsplit(("wss" if base.scheme == "https" else "ws", base.netloc, target.path, target.query, ""))
    try:
        return 0 if asyncio.run(converse(args, url, parameters, args.call_sid, account_sid, lines)) else 1
    except (OSError, websockets.InvalidHandshake, asyncio.TimeoutError) as error:
        print(f"stream failed: {error!r}", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
