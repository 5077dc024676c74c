#!/usr/bin/env bash
# End-to-end test of telephony through the real executables, against a fake ACS Call Automation
# service (Tests/e2e/fake_acs.py: the documented REST, every HMAC signature verified, callbacks
# signed with its own RS256 key) and a fake Twilio (Tests/e2e/twilio_caller.py: a signed webhook,
# then Media Streams with μ-law audio and marks):
#   configuration (exit 78 without ACS_RESOURCE_ID, 503 naming what is missing), Event Grid
#   validation, an inbound call answered → media socket (ACS's token) → greeting → spoken turn,
#   callbacks with valid, missing, expired and wrong-audience tokens, DTMF as one agent turn,
#   outbound calls (signed createCall, retried on 503 without a second call, recording), the
#   agent's transfer and hang-up, terminate, CallDisconnected ending the media session, bad input
#   (4xx, never 5xx), and a Twilio call with marks and barge-in.
# Ends with "e2e-telephony: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=telephony
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

PY=/usr/bin/python3 # Debian's: python3-websockets, python3-cryptography, python3-jwt
require_binaries gateway media switchboard-caller
allocate_ports redis media-1 gateway acs gateway-plain
REDIS_PORT=${PORT[redis]}
ACCESS_KEY=$(head -c 32 /dev/urandom | base64)
AUDIENCE=acs-resource-$RANDOM
TWILIO_TOKEN=twilio-$RANDOM-$RANDOM
ACS_LOG=$WORK/acs-requests.jsonl
KEYS=$WORK/acs-keys
GW=$(url gateway '')
ACS=$(url acs '')
SOURCE_NUMBER=+15550100000
CALL_CENTER=+18005550100

start_redis
report $? "redis-server starts on port $REDIS_PORT"
sb_spawn "$WORK/fake-acs.log" "$PY" "$ROOT/Tests/e2e/fake_acs.py" serve --port "${PORT[acs]}" --access-key "$ACCESS_KEY" \
    --log "$ACS_LOG" --key-dir "$KEYS" --audience "$AUDIENCE"
ALL_PIDS+=("$SB_SPAWNED_PID")
start_service media-1 media SB_MEDIA_PORT="${PORT[media-1]}" SB_WORKER_ID=media-1 SB_STT_POOL_SIZE=2 SB_DTMF_PAUSE_MS=800 \
    "${AGENT_ENV[@]}"
TELEPHONY_ENV=(
    ACS_CONNECTION_STRING="endpoint=$ACS/;accesskey=$ACCESS_KEY" ACS_SOURCE_PHONE_NUMBER=$SOURCE_NUMBER BASE_URL="$GW"
    ACS_RESOURCE_ID="$AUDIENCE" ACS_CALLBACK_JWKS_URL="$ACS/calling/keys" TWILIO_AUTH_TOKEN="$TWILIO_TOKEN"
    DTMF_VALIDATION_ENABLED=true SB_ACS_TIMEOUT_MS=3000
)
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_AGENTS_URL=http://127.0.0.1:1 SB_METRICS_URL=http://127.0.0.1:1 \
    "${TELEPHONY_ENV[@]}"
start_service gateway-plain gateway SB_GATEWAY_PORT="${PORT[gateway-plain]}" SB_AGENTS_URL=http://127.0.0.1:1 \
    SB_METRICS_URL=http://127.0.0.1:1
for name in media-1 gateway gateway-plain; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done
sb_wait_http "$ACS/calling/keys" 10 >/dev/null 2>&1
report $? "the fake ACS serves its signing keys"

