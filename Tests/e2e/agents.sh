#!/usr/bin/env bash
# End-to-end test of the agents capability through the gateway, with real processes and Redis:
# the agent APIs answer in the reference shapes, a scripted banking conversation in text works
# (tool calls and hand-offs in the events), bad input gets problem JSON, and runtime overrides
# survive a restart of `agents` and are seen by a second `agents` process.
# Ends with "e2e-agents: N passed, M failed"; exit status 1 if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_NAME=agents
# shellcheck source=Tests/e2e/harness.bash
source "$ROOT/Tests/e2e/harness.bash"

require_binaries gateway agents
allocate_ports redis agents agents-2 gateway
REDIS_PORT=${PORT[redis]}
start_redis
report $? "redis-server starts on port $REDIS_PORT"

start_service agents agents SB_AGENTS_PORT="${PORT[agents]}" "${AGENT_ENV[@]}"
start_service gateway gateway SB_GATEWAY_PORT="${PORT[gateway]}" SB_AGENTS_URL="http://127.0.0.1:${PORT[agents]}" \
    SB_METRICS_URL="http://127.0.0.1:1"
for name in agents gateway; do
    sb_wait_http "$(url "$name" /ready)" 30 >/dev/null 2>&1
    report $? "$name: GET /ready is 200"
done
api() { url gateway "/api/v1$1"; }

# --- listings in the reference shapes ---------------------------------------------------------
http_get "$(api /agents)"
[[ $HTTP_STATUS == 200 && $(body_jq '.status') == success && $(body_jq '.agents_count') -ge 7 \
    && $(body_jq '.handoff_map.handoff_fraud_agent') == FraudAgent && $(body_jq '.available_voices.turbo_voices | length') == 6 ]]
report $? "GET /agents lists the shipped agents with handoff_map and voices"
http_get "$(api /agents/fraudagent)"
[[ $HTTP_STATUS == 200 && $(body_jq '.name') == FraudAgent && $(body_jq '.handoff_trigger') == handoff_fraud_agent ]]
report $? "GET /agents/{name} matches names case-insensitively"
http_get "$(api /agents/Nobody)"
[[ $HTTP_STATUS == 404 ]] && is_problem_json && [[ $(body_jq '.detail') == "Agent 'Nobody' not found" ]]
report $? "GET /agents/{unknown} is 404 problem JSON naming the agent"
http_get "$(api /scenarios)"
[[ $HTTP_STATUS == 200 && $(body_jq '[.scenarios[].name] | sort | join(",")') == "banking,default,insurance" ]]
report $? "GET /scenarios lists default, banking, insurance"
http_get "$(api /scenarios/insurance)"
[[ $(body_jq '.start_agent') == AuthAgent ]]
report $? "GET /scenarios/insurance starts with AuthAgent"
http_get "$(api '/agent-builder/tools?include_handoffs=false')"
[[ $HTTP_STATUS == 200 && $(body_jq '[.tools[] | select(.is_handoff)] | length') == 0 && $(body_jq '.total') -ge 15 ]]
report $? "GET /agent-builder/tools filters hand-off tools out"
http_get "$(api '/agent-builder/voices?category=hd')"
[[ $(body_jq '.total') == 4 ]]
report $? "GET /agent-builder/voices?category=hd lists 4 voices"
http_get "$(api /agent-builder/templates/fraud_agent)"
[[ $(body_jq '.template.name') == FraudAgent && -n $(body_jq '.template.prompt') ]]
report $? "GET /agent-builder/templates/{id} returns the full template"

# --- a scripted banking conversation in text ----------------------------------------------------
SID="e2e-$RANDOM"
say() { http_send POST "$(api "/sessions/$SID/messages")" "$(jq -nc --arg t "$1" '{text: $t, scenario: "banking"}')"; }
say "I lost my card"
[[ $HTTP_STATUS == 200 && $(body_jq '.greeting.agent') == Concierge && $(body_jq '.agent') == AuthAgent \
    && $(body_jq '[.events[] | select(.type == "agent_change")][0].agent_name') == AuthAgent ]]
