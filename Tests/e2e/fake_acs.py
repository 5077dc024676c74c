"""A fake ACS Call Automation service for the end-to-end scripts (Debian's /usr/bin/python3).

  fake_acs.py serve --port P --access-key BASE64KEY --log FILE.jsonl --key-dir DIR
                    [--audience RES_ID] [--callback-base URL] [--verbose]
      Serve the Call Automation REST on 127.0.0.1:P until killed. Every /calling request except
      GET /calling/keys must carry a valid HMAC-SHA256 signature made with the access key (else 401)
      and an api-version query (else 400), and is logged as one JSON line in FILE.jsonl: method,
      path (as received, with its query), query, signature_ok, status, body (JSON or null) and
      headers. A repeated Repeatability-Request-ID on createCall/answer gets the first answer again.
        GET  /calling/keys                                   JWKS of the fake's RS256 key
        POST /calling/callConnections                        createCall -> 201
        POST /calling/callConnections:answer                 answerCall -> 200
        POST /calling/callConnections/{id}:terminate         -> 204 (404 "8522" for unknown ids)
        POST /calling/callConnections/{id}:transferToParticipant            -> 202
        POST /calling/callConnections/{id}:startContinuousDtmfRecognition   -> 200
        POST /calling/recordings                             startRecording -> 200
      Test helpers (not signed, not logged):
        POST /_fake/fail      {"status":503,"count":1,"retry_after":1}: the next COUNT correctly
                              signed requests answer STATUS
        POST /_fake/callback  {"call_id","type","data","token":"valid|missing|expired|wrong-audience|
                              garbage"[,"url"]}: POST a CloudEvent to the call's callbackUri (or URL;
                              --callback-base replaces its scheme and host), answer {"status","body"}
        GET  /_fake/calls     the calls created or answered here
        GET  /_fake/stats     {"jwks_fetches": n}
  fake_acs.py token --key-dir DIR --audience A [--exp-offset S] [--issuer I] [--kid K]
      Print an RS256 JWT signed with the fake's key (DIR/key.pem, created on first use).
"""
import argparse, base64, datetime, email.utils, hashlib, hmac, json, os, re, sys, threading, time, uuid  # noqa: E401
import urllib.error, urllib.parse, urllib.request  # noqa: E401
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://acscallautomation.communication.azure.com"
KID = "fake-acs-key"
SIGNED_HEADERS = "x-ms-date;host;x-ms-content-sha256"
LOGGED_HEADERS = ("x-ms-date", "x-ms-content-sha256", "authorization", "repeatability-request-id", "host")
CALL_OP = re.compile(r"^/calling/callConnections/([^/:]+):(terminate|transferToParticipant|startContinuousDtmfRecognition)$")


