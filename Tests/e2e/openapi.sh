#!/usr/bin/env bash
# End-to-end test of the OpenAPI document against the real executables: the gateway serves at
# /openapi.json the document generated from the API's Swift types and routes (`gateway --openapi`,
# valid OpenAPI 3.1) with a readable page at /docs; every documented HTTP operation is routed
# (never the router's "No such resource."), every documented WebSocket path upgrades and answers a
# plain GET with 426 problem JSON, documented parameter limits are enforced; a live browser
# conversation, ACS call and relay carry only documented messages, and the session's metrics match
# their schema; then schemathesis fuzzes every HTTP operation with a bounded number of examples,
# valid and invalid: no 5xx, invalid data rejected with 4xx, and status codes, content types and
# bodies as documented; every service is still up afterwards.
# Ends with "e2e-openapi: N passed, M failed"; exit status 1 if any check failed.
#
# Environment:
#   SB_FUZZ_EXAMPLES   examples per operation and phase (default 25)
#   SB_FUZZ_SEED       hypothesis seed (default 1; "random" for a new one each run)
#   SB_FUZZ_CHECKS     schemathesis checks (default: no 5xx plus response conformance)
#   SB_FUZZ_VENV       an existing venv with the pinned tools, reused instead of a fresh one in $WORK
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=openapi
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

# Pinned: these install from PyPI on Debian 12's Python 3.11.
SCHEMATHESIS_VERSION=4.32.5
SPEC_VALIDATOR_VERSION=0.9.0
SYS_PY=/usr/bin/python3 # Debian's: python3-venv and python3-websockets are installed for it
[[ -x $SYS_PY ]] || SYS_PY=$(command -v python3)
require_binaries gateway media agents metrics
DOC="$WORK/generated.json"
"$BIN_DIR/gateway" --openapi >"$DOC" 2>"$WORK/generate.log"
report $? "gateway --openapi prints the document"
allocate_ports redis agents metrics media-1 gateway acs
# Call control against the fake ACS (Tests/e2e/fake_acs.py), so the call routes answer as they do
# in production: fuzzed calls are placed, refused or unknown, never 503 for want of configuration.
ACS_KEY=$(head -c 32 /dev/urandom | base64)
sb_spawn "$WORK/fake-acs.log" "$SYS_PY" "$ROOT/Tests/e2e/fake_acs.py" serve --port "${PORT[acs]}" --access-key "$ACS_KEY" \
    --log "$WORK/acs-requests.jsonl" --key-dir "$WORK/acs-keys" --audience openapi-resource
ALL_PIDS+=("$SB_SPAWNED_PID")
# The media worker offers voice_live (a speech-to-speech service it would dial when a call's audio
# arrives), so placing a voice_live call is not refused for want of one.
export SB_REALTIME_URL="ws://127.0.0.1:${PORT[acs]}/openai/realtime"
start_stack ACS_CONNECTION_STRING="endpoint=$(url acs '');accesskey=$ACS_KEY" ACS_SOURCE_PHONE_NUMBER=+15550100000 \
    BASE_URL="http://127.0.0.1:${PORT[gateway]}" ACS_RESOURCE_ID=openapi-resource ACS_CALLBACK_JWKS_URL="$(url acs /calling/keys)" \
    TWILIO_AUTH_TOKEN=openapi-twilio-token SB_RATE_LIMIT_RPS=0 # the fuzzer's thousands of requests would meet 429s
BASE=$(url gateway '')

# --- the tools: a venv with pinned schemathesis and openapi-spec-validator ----------------------
VENV=${SB_FUZZ_VENV:-$WORK/venv}
tools_ok=1
if [[ -x $VENV/bin/schemathesis && -x $VENV/bin/openapi-spec-validator ]] &&
    "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('schemathesis') != '$SCHEMATHESIS_VERSION')" 2>/dev/null; then
    diag "reusing the venv in $VENV"
elif ! "$SYS_PY" -m venv --system-site-packages "$VENV" >"$WORK/venv.log" 2>&1; then
    tools_ok=0
    not_ok "python3 -m venv works (install Debian's python3-venv): $(tail -n 1 "$WORK/venv.log")"