report $? "“I lost my card”: greeted by Concierge, handed to AuthAgent"
say "my name is Jane Doe and the last four are one two three four"
[[ $(body_jq '[.events[] | select(.type == "tool_end")] | map(.tool + ":" + .status) | join(",")') \
    == "verify_client_identity:success,handoff_fraud_agent:success" && $(body_jq '.agent') == FraudAgent ]]
report $? "identity verified, then handed to FraudAgent (tool_end events in order)"
say "yes please block it"
[[ $(body_jq '[.events[] | select(.type == "tool_end")][0].tool') == block_card_emergency && $(body_jq '.reply') == *4821* ]]
report $? "card blocked: the reply names the card ending 4821"
say "yes ship me a new card, express please"
[[ $(body_jq '[.events[] | select(.type == "tool_start")][0].arguments.expedited') == true && $(body_jq '.reply') == *"2 business days"* ]]
report $? "replacement shipped express: 2 business days"
http_send POST "$(api "/sessions/$SID/messages")" '{"text": ""}'
[[ $HTTP_STATUS == 422 ]] && is_problem_json && [[ $(body_jq '.errors[0].field') == text ]]
report $? "an empty text is 422 problem JSON naming the field"
http_send POST "$(api "/sessions/$SID/messages")" '{"text": "hi", "scenario": "nope"}'
[[ $HTTP_STATUS == 400 ]] && is_problem_json
report $? "an unknown scenario is 400 problem JSON"
http_send POST "$(api "/sessions/$SID/messages")" 'not json'
[[ $HTTP_STATUS == 422 ]] && is_problem_json
report $? "a body that is not JSON is 422 problem JSON"

# --- runtime overrides survive restarts and are shared ----------------------------------------
http_send PUT "$(api /agents/Concierge)" '{"model": {"temperature": 3}}'
[[ $HTTP_STATUS == 400 ]] && is_problem_json && [[ $(body_jq '.errors[0].field') == model.temperature ]]
report $? "PUT /agents/{name} with temperature 3 is 400 naming model.temperature"
http_send PUT "$(api /agents/Concierge)" '{"model": {"deployment_id": "gpt-4o-mini", "temperature": 0.2}, "voice": {"voice_name": "en-US-EmmaMultilingualNeural"}}'
[[ $HTTP_STATUS == 200 && $(body_jq '.updated_fields | length') == 3 ]]
report $? "PUT /agents/{name} updates model and voice"
# --- session agents (Agent Builder) -------------------------------------------------------------
BUILDER_SID="builder-$RANDOM"
http_send POST "$(api "/agent-builder/create?session_id=$BUILDER_SID")" \
    '{"name": "Bob", "prompt": "You are Bob, a helpful assistant.", "greeting": "Hi, I am Bob.", "tools": ["escalate_human"]}'
[[ $HTTP_STATUS == 200 && $(body_jq '.status') == created && $(body_jq '.config.handoff_trigger') == handoff_bob ]]
report $? "POST /agent-builder/create makes a session agent"
http_send POST "$(api "/agent-builder/create?session_id=$BUILDER_SID")" '{"name": "Bob", "prompt": "You are Bob.", "tools": ["no_such_tool"]}'
[[ $HTTP_STATUS == 400 && $(body_jq '.detail') == "Invalid tools: no_such_tool" ]]
report $? "an unknown tool is 400 naming it"
http_send POST "$(api "/agent-builder/create?session_id=$BUILDER_SID")" '{"name": "", "prompt": "short", "model": {"top_p": 2}}'
[[ $HTTP_STATUS == 422 && $(body_jq '[.errors[].field] | join(",")') == "name,prompt,model.top_p" ]]
report $? "field limits are 422 with every field named"
http_send POST "$(api "/sessions/$BUILDER_SID/messages")" '{"text": "hello"}'
[[ $(body_jq '.greeting.text') == "Hi, I am Bob." && $(body_jq '.agent') == Bob ]]
report $? "the session agent starts that session's conversation"

