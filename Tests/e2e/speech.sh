#!/usr/bin/env bash
# End-to-end test of the speech engines through the real executables, with the cloud services
# played by Tests/e2e/fake_speech.py (their documented wire formats):
#   - Azure Speech TTS greets and answers a phone call; OpenAI-compatible transcription hears it;
#   - a failing voice (401, dropped connection) is replaced by the embedded one for that sentence,
#     with an engine_error on the relay, in /metrics and in readiness; a failing recogniser
#     (429) is reported and the call goes on;
#   - Azure Speech recognition (WebSocket protocol, Tests/e2e/fake_azure_stt.py) hears a call;
#   - OpenAI-compatible TTS speaks a call;
#   - without a key, the Azure voice uses Entra ID tokens (managed identity; client secret);
#   - voice_live converses through a speech-to-speech service (Tests/e2e/fake_realtime.py) with
#     our tools and hand-offs, and is interrupted by the caller;
#   - whisper (embedded) understands a phone call word for word;
#   - an engine name that is not built, or a cloud engine without its key, stops start-up (78).
# Ends with "e2e-speech: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=speech
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

require_binaries gateway media switchboard-caller
allocate_ports redis fake realtime azure-stt media-1 media-2 media-3 media-4 media-5 media-6 media-7 gateway
REDIS_PORT=${PORT[redis]}
start_redis
report $? "redis-server starts on port $REDIS_PORT"
start_fake fake fake_speech.py --key test-key --latency-ms 80
report $? "the fake speech services listen on ${PORT[fake]}"
FAKE="http://127.0.0.1:${PORT[fake]}"

# media-1: Azure voice, OpenAI-compatible recogniser. Only one worker runs at a time, so the
# gateway's calls go to the one under test.
start_service media-1 media SB_MEDIA_PORT="${PORT[media-1]}" SB_WORKER_ID=media-1 "${AGENT_ENV[@]}" \
    SB_TTS_ENGINE=azure AZURE_SPEECH_KEY=test-key SB_AZURE_TTS_URL="$FAKE/cognitiveservices/v1" \
    SB_STT_ENGINE=openai SB_STT_BASE_URL="$FAKE/v1" SB_STT_API_KEY=test-key SB_STT_MODEL=gpt-4o-transcribe
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_AGENTS_URL=http://127.0.0.1:1 SB_METRICS_URL=http://127.0.0.1:1
for name in media-1 gateway; do
    sb_wait_http "$(url "$name" /ready)" 60 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done
WS="ws://127.0.0.1:${PORT[gateway]}"
requests() { http_get "$FAKE/fake/requests"; }

http_get "$(url media-1 /ready)"
[[ $HTTP_BODY == *"stt openai gpt-4o-transcribe"* && $HTTP_BODY == *"tts azure en-US-AvaMultilingualNeural"* ]]
report $? "readiness names the engines really running (azure voice, openai recogniser)"

# --- Azure voice and OpenAI-compatible transcription on a phone call ------------------------------
out=$(caller --protocol acs --say "I lost my card")
status=$?
echo "$out" | sed 's/^/# /'
SID=$(session_of "$out")
[[ $status == 0 && $out == *"turns answered: 1/1"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
report $? "ACS call: greeted and answered in the Azure voice"
requests
jq -e '[.[] | select(.path == "/cognitiveservices/v1")] | length >= 2 and all(.headers["ocp-apim-subscription-key"] == "test-key"
    and .headers["x-microsoft-outputformat"] == "raw-16khz-16bit-mono-pcm"
    and (.ssml | contains("<voice name=\"en-US-") and contains("xml:lang=\"en-US\"")))' <<<"$HTTP_BODY" >/dev/null
report $? "the TTS requests carry the key, the raw 16 kHz format and SSML with the agent's neural voice"
jq -e '[.[] | select(.path == "/v1/audio/transcriptions")] | length >= 1 and all(.form.model == "gpt-4o-transcribe"
    and .form.language == "en" and .audio_bytes > 16000 and .headers.authorization == "Bearer test-key")' <<<"$HTTP_BODY" >/dev/null
report $? "the transcription requests send the utterance as WAV with the model, language and key"
grep -qi '"content":"I lost my credit card and I need to block it"' <<<"$(events_of "$SID")"
report $? "the relay carries the recogniser's words"