WS="ws://127.0.0.1:${PORT[gateway]}"
token() { "$PY" "$ROOT/Tests/e2e/fake_acs.py" token --key-dir "$KEYS" --audience "${1:-$AUDIENCE}" "${@:2}"; }
# acs_requests JQ_FILTER: the fake ACS's request log entries matching a jq select expression
acs_requests() { jq -c "select($1)" "$ACS_LOG" 2>/dev/null; }
# callback CALL_ID TYPE TOKEN_KIND [EXTRA_DATA_JSON]: the fake ACS posts a signed callback; sets CB_STATUS, CB_BODY
callback() {
    local out
    out=$(curl -s --max-time 10 -X POST "$ACS/_fake/callback" -H 'Content-Type: application/json' \
        -d "{\"call_id\":\"$1\",\"type\":\"$2\",\"token\":\"$3\",\"data\":${4:-{\}}}")
    CB_STATUS=$(jq -r '.status' <<<"$out" 2>/dev/null)
    CB_BODY=$(jq -r '.body' <<<"$out" 2>/dev/null)
}
post_json() { http_send POST "$GW$1" "$2"; }
# call_in_background CALL_ID OUT LINE...: ACS opens the call's media stream (with its token) and a
# simulated caller speaks the lines; its pid in CALLER_PID
call_in_background() {
    local call=$1 out=$2 line args=()
    shift 2
    for line in "$@"; do args+=(--say "$line"); done
    "$BIN_DIR/switchboard-caller" --url "$WS" --protocol acs --call-id "$call" --header "Authorization: Bearer $MEDIA_TOKEN" \
        "${args[@]}" >"$out" 2>&1 &
    CALLER_PID=$!
    ALL_PIDS+=("$CALLER_PID")
}
# wait_for_caller_words SESSION: until the session's first transcript of the caller (20 s at most)
wait_for_caller_words() {
    local _
    for _ in $(seq 1 100); do
        events_of "$1" | grep -q '"sender":"User"' && return 0
        sleep 0.2
    done
    return 1
}

# --- configuration --------------------------------------------------------------------------------
rc=0
ACS_CONNECTION_STRING="endpoint=$ACS;accesskey=$ACCESS_KEY" REDIS_PORT=$REDIS_PORT SB_GATEWAY_PORT=$(sb_free_port) \
    timeout 20 "$BIN_DIR/gateway" >"$WORK/no-resource.out" 2>&1 || rc=$?
[[ $rc == 78 ]] && grep -q ACS_RESOURCE_ID "$WORK/no-resource.out"
report $? "ACS without ACS_RESOURCE_ID stops the gateway at start (exit $rc, names ACS_RESOURCE_ID)"
http_send POST "$(url gateway-plain /api/v1/calls/initiate)" '{"target_number":"+15550123456"}'
[[ $HTTP_STATUS == 503 ]] && is_problem_json && [[ $(body_jq .detail) == *ACS_CONNECTION_STRING*ACS_SOURCE_PHONE_NUMBER*BASE_URL* ]]
report $? "without ACS, initiate is 503 problem JSON naming the missing variables ($(body_jq .detail))"
http_send POST "$(url gateway-plain /api/v1/twilio/voice)" ''
[[ $HTTP_STATUS == 503 && $(body_jq .detail) == *TWILIO_AUTH_TOKEN* ]]
report $? "without Twilio settings, the Twilio webhook is 503 naming TWILIO_AUTH_TOKEN"

