#!/usr/bin/env bash
# End-to-end test of live observability through the real executables: the dashboard relay (one
# session or all, across gateways, replay for late joiners, oldest-drop for a stalled dashboard),
# turn_metrics on the conversation socket, the metrics service (sessions, session, window summary,
# nothing lost across a restart; a second instance serves the same figures and stands in while the
# first is down) and the Prometheus names of every service.
# Ends with "e2e-observability: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=observability
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

require_binaries gateway media agents metrics switchboard-caller
allocate_ports redis agents metrics metrics-2 media-1 gateway-a gateway-b
REDIS_PORT=${PORT[redis]}
start_redis
report $? "redis-server starts on port $REDIS_PORT"
BACKENDS=(SB_AGENTS_URL="$(url agents "")" SB_METRICS_URL="$(url metrics "")")
start_service agents agents SB_AGENTS_PORT="${PORT[agents]}" "${AGENT_ENV[@]}"
start_metrics() { start_service metrics metrics SB_METRICS_PORT="${PORT[metrics]}"; }
start_metrics
start_service metrics-2 metrics SB_METRICS_PORT="${PORT[metrics-2]}" # a second instance, reading the same stream
start_service media-1 media SB_MEDIA_PORT="${PORT[media-1]}" SB_WORKER_ID=media-1 SB_STT_POOL_SIZE=2 "${AGENT_ENV[@]}"
start_service gateway-a gateway SB_GATEWAY_PORT="${PORT[gateway-a]}" "${BACKENDS[@]}"
# Gateway B has a tiny queue per dashboard, to show oldest-drop.
start_service gateway-b gateway SB_GATEWAY_PORT="${PORT[gateway-b]}" "${BACKENDS[@]}" SB_RELAY_QUEUE=8
for name in agents metrics metrics-2 media-1 gateway-a gateway-b; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done
WSA="ws://127.0.0.1:${PORT[gateway-a]}"
WSB="ws://127.0.0.1:${PORT[gateway-b]}"
PROBE=(/usr/bin/python3 "$ROOT/Tests/e2e/ws_probe.py")
probe() { "${PROBE[@]}" "$@"; }
wait_connected() { local file=$1 n; for n in $(seq 1 100); do grep -q '^# connected' "$file" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
SID="obs-$RANDOM$RANDOM"

# --- the relay: a call through gateway A, watched from gateway B --------------------------------------
"${PROBE[@]}" record "$WSB/api/v1/browser/dashboard/relay?session_id=$SID" "$WORK/relay-one.txt" 60 &
ONE=$!
"${PROBE[@]}" record "$WSB/api/v1/realtime/dashboard/relay" "$WORK/relay-all.txt" 60 &
ALL=$!
ALL_PIDS+=("$ONE" "$ALL")
wait_connected "$WORK/relay-one.txt" && wait_connected "$WORK/relay-all.txt"
report $? "two dashboards connect to gateway B (one session, and all sessions through the realtime alias)"
out=$("$BIN_DIR/switchboard-caller" --url "$WSA" --protocol acs --session-id "$SID" --say "I lost my card" 2>&1)
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* ]]
report $? "a phone call through gateway A is answered"
one_has() { grep -q "$1" "$WORK/relay-one.txt"; }
settled() { one_has '"event_type":"session_ended"'; }
poll_until 10 0.2 settled
one_has '"event_type":"session_started"' && one_has '"event_type":"session_ended"'
report $? "the session's dashboard on gateway B sees the session start and end"
grep '"type":"user"' "$WORK/relay-one.txt" | grep -qiE '"content":"i lost my card\.?"'
report $? "… the caller's transcript"
one_has '"sender":"AuthAgent"' && one_has '"event_type":"agent_change"' && one_has '"type":"tool_start"'
report $? "… the hand-off, the tool call and the new agent's text"
metrics_line=$(grep '"type":"turn_metrics"' "$WORK/relay-one.txt" | head -n 1)
[[ -n $metrics_line ]] && jq -e '(.e2e_latency_ms | type == "number") and .turn_number == 1 and (.stt_latency_ms | type == "number")' \
    <<<"$metrics_line" >/dev/null