# --- a voice that fails: 401, then a dropped connection -------------------------------------------
http_send POST "$FAKE/fake/fail" '{"service":"tts","status":401,"count":3}'
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
FSID=$(session_of "$out")
[[ $out == *"turns answered: 1/1"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
report $? "with the Azure voice refused (401) the call is greeted and answered in the embedded voice"
events=$(events_of "$FSID")
grep -q '"event_type":"engine_error"' <<<"$events" && grep -q 'HTTP 401' <<<"$events" && grep -q '"fallback":"flite slt"' <<<"$events"
report $? "the relay carries an engine_error naming the 401 and the fallback voice"
http_send POST "$FAKE/fake/fail" '{"service":"tts","status":"drop","count":2}'
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* ]]
report $? "a connection dropped by the TTS service does not stop the call"
http_get "$(url media-1 /metrics)"
errors=$(grep -E '^switchboard_media_engine_errors_total\{stage="tts"\} ' <<<"$HTTP_BODY" | awk '{print $2}')
[[ ${errors%.*} -ge 3 ]]
report $? "/metrics counts the TTS failures (${errors:-0})"
http_get "$(url media-1 /ready)"
[[ $HTTP_STATUS == 200 && $HTTP_BODY == *"last tts error"* ]]
report $? "readiness stays 200 and shows the last TTS error"

# --- a recogniser that fails: 429 ------------------------------------------------------------------
http_send POST "$FAKE/fake/fail" '{"service":"stt","status":429,"count":5}'
"$BIN_DIR/switchboard-caller" --url "$WS" --protocol acs --session-id stt-429 --say "I lost my card" >"$WORK/stt429.out" 2>&1 &
CALLER_PID=$!
ALL_PIDS+=("$CALLER_PID")
stt_error_reported() { events_of stt-429 | grep -q '"stage":"stt"'; }
poll_until 15 0.1 stt_error_reported && grep -q 'HTTP 429' <<<"$(events_of stt-429)"
report $? "a recogniser answering 429 is reported on the relay (engine_error, stage stt)"
sb_stop_pids 5 "$CALLER_PID"
http_send POST "$FAKE/fake/fail" '{"service":"stt","status":429,"count":0}'
http_send POST "$FAKE/fake/transcripts" '["I lost my card"]'
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* ]]
report $? "once the recogniser answers again, the next call is understood"

# --- Azure Speech for both: recognition over its WebSocket protocol, the neural voice over REST -----
start_fake azure-stt fake_azure_stt.py --key test-key --log "$WORK/azure-stt.log" \
    --transcripts "I lost my credit card and I need to block it"
sb_stop_pids 10 "${PID[media-1]}"
start_service media-7 media SB_MEDIA_PORT="${PORT[media-7]}" SB_WORKER_ID=media-7 "${AGENT_ENV[@]}" AZURE_SPEECH_KEY=test-key \
    SB_STT_ENGINE=azure SB_AZURE_STT_URL="ws://127.0.0.1:${PORT[azure-stt]}/speech/recognition/conversation/cognitiveservices/v1" \
    SB_TTS_ENGINE=azure SB_AZURE_TTS_URL="$FAKE/cognitiveservices/v1"
sb_wait_http "$(url media-7 /ready)" 60 >/dev/null 2>&1
report $? "media-7 (Azure Speech recognition and voice): GET /ready is 200"
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
ASID=$(session_of "$out")
events=$(events_of "$ASID")
[[ $out == *"turns answered: 1/1"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]] \
    && grep -q '"content":"I lost my credit card and I need to block it"' <<<"$events"
report $? "ACS call: greeted in the Azure voice and understood by Azure recognition"
jq -s -e '(map(select(.type == "speech.config")) | length >= 1) and (map(select(.type == "audio-start"))[0].language == "en-US")
    and (map(select(.type == "audio-end"))[0].audio_bytes > 16000) and (map(select(.type == "bad-audio" or .type == "bad-riff")) | length == 0)' \
    "$WORK/azure-stt.log" >/dev/null
report $? "the recogniser spoke the Speech WebSocket protocol: speech.config, a RIFF header, audio messages, the end of audio"
sb_stop_pids 10 "${PID[media-7]}"

# --- OpenAI-compatible voice --------------------------------------------------------------------
start_service media-2 media SB_MEDIA_PORT="${PORT[media-2]}" SB_WORKER_ID=media-2 "${AGENT_ENV[@]}" \
    SB_TTS_ENGINE=openai SB_TTS_BASE_URL="$FAKE/v1" SB_TTS_API_KEY=test-key SB_TTS_VOICE=nova
sb_wait_http "$(url media-2 /ready)" 60 >/dev/null 2>&1
report $? "media-2 (OpenAI-compatible voice): GET /ready is 200"
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
report $? "ACS call: greeted and answered in the OpenAI-compatible voice"
requests
jq -e '[.[] | select(.path == "/v1/audio/speech")] | length >= 2 and all(.json.response_format == "pcm"
    and .json.model == "gpt-4o-mini-tts" and (.json.voice | length > 0))' <<<"$HTTP_BODY" >/dev/null