# --- Event Grid: validation handshake, then an incoming call ------------------------------------------
post_json /api/v1/calls/answer '[{"id":"1","topic":"/t","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://x"},"eventTime":"2026-11-30T08:00:00Z","metadataVersion":"1","dataVersion":"1"}]'
[[ $HTTP_STATUS == 200 && $(body_jq .validationResponse) == 512d38b6-c7b8-40c8-89fe-f46f9e9622b6 ]]
report $? "Event Grid subscription validation answers the validation code"
INCOMING='[{"id":"2","topic":"/t","subject":"/caller/4:+15557654321/recipient/4:+15550100000","eventType":"Microsoft.Communication.IncomingCall","data":{"to":{"kind":"PhoneNumber","rawId":"4:+15550100000","phoneNumber":{"value":"+15550100000"}},"from":{"kind":"PhoneNumber","rawId":"4:+15557654321","phoneNumber":{"value":"+15557654321"}},"callerDisplayName":"","incomingCallContext":"eyJhbGciOiJub25lIn0.eyJjYyI6MX0.","serverCallId":"srv-in-1","correlationId":"corr-1"},"eventTime":"2026-11-30T08:00:00Z","dataVersion":"1.0","metadataVersion":"1"}]'
post_json /api/v1/calls/answer "$INCOMING"
IN_CALL=$(body_jq .call_connection_id)
[[ $HTTP_STATUS == 200 && $(body_jq .status) == "call answered" && $(body_jq .caller_id) == +15557654321 && -n $IN_CALL ]]
report $? "IncomingCall is answered: call $IN_CALL from +15557654321"
answer=$(acs_requests '.path | startswith("/calling/callConnections:answer")' | tail -n 1)
[[ $(jq -r .signature_ok <<<"$answer") == true && $(jq -r .body.incomingCallContext <<<"$answer") == eyJ* ]] &&
    [[ $(jq -r .body.mediaStreamingOptions.transportUrl <<<"$answer") == "$WS/api/v1/media/stream" ]] &&
    [[ $(jq -r '.body.mediaStreamingOptions | "\(.audioFormat) \(.enableBidirectional) \(.transportType)"' <<<"$answer") == "pcm16KMono true websocket" ]] &&
    [[ $(jq -r .body.callbackUri <<<"$answer") == "$GW/api/v1/calls/callbacks" && $(jq -r .query <<<"$answer") == *api-version=2025-05-15* ]]
report $? "answerCall is HMAC-signed and streams bidirectional PCM 16 kHz to BASE_URL's media socket"

# --- callbacks: authentication ------------------------------------------------------------------------
for kind in missing expired wrong-audience garbage; do
    callback "$IN_CALL" CallConnected "$kind"
    [[ $CB_STATUS == 401 ]]
    report $? "a callback with a $kind token is 401 (got $CB_STATUS)"
done
callback "$IN_CALL" CallConnected valid
[[ $CB_STATUS == 200 && $(jq -r .processed_events <<<"$CB_BODY") == 1 ]]
report $? "CallConnected with ACS's valid token is processed"
http_get "$GW/api/v1/calls?status_filter=connected"
[[ $HTTP_STATUS == 200 ]] && body_jq '.calls[].call_id' | grep -qx "$IN_CALL"
report $? "GET /api/v1/calls lists the inbound call as connected"
sleep 0.5
dtmf_start=$(acs_requests '.path | contains(":startContinuousDtmfRecognition")' | tail -n 1)
[[ $(jq -r '.body.targetParticipant.phoneNumber.value' <<<"$dtmf_start") == +15557654321 ]]
report $? "DTMF_VALIDATION_ENABLED starts continuous DTMF recognition for the caller on CallConnected"

# --- the media stream ACS opens: token required; greeting and a spoken turn --------------------------
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/media/stream?call_connection_id=$IN_CALL")
[[ $close == 1008* ]]
report $? "a media stream without ACS's token is closed with 1008 ($close)"
MEDIA_TOKEN=$(token "$AUDIENCE" --exp-offset 86400)
call_in_background "$IN_CALL" "$WORK/inbound.out" "I lost my card" "my name is Jane Doe and the last four are one two three four"
# While the call runs: keys pressed on the phone (Call Automation's DTMF callbacks) become one turn.
wait_for_caller_words "media_$IN_CALL"
for tone in one two three four pound; do
    callback "$IN_CALL" ContinuousDtmfRecognitionToneReceived valid "{\"tone\":\"$tone\",\"sequenceId\":1}"