report $? "… turn_metrics with the stage latencies ($(jq -c '{stt_latency_ms, llm_ttft_ms, tts_ttfb_ms, e2e_latency_ms}' <<<"$metrics_line" 2>/dev/null))"
[[ $(grep -c "\"session_id\":\"$SID\"" "$WORK/relay-all.txt") -ge $(($(grep -vc '^#' "$WORK/relay-one.txt") - 1)) ]]
report $? "the all-sessions dashboard gets the same session's envelopes"
kill "$ONE" "$ALL" 2>/dev/null
wait "$ONE" "$ALL" 2>/dev/null

probe record "$WSA/api/v1/browser/dashboard/relay?session_id=$SID" "$WORK/late.txt" 3
stored=$(rcli xlen "sb:session:{$SID}:events")
replayed=$(grep -vc '^#' "$WORK/late.txt")
[[ $replayed -gt 5 && $replayed == "$stored" && -z $(grep -v '^#' "$WORK/late.txt" | sort | uniq -d) ]]
report $? "a late dashboard gets the session's $stored stored envelopes replayed, once each (got $replayed)"
head -n 2 "$WORK/late.txt" | tail -n 1 | grep -q '"event_type":"session_started"'
report $? "… oldest first"
close=$(probe close "$WSA/api/v1/browser/dashboard/relay?session_id=bad%20id")
[[ $close == 1008*"invalid session_id"* ]]
report $? "an invalid session_id is refused with close 1008 and a reason (got '$close')"

# --- a stalled dashboard: oldest messages dropped, the publisher never waits ---------------------------
"${PROBE[@]}" stall "$WSB/api/v1/browser/dashboard/relay?session_id=flood" 4 >"$WORK/stall.txt" &
STALL=$!
ALL_PIDS+=("$STALL")
wait_connected "$WORK/stall.txt"
pad=$(printf 'x%.0s' $(seq 1 2000))
started=$(sb_now_ms)
for i in $(seq 1 20000); do echo "SPUBLISH sb:relay:{flood} '{\"n\":$i,\"pad\":\"$pad\"}'"; done | rcli >/dev/null
published=$(($(sb_now_ms) - started))
wait "$STALL"
received=$(awk '/^received/ { print $2 }' "$WORK/stall.txt")
[[ -n $received && $received -lt 20000 ]] && grep -q '"n":20000' "$WORK/stall.txt"
report $? "a stalled dashboard loses the oldest of 20000 messages (received $received) but gets the newest; publishing took $published ms"
http_get "$(url gateway-b /metrics)"
dropped=$(awk '/^switchboard_gateway_relay_dropped_total/ { s += $2 } END { print s + 0 }' <<<"$HTTP_BODY")
[[ ${dropped%.*} -gt 0 ]]
report $? "gateway B counts the dropped messages (switchboard_gateway_relay_dropped_total $dropped)"

# --- turn_metrics on the conversation socket ------------------------------------------------------------
TYPED="obs-typed-$RANDOM"
line=$(probe converse "$WSA/api/v1/browser/conversation?session_id=$TYPED&scenario=banking" "I lost my card" 30)
jq -e --arg s "$TYPED" '.type == "turn_metrics" and .session_id == $s and (.e2e_latency_ms | type == "number") and (.barge_in == false)' \
    <<<"$line" >/dev/null
report $? "the conversation socket gets turn_metrics after a typed turn"

# --- the metrics service -----------------------------------------------------------------------------------
summary_ok() {
    http_get "$(url gateway-a '/api/v1/metrics/summary?window_minutes=5')"
    [[ $HTTP_STATUS == 200 && $(body_jq '.turn_count') -ge 2 ]]
}
poll_until 10 0.3 summary_ok
report $? "GET /api/v1/metrics/summary?window_minutes=5 counts the turns ($(body_jq '.turn_count'))"
jq -e '.latency.e2e.count >= 2 and (.latency.e2e.p50_ms | type == "number") and (.latency.e2e.p95_ms | type == "number")
    and (.latency.stt.p99_ms | type == "number") and (.latency.llm_ttft.p50_ms | type == "number") and .session_count >= 2
    and .window_minutes == 5 and (.token_usage.input_tokens >= 1)' <<<"$HTTP_BODY" >/dev/null
