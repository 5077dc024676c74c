#!/usr/bin/env bash
# End-to-end test of the gateway's edge through the real executables and a fake Entra ID tenant
# (Tests/e2e/fake_entra.py: OpenID discovery, the tenant's key set, RS256 tokens):
#   authentication (401 without or with a bad token — expired, wrong audience, issuer, client,
#   signature — 200 with a good v1 or v2 token, 403 without the write role, probes and carrier
#   routes open, keys fetched once and again for a new key id, no token in any log), browser and
#   dashboard sockets (token as query parameter or subprotocol, close 1008 without), CORS
#   (preflight, credentials only for listed origins, nothing for others), a rate limit shared by
#   two gateways through Redis (429 with Retry-After), and the cap of sockets per address.
# Ends with "e2e-edge: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=edge
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

PY=/usr/bin/python3 # Debian's: python3-websockets, python3-cryptography, python3-jwt
require_binaries gateway agents
allocate_ports redis agents gateway gateway-2 entra gateway-env
REDIS_PORT=${PORT[redis]}
TENANT=contoso-$RANDOM
AUDIENCE=api://switchboard
STATE=$WORK/entra
FRONT=https://front.example
GW=$(url gateway '')
WS=ws://127.0.0.1:${PORT[gateway]}

start_redis
report $? "redis-server starts on port $REDIS_PORT"
start_fake entra fake_entra.py --tenant "$TENANT" --state "$STATE"
report $? "the fake tenant listens on port ${PORT[entra]}"
start_service agents agents SB_AGENTS_PORT="${PORT[agents]}" "${AGENT_ENV[@]}"
EDGE_ENV=(ENABLE_AUTH_VALIDATION=true AZURE_TENANT_ID="$TENANT" SB_AUTH_AUDIENCE="$AUDIENCE" ALLOWED_CLIENT_IDS=web-app,cli-app
    AZURE_AUTHORITY_HOST="$(url entra '')" SB_AUTH_WRITE_ROLE=Switchboard.Write ALLOWED_ORIGINS="$FRONT,https://admin.example"
    SB_RATE_LIMIT_RPS=2 SB_RATE_LIMIT_BURST=20 SB_MAX_SOCKETS_PER_IP=3 SB_AGENTS_URL="$(url agents '')")
for name in gateway gateway-2; do
    start_service "$name" gateway SB_GATEWAY_PORT="${PORT[$name]}" "${EDGE_ENV[@]}"
done
for name in agents gateway gateway-2; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done

