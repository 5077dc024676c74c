#!/usr/bin/env bash
# End-to-end test of OpenTelemetry traces: the gateway and a media worker export spans over
# OTLP/HTTP (binary protobuf, the default) to a stand-in collector; one call is one trace — the gateway's voice.call, the
# worker's voice.session continuing it from the start frame's traceparent, a voice.turn per turn
# with the stage latencies — and the telemetry stream in Redis carries the same trace context.
# Ends with "e2e-tracing: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=tracing
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

require_binaries gateway media switchboard-caller
allocate_ports redis media-1 gateway collector
REDIS_PORT=${PORT[redis]}
start_redis
report $? "redis-server starts on port $REDIS_PORT"
SPANS=$WORK/spans.jsonl
/usr/bin/python3 "$ROOT/Tests/e2e/otlp_collector.py" "${PORT[collector]}" "$SPANS" &
ALL_PIDS+=("$!")
OTEL=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:${PORT[collector]}" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
    OTEL_BSP_SCHEDULE_DELAY=200)
start_service media-1 media SB_MEDIA_PORT="${PORT[media-1]}" SB_WORKER_ID=media-1 SB_STT_POOL_SIZE=1 "${AGENT_ENV[@]}" "${OTEL[@]}"
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_AGENTS_URL=http://127.0.0.1:1 SB_METRICS_URL=http://127.0.0.1:1 \
    "${OTEL[@]}"
for name in media-1 gateway; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done
grep -q "OpenTelemetry traces on" "$WORK/gateway.log" && grep -q "OpenTelemetry traces on" "$WORK/media-1.log"
report $? "with OTEL_EXPORTER_OTLP_ENDPOINT set, the gateway and the worker export traces"

SID="trace-$RANDOM$RANDOM"
out=$("$BIN_DIR/switchboard-caller" --url "ws://127.0.0.1:${PORT[gateway]}" --protocol acs --session-id "$SID" --say "I lost my card" 2>&1)
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* ]]
report $? "a phone call is answered"
spans() { jq -s "$@" "$SPANS" 2>/dev/null; }
exported() { [[ $(spans '[.[] | select(.name == "voice.call" or .name == "voice.turn")] | length') -ge 2 ]]; }
poll_until 15 0.3 exported
call=$(spans -c --arg s "$SID" '[.[] | select(.name == "voice.call" and .attributes["session.id"] == $s)] | first')
[[ $call != null && $(jq -r .service <<<"$call") == switchboard-gateway ]]
report $? "the gateway exports a voice.call span for the call ($(jq -c '{service, traceId}' <<<"$call" 2>/dev/null))"
TRACE=$(jq -r .traceId <<<"$call" 2>/dev/null)
CALL_SPAN=$(jq -r .spanId <<<"$call" 2>/dev/null)
session=$(spans -c --arg t "$TRACE" '[.[] | select(.name == "voice.session" and .traceId == $t)] | first')
[[ $session != null && $(jq -r .service <<<"$session") == switchboard-media && $(jq -r .parentSpanId <<<"$session") == "$CALL_SPAN" ]]
report $? "the worker's voice.session continues the call's trace, as a child of voice.call (traceparent in the start frame)"
turn=$(spans -c --arg t "$TRACE" '[.[] | select(.name == "voice.turn" and .traceId == $t)] | first')
[[ $turn != null && $(jq -r .parentSpanId <<<"$turn") == $(jq -r .spanId <<<"$session") ]] \
    && jq -e '(.attributes["turn.e2e_latency_ms"] | tonumber) > 0 and .attributes["turn.number"] != null and .attributes["turn.agent"] != ""' \
        <<<"$turn" >/dev/null
report $? "a voice.turn span in the session carries the stage latencies ($(jq -c .attributes <<<"$turn" 2>/dev/null))"
rcli xrange sb:events - + 2>/dev/null | grep -q "^00-$TRACE-"
report $? "the telemetry stream in Redis carries the call's trace context (traceparent 00-$TRACE-…)"
http_get "$(url gateway /api/v1/readiness)"
served() { [[ $(spans '[.[] | select(.service == "switchboard-gateway" and (.name | test("readiness")))] | length') -ge 1 ]]; }
poll_until 10 0.3 served
report $? "HTTP requests are traced too (a span for GET /api/v1/readiness)"
