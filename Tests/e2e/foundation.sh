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
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

BIN_DIR=${SB_BIN_DIR:-$ROOT/.build/debug}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sb-e2e-foundation.XXXXXX")
PASSED=0
FAILED=0
FINISHED=0

SERVICES=(agents metrics media-1 media-2 gateway)
declare -A PID=() PORT=()
ALL_PIDS=() # every process this test started, including a stopped redis

# --- reporting -------------------------------------------------------------------------------
ok() {
    PASSED=$((PASSED + 1))
    echo "ok - $*"
}
not_ok() {
    FAILED=$((FAILED + 1))
    echo "not ok - $*"
}
# report STATUS DESCRIPTION: ok when STATUS is 0
report() {
    local status=$1
    shift
    if [[ $status == 0 ]]; then ok "$@"; else not_ok "$@"; fi
}
diag() { echo "# $*"; }

# --- processes -------------------------------------------------------------------------------
stop_everything() {
    local pids=() pid
    for pid in "${ALL_PIDS[@]}"; do
        sb_pid_alive "$pid" && pids+=("$pid")
    done
    ((${#pids[@]} == 0)) || sb_stop_pids 5 "${pids[@]}"
}

finish() {
    ((FINISHED)) && return 0
    FINISHED=1
    trap '' INT TERM HUP
    stop_everything
    if ((FAILED > 0)); then
        local log
        for log in "$WORK"/*.log "$WORK"/redis/redis.log; do
            [[ -f $log ]] || continue
            diag "---- last 30 lines of $log"
            tail -n 30 "$log" | sed 's/^/#   /'
        done
        diag "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    echo "e2e-foundation: $PASSED passed, $FAILED failed"
}

on_signal() {
    not_ok "interrupted by SIG$1"
    finish
    exit 1
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP
trap 'finish' EXIT

# start_service NAME BINARY [VAR=VAL...]
start_service() {
    local name=$1 binary=$2
    shift 2
    sb_spawn "$WORK/$name.log" REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" SB_HOST=127.0.0.1 "$@" \
        "$BIN_DIR/$binary"
    PID[$name]=$SB_SPAWNED_PID
    ALL_PIDS+=("$SB_SPAWNED_PID")
    diag "$name: pid ${PID[$name]}, port ${PORT[$name]}, log $WORK/$name.log"
}

start_redis() {
    if sb_start_redis "$REDIS_PORT" "$WORK/redis"; then
        PID[redis]=$SB_REDIS_PID
        ALL_PIDS+=("$SB_REDIS_PID")
        return 0
    fi
    [[ -n ${SB_REDIS_PID:-} ]] && ALL_PIDS+=("$SB_REDIS_PID")
    return 1
}

# exit_status PID: the exit status of a child that has exited
exit_status() {
    local status=0
    wait "$1" 2>/dev/null || status=$?
    echo "$status"
}

# --- HTTP ------------------------------------------------------------------------------------
# http_get URL [MAX_SECONDS]: sets HTTP_STATUS ("000" when no answer), HTTP_CT (lower case), HTTP_BODY
http_get() {
    local out
    out=$(curl -s -o "$WORK/body" -w '%{http_code}\n%{content_type}' --max-time "${2:-5}" "$1" 2>/dev/null) || true
    HTTP_STATUS=${out%%$'\n'*}
    HTTP_CT=${out#*$'\n'}
    HTTP_CT=${HTTP_CT,,}
    [[ -n $HTTP_STATUS ]] || HTTP_STATUS=000
    HTTP_BODY=$(cat "$WORK/body" 2>/dev/null) || HTTP_BODY=""
    rm -f "$WORK/body"
}

is_problem_json() { [[ $HTTP_CT == application/problem+json* ]]; }

url() { echo "http://127.0.0.1:${PORT[$1]}$2"; }

# jq over the last body; empty output when the body is not JSON
body_jq() { jq -r "$@" <<<"$HTTP_BODY" 2>/dev/null; }

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

# poll_until SECONDS INTERVAL FUNCTION: call FUNCTION every INTERVAL seconds until it succeeds
poll_until() {
    local seconds=$1 interval=$2 fn=$3 deadline
    deadline=$(($(sb_now_ms) + $(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')))
    while :; do
        "$fn" && return 0
        (($(sb_now_ms) >= deadline)) && return 1
        sleep "$interval"
    done
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
missing=()
for b in gateway media agents metrics; do
    [[ -x $BIN_DIR/$b ]] || missing+=("$BIN_DIR/$b")
done
if ((${#missing[@]} > 0)); then
    not_ok "service binaries present (missing: ${missing[*]}; set SB_BIN_DIR)"
    exit 1
fi
ok "service binaries present in $BIN_DIR"

# Distinct free ports for redis and the five service processes.
declare -A taken=()
for name in redis "${SERVICES[@]}"; do
    while :; do
        p=$(sb_free_port)
        [[ -z ${taken[$p]:-} ]] && break
    done
    taken[$p]=1
    PORT[$name]=$p
done
REDIS_PORT=${PORT[redis]}

start_redis
report $? "redis-server starts on port $REDIS_PORT"

start_service agents agents SB_AGENTS_PORT="${PORT[agents]}"
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
        not_ok "$name: GET /ready is 200 within 30 s (the process exited with status $(exit_status "${PID[$name]}"))"
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
[[ $HTTP_STATUS =~ ^[2-4][0-9][0-9]$ ]]
report $? "gateway: GET /api/v1/agents is proxied to agents: not 5xx (got $HTTP_STATUS)"
http_get "$(url gateway /api/v1/metrics/summary)"
[[ $HTTP_STATUS =~ ^[2-4][0-9][0-9]$ ]]
report $? "gateway: GET /api/v1/metrics/summary is proxied to metrics: not 5xx (got $HTTP_STATUS)"

# --- f. redis goes away ----------------------------------------------------------------------
kill -TERM "${PID[redis]}" 2>/dev/null
sb_wait_exit "${PID[redis]}" 5
report $? "redis-server (pid ${PID[redis]}) stops on SIGTERM"
exit_status "${PID[redis]}" >/dev/null
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

# --- h. a media worker drains on SIGTERM -----------------------------------------------------
kill -TERM "${PID[media-2]}" 2>/dev/null
if sb_wait_exit "${PID[media-2]}" 10; then
    status=$(exit_status "${PID[media-2]}")
    [[ $status == 0 ]]
    report $? "media-2 exits with status 0 within 10 s of SIGTERM (got $status)"
else
    not_ok "media-2 exits with status 0 within 10 s of SIGTERM (still running)"
fi
poll_until 3 0.2 one_live_worker
report $? "readiness: 1 live worker within 3 s of media-2 exiting ($(readiness_summary))"

# --- e (end). a proxied route while agents is down -------------------------------------------
kill -TERM "${PID[agents]}" 2>/dev/null
if sb_wait_exit "${PID[agents]}" 10; then
    ok "agents exits within 10 s of SIGTERM (status $(exit_status "${PID[agents]}"))"
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
    sb_pid_alive "${PID[$name]}" && remaining+=("$name")
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
        ok "$name exits within 10 s of SIGTERM (status $(exit_status "${PID[$name]}"))"
    fi
done
left=()
for pid in "${ALL_PIDS[@]}"; do
    sb_pid_alive "$pid" && left+=("$pid")
done
((${#left[@]} == 0))
report $? "no process started by the test remains${left[*]:+ (still running: ${left[*]})}"

finish
((FAILED == 0)) || exit 1
exit 0