else
    # Quiet, bounded and retried: an unreachable PyPI fails in about a minute with pip's reason.
    if ! PIP_DISABLE_PIP_VERSION_CHECK=1 timeout 420 "$VENV/bin/pip" install --quiet --no-input --retries 2 --timeout 20 \
        "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$SPEC_VALIDATOR_VERSION" >"$WORK/pip.log" 2>&1; then
        tools_ok=0
        reason=$(grep -E 'ERROR|Error|error' "$WORK/pip.log" | tail -n 2 | tr '\n' ' ')
        not_ok "pip installs schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator $SPEC_VALIDATOR_VERSION from PyPI" \
            "(is PyPI reachable? ${reason:-pip timed out})"
    fi
fi
((tools_ok)) && ok "schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator $SPEC_VALIDATOR_VERSION are installed"

# --- the document and the page -------------------------------------------------------------------
SCHEMA=$DOC
http_get "$BASE/openapi.json"
if [[ $HTTP_STATUS == 200 && $HTTP_CT == application/json* ]] && [[ $(body_jq '.openapi') == 3.1.* ]]; then
    ok "GET /openapi.json is 200 JSON, OpenAPI $(body_jq '.openapi')"
    printf '%s' "$HTTP_BODY" >"$WORK/served.json"
    SCHEMA=$BASE/openapi.json
    jq -e --slurpfile generated "$DOC" '. == $generated[0]' "$WORK/served.json" >/dev/null 2>&1
    report $? "GET /openapi.json serves what gateway --openapi prints"
else
    not_ok "GET /openapi.json is 200 JSON with openapi 3.1.x (got $HTTP_STATUS, ${HTTP_CT:-no content type}); fuzzing the printed document instead"
    cp "$DOC" "$WORK/served.json"
fi
if ((tools_ok)); then
    out=$("$VENV/bin/openapi-spec-validator" "$WORK/served.json" 2>&1)
    report $? "the document validates with openapi-spec-validator${out:+: $(tail -n 1 <<<"$out")}"
fi
http_get "$BASE/docs"
[[ $HTTP_STATUS == 200 && $HTTP_CT == text/html* && $HTTP_BODY == *"/openapi.json"* ]]
report $? "GET /docs is 200 HTML that loads /openapi.json (got $HTTP_STATUS, ${HTTP_CT:-no content type})"

# --- the document against the routes the services register (`<service> --routes`) ---------------
# Public: the gateway's own routes, and the agents and metrics API routes behind its proxy prefixes.
routes_ok=1
for service in gateway agents metrics; do
    if ! env REDIS_PORT=1 "${AGENT_ENV[@]}" timeout 30 "$BIN_DIR/$service" --routes >"$WORK/routes-$service.txt" 2>>"$WORK/routes-$service.log" ||
        ! grep -q '^GET /' "$WORK/routes-$service.txt"; then
        routes_ok=0
        not_ok "$service --routes lists its routes"
    fi
done
if ((routes_ok)); then
    "$SYS_PY" - "$DOC" "$WORK" >"$WORK/routes-compare.out" 2>&1 <<'PY'
import json, re, sys

doc, work = json.load(open(sys.argv[1], encoding="utf-8")), sys.argv[2]
norm = lambda path: re.sub(r"\{[^}]*\}", "{}", path)
read = lambda name: {tuple(line.strip().split(" ", 1)) for line in open(f"{work}/routes-{name}.txt") if re.match(r"^[A-Z]+ /", line)}
gateway, agents, metrics = read("gateway"), read("agents"), read("metrics")
proxied = {(m, p[:-3]) for m, p in gateway if p.endswith("/**")}  # (method, prefix): that prefix and all below
internal = {"/health", "/ready", "/metrics"}
real = {(m, norm(p)) for m, p in gateway if not p.endswith("/**") and (m, p) not in proxied}
for method, path in sorted(agents | metrics):
    if path in internal:
        continue
    if not any(m == method and (path == prefix or path.startswith(prefix + "/")) for m, prefix in proxied):
        print(f"UNREACHABLE {method} {path} (the gateway proxies no such method and prefix)")
    real.add((method, norm(path)))
documented = {(m.upper(), norm(p)) for p, item in doc["paths"].items() for m in item if m in ("get", "put", "post", "delete", "patch")}
for method, path in sorted(real - documented):
    print(f"UNDOCUMENTED {method} {path}")
for method, path in sorted(documented - real):
    print(f"STALE {method} {path} (documented, no such route)")
