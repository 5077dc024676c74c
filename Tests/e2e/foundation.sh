#!/usr/bin/env bash
# End-to-end test of the four services run as real processes, with a real redis-server that the
# test stops and restarts. Prints "ok - ..." / "not ok - ..." per check and ends with
# "e2e-foundation: N passed, M failed"; exit status 1 if any check failed.
#
# Environment:
#   SB_BIN_DIR   directory holding gateway, media, agents, metrics (default: <repo>/.build/debug)
# The test starts its own redis-server on a free port (it does not use SB_TEST_REDIS_PORT,
# because it stops and restarts redis).
# Functions below are called indirectly (poll_until, traps).
# shellcheck disable=SC2317
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVICES=(agents metrics media-1 media-2 gateway)
E2E_NAME=foundation
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

# Readiness of the gateway, fetched by readiness_fetch into R_* variables.
readiness_fetch() {
    http_get "$(url gateway /api/v1/readiness)" 2
    R_HTTP=$HTTP_STATUS
    R_STATUS=$(body_jq '.status // empty')
    R_REDIS=$(body_jq '[.checks[]? | select(.component == "redis")][0].status // empty')
    R_WORKERS=$(body_jq '[.checks[]? | select(.component == "media_workers")][0].status // empty')
    R_DETAILS=$(body_jq '[.checks[]? | select(.component == "media_workers")][0].details // empty
                         | if type == "string" then . else tojson end')
    # The live worker count is the first number in the media_workers details ("2 live workers: ...").
    R_LIVE=$(grep -oE '[0-9]+' <<<"$R_DETAILS" | head -n 1)
}
readiness_summary() {
    echo "HTTP $R_HTTP, status '${R_STATUS}', redis '${R_REDIS}', media_workers '${R_WORKERS}' ('${R_DETAILS}')"
}

ready_with_workers() {
    readiness_fetch
    [[ $R_HTTP == 200 && $R_STATUS == ready && $R_REDIS == healthy && $R_WORKERS == healthy && $R_LIVE == "$1" ]]
}
ready_with_2() { ready_with_workers 2; }
redis_unhealthy() {
    readiness_fetch
    [[ $R_REDIS == unhealthy ]]
}
media_not_ready() {
    http_get "$(url "$MEDIA_NAME" /ready)" 2
    [[ $HTTP_STATUS == 503 ]] && is_problem_json
}
one_live_worker() {
    readiness_fetch
    [[ $R_LIVE == 1 ]]
}

# =============================================================================================
require_binaries gateway media agents metrics
allocate_ports redis "${SERVICES[@]}"
REDIS_PORT=${PORT[redis]}

start_redis
report $? "redis-server starts on port $REDIS_PORT"

start_service agents agents SB_AGENTS_PORT="${PORT[agents]}" SB_AGENTS_DIR="$ROOT/config/agents" SB_SCENARIOS_DIR="$ROOT/config/scenarios"
start_service metrics metrics SB_METRICS_PORT="${PORT[metrics]}"
for n in 1 2; do
    start_service "media-$n" media SB_MEDIA_PORT="${PORT[media-$n]}" SB_WORKER_ID="media-$n" \
        SB_HEARTBEAT_INTERVAL_MS=500
done
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" \
    SB_AGENTS_URL="$(url agents '')" SB_METRICS_URL="$(url metrics '')"

# --- a. /health and /ready -------------------------------------------------------------------
deadline=$(($(sb_now_ms) + 30000))
for name in "${SERVICES[@]}"; do
    status=1
    while :; do
        if [[ $(sb_http_status "$(url "$name" /ready)") == 200 ]]; then
            status=0
            break
        fi
        sb_pid_alive "${PID[$name]}" || break
        (($(sb_now_ms) >= deadline)) && break
        sleep 0.2
    done
    if ((status != 0)) && ! sb_pid_alive "${PID[$name]}"; then
        exit_status "${PID[$name]}"
        not_ok "$name: GET /ready is 200 within 30 s (the process exited with status $EXIT_STATUS)"
    else
        report $status "$name: GET /ready is 200 within 30 s"
    fi
    http_get "$(url "$name" /health)"
    [[ $HTTP_STATUS == 200 ]]
    report $? "$name: GET /health is 200 (got $HTTP_STATUS)"
done

# --- b. gateway /api/v1/health ---------------------------------------------------------------
http_get "$(url gateway /api/v1/health)"
[[ $HTTP_STATUS == 200 && $(body_jq '.status // empty') == healthy ]]
report $? "gateway: GET /api/v1/health is 200 with status \"healthy\" (got $HTTP_STATUS, status '$(body_jq '.status // empty')')"

# --- c. gateway /api/v1/readiness ------------------------------------------------------------
# The workers register within a heartbeat or two; allow 5 s for both to show up.
poll_until 5 0.2 ready_with_2
[[ $R_HTTP == 200 && $R_STATUS == ready ]]
report $? "gateway: GET /api/v1/readiness is 200 with status \"ready\" ($(readiness_summary))"
[[ $R_REDIS == healthy ]]
report $? "readiness: component redis is healthy (got '$R_REDIS')"
[[ $R_WORKERS == healthy && $R_LIVE == 2 ]]
report $? "readiness: component media_workers is healthy with 2 live workers (got '$R_WORKERS', details '$R_DETAILS')"

# --- d. /metrics -----------------------------------------------------------------------------
for name in "${SERVICES[@]}"; do
    http_get "$(url "$name" /metrics)"
    [[ $HTTP_STATUS == 200 && $HTTP_BODY == *"# TYPE"* ]]
    report $? "$name: GET /metrics is 200 in Prometheus text format (got $HTTP_STATUS)"
done

# --- e. proxies (the agents-down half runs after h) ------------------------------------------
http_get "$(url gateway /api/v1/agents)"
[[ $HTTP_STATUS == 200 && $(body_jq '.agents_count') -ge 7 ]]
report $? "gateway: GET /api/v1/agents is proxied to agents: 200 with the shipped agents (got $HTTP_STATUS)"
http_get "$(url gateway /api/v1/metrics/summary)"
[[ $HTTP_STATUS =~ ^[2-4][0-9][0-9]$ ]]
report $? "gateway: GET /api/v1/metrics/summary is proxied to metrics: not 5xx (got $HTTP_STATUS)"

if [[ ${SB_TEST_REDIS:-} == cluster ]]; then
    # A cluster is not stopped whole: cluster.sh kills the master holding a call's slot instead.
    ok "redis goes away and comes back # SKIP on a cluster (cluster.sh kills a master mid-call)"
else
    # --- f. redis goes away ----------------------------------------------------------------------
    kill -TERM "${PID[redis]}" 2>/dev/null
    sb_wait_exit "${PID[redis]}" 5
    report $? "redis-server (pid ${PID[redis]}) stops on SIGTERM"
    exit_status "${PID[redis]}"
    poll_until 2.5 0.2 redis_unhealthy
    report $? "readiness: redis check is unhealthy within 2 s of redis stopping ($(readiness_summary))"
    for name in "${SERVICES[@]}"; do
        sb_pid_alive "${PID[$name]}"
        report $? "$name (pid ${PID[$name]}) is still running without redis"
    done
    for name in media-1 media-2; do
        MEDIA_NAME=$name
        poll_until 2.5 0.2 media_not_ready
        report $? "$name: GET /ready is 503 application/problem+json without redis (got $HTTP_STATUS, '$HTTP_CT')"
    done

    # --- g. redis comes back ---------------------------------------------------------------------
    start_redis
    report $? "redis-server restarts on port $REDIS_PORT"
    poll_until 10 0.2 ready_with_2
    report $? "readiness: ready again within 10 s with redis healthy and 2 live workers ($(readiness_summary))"
    all_alive=0
    for name in "${SERVICES[@]}"; do
        sb_pid_alive "${PID[$name]}" || { all_alive=1; diag "$name (pid ${PID[$name]}) is gone"; }
    done
    report $all_alive "no service restarted or exited across the redis outage (same pids)"
    for name in "${SERVICES[@]}"; do
        sb_wait_http "$(url "$name" /ready)" 10
        report $? "$name: GET /ready is 200 again after redis is back"
    done
fi

# --- h. a media worker drains on SIGTERM -----------------------------------------------------
kill -TERM "${PID[media-2]}" 2>/dev/null
if sb_wait_exit "${PID[media-2]}" 10; then
    exit_status "${PID[media-2]}"
    [[ $EXIT_STATUS == 0 ]]
    report $? "media-2 exits with status 0 within 10 s of SIGTERM (got $EXIT_STATUS)"
else
    not_ok "media-2 exits with status 0 within 10 s of SIGTERM (still running)"
fi
poll_until 3 0.2 one_live_worker
report $? "readiness: 1 live worker within 3 s of media-2 exiting ($(readiness_summary))"

# --- e (end). a proxied route while agents is down -------------------------------------------
kill -TERM "${PID[agents]}" 2>/dev/null
if sb_wait_exit "${PID[agents]}" 10; then
    exit_status "${PID[agents]}"
    [[ $EXIT_STATUS == 0 ]]
    report $? "agents exits with status 0 within 10 s of SIGTERM (got $EXIT_STATUS)"
else
    not_ok "agents exits within 10 s of SIGTERM (still running; sending SIGKILL)"
    kill -KILL "${PID[agents]}" 2>/dev/null
    sb_wait_exit "${PID[agents]}" 5
fi
started=$(sb_now_ms)
http_get "$(url gateway /api/v1/agents)" 5
elapsed=$(($(sb_now_ms) - started))
[[ $HTTP_STATUS == 503 ]] && is_problem_json
report $? "gateway: GET /api/v1/agents with agents down is 503 application/problem+json within 5 s (got $HTTP_STATUS, '$HTTP_CT', ${elapsed} ms)"

# --- i. everything stops on SIGTERM ----------------------------------------------------------
remaining=()
for name in gateway media-1 media-2 agents metrics redis; do
    [[ -n ${PID[$name]:-} ]] && sb_pid_alive "${PID[$name]}" && remaining+=("$name") # no PID[redis] on a cluster
done
for name in "${remaining[@]}"; do
    kill -TERM "${PID[$name]}" 2>/dev/null
done
deadline=$(($(sb_now_ms) + 10000))
for name in "${remaining[@]}"; do
    while sb_pid_alive "${PID[$name]}" && (($(sb_now_ms) < deadline)); do
        sleep 0.1
    done
    if sb_pid_alive "${PID[$name]}"; then
        not_ok "$name exits within 10 s of SIGTERM (still running)"
    else
        exit_status "${PID[$name]}"
        [[ $EXIT_STATUS == 0 ]]
        report $? "$name exits with status 0 within 10 s of SIGTERM (got $EXIT_STATUS)"
    fi
done
# The cluster's nodes stop like the single redis-server above.
[[ ${SB_TEST_REDIS:-} == cluster ]] && sb_stop_pids 10 "${SB_REDIS_CLUSTER_PIDS[@]}"
left=()
for pid in "${ALL_PIDS[@]}"; do
    sb_pid_alive "$pid" && left+=("$pid")
done
((${#left[@]} == 0))
report $? "no process started by the test remains${left[*]:+ (still running: ${left[*]})}"

finish
((FAILED == 0)) || exit 1
exit 0
