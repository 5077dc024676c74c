#!/usr/bin/env bash
# End-to-end test of the stack in containers, exactly as the README's "Containers" section runs it:
# podman's Docker API for docker-compose, a local base image (debootstrap, no registry), the image
# from the binaries in SB_BIN_DIR (`scripts/compose`), `up -d --scale media=2`; the gateway ready
# through its published port (the only one), Redis with AOF on a volume, a spoken ACS call watched
# by a dashboard through the relay, `podman kill` of the media container holding a call while the
# call goes on on the other worker, `down -v`.
# Needs root (podman). SB_SKIP_COMPOSE=1 skips it; any other reason it cannot run is a failure.
# Ends with "e2e-compose: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=compose
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

if [[ ${SB_SKIP_COMPOSE:-} == 1 ]]; then
    ok "compose stack # SKIP SB_SKIP_COMPOSE=1"
    exit 0
fi

PROJECT="sbe2e$$"
SOCK="$WORK/podman.sock"
PODMAN_PID=""
UP=0
export COMPOSE_PROJECT_NAME=$PROJECT DOCKER_HOST="unix://$SOCK"
export SB_BASE_IMAGE=localhost/switchboard-base:bookworm SB_REDIS_IMAGE=localhost/switchboard-redis:bookworm
# Its own image name, so that a stack of the user's own (switchboard:latest) is left alone; and no
# variables from a developer's .env.
export SB_IMAGE=localhost/switchboard-e2e:latest SB_ENV_FILE="$WORK/empty.env"
: >"$SB_ENV_FILE"

# phase NAME: print how long the previous phase took
PHASE_NAME=""
PHASE_START=$(sb_now_ms)
phase() {
    local now
    now=$(sb_now_ms)
    [[ -n $PHASE_NAME ]] && diag "phase $PHASE_NAME: $(awk -v ms=$((now - PHASE_START)) 'BEGIN { printf "%.1f s", ms / 1000 }')"
    PHASE_NAME=$1
    PHASE_START=$now
}

compose_down() {
    local id name
    if ((UP && FAILED > 0)); then
        # Each container's last lines, for the failure report (finish prints $WORK/*.log).
        for id in $(podman ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
            name=$(podman inspect --format '{{.Name}}' "$id" 2>/dev/null) || name=$id
            podman logs --tail 30 "$id" >"$WORK/container-$name.log" 2>&1
        done
    fi
    if ((UP)); then
        timeout -k 10 120 "$ROOT/scripts/compose" down -v --timeout 45 >"$WORK/down.log" 2>&1 || cat "$WORK/down.log"
        UP=0
    fi
    if [[ -n $PODMAN_PID ]]; then
        sb_stop_pids 10 "$PODMAN_PID"
        PODMAN_PID=""
    fi
}
CLEANUPS+=(compose_down)

# service_ids SERVICE: the project's running containers of SERVICE
service_ids() {
    podman ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1"
}
redis_cli() { podman exec "$REDIS_ID" redis-cli "$@" 2>/dev/null; }

# --- the container engine --------------------------------------------------------------------------
phase install
if [[ $(id -u) -ne 0 ]]; then
    not_ok "podman can run containers: this test needs root (rootful podman); SB_SKIP_COMPOSE=1 skips it"
    exit 1
fi
sb_install_deps "${SB_COMPOSE_APT_PACKAGES[@]}" >"$WORK/apt.log" 2>&1
report $? "podman, runc, aardvark-dns, catatonit, debootstrap, docker-compose installed"
# This sandbox kind of machine lacks CAP_SYS_RESOURCE and runs cgroup v1: crun and podman's default
# ulimits fail there (see the README). A configuration the user wrote is left as it is.
if [[ ! -e /etc/containers/containers.conf ]]; then
    mkdir -p /etc/containers
    cat >/etc/containers/containers.conf <<'EOF'
# Written by Switchboard's Tests/e2e/compose.sh (see the README, "Containers").
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF
    diag "wrote /etc/containers/containers.conf (runc, cgroupfs, ulimits 1024)"
else
    diag "using the existing /etc/containers/containers.conf (not changed)"
fi

phase podman-service
# (.out, not .log: a failure report shows the containers' logs, not its systemd complaints)
sb_spawn "$WORK/podman-service.out" podman system service --time=0 "unix://$SOCK"
PODMAN_PID=$SB_SPAWNED_PID
api_up() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }
poll_until 20 0.2 api_up
report $? "podman system service answers on $SOCK"

