#!/usr/bin/env bash
# End-to-end test of calls through the real executables: a phone-protocol (ACS) call greets,
# understands synthesised speech and answers in speech; the relay stream carries the transcript;
# barge-in stops the agent's audio; `kill -9` of the worker holding a call moves it to the other
# worker with its history; a browser conversation works with typed text and speech.
# Ends with "e2e-voice: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=voice
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

require_binaries gateway media switchboard-caller
allocate_ports redis media-1 media-2 gateway
REDIS_PORT=${PORT[redis]}
start_redis
report $? "redis-server starts on port $REDIS_PORT"
for n in 1 2; do
    start_service "media-$n" media SB_MEDIA_PORT="${PORT[media-$n]}" SB_WORKER_ID="media-$n" SB_STT_POOL_SIZE=2 \
        SB_HEARTBEAT_INTERVAL_MS=500 SB_WORKER_TTL_MS=1500 "${AGENT_ENV[@]}"
done
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_AGENTS_URL=http://127.0.0.1:1 SB_METRICS_URL=http://127.0.0.1:1
for name in media-1 media-2 gateway; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done
WS="ws://127.0.0.1:${PORT[gateway]}"

# --- a phone call: greeting, a spoken request, a spoken answer; transcripts on the relay stream --
out=$(caller --protocol acs --say "I lost my card")
status=$?
echo "$out" | sed 's/^/# /'
SID=$(grep -oE 'session sim-[0-9]+' <<<"$out" | head -n 1 | cut -d' ' -f2)
[[ $status == 0 && $out == *"turns answered: 1/1"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
report $? "ACS call: the greeting is heard and the spoken request is answered in speech"
events=$(events_of "$SID")
grep -q '"sender":"User"' <<<"$events" && grep -qiE '"content":"i lost my card\.?"' <<<"$events"
report $? "the relay stream carries the caller's transcript (“i lost my card”)"
grep -q '"sender":"AuthAgent"' <<<"$events" && grep -q '"tool":"handoff_to_auth"' <<<"$events"
report $? "the relay stream carries the hand-off and the agent's text"
grep -q '"type":"turn_metrics"' <<<"$events"
report $? "turn_metrics are published for the turn"

# --- a recorded request (WAV) ----------------------------------------------------------------------
flite -voice rms -t "I lost my card" -o "$WORK/request.wav"
out=$(caller --protocol acs --wav "$WORK/request.wav")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* ]]
report $? "a WAV recording played into an ACS call is understood and answered"

# --- barge-in -------------------------------------------------------------------------------------
out=$(caller --protocol acs --barge-in --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"barge-in: audio stopped"* ]]
report $? "speaking over the greeting stops the agent's audio (StopAudio)"
# The history keeps the words of the greeting the caller heard before talking over it, not all of it.
BSID=$(grep -oE 'session sim-[0-9]+' <<<"$out" | head -n 1 | cut -d' ' -f2)
{ rcli lindex "sb:session:{$SID}:history" 0; rcli lindex "sb:session:{$BSID}:history" 0; } \
    | /usr/bin/python3 -c '
import json, sys
full, heard = (json.loads(line)["content"] for line in sys.stdin.read().splitlines())
print(f"# heard of the greeting: {heard!r}")
sys.exit(0 if len(heard) < len(full) and full.startswith(heard) else 1)'
report $? "after the barge-in the greeting in the history is cut to what the caller heard"

# --- failover: kill -9 the worker holding the call ------------------------------------------------
"$BIN_DIR/switchboard-caller" --url "$WS" --protocol acs --say "I lost my card" \
    --say "my name is Jane Doe and the last four are one two three four" --say "yes please block it" >"$WORK/failover.out" 2>&1 &
CALLER_PID=$!
ALL_PIDS+=("$CALLER_PID")
# Kill once the first turn is saved, while its answer is still playing: mid-call, between utterances.
wait_for_call 1 "$SID"
FSID=$CALL_SID
victim=$CALL_OWNER
sleep 1.5 # the first answer is playing
if [[ -n $victim && -n ${PID[$victim]:-} ]]; then
    kill -9 "${PID[$victim]}"
    ok "killed $victim (kill -9) while it held the call"