# token [KID] CLAIMS-JSON: a token of the fake tenant; exp/nbf/iat are offsets in seconds
token() {
    local kid=k1
    [[ $# -gt 1 ]] && { kid=$1; shift; }
    "$PY" "$ROOT/Tests/e2e/fake_entra.py" mint --state "$STATE" --kid "$kid" "$1"
}
V2_ISS="https://login.microsoftonline.com/$TENANT/v2.0"
V1_ISS="https://sts.windows.net/$TENANT/"
claims() { # claims [JQ-ASSIGNMENTS]: a valid v2 token's claims, changed by the jq filter
    jq -cn --arg iss "$V2_ISS" --arg aud "$AUDIENCE" \
        "{iss: \$iss, aud: \$aud, azp: \"web-app\", oid: \"user-1\", sub: \"s-1\", exp: 600, nbf: -10, iat: -10, roles: []} ${1:+| $1}"
}
GOOD=$(token "$(claims)")
WRITER=$(token "$(claims '.roles = ["Switchboard.Write"] | .oid = "user-2"')")
# get PATH [TOKEN] [EXTRA CURL ARGS...]: sets HTTP_STATUS, HTTP_BODY and HEADERS
get() {
    local path=$1 bearer=${2:-}
    shift 2 2>/dev/null || shift
    local args=(-s -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' --max-time 10 "$@")
    [[ -n $bearer ]] && args+=(-H "Authorization: Bearer $bearer")
    HTTP_STATUS=$(curl "${args[@]}" "$GW$path" 2>/dev/null) || HTTP_STATUS=000
    HTTP_BODY=$(cat "$WORK/body" 2>/dev/null)
    HEADERS=$(tr -d '\r' <"$WORK/headers" 2>/dev/null)
}
header() { grep -i "^$1:" <<<"$HEADERS" | head -n 1 | cut -d' ' -f2-; }

# --- authentication --------------------------------------------------------------------------
get /api/v1/agents
[[ $HTTP_STATUS == 401 && $(header www-authenticate) == 'Bearer realm="switchboard"' ]] \
    && jq -e '.status == 401 and (.detail | test("bearer token"))' <<<"$HTTP_BODY" >/dev/null \
    && [[ $(header content-type) == application/problem+json* ]]
report $? "no token: 401 problem JSON with WWW-Authenticate: Bearer (got $HTTP_STATUS)"
get /api/v1/agents "$GOOD"
[[ $HTTP_STATUS == 200 ]] && jq -e 'type == "object" or type == "array"' <<<"$HTTP_BODY" >/dev/null
report $? "a valid v2 token of an allowed client: 200 (got $HTTP_STATUS)"
get /api/v1/agents "$(token "$(claims ".iss = \"$V1_ISS\" | del(.azp) | .appid = \"cli-app\"")")"
report "$([[ $HTTP_STATUS == 200 ]]; echo $?)" "a v1 token (sts.windows.net issuer, appid): 200 (got $HTTP_STATUS)"
for case in "expired:.exp = -120" "not yet valid:.nbf = 300" "another audience:.aud = \"api://other\"" \
    "another tenant:.iss = \"https://login.microsoftonline.com/other/v2.0\"" "a client not allowed:.azp = \"stranger\""; do
    get /api/v1/agents "$(token "$(claims "${case#*:}")")"
    [[ $HTTP_STATUS == 401 && $(header www-authenticate) == *'error="invalid_token"'* ]]
    report $? "${case%%:*}: 401 invalid_token (got $HTTP_STATUS, $(jq -r .detail <<<"$HTTP_BODY" 2>/dev/null))"
done
get /api/v1/agents "$(token "$(claims '.exp = 30')")"
report "$([[ $HTTP_STATUS == 200 ]]; echo $?)" "expiry within the 60 s leeway is accepted (got $HTTP_STATUS)"
FORGED=$(token k3 "$(claims)")
get /api/v1/agents "${FORGED%.*}.${GOOD##*.}"
report "$([[ $HTTP_STATUS == 401 ]]; echo $?)" "a token with another token's signature: 401 (got $HTTP_STATUS)"
get /api/v1/agents "not.a.token"
report "$([[ $HTTP_STATUS == 401 ]]; echo $?)" "garbage as a token: 401 (got $HTTP_STATUS)"
closed=""
for path in /api/v1/health /api/v1/readiness /health /ready /metrics /; do
    get "$path"
    [[ $HTTP_STATUS == 401 || $HTTP_STATUS == 000 ]] && closed+=" $path:$HTTP_STATUS"
done
report "$([[ -z $closed ]]; echo $?)" "probes, /metrics and the web pages answer without a token${closed:+ (refused:$closed)}"
get /api/v1/calls/callbacks "" -X POST -H 'Content-Type: application/json' --data '[]'
report "$([[ $HTTP_STATUS != 401 || $(header www-authenticate) != *switchboard* ]]; echo $?)" \
    "carrier callbacks are not behind the API token (they carry ACS's own; got $HTTP_STATUS)"

AGENT_BODY='{"name": "Edgy", "prompt": "You are Edgy.", "greeting": "Hi.", "tools": ["escalate_human"]}'
get "/api/v1/agent-builder/create?session_id=edge-1" "$GOOD" -X POST -H 'Content-Type: application/json' --data "$AGENT_BODY"
[[ $HTTP_STATUS == 403 && $(header www-authenticate) == *'error="insufficient_scope"'* ]]
report $? "a write without the Switchboard.Write role: 403 insufficient_scope (got $HTTP_STATUS)"
get "/api/v1/agent-builder/create?session_id=edge-1" "$WRITER" -X POST -H 'Content-Type: application/json' --data "$AGENT_BODY"
report "$([[ $HTTP_STATUS == 200 || $HTTP_STATUS == 201 ]]; echo $?)" "the same write with the role is made (got $HTTP_STATUS)"

# --- sockets ---------------------------------------------------------------------------------
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/browser/dashboard/relay")
[[ $close == "1008 not authenticated: a bearer token is required" ]]
report $? "a dashboard without a token is closed with 1008 and the reason (got: $close)"
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/browser/dashboard/relay?access_token=$GOOD")
report "$([[ $close == open* ]]; echo $?)" "a dashboard with access_token=<token> stays open (got: $close)"
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/browser/dashboard/relay" "access_token,$GOOD")
report "$([[ $close == "open access_token" ]]; echo $?)" \
    "a dashboard with Sec-WebSocket-Protocol: access_token, <token> stays open and gets access_token echoed (got: $close)"
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/browser/conversation?access_token=$(token "$(claims '.exp = -120')")")
report "$([[ $close == "1008 not authenticated: token expired"* ]]; echo $?)" \
    "a conversation with an expired token is closed with 1008 (got: $close)"
holders=()
for _ in 1 2 3; do
    "$PY" "$ROOT/Tests/e2e/ws_probe.py" record "$WS/api/v1/browser/dashboard/relay?access_token=$GOOD" /dev/null 6 &
    holders+=($!)
done
sleep 1.5
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/browser/dashboard/relay?access_token=$GOOD")
report "$([[ $close == "1013 "* ]]; echo $?)" "a fourth socket from one address (SB_MAX_SOCKETS_PER_IP=3) is closed with 1013 (got: $close)"
wait "${holders[@]}" 2>/dev/null

# --- CORS ------------------------------------------------------------------------------------
get /api/v1/agents "" -X OPTIONS -H "Origin: $FRONT" -H 'Access-Control-Request-Method: POST' \
    -H 'Access-Control-Request-Headers: authorization, content-type'
[[ $HTTP_STATUS == 204 && $(header access-control-allow-origin) == "$FRONT" && $(header access-control-allow-credentials) == true \
    && $(header access-control-allow-methods) == *POST* && $(header access-control-allow-headers) == *authorization* \
    && $(header access-control-max-age) == 86400 ]]
report $? "a preflight from a listed origin: 204 with its origin, credentials, methods and headers (got $HTTP_STATUS)"
get /api/v1/agents "" -H "Origin: $FRONT"
[[ $HTTP_STATUS == 401 && $(header access-control-allow-origin) == "$FRONT" && $(header access-control-expose-headers) == *WWW-Authenticate* ]]
report $? "an error answer to a listed origin carries the CORS headers, so the page can read the 401"
get /api/v1/agents "" -X OPTIONS -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: GET'
[[ $HTTP_STATUS == 403 && -z $(header access-control-allow-origin) ]]
report $? "a preflight from an origin not listed: 403, no CORS headers (got $HTTP_STATUS)"
get /api/v1/agents "$GOOD" -H 'Origin: https://evil.example'
report "$([[ -z $(header access-control-allow-origin) ]]; echo $?)" "a request from an origin not listed gets no CORS headers"

# --- rate limit: one bucket per client, shared by both gateways --------------------------------
# 30 requests alternating between the gateways with a burst of 20 at 2 a second: with one shared
# bucket about 20 pass (plus what refills meanwhile); with a bucket per gateway all 30 would.
LIMITED=$(token "$(claims '.oid = "burst-user"')")
codes=""
for i in $(seq 1 30); do
    target=$GW
    ((i % 2 == 0)) && target=$(url gateway-2 '')
    codes+=$(curl -s -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer $LIMITED" "$target/api/v1/agents")
done
passed=$(grep -o 200 <<<"$codes" | wc -l)
diag "30 requests alternating between the gateways: $codes"
get /api/v1/agents "$LIMITED"
GW=$(url gateway-2 '') get /api/v1/agents "$LIMITED"
[[ $passed -ge 20 && $passed -le 28 && $codes == *429* ]]
report $? "one client's bucket is shared by both gateways: $passed of 30 alternating requests passed (burst 20)"
[[ $HTTP_STATUS == 429 && $(header retry-after) =~ ^[0-9]+$ ]] && jq -e '.status == 429' <<<"$HTTP_BODY" >/dev/null
report $? "beyond it: 429 problem JSON with Retry-After $(header retry-after) (got $HTTP_STATUS)"
get /api/v1/agents "$GOOD"
report "$([[ $HTTP_STATUS == 200 ]]; echo $?)" "another client is not limited by it (got $HTTP_STATUS)"
sleep 1.2
get /api/v1/agents "$LIMITED"
report "$([[ $HTTP_STATUS == 200 ]]; echo $?)" "a second later the client has a token again (got $HTTP_STATUS)"
limited=$(curl -s "$GW/metrics" | awk '/^switchboard_gateway_rate_limited_total/ {print $2}')
report "$([[ ${limited:-0} -ge 1 ]]; echo $?)" "switchboard_gateway_rate_limited_total counts the refusals ($limited)"

# --- signing keys ------------------------------------------------------------------------------
fetches=$(grep -c '/discovery/v2.0/keys' "$WORK/entra.out")
discovery=$(grep -c 'openid-configuration' "$WORK/entra.out")
report "$([[ $fetches == 2 && $discovery == 2 ]]; echo $?)" \
    "each gateway found the key set through OpenID discovery once and kept it ($discovery discoveries, $fetches key sets)"
curl -s -X POST "$(url entra /rotate)" >/dev/null
ROTATED=$(token k2 "$(claims)")
# Unknown key ids refetch the set at most every 30 s: wait for that window to pass.
sleep "$(("${SB_EDGE_REFETCH_WAIT:-31}"))"
get /api/v1/agents "$ROTATED"
report "$([[ $HTTP_STATUS == 200 ]]; echo $?)" "after the tenant publishes a new key, a token signed with it is accepted (got $HTTP_STATUS)"
for i in 1 2 3; do get /api/v1/agents "$(token k3 "$(claims)")"; done
fetches_after=$(grep -c '/discovery/v2.0/keys' "$WORK/entra.out")
report "$([[ $HTTP_STATUS == 401 && $fetches_after == 3 ]]; echo $?)" \
    "tokens naming an unpublished key: 401, and the key set is not fetched again for each ($fetches_after fetches)"

# --- .env files and a clean failure at start ----------------------------------------------------
# A gateway started in a folder with .env and .env.local: the files configure it, the environment wins.
mkdir -p "$WORK/envdir"
printf 'SB_GATEWAY_PORT=1\nSB_RATE_LIMIT_BURST=3\nALLOWED_ORIGINS="https://from-env.example"\nSB_LOG_FORMAT=json\n' >"$WORK/envdir/.env"
printf 'SB_GATEWAY_PORT=%s\n' "${PORT[gateway-env]}" >"$WORK/envdir/.env.local"
(cd "$WORK/envdir" && sb_spawn "$WORK/gateway-env.log" REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" SB_HOST=127.0.0.1 \
    SB_RATE_LIMIT_BURST=5 SB_RATE_LIMIT_RPS=1 SB_AGENTS_URL="$(url agents '')" "$BIN_DIR/gateway" && echo "$SB_SPAWNED_PID" >"$WORK/gateway-env.pid")
ALL_PIDS+=("$(cat "$WORK/gateway-env.pid")")
sb_wait_http "$(url gateway-env /ready)" 30 >/dev/null 2>&1
report $? "a gateway takes its port from .env.local over .env"
GW=$(url gateway-env '') get /api/v1/agents "" -X OPTIONS -H 'Origin: https://from-env.example' -H 'Access-Control-Request-Method: GET'
report "$([[ $(header access-control-allow-origin) == https://from-env.example ]]; echo $?)" \
    "ALLOWED_ORIGINS comes from .env, its quotes removed ($(header access-control-allow-origin))"
# The address's bucket starts full: earlier refusals from this address were charged to it.
rcli_scan 'sb:ratelimit:*' | while read -r key; do rcli del "$key" >/dev/null; done
codes=""
for _ in 1 2 3 4 5 6 7; do codes+=$(curl -s -o /dev/null -w '%{http_code} ' "$(url gateway-env /api/v1/agents)"); done
report "$([[ $codes == "200 200 200 200 200 "*429* ]]; echo $?)" \
    "SB_RATE_LIMIT_BURST from the environment (5) wins over .env (3): $codes"
head -n 1 "$WORK/gateway-env.log" | jq -e '.time | test("^[0-9-]+T[0-9:.]+Z$")' >/dev/null
report $? "SB_LOG_FORMAT=json from .env: JSON log lines with a UTC time ($(head -c 120 "$WORK/gateway-env.log"))"
out=$(cd "$WORK/envdir" && REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" timeout 20 "$BIN_DIR/gateway" 2>&1)
status=$?
diag "second gateway on the same port: exit $status: $out"
[[ $status == 1 && $(grep -c . <<<"$out") -le 2 && $out == *"switchboard: cannot run the gateway service: 127.0.0.1:${PORT[gateway-env]} is already in use"* \
    && $out != *"Fatal error"* && $out != *"Backtrace"* ]]
report $? "starting a second gateway on the same port: exit 1 with one clear line, no backtrace"
out=$(REDIS_HOST=127.0.0.1 SB_GATEWAY_PORT=99999 SB_AGENTS_URL=ftp://x SB_STT_API_KEY=hunter2 SB_RATE_LIMIT_RPS=-1 timeout 20 "$BIN_DIR/gateway" 2>&1)
status=$?
[[ $status == 78 && $out == *SB_GATEWAY_PORT* && $out == *SB_AGENTS_URL* && $out == *SB_RATE_LIMIT_RPS* && $out != *hunter2* ]]
report $? "bad settings: exit 78 listing every problem at once (got $status)"

# --- no token in any log ------------------------------------------------------------------------
! grep -q -F -e "${GOOD##*.}" -e "${WRITER##*.}" "$WORK"/gateway*.log
report $? "no token appears in the gateways' logs"