# --- keys and tokens ---------------------------------------------------------------------------
def load_key(key_dir):
    """The RSA key in DIR/key.pem, created (atomically) on first use."""
    path = os.path.join(key_dir, "key.pem")
    if not os.path.exists(path):
        os.makedirs(key_dir, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        temp = f"{path}.{os.getpid()}.tmp"
        with open(temp, "wb") as out:
            out.write(pem)
        try:
            os.link(temp, path)  # fails if another process won the race: keep its key
        except FileExistsError:
            pass
        os.unlink(temp)
    with open(path, "rb") as source:
        return serialization.load_pem_private_key(source.read(), password=None)


def b64url_int(value):
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwks(key):
    numbers = key.public_key().public_numbers()
    return {"keys": [{"kty": "RSA", "kid": KID, "use": "sig", "alg": "RS256", "n": b64url_int(numbers.n), "e": b64url_int(numbers.e)}]}


def make_token(key, audience, exp_offset=300, issuer=ISSUER, kid=KID):
    now = int(time.time())
    claims = {"iss": issuer, "aud": audience, "iat": now, "nbf": now, "exp": now + int(exp_offset)}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


# --- request signing ---------------------------------------------------------------------------
def check_signature(access_key, method, path_and_query, headers, body):
    """None when the request carries a valid ACS HMAC-SHA256 signature, else the reason."""
    date, content_hash = headers.get("x-ms-date"), headers.get("x-ms-content-sha256")
    auth, host = headers.get("authorization", ""), headers.get("host")
    if not date or not content_hash or not host:
        return "missing x-ms-date, x-ms-content-sha256 or host"
    try:
        when = email.utils.parsedate_to_datetime(date)
        skew = abs(time.time() - when.timestamp())
    except (TypeError, ValueError):
        return "x-ms-date is not an RFC 1123 date"
    if skew > 300:
        return f"x-ms-date is {int(skew)} s away from now"
    if not hmac.compare_digest(content_hash, base64.b64encode(hashlib.sha256(body).digest()).decode()):
        return "x-ms-content-sha256 does not match the body"
    if not auth.startswith("HMAC-SHA256 "):
        return "Authorization is not HMAC-SHA256"
    fields = dict(part.split("=", 1) for part in auth[len("HMAC-SHA256 "):].strip().split("&") if "=" in part)
    if fields.get("SignedHeaders") != SIGNED_HEADERS:
        return f"SignedHeaders must be {SIGNED_HEADERS}"
    text = f"{method.upper()}\n{path_and_query}\n{date};{host};{content_hash}"
    expected = base64.b64encode(hmac.new(access_key, text.encode(), hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(fields.get("Signature", ""), expected):
        return "signature mismatch"
    return None


# --- the fake service --------------------------------------------------------------------------
class Fake:
    """Shared state of the server threads."""

    def __init__(self, args):
        self.access_key = base64.b64decode(args.access_key)
        self.key = load_key(args.key_dir)
        self.audience, self.callback_base, self.verbose = args.audience, args.callback_base, args.verbose
        self.lock = threading.Lock()
        self.log = open(args.log, "a", encoding="utf-8")
        self.calls = {}  # callConnectionId -> call record
        self.repeats = {}  # Repeatability-Request-ID -> (status, body)
        self.fault = {"status": 0, "count": 0, "retry_after": None}
        self.jwks_fetches = 0

    def write_log(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()

    def take_fault(self):
        with self.lock:
            if self.fault["count"] <= 0:
                return None
            self.fault["count"] -= 1
            return dict(self.fault)

    def new_call(self, body, answered):
        call_id, server_id = str(uuid.uuid4()), "fake-server-" + uuid.uuid4().hex
        call = {"id": call_id, "serverCallId": server_id, "correlationId": str(uuid.uuid4()), "callbackUri": body.get("callbackUri"),
                "mediaStreamingOptions": body.get("mediaStreamingOptions"), "transcriptionOptions": body.get("transcriptionOptions"),
                "targets": body.get("targets", []), "sourceCallerIdNumber": body.get("sourceCallerIdNumber"),
                "answered": answered, "state": "connecting", "transferred_to": None, "recording": None}
        with self.lock:
            self.calls[call_id] = call
        return call


def acs_error(code, message):
    return {"error": {"code": code, "message": message}}


def operate(fake, path, body, repeat_id):
    """Handle one signed Call Automation operation: (status, JSON body or None)."""
    if not isinstance(body, dict):
        return 400, acs_error("BadRequest", "The request body must be a JSON object.")
    if path in ("/calling/callConnections", "/calling/callConnections:answer"):
        answer = path.endswith(":answer")
        if repeat_id:
            with fake.lock:
                if repeat_id in fake.repeats:
                    return fake.repeats[repeat_id]
        if answer and not (body.get("incomingCallContext") and body.get("callbackUri")):
            return 400, acs_error("BadRequest", "incomingCallContext and callbackUri are required.")
        if not answer:
            if not (isinstance(body.get("targets"), list) and body["targets"] and body.get("callbackUri")):
                return 400, acs_error("BadRequest", "targets (non-empty) and callbackUri are required.")
            if not (isinstance(body.get("mediaStreamingOptions"), dict) or isinstance(body.get("transcriptionOptions"), dict)):
                return 400, acs_error("BadRequest", "mediaStreamingOptions or transcriptionOptions is required.")
        call = fake.new_call(body, answer)
        shown = {k: call[k] for k in ("serverCallId", "correlationId", "targets", "callbackUri", "sourceCallerIdNumber")}
        result = (200 if answer else 201, {"callConnectionId": call["id"], "callConnectionState": "connecting", **shown})
        if repeat_id:
            with fake.lock:
                result = fake.repeats.setdefault(repeat_id, result)
        return result
    if path == "/calling/recordings":
        locator = body.get("callLocator") if isinstance(body.get("callLocator"), dict) else {}
        server_id, conn_id = locator.get("serverCallId"), body.get("callConnectionId")
        if not (server_id or conn_id):
            return 400, acs_error("BadRequest", "callLocator.serverCallId or callConnectionId is required.")
        recording = {"recordingId": "fake-rec-" + uuid.uuid4().hex, "recordingState": "active"}
        with fake.lock:
            for call in fake.calls.values():
                if call["id"] == conn_id or call["serverCallId"] == server_id:
                    call["recording"] = dict(recording, request=body)
        return 200, recording
    match = CALL_OP.match(path)
    if not match:
        return 404, acs_error("NotFound", f"No operation at {path}.")
    call_id, operation = urllib.parse.unquote(match.group(1)), match.group(2)
    with fake.lock:
        call = fake.calls.get(call_id)
    if call is None:
        return 404, acs_error("8522", "Call not found")
    if operation == "terminate":
        call["state"] = "disconnected"
        return 204, None
    if operation == "transferToParticipant":
        target = body.get("targetParticipant")
        number = ((target or {}).get("phoneNumber") or {}).get("value") if isinstance(target, dict) else None
        if not isinstance(number, str) or not number:
            return 400, acs_error("BadRequest", "targetParticipant.phoneNumber.value is required.")
        call["transferred_to"] = number
        return 202, {"operationContext": body.get("operationContext")}
    if not isinstance(body.get("targetParticipant"), dict):
        return 400, acs_error("BadRequest", "targetParticipant is required.")
    call["dtmf_target"] = body["targetParticipant"]
    return 200, None


def callback(fake, request):
    """Act as ACS: POST one CloudEvent to a call's callbackUri. Returns (status, JSON)."""
    call_id, kind = request.get("call_id"), request.get("type", "CallConnected")
    with fake.lock:
        call = fake.calls.get(call_id)
    url = request.get("url") or (call or {}).get("callbackUri")
    if not url:
        return 404, {"error": f"unknown call {call_id!r} and no url"}
    if fake.callback_base and not request.get("url"):
        parts = urllib.parse.urlsplit(url)
        url = fake.callback_base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
    data = {"callConnectionId": call_id, "serverCallId": (call or {}).get("serverCallId", "fake-server-unknown"),
            "correlationId": (call or {}).get("correlationId", str(uuid.uuid4())),
            "resultInformation": {"code": 200, "subCode": 0, "message": "ok"}}
    data.update(request.get("data") or {})
    subject = f"calling/callConnections/{call_id}"
    event = {"id": str(uuid.uuid4()), "source": subject, "type": "Microsoft.Communication." + kind, "specversion": "1.0",
             "datacontenttype": "application/json", "time": datetime.datetime.now(datetime.timezone.utc).isoformat(),
             "subject": subject, "data": data}
    tokens = {"valid": lambda: make_token(fake.key, fake.audience), "expired": lambda: make_token(fake.key, fake.audience, -600),
              "wrong-audience": lambda: make_token(fake.key, "someone-else"), "garbage": lambda: "not.a.jwt", "missing": lambda: None}
    if request.get("token", "valid") not in tokens:
        return 400, {"error": f"token must be one of {sorted(tokens)}"}
    token = tokens[request.get("token", "valid")]()
    headers = {"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})}
    if call and kind in ("CallConnected", "CallDisconnected"):
        call["state"] = kind[4:].lower()
    post = urllib.request.Request(url, data=json.dumps([event]).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(post, timeout=15) as answer:
            return 200, {"status": answer.status, "body": answer.read().decode("utf-8", "replace")}
    except urllib.error.HTTPError as error:
        return 200, {"status": error.code, "body": error.read().decode("utf-8", "replace")}
    except (OSError, ValueError) as error:
        return 200, {"status": 0, "body": "", "error": str(error)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake = None  # set by serve()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        if self.fake.verbose:
            super().log_message(format, *args)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise ValueError("chunked bodies are not supported")
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > 4 << 20:
            raise ValueError("bad Content-Length")
        return self.rfile.read(length) if length else b""

    def reply(self, status, payload=None, extra=None):
        data = b"" if payload is None or status == 204 else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def handle_any(self):
        method = self.command
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return self.reply(400, acs_error("BadRequest", "Unreadable request body."))
        path, _, query = self.path.partition("?")
        try:
            if path.startswith("/_fake/"):
                return self.helper(method, path, body)
            if method == "GET" and path == "/calling/keys":
                with self.fake.lock:
                    self.fake.jwks_fetches += 1
                return self.reply(200, jwks(self.fake.key))
            if path.startswith("/calling/"):
                return self.calling(method, path, query, body)
            return self.reply(404, acs_error("NotFound", f"No route {method} {path}."))
        except Exception as error:  # never take the server down
            sys.stderr.write(f"fake_acs: {method} {self.path}: {error!r}\n")
            self.close_connection = True
            return self.reply(500, acs_error("InternalServerError", str(error)))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    def calling(self, method, path, query, body):
        headers = {name: self.headers[name] for name in LOGGED_HEADERS if self.headers.get(name) is not None}
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        reason = check_signature(self.fake.access_key, method, self.path, headers, body)
        extra = {}
        if reason:
            status, answer = 401, acs_error("Unauthorized", reason)
        elif (fault := self.fake.take_fault()) is not None:
            status, answer = fault["status"], acs_error("InjectedFault", f"Injected fault {fault['status']}.")
            if fault.get("retry_after") is not None:
                extra["Retry-After"] = str(fault["retry_after"])
        elif "api-version" not in urllib.parse.parse_qs(query):
            status, answer = 400, acs_error("MissingApiVersionParameter", "The api-version query parameter is required.")
        elif method != "POST":
            status, answer = 404, acs_error("NotFound", f"No route {method} {path}.")
        elif body and parsed is None:
            status, answer = 400, acs_error("BadRequest", "The body is not JSON.")
        else:
            status, answer = operate(self.fake, path, parsed if body else {}, headers.get("repeatability-request-id"))
        self.fake.write_log({"method": method, "path": self.path, "query": query,
                             "signature_ok": reason is None, "status": status, "body": parsed, "headers": headers})
        self.reply(status, answer, extra)

    def helper(self, method, path, body):
        try:
            request = json.loads(body) if body else {}
            return self.helper_route(method, path, request)
        except (ValueError, TypeError, AttributeError) as error:  # bad JSON or bad fields
            return self.reply(400, {"error": str(error)})

    def helper_route(self, method, path, request):
        if method == "POST" and path == "/_fake/fail" and isinstance(request, dict):
            with self.fake.lock:
                self.fake.fault = {"status": int(request.get("status", 503)), "count": int(request.get("count", 1)),
                                   "retry_after": request.get("retry_after")}
            return self.reply(200, self.fake.fault)
        if method == "POST" and path == "/_fake/callback" and isinstance(request, dict):
            return self.reply(*callback(self.fake, request))
        if method == "GET" and path == "/_fake/calls":
            with self.fake.lock:
                calls = [dict(call) for call in self.fake.calls.values()]
            return self.reply(200, calls)
        if method == "GET" and path == "/_fake/stats":
            return self.reply(200, {"jwks_fetches": self.fake.jwks_fetches})
        return self.reply(404, {"error": f"no helper {method} {path}"})


def main():
    parser = argparse.ArgumentParser(description="Fake ACS Call Automation service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    for name in ("--access-key", "--log", "--key-dir"):
        serve.add_argument(name, required=True)
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--audience", default="fake-acs-resource-id")
    serve.add_argument("--callback-base", help="send callbacks here instead of the callbackUri's scheme and host")
    serve.add_argument("--verbose", action="store_true")
    token = commands.add_parser("token")
    for name in ("--key-dir", "--audience"):
        token.add_argument(name, required=True)
    token.add_argument("--exp-offset", type=int, default=300)
    token.add_argument("--issuer", default=ISSUER)
    token.add_argument("--kid", default=KID)
    args = parser.parse_args()
    if args.command == "token":
        print(make_token(load_key(args.key_dir), args.audience, args.exp_offset, args.issuer, args.kid))
        return
    Handler.fake = Fake(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"fake_acs listening on 127.0.0.1:{server.server_address[1]}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