done
wait "$CALLER_PID"
status=$?
sed 's/^/# /' "$WORK/inbound.out"
[[ $status == 0 ]] && grep -q "turns answered: 2/2" "$WORK/inbound.out" && [[ $(grep -oE 'greeting [0-9]+' "$WORK/inbound.out" | cut -d' ' -f2) -gt 50 ]]
report $? "the answered call's media stream is greeted and both spoken requests are answered"
events=$(events_of "media_$IN_CALL")
grep -q '"event_type":"call_connected"' <<<"$events" && grep -qiE '"content":"i lost my card\.?"' <<<"$events"
report $? "the session (media_<call id>) relay stream has call_connected and the caller's transcript"
grep -q '"content":"1234"' <<<"$events"
report $? "DTMF tones 1 2 3 4 # reach the agent as one turn (“1234”)"

# --- callbacks: bad input is 4xx, unknown types are acknowledged ------------------------------------
post_json /api/v1/calls/callbacks '{not json'
[[ $HTTP_STATUS == 401 ]]
report $? "an unauthenticated callback is 401 before its body is read"
BEARER=$(token)
cb_send() {
    local out args=(-s -o "$WORK/body" -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $BEARER")
    out=$(curl "${args[@]}" --data-binary "$1" "$GW/api/v1/calls/callbacks" 2>/dev/null) || true
    HTTP_STATUS=$out
    HTTP_BODY=$(cat "$WORK/body" 2>/dev/null)
}
cb_send '{not json'
[[ $HTTP_STATUS == 400 ]]
report $? "a malformed callback body is 400"
cb_send '[]'
[[ $HTTP_STATUS == 400 ]]
report $? "an empty event array is 400"
cb_send '[{"type":"Microsoft.Communication.CallConnected","data":{"callConnectionId":"no-such-call"}}]'
[[ $HTTP_STATUS == 404 ]]
report $? "a callback for an unknown call id is 404"
cb_send "[{\"type\":\"Microsoft.Communication.SomethingNew\",\"data\":{\"callConnectionId\":\"$IN_CALL\"}}]"
[[ $HTTP_STATUS == 200 && $(body_jq .processed_events) == 1 ]]
report $? "a well-formed event of a type not handled is acknowledged (200)"
http_get "$GW/metrics"
grep -qE '^switchboard_gateway_call_events_total\{type="other"\} [1-9]' <<<"$HTTP_BODY" &&
    grep -qE '^switchboard_gateway_callback_auth_failures_total [1-9]' <<<"$HTTP_BODY"
report $? "ignored call events and refused callback tokens are counted in /metrics"
post_json /api/v1/calls/answer '[{"eventType":"Microsoft.Communication.IncomingCall","data":{}}]'
[[ $HTTP_STATUS == 422 ]]
report $? "an IncomingCall without incomingCallContext is 422"
post_json /api/v1/calls/answer '{"oops":true}'
[[ $HTTP_STATUS == 400 ]]
report $? "an Event Grid body without eventType is 400"

# --- outbound calls ------------------------------------------------------------------------------------
post_json /api/v1/calls/initiate '{"target_number":"5550123"}'
[[ $HTTP_STATUS == 422 ]] && is_problem_json
report $? "initiate with a number that is not E.164 is 422"
post_json /api/v1/calls/initiate '{"target_number":"+15550123456","streaming_mode":"voice_live"}'
[[ $HTTP_STATUS == 503 ]] && is_problem_json && [[ $(body_jq .detail) == *SB_REALTIME_URL* ]]
report $? "initiate with voice_live while no worker offers it is 503 naming SB_REALTIME_URL"
curl -s -X POST "$ACS/_fake/fail" -H 'Content-Type: application/json' -d '{"status":503,"count":1,"retry_after":1}' >/dev/null
post_json /api/v1/calls/initiate '{"target_number":"+15550123456","record_call":true,"context":{"browser_session_id":"tel-browser-1"}}'
OUT_CALL=$(body_jq .call_id)
[[ $HTTP_STATUS == 200 && $(body_jq .status) == initiating && $(body_jq .details.recording_enabled) == true && -n $OUT_CALL ]]
report $? "initiate places call $OUT_CALL (recording requested)"
creates=$(acs_requests '.path | startswith("/calling/callConnections?")')
[[ $(wc -l <<<"$creates") == 2 && $(jq -r .status <<<"$creates" | tr '\n' ' ') == "503 201 " ]] &&
    [[ $(jq -r '.headers["repeatability-request-id"]' <<<"$creates" | sort -u | wc -l) == 1 ]]
report $? "a 503 from ACS is retried after Retry-After with the same Repeatability-Request-ID (one call placed)"
create=$(tail -n 1 <<<"$creates")
[[ $(jq -r .signature_ok <<<"$create") == true && $(jq -r '.body.targets[0].phoneNumber.value' <<<"$create") == +15550123456 ]] &&
    [[ $(jq -r .body.sourceCallerIdNumber.value <<<"$create") == "$SOURCE_NUMBER" && $(jq -r .body.mediaStreamingOptions.transportUrl <<<"$create") == "$WS/api/v1/media/stream" ]]
report $? "createCall is HMAC-signed, from ACS_SOURCE_PHONE_NUMBER, with media streaming to BASE_URL"
http_get "$GW/api/v1/calls?status_filter=initiating"
body_jq '.calls[] | "\(.call_id) \(.session_id) \(.direction)"' | grep -qx "$OUT_CALL tel-browser-1 outbound"
report $? "the outbound call is listed, mapped to the browser session"
callback "$OUT_CALL" CallConnected valid
sleep 0.5
[[ $(acs_requests '.path | startswith("/calling/recordings")' | tail -n 1 | jq -r .body.callLocator.serverCallId) != "" ]]
report $? "recording starts on CallConnected when requested (POST /calling/recordings with the server call id)"
grep -q '"event_type":"call_connected"' <<<"$(events_of tel-browser-1)"
report $? "CallConnected reaches the browser session's relay stream"

# --- the agent transfers the call, and hangs up after its goodbye --------------------------------------
call_in_background "$OUT_CALL" "$WORK/outbound.out" "please transfer me to the call center" "goodbye"
wait "$CALLER_PID"
sed 's/^/# /' "$WORK/outbound.out"
events=$(events_of tel-browser-1)
grep -q '"tool":"transfer_call"' <<<"$events" &&
    [[ $(acs_requests '.path | contains(":transferToParticipant")' | tail -n 1 | jq -r .body.targetParticipant.phoneNumber.value) == "$CALL_CENTER" ]]
report $? "transfer_call really transfers: transferToParticipant to $CALL_CENTER after the agent's line"
grep -q '"tool":"end_call"' <<<"$events" && acs_requests ".path | contains(\"$OUT_CALL:terminate\")" | grep -q .
report $? "end_call hangs up for everyone (:terminate) after the goodbye has played"

# --- terminate and CallDisconnected -----------------------------------------------------------------
post_json /api/v1/calls/terminate '{"call_id":"no-such-call"}'
[[ $HTTP_STATUS == 404 ]]
report $? "terminate of a call ACS does not know is 404"
post_json /api/v1/calls/terminate '{}'
[[ $HTTP_STATUS == 422 ]]
report $? "terminate without call_id is 422"
post_json /api/v1/calls/answer "${INCOMING/srv-in-1/srv-in-2}"
CALL3=$(body_jq .call_connection_id)
callback "$CALL3" CallConnected valid
call_in_background "$CALL3" "$WORK/hangup.out" "I lost my card" "I lost my card" "I lost my card"
wait_for_caller_words "media_$CALL3"
post_json /api/v1/calls/terminate "{\"call_id\":\"$CALL3\",\"reason\":\"normal\"}"
[[ $HTTP_STATUS == 200 && $(body_jq .status) == terminated ]] && acs_requests ".path | contains(\"$CALL3:terminate\")" | grep -q .
report $? "terminate hangs the call up through ACS (:terminate)"
callback "$CALL3" CallDisconnected valid
for _ in $(seq 1 150); do # up to 30 s: CI runs two suites at once
    sb_pid_alive "$CALLER_PID" || break
    sleep 0.2
done
! sb_pid_alive "$CALLER_PID"
report $? "the call's media session ends when the call is disconnected"
events=$(events_of "media_$CALL3")
grep -q '"event_type":"call_disconnected"' <<<"$events" && grep -q '"event_type":"session_ended"' <<<"$events"
report $? "the relay stream has call_disconnected and session_ended"
http_get "$GW/api/v1/calls?status_filter=disconnected&limit=100"
body_jq '.calls[].call_id' | grep -qx "$CALL3"
report $? "GET /api/v1/calls shows the call disconnected"

# --- Twilio ------------------------------------------------------------------------------------------
out=$("$PY" "$ROOT/Tests/e2e/twilio_caller.py" --base "$GW" --public-base "$GW" --auth-token "$TWILIO_TOKEN" --bad-signature 2>&1)
report $? "a Twilio webhook with a wrong X-Twilio-Signature is 403 ($out)"
"$PY" "$ROOT/Tests/e2e/twilio_caller.py" --base "$GW" --public-base "$GW" --auth-token "$TWILIO_TOKEN" --call-sid CAe2e0000000000000000000000000001 \
    --say "I lost my card" >"$WORK/twilio.out" 2>&1
status=$?
sed 's/^/# /' "$WORK/twilio.out"
[[ $status == 0 ]] && grep -q 'turn 1: answered' "$WORK/twilio.out" && grep -qE 'sid_ok=true' "$WORK/twilio.out"
report $? "a Twilio call (signed webhook → TwiML → Media Streams, μ-law) is greeted and answered"
marks=$(grep -oE 'marks=[0-9]+' "$WORK/twilio.out" | cut -d= -f2)
echoed=$(grep -oE 'echoed=[0-9]+' "$WORK/twilio.out" | cut -d= -f2)
[[ ${marks:-0} -ge 2 && ${echoed:-0} -ge 2 ]]
report $? "a mark follows each sentence and Twilio's echoes come back (marks $marks, echoed $echoed)"
grep -q '"sender":"User"' <<<"$(events_of twilio_CAe2e0000000000000000000000000001)"
report $? "the Twilio call's session has the caller's transcript"
"$PY" "$ROOT/Tests/e2e/twilio_caller.py" --base "$GW" --public-base "$GW" --auth-token "$TWILIO_TOKEN" --call-sid CAe2e0000000000000000000000000002 \
    --barge-in --say "I lost my card" >"$WORK/twilio-barge.out" 2>&1
status=$?
sed 's/^/# /' "$WORK/twilio-barge.out"
[[ $status == 0 ]] && grep -q 'barge-in: clear received' "$WORK/twilio-barge.out"
report $? "talking over the agent on Twilio sends clear"
greeting_of() {
    rcli lrange "sb:session:{$1}:history" 0 -1 2>/dev/null | jq -r 'select(.role == "assistant") | .content' | head -n 1
}
full=$(greeting_of twilio_CAe2e0000000000000000000000000001)
cut=$(greeting_of twilio_CAe2e0000000000000000000000000002)
[[ -n $full && ${#cut} -lt ${#full} ]]
report $? "history keeps what the Twilio caller heard: the greeting played to its mark stays whole (${#full} chars), the one cleared by the barge-in is cut (${#cut} chars)"
http_get "$GW/api/v1/calls?limit=100"
[[ $(body_jq '[.calls[] | select(.carrier == "twilio" and .status == "disconnected")] | length') -ge 2 ]]
report $? "Twilio calls are listed, disconnected once their stream stopped"
close=$("$PY" "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/twilio/stream")
[[ $close == open || $close == 1* ]]
report $? "a Twilio stream without a start is held open until it starts (no crash)"
sb_pid_alive "${PID[gateway]}" && sb_pid_alive "${PID[media-1]}"
report $? "gateway and media worker are still running"
exit $((FAILED > 0))