report $? "… with p50/p95/p99 per stage, sessions and tokens ($(body_jq -c '.latency.e2e'))"
TURNS_BEFORE=$(body_jq '.turn_count')
http_get "$(url gateway-a "/api/v1/metrics/session/$SID?include_turns=true")"
[[ $HTTP_STATUS == 200 ]] && jq -e '.turn_count == 1 and .transport_type == "ACS" and .status == "completed"
    and (.turns[0].e2e_latency_ms | type == "number") and (.latency_summary.e2e.p50_ms | type == "number")
    and (.latency_breakdown | length) >= 3 and .session_duration_ms > 0' <<<"$HTTP_BODY" >/dev/null
report $? "GET /api/v1/metrics/session/{id}?include_turns=true has the call's turn, breakdown and status"
http_get "$(url gateway-a /api/v1/metrics/sessions)"
jq -e --arg s "$SID" '.sessions | map(select(.session_id == $s and .status == "completed")) | length == 1' <<<"$HTTP_BODY" >/dev/null
report $? "GET /api/v1/metrics/sessions lists the call as completed"
http_get "$(url gateway-a '/api/v1/metrics/summary?window_minutes=0')"
[[ $HTTP_STATUS == 422 ]] && is_problem_json
report $? "window_minutes=0 is a 422 problem"
http_get "$(url gateway-a /api/v1/metrics/session/nobody-here)"
[[ $HTTP_STATUS == 404 ]] && is_problem_json
report $? "an unknown session is a 404 problem"

kill -9 "${PID[metrics]}"
exit_status "${PID[metrics]}"
line=$(probe converse "$WSA/api/v1/browser/conversation?session_id=obs-while-down-$RANDOM&scenario=banking" "I lost my card" 30)
[[ -n $line ]]
report $? "a turn is taken while the metrics service is down (kill -9)"
turns_of() {
    http_get "$(url "$1" '/api/v1/metrics/summary?window_minutes=5')"
    [[ $HTTP_STATUS == 200 ]] && body_jq '.turn_count'
}
stood_in() { [[ $(turns_of metrics-2) == $((TURNS_BEFORE + 1)) ]]; }
poll_until 15 0.3 stood_in
report $? "the second metrics instance has every turn meanwhile: $TURNS_BEFORE before, plus that one ($(turns_of metrics-2))"
start_metrics
sb_wait_http "$(url metrics /ready)" 60 >/dev/null 2>&1
restored() {
    http_get "$(url metrics '/api/v1/metrics/summary?window_minutes=5')"
    [[ $HTTP_STATUS == 200 && $(body_jq '.turn_count') == $((TURNS_BEFORE + 1)) ]]
}
poll_until 15 0.3 restored
report $? "after a restart the summary has every turn: $TURNS_BEFORE before, plus the one taken while it was down ($(body_jq '.turn_count'))"
first=$(turns_of metrics)
second=$(turns_of metrics-2)
[[ -n $first && $first == "$second" ]]
report $? "both metrics instances count the same turns, none twice ($first and $second)"

# --- Prometheus on every service -------------------------------------------------------------------------
scrape_has() {
    http_get "$(url "$1" /metrics)"
    [[ $HTTP_STATUS == 200 && $HTTP_CT == text/plain* ]] || return 1
    local name
    for name in "${@:2}"; do grep -q "^$name" <<<"$HTTP_BODY" || return 1; done
}
scrape_has gateway-a switchboard_gateway_active_calls switchboard_gateway_calls_total http_server_request_duration
report $? "gateway /metrics: active calls, calls, request durations"
scrape_has media-1 switchboard_media_frames_in_total switchboard_media_frames_out_total switchboard_media_active_sessions \
    switchboard_media_capacity_sessions switchboard_turn_e2e_latency_seconds_bucket switchboard_turn_stt_latency_seconds_bucket
report $? "media /metrics: frames in/out, sessions, capacity, per-stage latency histograms"
scrape_has metrics switchboard_metrics_events_consumed_total
report $? "metrics /metrics: telemetry consumed"
scrape_has agents http_server_request_duration
report $? "agents /metrics: request durations"
