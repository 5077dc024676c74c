"""What a simulated Twilio caller needs, shared by Tests/e2e/twilio_caller.py and
scripts/peers/twilio_load.py (Debian's /usr/bin/python3): speech as 8 kHz μ-law, and the signed
incoming-call webhook.
"""
import base64, hashlib, hmac, os, subprocess, tempfile, urllib.error, urllib.parse, urllib.request, warnings, wave  # noqa: E401

warnings.filterwarnings("ignore", category=DeprecationWarning)  # audioop is deprecated in 3.11
import audioop  # noqa: E402

FRAME = 160  # bytes of 8 kHz μ-law in 20 ms
WEBHOOK = "/api/v1/twilio/voice"


def say(text):
    """TEXT spoken by flite (rms voice) as 8 kHz μ-law, padded to whole 20 ms frames."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "say.wav")
        subprocess.run(["flite", "-voice", "rms", "-t", text, "-o", path], check=True, capture_output=True)
        with wave.open(path, "rb") as source:
            rate, width, channels = source.getframerate(), source.getsampwidth(), source.getnchannels()
            pcm = source.readframes(source.getnframes())
    if width != 2:
        raise SystemExit(f"flite wrote {width * 8}-bit audio; expected 16-bit")
    if channels == 2:
        pcm = audioop.tomono(pcm, 2, 0.5, 0.5)
    if rate != 8000:
        pcm, _ = audioop.ratecv(pcm, 2, 1, rate, 8000, None)
    ulaw = audioop.lin2ulaw(pcm, 2)
    return ulaw + b"\xff" * (-len(ulaw) % FRAME)


def post_webhook(base, public_base, token, params):
    """POST the incoming-call webhook to BASE, signed as Twilio does for PUBLIC_BASE (base64 HMAC-SHA1
    with TOKEN of the URL followed by every parameter's name and value, sorted by name):
    (HTTP status, body text); status 0 when nothing answered."""
    data = public_base.rstrip("/") + WEBHOOK + "".join(k + params[k] for k in sorted(params))
    signature = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()
    request = urllib.request.Request(base.rstrip("/") + WEBHOOK, data=urllib.parse.urlencode(params).encode(),
                                     headers={"X-Twilio-Signature": signature}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (OSError, ValueError) as error:
        return 0, str(error)
