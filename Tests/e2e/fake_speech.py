#!/usr/bin/env python3
"""A local stand-in for the cloud speech services Switchboard's engines call, speaking their
documented wire formats so that the real clients are what the tests exercise:

- Azure Speech text to speech (REST): POST /cognitiveservices/v1 with an SSML body,
  `Ocp-Apim-Subscription-Key`, `X-Microsoft-OutputFormat: raw-16khz-16bit-mono-pcm`; answers raw
  PCM in chunks (chunked transfer encoding), the first after `--latency-ms`.
- OpenAI audio: POST /v1/audio/speech (JSON; `response_format: pcm` = 24 kHz PCM16, chunked) and
  POST /v1/audio/transcriptions (multipart form with a WAV `file` and a `model`; answers
  `{"text": …}`). With `Authorization: Bearer <key>`.

- Microsoft Entra ID tokens: the App Service/Container Apps managed-identity endpoint
  (GET /msi/token?api-version=2019-08-01&resource=… with `X-IDENTITY-HEADER`) and the
  client-credentials grant (POST /<tenant>/oauth2/v2.0/token). The TTS endpoint accepts
  `Authorization: Bearer <a token issued here>` instead of the key.

Speech is made with the Flite command line (the words are real, the voice is not Azure's).
Transcriptions cannot understand audio: they return the lines queued with POST /fake/transcripts
(default: the one line given by --transcript), after checking the WAV is 16 kHz mono PCM16.

Test controls: POST /fake/fail {"service": "tts"|"stt", "status": 401|429|500|"drop"|"slow",
"count": N} makes the next N requests of that service fail that way (N = 0: none); GET /fake/requests lists the
requests seen (path, headers, and the SSML/JSON body or the transcription form's fields).

usage: fake_speech.py PORT [--key KEY] [--identity-secret S] [--latency-ms MS] [--transcript TEXT]
"""
import argparse
import json
import struct
import threading
import time
import xml.etree.ElementTree as ElementTree
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from fakes import flite, to_24k

LOCK = threading.Lock()
REQUESTS = []
FAILURES = {"tts": [], "stt": []}
TRANSCRIPTS = []
TOKENS = set()
SSML = "{http://www.w3.org/2001/10/synthesis}"