# --- images ----------------------------------------------------------------------------------------
phase base-images
if podman image exists "$SB_BASE_IMAGE" && podman image exists "$SB_REDIS_IMAGE"; then
    ok "base and Redis images present ($SB_BASE_IMAGE, $SB_REDIS_IMAGE; kept between runs)"
else
    timeout -k 10 300 "$ROOT/scripts/compose" base >"$WORK/base.log" 2>&1
    report $? "scripts/compose base: $SB_BASE_IMAGE and $SB_REDIS_IMAGE from the apt mirror"
fi
if ! podman run --rm "$SB_BASE_IMAGE" true >"$WORK/run.log" 2>&1; then
    not_ok "podman can run a container ($(tail -n 3 "$WORK/run.log" | tr '\n' ' '))"
    exit 1
fi
ok "podman runs a container"

phase build-and-up
require_binaries gateway media agents metrics switchboard-caller
old_image=$(podman image inspect --format '{{.Id}}' "$SB_IMAGE" 2>/dev/null) || old_image=""
GW_PORT=$(sb_free_port)
export SB_GATEWAY_HOST_PORT=$GW_PORT
UP=1
timeout -k 10 300 "$ROOT/scripts/compose" up -d --scale media=2 >"$WORK/up.log" 2>&1
report $? "scripts/compose up -d --scale media=2: $SB_IMAGE from $BIN_DIR, project $PROJECT"
grep -E '^sb: (staged|image)' "$WORK/up.log" | sed 's/^/# /'
new_image=$(podman image inspect --format '{{.Id}}' "$SB_IMAGE" 2>/dev/null) || new_image=""
# The previous run's image: only its binaries' layer goes (the rest is shared with the new one).
[[ -n $old_image && $old_image != "$new_image" ]] && podman rmi "$old_image" >/dev/null 2>&1
phase ready
if sb_wait_http "http://127.0.0.1:$GW_PORT/ready" 90; then
    ok "the gateway's /ready is 200 through the published port $GW_PORT"
else
    not_ok "the gateway's /ready is 200 through the published port $GW_PORT (got $(sb_http_status "http://127.0.0.1:$GW_PORT/ready")): not going on"
    exit 1
