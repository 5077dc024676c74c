# Shared harness of the end-to-end scripts: reporting (TAP-like "ok - …" lines and a closing
# "e2e-<name>: N passed, M failed"), starting and always stopping processes, HTTP helpers.
# Source it after setting E2E_NAME and ROOT. Functions are called from the scripts and traps.
# shellcheck disable=SC2317 shell=bash
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

BIN_DIR=${SB_BIN_DIR:-$ROOT/.build/debug}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sb-e2e-$E2E_NAME.XXXXXX")
PASSED=0
FAILED=0
FINISHED=0

declare -A PID=() PORT=()
# The shipped agents and scenarios, for the services that load them.
AGENT_ENV=(SB_AGENTS_DIR="$ROOT/config/agents" SB_SCENARIOS_DIR="$ROOT/config/scenarios")
ALL_PIDS=() # every process this test started, including a stopped redis
CLEANUPS=() # functions finish runs after stopping ALL_PIDS, for what they cannot reach (a browser)

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
    local cleanup
    for cleanup in "${CLEANUPS[@]}"; do "$cleanup" || true; done
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
    echo "e2e-$E2E_NAME: $PASSED passed, $FAILED failed"
    # The suite's exit status is its result, whatever its last command returned.
    ((FAILED == 0)) || exit 1
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

# start_redis: redis-server on $REDIS_PORT; with SB_TEST_REDIS=cluster a local Redis Cluster of 3
# masters + 3 replicas instead (REDIS_PORT becomes its first node, REDIS_CLUSTER_NODES is exported so
# every service started afterwards runs in cluster mode; use rcli, not redis-cli -p, to reach it).
start_redis() {
    if [[ ${SB_TEST_REDIS:-} == cluster ]]; then
        REDIS_PORT=$(sb_free_cluster_base) || return 1
        PORT[redis]=$REDIS_PORT
        local ok=0
        sb_start_redis_cluster "$REDIS_PORT" "$WORK/redis" || ok=1
        ALL_PIDS+=("${SB_REDIS_CLUSTER_PIDS[@]}")
        export REDIS_CLUSTER_NODES=$SB_REDIS_CLUSTER_NODES
        diag "redis cluster: $REDIS_CLUSTER_NODES"
        return $ok
    fi
    if sb_start_redis "$REDIS_PORT" "$WORK/redis"; then
        PID[redis]=$SB_REDIS_PID
        ALL_PIDS+=("$SB_REDIS_PID")
        return 0
    fi
    [[ -n ${SB_REDIS_PID:-} ]] && ALL_PIDS+=("$SB_REDIS_PID")
    return 1
}

# exit_status PID: sets EXIT_STATUS to the exit status of a child that has exited.
# Not for $(...): in a subshell `wait` is no longer the child's parent and may report -1.
exit_status() {
    EXIT_STATUS=0
    wait "$1" 2>/dev/null || EXIT_STATUS=$?
}

# start_stack [GATEWAY_VAR=VALUE...]: redis, agents, metrics, one media worker (media-1) and the
# gateway on ports allocated beforehand under those names, with the shipped agents and the web UI;
# reports each one ready.
start_stack() {
    REDIS_PORT=${PORT[redis]}
    start_redis
    report $? "redis-server starts on port $REDIS_PORT"
    local name
    start_service agents agents SB_AGENTS_PORT="${PORT[agents]}" "${AGENT_ENV[@]}"
    start_service metrics metrics SB_METRICS_PORT="${PORT[metrics]}"
    start_service media-1 media SB_MEDIA_PORT="${PORT[media-1]}" SB_WORKER_ID=media-1 SB_STT_POOL_SIZE=2 "${AGENT_ENV[@]}"
    start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_WEB_ROOT="$ROOT/web" \
        SB_AGENTS_URL="$(url agents '')" SB_METRICS_URL="$(url metrics '')" "$@"
    for name in agents metrics media-1 gateway; do
        sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
        report $? "$name: GET /ready is 200"
    done
}

# --- HTTP ------------------------------------------------------------------------------------
# http_get URL [MAX_SECONDS]: sets HTTP_STATUS ("000" when no answer), HTTP_CT (lower case), HTTP_BODY
http_get() { http_send GET "$1" "" "${2:-5}"; }