else
    not_ok "found the worker holding the call (owner '$victim')"
fi
wait "$CALLER_PID"
status=$?
sed 's/^/# /' "$WORK/failover.out"
[[ $status == 0 ]] && grep -q "turns answered: 3/3" "$WORK/failover.out"
report $? "the call goes on after the worker died: all three requests answered"
survivor=media-1
[[ $victim == media-1 ]] && survivor=media-2
grep -q "session.resume=true" "$WORK/$survivor.log"
report $? "$survivor resumed the session (resume: true)"
grep "session.id=$FSID" "$WORK/$survivor.log" | grep -q "saying again what the caller had not heard"
report $? "$survivor said the rest of the answer the caller was hearing when the worker died"
# The relay stream is written by the worker's own task (it never holds up the audio).
card_blocked() { grep -q '"tool":"block_card_emergency"' <<<"$(events_of "$FSID")"; }
poll_until 10 0.2 card_blocked
report $? "the resumed session kept its history: the card was blocked by the fraud agent"

# --- browser conversation: typed text and speech --------------------------------------------------
out=$(caller --protocol browser --say "text: I lost my card" --say "my name is Jane Doe and the last four are one two three four")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 2/2"* && $out == *"User: I lost my card"* && $out == *"FraudAgent:"* ]]
report $? "browser conversation: typed text and speech are answered, envelopes arrive"

# --- browsers at 24 and 48 kHz: resampled in and out -----------------------------------------------
for rate in 24000 48000; do
    out=$(caller --protocol browser --rate "$rate" --say "I lost my card")
    echo "$out" | sed 's/^/# /'
    [[ $out == *"turns answered: 1/1"* && ${out,,} == *"user: i lost my card"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
    report $? "a $rate Hz browser is greeted, its speech is understood and answered"
done

# --- transcription mode: transcripts, no agent audio ---------------------------------------------
out=$(caller --protocol browser --mode transcription --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* && ${out,,} == *"user: i lost my card"* && $out == *"(0 frames)"* && $out == *"greeting 0 frames"* ]]
report $? "transcription mode: the caller's words come back as a transcript and the agent stays silent"

# --- preemptive answers: prepared at the caller's pause, sent when the turn ends with those words ---
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
http_get "$(url "$survivor" /metrics)"
drafts=$(grep -E '^switchboard_media_drafts_total\{outcome="used"\} ' <<<"$HTTP_BODY" | awk '{print $2}')
[[ $out == *"turns answered: 1/1"* && ${drafts%.*} -ge 1 ]]
report $? "an answer prepared at the caller's pause is the one spoken (drafts used: ${drafts:-0})"

# --- metrics --------------------------------------------------------------------------------------
http_get "$(url "$survivor" /metrics)"
frames_out=$(grep -E '^switchboard_media_frames_out_total(\{[^}]*\})? ' <<<"$HTTP_BODY" | awk '{print $2}' | head -n 1)
[[ ${frames_out%.*} -gt 100 ]] && grep -q '^switchboard_turn_e2e_latency_seconds' <<<"$HTTP_BODY" \
    && grep -q '^switchboard_media_barge_ins_total' <<<"$HTTP_BODY"
report $? "$survivor /metrics counts frames out ($frames_out), barge-ins and the end-to-end latency histogram"

# --- refusals and status --------------------------------------------------------------------------
close=$(/usr/bin/python3 "$ROOT/Tests/e2e/ws_probe.py" close "$WS/api/v1/browser/conversation?streaming_mode=voice_live")
[[ $close == *"no media worker offers voice_live"* ]]
report $? "streaming_mode=voice_live without a speech-to-speech service is closed with the reason (got '$close')"
http_get "$(url gateway /api/v1/media/status)"
[[ $HTTP_STATUS == 200 && $(body_jq '.websocket_endpoint') == /api/v1/media/stream ]]
report $? "GET /api/v1/media/status"