print(f"COUNT {len(real)} {len(documented)}")
PY
    counts=$(grep '^COUNT' "$WORK/routes-compare.out")
    ! grep -qE '^(UNDOCUMENTED|STALE|UNREACHABLE)' "$WORK/routes-compare.out" && [[ -n $counts ]]
    report $? "the document and the services' routes (--routes) match: $(awk '{print $2}' <<<"$counts") routes, $(awk '{print $3}' <<<"$counts") documented operations"
    grep -vE '^COUNT' "$WORK/routes-compare.out" | head -n 30 | while IFS= read -r line; do diag "$line"; done
fi

# --- every documented operation is routed; documented limits hold ----------------------------------
# One "ok"/"not ok" line per group of findings; details as diagnostics.
cat >"$WORK/routes.py" <<'PY'
"""Sends every documented operation once with its example values and reports what is not routed.

Not routed: the router's 404 problem ("No such resource."), or any 5xx. WebSocket operations
(tag `websocket`) must answer the upgrade. Limits: integer query parameters outside their
documented range, missing required query parameters and missing required bodies must be 4xx.
Then a browser conversation, an ACS call and a relay run for real, every message they carry is
checked against the documented messages, and the session's metrics against their schema.
Output lines: "route|limit|message|live OK|FAIL ...".
"""
import asyncio, base64, json, os, sys, time, urllib.error, urllib.parse, urllib.request

doc_path, base = sys.argv[1], sys.argv[2].rstrip("/")
doc = json.load(open(doc_path, encoding="utf-8"))
try:  # in the venv: check bodies and messages against the document
    import jsonschema, referencing

    def absolute(node):
        if isinstance(node, dict):
            return {k: ("urn:doc" + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else absolute(v)) for k, v in node.items()}
        return [absolute(v) for v in node] if isinstance(node, list) else node

    REGISTRY = referencing.Registry().with_resource(
        "urn:doc", referencing.Resource.from_contents(absolute(doc), default_specification=referencing.jsonschema.DRAFT202012))

    def violations(schema, value):
        validator = jsonschema.Draft202012Validator(absolute(schema), registry=REGISTRY, format_checker=jsonschema.FormatChecker())
        return [f"{'/'.join(map(str, e.absolute_path)) or '.'}: {e.message[:200]}" for e in validator.iter_errors(value)]
except ImportError:
    violations = None


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        cur = doc
        for key in node["$ref"][2:].split("/"):
            cur = cur[key]
        node = cur
    return node


def example_of(param):
    schema = resolve(param.get("schema", {}))
    if "example" in param:
        return param["example"]
    for key in ("default", "const"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("type") == "integer":
        return schema.get("minimum", 1)
    return "example"


def body_example(operation):
    body = operation.get("requestBody")
    if not body:
        return None
    content = resolve(body).get("content", {}).get("application/json", {})
    if "example" in content:
        return content["example"]
    schema = resolve(content.get("schema", {}))
    if schema.get("examples"):
        return schema["examples"][0]
    return {}


def send(method, path, query, body=None):
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method.upper())
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
    except Exception as error:  # no answer at all
        return 0, "", str(error).encode()


def not_routed(status, ctype, payload):
    if status == 0 or status >= 500:
        return f"answered {status or 'nothing'}: {payload[:160].decode(errors='replace')}"
    if status == 404 and ctype.startswith("application/problem+json"):
        try:
            if json.loads(payload).get("detail") == "No such resource.":
                return "404 No such resource. (no route)"
        except ValueError:
            pass
    return None