# http_send METHOD URL [JSON_BODY] [MAX_SECONDS]: like http_get, for any method, with a JSON body
http_send() {
    local out args=(-s -o "$WORK/body" -w '%{http_code}\n%{content_type}' --max-time "${4:-10}" -X "$1")
    [[ -n ${3:-} ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
    out=$(curl "${args[@]}" "$2" 2>/dev/null) || true
    HTTP_STATUS=${out%%$'\n'*}
    HTTP_CT=${out#*$'\n'}
    HTTP_CT=${HTTP_CT,,}
    [[ -n $HTTP_STATUS ]] || HTTP_STATUS=000
    HTTP_BODY=$(cat "$WORK/body" 2>/dev/null) || HTTP_BODY=""
    rm -f "$WORK/body"
}

is_problem_json() { [[ $HTTP_CT == application/problem+json* ]]; }

url() { echo "http://127.0.0.1:${PORT[$1]}$2"; }

# --- calls -----------------------------------------------------------------------------------
# caller ARGS...: the simulated caller (switchboard-caller) against the gateway at $WS.
caller() { "$BIN_DIR/switchboard-caller" --url "$WS" "$@" 2>&1; }
# events_of SESSION: the envelopes the session stored for dashboards (its relay stream).
events_of() { rcli xrange "sb:session:{$1}:events" - + 2>/dev/null; }
# rcli ARGS...: redis-cli against the test's Redis (following MOVED on a cluster)
rcli() { redis-cli -p "$REDIS_PORT" ${REDIS_CLUSTER_NODES:+-c} "$@"; }
# rcli_scan PATTERN: every key matching PATTERN (on a cluster, from every node), once each
rcli_scan() {
    local node
    if [[ -z ${REDIS_CLUSTER_NODES:-} ]]; then
        redis-cli -p "$REDIS_PORT" --scan --pattern "$1"
        return
    fi
    for node in ${REDIS_CLUSTER_NODES//,/ }; do
        redis-cli -p "${node##*:}" --scan --pattern "$1" 2>/dev/null
    done | sort -u
}
# wait_for_call TURNS [SKIP_SID...]: wait (up to 30 s) for a call other than SKIP_SIDs to have
# saved TURNS turns; sets CALL_SID and CALL_OWNER (the worker id holding its lease).
wait_for_call() {
    local turns=$1 key session skip
    shift
    CALL_SID=""
    CALL_OWNER=""
    for _ in $(seq 1 300); do
        for key in $(rcli_scan 'sb:session:{sim-*}:owner' 2>/dev/null); do
            session=${key#sb:session:\{}
            session=${session%\}:owner}
            for skip in "$@"; do [[ $session == "$skip" ]] && continue 2; done
            CALL_SID=$session
            CALL_OWNER=$(sb_session_owner "$session" -p "$REDIS_PORT" ${REDIS_CLUSTER_NODES:+-c})
        done
        [[ -n $CALL_SID && $(rcli hget "sb:session:{$CALL_SID}" turn_count) -ge $turns ]] && return 0
        sleep 0.1
    done
    return 1
}
# session_of CALLER_OUTPUT: the session id a simulated caller printed.
session_of() { grep -oE 'session sim-[0-9]+' <<<"$1" | head -n 1 | cut -d' ' -f2; }

# start_fake NAME SCRIPT ARGS...: Tests/e2e/SCRIPT (a fake cloud service) on ${PORT[NAME]},
# output in $WORK/NAME.out; waits until it listens.
start_fake() {
    local name=$1 script=$2 deadline
    shift 2
    sb_spawn "$WORK/$name.out" /usr/bin/python3 "$ROOT/Tests/e2e/$script" "${PORT[$name]}" "$@"
    ALL_PIDS+=("$SB_SPAWNED_PID")
    deadline=$(($(sb_now_ms) + 10000))
    until sb_port_in_use "${PORT[$name]}"; do
        (($(sb_now_ms) >= deadline)) && return 1
        sleep 0.1
    done
}

# jq over the last body; empty output when the body is not JSON
body_jq() { jq -r "$@" <<<"$HTTP_BODY" 2>/dev/null; }

# allocate_ports NAME...: a distinct free port per name, in PORT[NAME]
allocate_ports() {
    declare -A taken=()
    local name p
    for name in "$@"; do
        while :; do
            p=$(sb_free_port)
            [[ -z ${taken[$p]:-} ]] && break
        done
        taken[$p]=1
        PORT[$name]=$p
    done
}

# require_binaries NAME...: fail the run unless every binary is in BIN_DIR
require_binaries() {
    local missing=() b
    for b in "$@"; do
        [[ -x $BIN_DIR/$b ]] || missing+=("$BIN_DIR/$b")
    done
    if ((${#missing[@]} > 0)); then
        not_ok "service binaries present (missing: ${missing[*]}; set SB_BIN_DIR)"
        exit 1
    fi
    ok "service binaries present in $BIN_DIR"
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