report $? "the speech requests ask for streamed PCM with the model and a voice"
sb_stop_pids 10 "${PID[media-2]}"

# --- keyless Azure: Entra ID tokens from the managed identity, then from a client secret ----------
start_service media-4 media SB_MEDIA_PORT="${PORT[media-4]}" SB_WORKER_ID=media-4 "${AGENT_ENV[@]}" \
    SB_TTS_ENGINE=azure SB_AZURE_TTS_URL="$FAKE/cognitiveservices/v1" IDENTITY_ENDPOINT="$FAKE/msi/token" IDENTITY_HEADER=identity-secret
sb_wait_http "$(url media-4 /ready)" 60 >/dev/null 2>&1
report $? "media-4 (Azure voice, no key, managed identity): GET /ready is 200"
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
KSID=$(session_of "$out")
requests
[[ $out == *"turns answered: 1/1"* ]] && ! grep -q '"event_type":"engine_error"' <<<"$(events_of "$KSID")" \
    && jq -e '[.[] | select(.path | startswith("/msi/token"))] | length == 1
        and (.[0].path | contains("resource=https%3A%2F%2Fcognitiveservices.azure.com"))' <<<"$HTTP_BODY" >/dev/null \
    && jq -e '[.[] | select(.path == "/cognitiveservices/v1" and (.headers.authorization // "" | startswith("Bearer entra-token-")))]
        | length >= 2' <<<"$HTTP_BODY" >/dev/null
report $? "without a key the Azure voice speaks with a managed-identity token, fetched once and reused"
sb_stop_pids 10 "${PID[media-4]}"
start_service media-5 media SB_MEDIA_PORT="${PORT[media-5]}" SB_WORKER_ID=media-5 "${AGENT_ENV[@]}" \
    SB_TTS_ENGINE=azure SB_AZURE_TTS_URL="$FAKE/cognitiveservices/v1" AZURE_AUTHORITY_HOST="$FAKE" AZURE_TENANT_ID=contoso \
    AZURE_CLIENT_ID=switchboard-app AZURE_CLIENT_SECRET=identity-secret
sb_wait_http "$(url media-5 /ready)" 60 >/dev/null 2>&1
out=$(caller --protocol acs --say "I lost my card")
echo "$out" | sed 's/^/# /'
KSID=$(session_of "$out")
requests
[[ $out == *"turns answered: 1/1"* ]] && ! grep -q '"event_type":"engine_error"' <<<"$(events_of "$KSID")" \
    && jq -e '[.[] | select(.path == "/contoso/oauth2/v2.0/token")] | length == 1
        and .[0].form.scope == "https://cognitiveservices.azure.com/.default" and .[0].form.client_id == "switchboard-app"' \
        <<<"$HTTP_BODY" >/dev/null
report $? "with a client secret the Azure voice speaks with a client-credentials token"
sb_stop_pids 10 "${PID[media-5]}"

# --- voice_live: a speech-to-speech service (fake Realtime protocol) with tools and hand-offs -----
start_fake realtime fake_realtime.py --key rt-key --log "$WORK/realtime.log" \
    --transcripts "I lost my card|my name is Jane Doe and the last four are one two three four|I lost my card"
start_service media-6 media SB_MEDIA_PORT="${PORT[media-6]}" SB_WORKER_ID=media-6 "${AGENT_ENV[@]}" \
    SB_REALTIME_URL="ws://127.0.0.1:${PORT[realtime]}/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-realtime" \
    SB_REALTIME_API_KEY=rt-key
sb_wait_http "$(url media-6 /ready)" 60 >/dev/null 2>&1
report $? "media-6 (voice_live through a Realtime-protocol service): GET /ready is 200"
out=$(caller --protocol browser --mode voice_live --session-id vl-1 --say "I lost my card" \
    --say "my name is Jane Doe and the last four are one two three four")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 2/2"* && $(grep -oE 'greeting [0-9]+' <<<"$out" | cut -d' ' -f2) -gt 50 ]]
report $? "voice_live browser call: greeted, two spoken requests answered in the service's voice"
events=$(events_of vl-1)
grep -q '"tool":"handoff_to_auth"' <<<"$events" && grep '"event_type":"agent_change"' <<<"$events" | grep -q '"agent_name":"AuthAgent"' \
    && grep -q '"tool":"verify_client_identity"' <<<"$events" && grep -q '"status":"success"' <<<"$events"
report $? "the service's function calls ran with our tools: a hand-off to AuthAgent, then the identity check"
grep -q '"content":"I lost my card"' <<<"$events" && grep -q 'you are verified' <<<"$events" && grep -q '"type":"turn_metrics"' <<<"$events"
report $? "the relay carries both sides' transcripts and turn_metrics"
jq -s -e '[.[] | select(.type == "session.update")] | length >= 2 and (.[0].session.tools | map(.name) | index("handoff_to_auth"))
    and (.[-1].session.tools | map(.name) | index("verify_client_identity")) and .[0].session.input_audio_format == "pcm16"' \
    "$WORK/realtime.log" >/dev/null \
    && jq -s -e '[.[] | select(.type == "connect")][0].headers["api-key"] == "rt-key"' "$WORK/realtime.log" >/dev/null \
    && jq -s -e '[.[] | select(.type == "conversation.item.create" and .item.type == "function_call_output")] | length == 2' \
        "$WORK/realtime.log" >/dev/null
report $? "the service was configured per agent (session.update after the hand-off) with the key, and got the tools' outputs"
rcli lrange "sb:session:{vl-1}:history" 0 -1 | grep -q 'verify_client_identity'
report $? "the session's history in Redis keeps the voice_live turns and tool calls"
# A phone call placed in voice_live mode: its call record names the mode its media socket runs in.
rcli hset "sb:call:{vl-call}" session_id vl-acs streaming_mode voice_live >/dev/null
out=$(caller --protocol acs --call-id vl-call --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"turns answered: 1/1"* ]] && grep -q '"content":"I lost my card"' <<<"$(events_of vl-acs)"
report $? "voice_live phone call: the ACS media socket of a call placed in voice_live mode converses through the service"
out=$(caller --protocol browser --mode voice_live --barge-in --say "I lost my card")
echo "$out" | sed 's/^/# /'
[[ $out == *"barge-in: audio stopped"* ]]
report $? "voice_live: speaking over the greeting stops the agent's audio (the service's speech_started)"
sb_stop_pids 10 "${PID[media-6]}"

# --- whisper, embedded -----------------------------------------------------------------------------
WHISPER_DIR=${SB_WHISPER_DIR:-$HOME/.cache/switchboard/engines/whisper}
start_service media-3 media SB_MEDIA_PORT="${PORT[media-3]}" SB_WORKER_ID=media-3 "${AGENT_ENV[@]}" \
    SB_STT_ENGINE=whisper SB_WHISPER_DIR="$WHISPER_DIR"
sb_wait_http "$(url media-3 /ready)" 60 >/dev/null 2>&1
report $? "media-3 (whisper from $WHISPER_DIR): GET /ready is 200"
out=$(caller --protocol acs --say "I lost my credit card and I need to block it")
echo "$out" | sed 's/^/# /'
WSID=$(session_of "$out")
[[ $out == *"turns answered: 1/1"* ]] \
    && grep -qi '"content":"I lost my credit card and I need to block it\.\?"' <<<"$(events_of "$WSID")"
report $? "whisper: a phone call is understood word for word"
sb_stop_pids 10 "${PID[media-3]}"

# --- refusals at start -----------------------------------------------------------------------------
refused() {
    local log=$WORK/refused.log
    sb_spawn "$log" REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" SB_HOST=127.0.0.1 SB_MEDIA_PORT="$(sb_free_port)" "$@" "$BIN_DIR/media"
    local pid=$SB_SPAWNED_PID
    ALL_PIDS+=("$pid")
    sb_wait_exit "$pid" 30
    exit_status "$pid"
    REFUSAL=$(cat "$log")
    : >"$log"
    [[ $EXIT_STATUS == 78 ]]
}
refused SB_STT_ENGINE=kaldi && [[ $REFUSAL == *"SB_STT_ENGINE must be one of whisper, pocketsphinx, azure, openai, noop"*kaldi* ]]
report $? "an unknown recogniser name stops start-up (78) listing the valid names"
refused SB_STT_ENGINE=azure && [[ $REFUSAL == *"SB_STT_ENGINE=azure needs AZURE_SPEECH_REGION or SB_AZURE_STT_URL"* ]]
report $? "Azure recognition without a region or endpoint stops start-up"
refused SB_TTS_ENGINE=azure && [[ $REFUSAL == *"SB_TTS_ENGINE=azure needs AZURE_SPEECH_REGION or SB_AZURE_TTS_URL"* ]]
report $? "the Azure voice without a region or endpoint stops start-up"
refused SB_TTS_ENGINE=azure AZURE_SPEECH_REGION=westeurope AZURE_CLIENT_ID=app AZURE_CLIENT_SECRET=s \
    && [[ $REFUSAL == *"AZURE_CLIENT_SECRET needs AZURE_TENANT_ID"* ]]
report $? "a client secret without its tenant stops start-up"
refused SB_STT_ENGINE=whisper SB_WHISPER_DIR="$WORK/nowhere" && [[ $REFUSAL == *"whisper is not installed"* ]]
report $? "whisper that is not installed stops start-up, saying how to install it"

finish