def acs_headers(path):
    # ACS's bearer token on the media stream (the gateway runs with callback authentication on).
    token = os.environ.get("ACS_MEDIA_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token and path == "/api/v1/media/stream" else {}


def ws_url(path, query):
    return base.replace("http://", "ws://", 1) + path + ("?" + urllib.parse.urlencode(query) if query else "")


async def upgrade(path, query):
    import websockets  # Debian's python3-websockets

    try:
        async with websockets.connect(ws_url(path, query), open_timeout=10, close_timeout=2, extra_headers=acs_headers(path)):
            return None
    except Exception as error:
        return f"{type(error).__name__}: {error}"


def fill(path, params):
    for p in params:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", urllib.parse.quote(str(example_of(p)), safe=""))
    return path


run_id = int(time.time() * 1000) % 10**9
socket_ops = {}
for path, item in doc["paths"].items():
    for method, operation in item.items():
        if method not in ("get", "put", "post", "delete", "patch"):
            continue
        params = [resolve(p) for p in item.get("parameters", []) + operation.get("parameters", [])]
        target = fill(path, params)
        query = {p["name"]: example_of(p) for p in params if p["in"] == "query" and (p.get("required") or "example" in p)}
        if "websocket" in operation.get("tags", []):
            socket_ops[path] = operation
            if "session_id" in query:
                query["session_id"] = f"openapi-{run_id}-{len(socket_ops)}"
            problem = asyncio.run(upgrade(target, query))
            print(("route FAIL" if problem else "route OK"), "WS", path, problem or "101", flush=True)
            # A plain GET (no upgrade) is 426 problem JSON, as documented.
            status, ctype, payload = send("get", target, query)
            good = status == 426 and ctype.startswith("application/problem+json") and "426" in operation["responses"]
            print(("limit OK" if good else "limit FAIL"), "GET", path, "without an upgrade ->", status, flush=True)
            continue
        status, ctype, payload = send(method, target, query, body_example(operation))
        problem = not_routed(status, ctype, payload)
        print(("route FAIL" if problem else "route OK"), method.upper(), path, problem or status, flush=True)
        if problem:
            continue
        # Limits the document states must be what the server enforces.
        probes = []
        for p in params:
            schema = resolve(p.get("schema", {}))
            if p["in"] != "query":
                continue
            if schema.get("type") == "integer":
                if "minimum" in schema:
                    probes.append((f"{p['name']}={schema['minimum'] - 1}", {**query, p["name"]: schema["minimum"] - 1}))
                if "maximum" in schema:
                    probes.append((f"{p['name']}={schema['maximum'] + 1}", {**query, p["name"]: schema["maximum"] + 1}))
                probes.append((f"{p['name']}=abc", {**query, p["name"]: "abc"}))
            if p.get("required"):
                probes.append((f"without {p['name']}", {k: v for k, v in query.items() if k != p["name"]}))
        for label, probe_query in probes:
            status, ctype, payload = send(method, target, probe_query, body_example(operation))
            good = 400 <= status < 500 and ctype.startswith("application/problem+json")
            print(("limit OK" if good else "limit FAIL"), method.upper(), path, label, "->", status, flush=True)
        body = operation.get("requestBody")
        if body and resolve(body).get("required"):
            status, ctype, payload = send(method, target, query, None)
            good = 400 <= status < 500 and ctype.startswith("application/problem+json")
            print(("limit OK" if good else "limit FAIL"), method.upper(), path, "without a body", "->", status, flush=True)


# --- live sockets: every message must be one the document describes ---------------------------
def check_message(path, raw):
    """(status OK|FAIL|SKIP, kind, detail) for one server → client message of `path`."""
    outbound = socket_ops[path]["x-websocket"]["outbound"]
    if isinstance(raw, bytes):
        ok = any(m["format"] == "binary" for m in outbound)
        return ("OK" if ok else "FAIL"), "binary", "" if ok else "binary frame (undocumented)"
    try:
        value = json.loads(raw)
    except ValueError:
        ok = any(m["format"] == "text" for m in outbound)
        return ("OK" if ok else "FAIL"), "text", "" if ok else "text frame that is not JSON (undocumented)"
    kind = str(value.get("type") or value.get("Kind") or "json") if isinstance(value, dict) else "json"
    if isinstance(value, dict) and kind == "event" and isinstance(value.get("payload"), dict):
        kind += "/" + str(value["payload"].get("event_type") or value["payload"].get("type") or "")
    if violations is None:
        return "SKIP", kind, "not checked: jsonschema is not installed"
    schemas = [m["schema"] for m in outbound if m["format"] == "json" and "schema" in m]
    found = [violations(s, value) for s in schemas]
    if any(not f for f in found):
        return "OK", kind, ""
    best = min(found, key=len)
    return "FAIL", kind, f"{json.dumps(value)[:160]} matches no documented message; closest: {best[:2]}"


def note(path, seen, status, kind, detail):
    """One 'message' line per kind of message (and per failure)."""
    if status == "FAIL" or kind not in seen:
        print("message", status, path, kind, detail, flush=True)
    seen.add(kind)


async def live_checks():
    import websockets

    results = {}

    async def conversation():
        path = "/api/v1/browser/conversation"
        sid = f"openapi-talk-{run_id}"
        kinds, turn = set(), False
        async with websockets.connect(ws_url(path, {"session_id": sid, "scenario": "banking"}), open_timeout=10) as ws:
            await ws.send("I lost my card")
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and not turn:
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                status, kind, detail = check_message(path, raw)
                note(path, kinds, status, kind, detail)
                turn = turn or kind == "turn_metrics"
        print("live", "OK" if turn else "FAIL", "browser conversation answered typed text with turn_metrics", flush=True)
        results["session"] = sid

    async def acs_call():
        path = "/api/v1/media/stream"
        call = f"openapi-call-{run_id}"
        audio = 0
        async with websockets.connect(ws_url(path, {"call_connection_id": call}), open_timeout=10, extra_headers=acs_headers(path)) as ws:
            await ws.send(json.dumps({"kind": "AudioMetadata", "audioMetadata": {"subscriptionId": "x", "encoding": "PCM", "sampleRate": 16000, "channels": 1, "length": 640}}))
            silence = base64.b64encode(bytes(640)).decode()
            deadline = time.monotonic() + 20
            seen = set()
            while time.monotonic() < deadline and audio < 5:
                await ws.send(json.dumps({"kind": "AudioData", "audioData": {"data": silence, "silent": True}}))
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=0.02)
                except asyncio.TimeoutError:
                    continue
                status, kind, detail = check_message(path, raw)
                note(path, seen, status, kind, detail)
                audio += kind == "AudioData"
        print("live", "OK" if audio else "FAIL", "ACS call greets with AudioData frames", flush=True)

    async def relay(sid):
        path = "/api/v1/browser/dashboard/relay"
        count = 0
        async with websockets.connect(ws_url(path, {"session_id": sid}), open_timeout=10) as ws:
            deadline = time.monotonic() + 3
            seen = set()
            while time.monotonic() < deadline:
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                count += 1
                status, kind, detail = check_message(path, raw)
                note(path, seen, status, kind, detail)
        print("live", "OK" if count else "FAIL", f"the relay replays the session's {count} envelopes", flush=True)

    for name, job in (("conversation", conversation), ("acs", acs_call)):
        try:
            await job()
        except Exception as error:
            print("live FAIL", name, f"{type(error).__name__}: {error}", flush=True)
    if "session" in results:
        try:
            await relay(results["session"])
        except Exception as error:
            print("live FAIL relay", f"{type(error).__name__}: {error}", flush=True)
    return results.get("session")