fi
phase checks
REDIS_ID=$(service_ids redis)
mapfile -t MEDIA_IDS < <(service_ids media)
((${#MEDIA_IDS[@]} == 2))
report $? "two media containers run (${MEDIA_IDS[*]})"
two_workers() {
    http_get "http://127.0.0.1:$GW_PORT/api/v1/readiness"
    [[ $(body_jq '.checks[] | select(.component == "media_workers") | .details') == "2 live workers"* ]]
}
poll_until 30 0.5 two_workers
report $? "readiness lists both workers ($(body_jq '.checks[] | select(.component == "media_workers") | .details'))"
published=$(podman ps --filter "label=com.docker.compose.project=$PROJECT" \
    --format '{{index .Labels "com.docker.compose.service"}} {{.Ports}}' | awk 'NF > 1 { print $1 }' | sort -u | tr '\n' ' ')
[[ $published == "gateway " ]]
report $? "only the gateway publishes a host port (published: ${published:-none})"
[[ $(redis_cli config get appendonly | tail -n 1) == yes && $(redis_cli config get dir | tail -n 1) == /data ]] &&
    podman volume exists "${PROJECT}_redis-data"
report $? "Redis appends to its AOF in /data, on the named volume ${PROJECT}_redis-data"

# --- a spoken call, watched through the relay -------------------------------------------------------
phase call
WS="ws://127.0.0.1:$GW_PORT"
SID="sim-$RANDOM$RANDOM"
/usr/bin/python3 "$ROOT/Tests/e2e/ws_probe.py" record "$WS/api/v1/browser/dashboard/relay?session_id=$SID" \
    "$WORK/relay.txt" 60 &
PROBE_PID=$!
ALL_PIDS+=("$PROBE_PID")
connected() { grep -q '^# connected' "$WORK/relay.txt" 2>/dev/null; }
poll_until 10 0.1 connected
report $? "a dashboard connects to /api/v1/browser/dashboard/relay"
out=$(caller --protocol acs --session-id "$SID" --say "I lost my card")
status=$?
printf '# %s\n' "${out//$'\n'/$'\n'# }"
[[ $status == 0 && $out == *"turns answered: 1/1"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
report $? "an ACS call is greeted and its spoken request is answered in speech"
ended() { grep -q '"event_type":"session_ended"' "$WORK/relay.txt"; }
poll_until 10 0.2 ended
grep -q '"event_type":"session_started"' "$WORK/relay.txt" && grep -q '"type":"user"' "$WORK/relay.txt" &&
    grep -q '"type":"turn_metrics"' "$WORK/relay.txt" && ended
report $? "the dashboard sees the session start, the caller's transcript, turn_metrics and the end"
kill "$PROBE_PID" 2>/dev/null
wait "$PROBE_PID" 2>/dev/null

# --- failover: kill the media container holding a call ---------------------------------------------
phase failover
FSID="sim-$RANDOM$RANDOM"
"$BIN_DIR/switchboard-caller" --url "$WS" --protocol acs --session-id "$FSID" --say "I lost my card" \
    --say "my name is Jane Doe and the last four are one two three four" --say "yes please block it" >"$WORK/failover.out" 2>&1 &
CALLER_PID=$!
ALL_PIDS+=("$CALLER_PID")
owner=""
first_turn_saved() {
    owner=$(redis_cli get "sb:session:{$FSID}:owner")
    [[ -n $owner && $(redis_cli hget "sb:session:{$FSID}" turn_count) -ge 1 ]]
}
poll_until 60 0.2 first_turn_saved
# The owner is "<worker id>:<epoch>"; a worker's id is "<container hostname>-8090", and a container's
# hostname is its short id.
victim=${owner%%:*}
victim=${victim%-*}
sleep 1.5 # the first answer is playing
if [[ -n $victim ]] && printf '%s\n' "${MEDIA_IDS[@]}" | grep -qx "$victim" && podman kill "$victim" >/dev/null; then
    ok "podman kill of the media container holding the call ($victim)"
else
    not_ok "found and killed the media container holding the call (owner '$owner', containers ${MEDIA_IDS[*]})"
fi
wait "$CALLER_PID"
status=$?
sed 's/^/# /' "$WORK/failover.out"
[[ $status == 0 ]] && grep -q "turns answered: 3/3" "$WORK/failover.out"
report $? "the call goes on after the container died: all three requests answered"
survivor=""
for id in "${MEDIA_IDS[@]}"; do [[ $id != "$victim" ]] && survivor=$id; done
[[ -n $survivor ]] && podman logs "$survivor" 2>&1 | grep "session.id=$FSID" | grep -q "session.resume=true"
report $? "the other worker ($survivor) resumed the session"
# The relay stream is written by the worker's own task (it never holds up the audio), and each
# read here is a `podman exec`: asked again for a few seconds.
card_blocked() { redis_cli xrange "sb:session:{$FSID}:events" - + | grep -q '"tool":"block_card_emergency"'; }
if poll_until 10 0.5 card_blocked; then
    ok "the resumed session kept its history: the card was blocked by the fraud agent"
else
    not_ok "the resumed session kept its history: the card was blocked by the fraud agent"
    diag "relay stream of $FSID: $(redis_cli xlen "sb:session:{$FSID}:events") entries; its tool events:"
    redis_cli xrange "sb:session:{$FSID}:events" - + | grep -o '"tool":"[a-z_]*"' | sed 's/^/#   /'
    diag "history of $FSID:"
    redis_cli lrange "sb:session:{$FSID}:history" 0 -1 | cut -c1-200 | sed 's/^/#   /'
    podman logs "$survivor" 2>&1 | grep "session.id=$FSID" | tail -n 20 | sed 's/^/#   /'
fi

# --- down ------------------------------------------------------------------------------------------
phase down
timeout -k 10 120 "$ROOT/scripts/compose" down -v --timeout 45 >"$WORK/down.log" 2>&1
report $? "scripts/compose down -v"
UP=0
left=$(podman ps -aq --filter "label=com.docker.compose.project=$PROJECT" | wc -l)
((left == 0)) && ! podman volume exists "${PROJECT}_redis-data"
report $? "no container or volume of the project is left ($left containers)"
sb_stop_pids 10 "$PODMAN_PID"
PODMAN_PID=""
phase ""