def multipart(body, content_type):
    """The fields of a multipart/form-data body: name -> bytes."""
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    fields = {}
    for part in body.split(b"--" + boundary):
        if b"\r\n\r\n" not in part:
            continue
        head, value = part.split(b"\r\n\r\n", 1)
        for token in head.decode(errors="replace").split(";"):
            token = token.strip()
            if token.startswith("name="):
                fields[token[5:].strip('"')] = value[:-2] if value.endswith(b"\r\n") else value
    return fields


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status, payload, content_type="application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "1")
        self.end_headers()
        self.wfile.write(data)

    def failure(self, service):
        """Plays the next queued failure of `service`; True when the request was answered."""
        with LOCK:
            queue = FAILURES[service]
            how = queue.pop(0) if queue else None
        if how is None:
            return False
        if how == "drop":
            self.close_connection = True
            self.connection.close()
        elif how == "slow":
            time.sleep(30)
            self.reply(200, b"", "audio/pcm")
        elif how == 401:
            self.reply(401, {"error": {"code": "401", "message": "Access denied due to invalid subscription key."}})
        elif how == 429:
            self.reply(429, {"error": {"code": "429", "message": "Too many requests."}})
        else:
            self.reply(int(how), {"error": {"code": str(how), "message": "Internal server error."}})
        return True

    def stream(self, pcm, chunk_bytes):
        """Chunked transfer encoding, the first chunk after the service latency."""
        self.send_response(200)
        self.send_header("Content-Type", "audio/pcm")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        time.sleep(ARGS.latency_ms / 1000)
        for offset in range(0, len(pcm), chunk_bytes):
            piece = pcm[offset:offset + chunk_bytes]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
            time.sleep(0.005)
        self.wfile.write(b"0\r\n\r\n")

    def record(self, entry):
        entry.update(path=self.path, headers={k.lower(): v for k, v in self.headers.items()})
        with LOCK:
            REQUESTS.append(entry)

    def issue(self, lifetime):
        with LOCK:
            token = f"entra-token-{len(TOKENS) + 1}"
            TOKENS.add(token)
        return token

    def authorised(self, header, expected):
        bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        with LOCK:
            entra = bearer in TOKENS
        if self.headers.get(header) == expected or entra:
            return True
        self.reply(401, {"error": {"code": "401", "message": "Access denied due to invalid subscription key."}})
        return False

    def do_GET(self):
        if self.path.startswith("/msi/token?"):
            self.record({})
            query = parse_qs(urlparse(self.path).query)
            if self.headers.get("X-IDENTITY-HEADER") != ARGS.identity_secret or query.get("api-version") != ["2019-08-01"]:
                return self.reply(400, {"error": "invalid_request", "error_description": "bad identity header or api-version"})
            expires = str(int(time.time()) + 3600)
            return self.reply(200, {"access_token": self.issue(3600), "expires_on": expires, "resource": query["resource"][0],
                                    "token_type": "Bearer"})
        if self.path == "/fake/requests":
            with LOCK:
                self.reply(200, REQUESTS)
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        body = self.body()
        if self.path == "/fake/fail":
            order = json.loads(body)
            with LOCK:
                FAILURES[order["service"]] = [order["status"]] * int(order.get("count", 1))
            return self.reply(200, {"ok": True})
        if self.path == "/fake/transcripts":
            with LOCK:
                TRANSCRIPTS.extend(json.loads(body))
            return self.reply(200, {"ok": True})
        if self.path.endswith("/oauth2/v2.0/token"):
            form = parse_qs(body.decode())
            self.record({"form": {k: v[0] for k, v in form.items() if k != "client_secret"}})
            if form.get("grant_type") != ["client_credentials"] or form.get("client_secret") != [ARGS.identity_secret]:
                return self.reply(401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret."})
            return self.reply(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": self.issue(3599)})
        if self.path == "/cognitiveservices/v1":
            self.record({"ssml": body.decode()})
            if self.failure("tts") or not self.authorised("Ocp-Apim-Subscription-Key", ARGS.key):
                return None
            if self.headers.get("X-Microsoft-OutputFormat") != "raw-16khz-16bit-mono-pcm":
                return self.reply(400, {"error": {"message": "unsupported output format"}})
            voice = ElementTree.fromstring(body).find(f"{SSML}voice")
            text = "".join(voice.itertext()) if voice is not None else ""
            return self.stream(flite(text), 3200)
        if self.path == "/v1/audio/speech":
            request = json.loads(body)
            self.record({"json": request})
            if self.failure("tts") or not self.authorised("Authorization", f"Bearer {ARGS.key}"):
                return None
            if request.get("response_format") != "pcm":
                return self.reply(400, {"error": {"message": "this fake only speaks pcm"}})
            return self.stream(to_24k(flite(request["input"])), 4800)
        if self.path == "/v1/audio/transcriptions":
            fields = multipart(body, self.headers.get("Content-Type", ""))
            audio = fields.get("file", b"")
            self.record({"form": {k: v.decode() for k, v in fields.items() if k != "file"}, "audio_bytes": len(audio)})
            if self.failure("stt") or not self.authorised("Authorization", f"Bearer {ARGS.key}"):
                return None
            rate, channels, bits = struct.unpack("<I", audio[24:28])[0], audio[22], audio[34]
            if audio[:4] != b"RIFF" or audio[8:12] != b"WAVE" or (rate, channels, bits) != (16000, 1, 16):
                return self.reply(400, {"error": {"message": "expected a 16 kHz mono PCM16 WAV file"}})
            with LOCK:
                text = TRANSCRIPTS.pop(0) if TRANSCRIPTS else ARGS.transcript
            return self.reply(200, {"text": text})
        return self.reply(404, {"error": {"message": "not found"}})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--key", default="test-key")
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--identity-secret", default="identity-secret")
    parser.add_argument("--transcript", default="I lost my credit card and I need to block it")
    ARGS = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler).serve_forever()