if all(p in socket_ops for p in ("/api/v1/browser/conversation", "/api/v1/media/stream", "/api/v1/browser/dashboard/relay")):
    sid = asyncio.run(live_checks())
    if sid and violations is not None:
        # The session's telemetry reaches the metrics service within a moment.
        for attempt in range(20):
            status, ctype, payload = send("get", f"/api/v1/metrics/session/{sid}", {"include_turns": "true"})
            if status == 200 and json.loads(payload).get("turn_count", 0) > 0:
                break
            time.sleep(0.5)
        schema = doc["paths"]["/api/v1/metrics/session/{session_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        problems = violations(schema, json.loads(payload)) if status == 200 else [f"status {status}"]
        print("live", "FAIL" if problems else "OK", "GET /api/v1/metrics/session/{id} of that conversation matches its documented schema", problems[:3], flush=True)
PY
# The venv has jsonschema (messages and bodies are then checked) and Debian's websockets (--system-site-packages).
CHECK_PY=$SYS_PY
((tools_ok)) && "$VENV/bin/python" -c 'import websockets, jsonschema, referencing' 2>/dev/null && CHECK_PY=$VENV/bin/python
ACS_MEDIA_TOKEN=$("$SYS_PY" "$ROOT/Tests/e2e/fake_acs.py" token --key-dir "$WORK/acs-keys" --audience openapi-resource --exp-offset 3600) \
    "$CHECK_PY" "$WORK/routes.py" "$WORK/served.json" "$BASE" >"$WORK/routes.out" 2>&1
routes_rc=$?
total=$(grep -c '^route ' "$WORK/routes.out")
failed=$(grep -c '^route FAIL' "$WORK/routes.out")
ws_total=$(grep -c '^route [A-Z]* WS ' "$WORK/routes.out")
[[ $routes_rc == 0 && $total -gt 0 && $failed == 0 ]]
report $? "every documented operation is routed: $((total - failed))/$total answer (HTTP with example values, $ws_total WebSocket upgrades)"
grep -E '^route FAIL|Traceback|Error' "$WORK/routes.out" | head -n 30 | while IFS= read -r line; do diag "$line"; done
limits=$(grep -c '^limit ' "$WORK/routes.out")
limit_failed=$(grep -c '^limit FAIL' "$WORK/routes.out")
((limits > 0 && limit_failed == 0))
report $? "documented parameter limits are enforced: $((limits - limit_failed))/$limits out-of-range or missing values are 4xx problem JSON"
grep '^limit FAIL' "$WORK/routes.out" | head -n 20 | while IFS= read -r line; do diag "$line"; done
messages=$(grep -c '^message ' "$WORK/routes.out")
message_failed=$(grep -c '^message FAIL' "$WORK/routes.out")
if grep -q '^message SKIP' "$WORK/routes.out"; then
    not_ok "WebSocket messages checked against the document (jsonschema from the venv is missing)"
else
    ((messages > 0 && message_failed == 0))
    report $? "every kind of WebSocket message in a live conversation, ACS call and relay is documented ($((messages - message_failed))/$messages kinds)"
fi
grep '^message ' "$WORK/routes.out" | head -n 40 | while IFS= read -r line; do diag "$line"; done
while IFS= read -r line; do
    if [[ $line == "live OK "* ]]; then ok "${line#live OK }"; else not_ok "${line#live FAIL }"; fi
done < <(grep '^live ' "$WORK/routes.out")

# --- schemathesis --------------------------------------------------------------------------------
if ((tools_ok)); then
    EXAMPLES=${SB_FUZZ_EXAMPLES:-25}
    SEED=${SB_FUZZ_SEED:-1}
    [[ $SEED == random ]] && SEED=$((RANDOM * 32768 + RANDOM))
    CHECKS=${SB_FUZZ_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection}
    started=$(sb_now_ms)
    # WebSocket operations are not HTTP; /openapi.json is excluded only to keep its large body out of every report.
    # From $WORK: schemathesis keeps a cache of failures in ./.schemathesis.
    (cd "$WORK" && timeout --foreground -k 5 360 "$VENV/bin/schemathesis" run "$SCHEMA" --url "$BASE" \
        --exclude-tag websocket --exclude-path /openapi.json --mode all \
        --checks "$CHECKS" --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
        --request-timeout 20 --no-color --suppress-health-check all) \
        >"$WORK/fuzz.out" 2>&1
    fuzz_rc=$?
    seconds=$((($(sb_now_ms) - started) / 1000))
    operations=$(grep -oE 'Tested: [0-9]+' "$WORK/fuzz.out" | grep -oE '[0-9]+' | tail -n 1)
    generated=$(grep -oE '[0-9]+ generated' "$WORK/fuzz.out" | grep -oE '[0-9]+' | tail -n 1)
    failures=$(grep -oE 'found [0-9]+ unique failures' "$WORK/fuzz.out" | grep -oE '[0-9]+' | tail -n 1)
    diag "schemathesis: ${operations:-?} operations, ${generated:-?} test cases, ${failures:-0} failures in ${seconds} s" \
        "(seed $SEED, at most $EXAMPLES examples per operation and phase; checks $CHECKS)"
    ((fuzz_rc == 124)) && diag "schemathesis was stopped after 360 s"
    [[ $fuzz_rc == 0 && -n $operations && $operations -gt 0 ]]
    report $? "schemathesis fuzz of ${operations:-?} operations with ${generated:-?} test cases: no 5xx, invalid data rejected, answers as documented"
    if [[ $fuzz_rc != 0 ]]; then
        # The failures, each with its curl reproduction.
        sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$WORK/fuzz.out" | grep -vE '^\s*$' | cut -c1-400 | head -n 120 |
            while IFS= read -r line; do diag "  $line"; done
        grep -q 'FAILURES' "$WORK/fuzz.out" || tail -n 30 "$WORK/fuzz.out" | while IFS= read -r line; do diag "  $line"; done
    fi
fi

# --- nothing crashed ------------------------------------------------------------------------------
exited=()
for name in agents metrics media-1 gateway; do
    sb_pid_alive "${PID[$name]}" || exited+=("$name")
done
((${#exited[@]} == 0))
report $? "every service is still running after the fuzz${exited[*]:+ (exited: ${exited[*]})}"
http_get "$BASE/api/v1/readiness"
[[ $HTTP_STATUS == 200 && $(body_jq '.status') == ready ]]
report $? "GET /api/v1/readiness is still ready (got $HTTP_STATUS $(body_jq '.status'))"
