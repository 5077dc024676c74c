#!/usr/bin/env bash
# End-to-end test of Switchboard on a Redis Cluster (3 masters + 3 replicas, cluster-node-timeout
# 1 s): a phone call runs with every service in cluster mode; `kill -9` of the master that holds
# the call's session slot mid-call → its replica takes over and the call goes on, all its requests
# answered, its history and relay stream intact; a dashboard watching the session keeps receiving.
# Prints the failover figures. Ends with "e2e-cluster: N passed, M failed"; exit status 1 if any
# check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=cluster
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"
export SB_TEST_REDIS=cluster

require_binaries gateway media switchboard-caller
allocate_ports redis media-1 gateway
start_redis
report $? "a redis cluster of 3 masters + 3 replicas starts ($REDIS_CLUSTER_NODES)"
start_service media-1 media SB_MEDIA_PORT="${PORT[media-1]}" SB_WORKER_ID=media-1 SB_STT_POOL_SIZE=2 "${AGENT_ENV[@]}"
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_AGENTS_URL=http://127.0.0.1:1 SB_METRICS_URL=http://127.0.0.1:1
for name in media-1 gateway; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200 (cluster mode)"
done
WS="ws://127.0.0.1:${PORT[gateway]}"
PROBE=(/usr/bin/python3 "$ROOT/Tests/e2e/ws_probe.py")

# --- a call on the cluster ---------------------------------------------------------------------------
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
SID=$(session_of "$out")
[[ $out == *"turns answered: 1/1"* ]] && grep -q '"sender":"AuthAgent"' <<<"$(events_of "$SID")"
report $? "an ACS call is answered; its envelopes are in its relay stream on the cluster"

# --- kill -9 the master of a live call's session slot -------------------------------------------------
"$BIN_DIR/switchboard-caller" --url "$WS" --protocol acs --say "I lost my card" \
    --say "my name is Jane Doe and the last four are one two three four" --say "yes please block it" >"$WORK/call.out" 2>&1 &
CALLER_PID=$!
ALL_PIDS+=("$CALLER_PID")
FSID=""
for _ in $(seq 1 300); do
    for key in $(rcli_scan 'sb:session:{sim-*}:owner'); do
        session=${key#sb:session:\{}
        session=${session%\}:owner}
        [[ $session == "$SID" ]] || FSID=$session
    done
    [[ -n $FSID && $(rcli hget "sb:session:{$FSID}" turn_count 2>/dev/null) -ge 1 ]] && break
    sleep 0.1
done
"${PROBE[@]}" record "ws://127.0.0.1:${PORT[gateway]}/api/v1/browser/dashboard/relay?session_id=$FSID" "$WORK/relay.txt" 60 &
RELAY=$!
ALL_PIDS+=("$RELAY")
master=$(sb_redis_slot_master "$REDIS_PORT" "sb:session:{$FSID}")
index=$((master - REDIS_PORT))
survivor=$((REDIS_PORT + (index + 1) % 3))
turns_before=$(rcli hget "sb:session:{$FSID}" turn_count)
sleep 1 # the first answer is playing
if [[ -n $master && $index -ge 0 && $index -lt 6 ]]; then
    killed_at=$(sb_now_ms)
    kill -9 "${SB_REDIS_CLUSTER_PIDS[$index]}"
    ok "killed the master on port $master holding session $FSID's slot (kill -9) mid-call"
    REDIS_PORT=$survivor # rcli's node from now on: the killed master may have been it
else
    not_ok "found the master of session '$FSID' (got '$master')"
    killed_at=$(sb_now_ms)
fi
promoted=""
for _ in $(seq 1 150); do
    promoted=$(sb_redis_slot_master "$survivor" "sb:session:{$FSID}")
    [[ -n $promoted && $promoted != "$master" ]] && sb_redis_cluster_ok "$survivor" && break
    sleep 0.1
done
failover_ms=$(($(sb_now_ms) - killed_at))
[[ -n $promoted && $promoted != "$master" ]]
report $? "a replica (port $promoted) took over the slot (${failover_ms} ms after the kill)"
resumed_ms=""
for _ in $(seq 1 300); do
    turns=$(rcli hget "sb:session:{$FSID}" turn_count 2>/dev/null)
    if [[ ${turns:-0} -gt ${turns_before:-0} ]]; then
        resumed_ms=$(($(sb_now_ms) - killed_at))
        break
    fi
    sleep 0.1
done
wait "$CALLER_PID"
status=$?
sed 's/^/# /' "$WORK/call.out"
[[ $status == 0 ]] && grep -q "turns answered: 3/3" "$WORK/call.out"
report $? "the call goes on after the master died: all three requests answered (next turn saved ${resumed_ms:-never} ms after the kill)"
history=$(rcli lrange "sb:session:{$FSID}:history" 0 -1)
[[ $(grep -c '"role":"user"' <<<"$history") -ge 3 ]] && grep -q '"tool":"block_card_emergency"' <<<"$(events_of "$FSID")"
report $? "the session's history and relay stream are intact on the new master (the card was blocked)"
kill "$RELAY" 2>/dev/null
wait "$RELAY" 2>/dev/null
grep -q 'block_card_emergency' "$WORK/relay.txt"
report $? "a dashboard watching the session got envelopes published after the failover (sharded relay resubscribed)"
grep -q "redis cluster slot map read" "$WORK/media-1.log"
report $? "the media worker read the new slot map"
diag "figures: failover ${failover_ms} ms (kill → replica serves the slot), next turn saved ${resumed_ms:-never} ms after the kill"