# --- session scenarios (Scenario Builder) ------------------------------------------------------
SCENARIO_SID="scenario-$RANDOM"
http_send POST "$(api "/scenario-builder/session/$SCENARIO_SID/apply-template?template_id=insurance")"
[[ $HTTP_STATUS == 200 && $(body_jq '.scenario.start_agent') == AuthAgent ]]
report $? "apply-template insurance makes it the session's scenario"
http_send POST "$(api "/sessions/$SCENARIO_SID/messages")" '{"text": "hello"}'
[[ $(body_jq '.greeting.agent') == AuthAgent ]]
report $? "the session's conversation starts with the scenario's start agent"
http_send POST "$(api "/scenario-builder/create?session_id=$SCENARIO_SID")" '{"name": "Mine", "agents": ["Concierge", "Ghost"]}'
[[ $HTTP_STATUS == 400 && $(body_jq '.detail') == "Invalid agents: Ghost" ]]
report $? "a scenario naming an unknown agent is 400 naming it"
http_send POST "$(api "/scenario-builder/create?session_id=$SCENARIO_SID")" \
    '{"name": "Mine", "agents": ["Concierge", "FraudAgent"], "start_agent": "Concierge", "handoffs": [{"from_agent": "Concierge", "to_agent": "FraudAgent", "tool": "handoff_fraud_agent", "type": "discrete"}]}'
[[ $HTTP_STATUS == 200 && $(body_jq '.status') == created && $(body_jq '.config.handoffs[0].type') == discrete ]]
report $? "a custom session scenario is created"
http_get "$(api "/scenario-builder/session/$SCENARIO_SID/scenarios")"
[[ $(body_jq '.total') == 2 && $(body_jq '.active_scenario') == Mine ]]
report $? "the session lists both scenarios, the new one active"

kill "${PID[agents]}"
sb_wait_exit "${PID[agents]}" 10
start_service agents agents SB_AGENTS_PORT="${PORT[agents]}" "${AGENT_ENV[@]}"
start_service agents-2 agents SB_AGENTS_PORT="${PORT[agents-2]}" "${AGENT_ENV[@]}"
sb_wait_http "$(url agents /ready)" 30 >/dev/null 2>&1 && sb_wait_http "$(url agents-2 /ready)" 30 >/dev/null 2>&1
report $? "agents restarted, and a second agents process started"
http_get "$(api /agents/Concierge)"
[[ $(body_jq '.model.deployment_id') == gpt-4o-mini && $(body_jq '.voice.current_voice') == en-US-EmmaMultilingualNeural ]]
report $? "the override survived the restart"
http_get "$(url agents-2 /api/v1/agents/Concierge)"
[[ $(body_jq '.model.deployment_id') == gpt-4o-mini ]]
report $? "the second agents process sees the override"
http_get "$(api "/agent-builder/session/$BUILDER_SID")"
[[ $(body_jq '.agent_name') == Bob ]]
report $? "the session agent survived the restart"
http_get "$(url agents-2 "/api/v1/agent-builder/session/$BUILDER_SID")"
[[ $(body_jq '.agent_name') == Bob ]]
report $? "the second agents process sees the session agent"
http_get "$(url agents-2 "/api/v1/scenario-builder/session/$SCENARIO_SID")"
[[ $(body_jq '.scenario_name') == Mine ]]
report $? "the second agents process sees the session scenario after the restart"
http_send POST "$(url agents-2 "/api/v1/sessions/$SID/messages")" '{"text": "that is all thanks"}'
[[ $(body_jq '.turn_number') == 5 && $(body_jq '[.events[] | select(.type == "tool_end")][0].tool') == end_call ]]
report $? "the second process resumes the session (turn 5, FraudAgent ends the call)"
