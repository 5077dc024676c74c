#!/usr/bin/env python3
"""Generates web/openapi.json (OpenAPI 3.1) for Switchboard's public API.

Every schema and constraint here was read from the Swift code (Services/gateway, Services/agents,
Shared/Service, Shared/Agents); the metrics routes follow the contract of Services/metrics.
Usage: scripts/openapi.py web/openapi.json   (Tests/e2e/openapi.sh checks the two agree)
"""
import json
import sys

REF = lambda name: {"$ref": f"#/components/schemas/{name}"}
RESP = lambda name: {"$ref": f"#/components/responses/{name}"}


def nullable(schema):
    """schema or null (OpenAPI 3.1 style)."""
    if "$ref" in schema or "oneOf" in schema or "anyOf" in schema or "const" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    s = dict(schema)
    t = s.get("type")
    if isinstance(t, list):
        if "null" not in t:
            s["type"] = t + ["null"]
    elif t:
        s["type"] = [t, "null"]
    if "enum" in s and None not in s["enum"]:
        s["enum"] = s["enum"] + [None]
    return s


def obj(props, required=None, description=None, additional=None, example=None):
    s = {"type": "object", "properties": props}
    if required is None:
        required = list(props.keys())
    if required:
        s["required"] = required
    if description:
        s["description"] = description
    if additional is not None:
        s["additionalProperties"] = additional
    if example is not None:
        s["examples"] = [example]
    return s


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
ANY = {"description": "Any JSON value."}
STRS = {"type": "array", "items": STR}
MAP = {"type": "object", "additionalProperties": True}
MS = {"type": "number", "description": "Milliseconds.", "minimum": 0}


def const(value, description=None):
    s = {"type": "string", "const": value} if isinstance(value, str) else {"const": value}
    if description:
        s["description"] = description
    return s


def json_content(schema, example=None, examples=None, media="application/json"):
    c = {"schema": schema}
    if example is not None:
        c["example"] = example
    if examples:
        c["examples"] = examples
    return {media: c}


def ok(schema, description="OK.", example=None, status_description=None):
    return {"description": description, "content": json_content(schema, example)}


# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------
S = {}

S["FieldError"] = obj({"field": STR, "message": STR}, description="One invalid field.")
S["ServiceCheck"] = obj(
    {
        "component": {"type": "string", "examples": ["redis"]},
        "status": {"type": "string", "enum": ["healthy", "unhealthy", "degraded"]},
        "check_time_ms": MS,
        "error": {"type": "string", "description": "Why the check failed (unhealthy only)."},
        "details": {"type": "string", "description": "What the check found (healthy or degraded)."},
    },
    required=["component", "status", "check_time_ms"],
    description="The outcome of one readiness check (the Python backend's `ServiceCheck`).",
)
S["Problem"] = obj(
    {
        "type": {"type": "string", "description": "Always `about:blank`: the status says it all.", "examples": ["about:blank"]},
        "title": {"type": "string", "description": "The HTTP reason phrase.", "examples": ["Not Found"]},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "instance": {"type": "string", "description": "The request path."},
        "errors": {"type": "array", "items": REF("FieldError"), "description": "Every invalid field (422, and 400 for range errors)."},
        "checks": {"type": "array", "items": REF("ServiceCheck"), "description": "Readiness checks (503 from `/ready` only)."},
    },
    required=["type", "title", "status"],
    description="An RFC 7807 problem: the body of every error answer, as `application/problem+json`.",
)

# --- gateway health ---------------------------------------------------------------------------
S["ApiHealth"] = obj(
    {
        "status": const("healthy"),
        "version": STR,
        "timestamp": {"type": "number", "description": "Seconds since 1970."},
        "message": STR,
        "details": obj({"api_version": STR, "service": STR}),
        "active_sessions": {"type": ["integer", "null"], "minimum": 0, "description": "Calls on live media workers; null when Redis did not answer within 500 ms."},
        "session_metrics": {"type": ["object", "null"], "description": "Always null (kept for the Python backend's clients)."},
    },
    description="Liveness in the Python backend's shape: always 200 while the gateway runs.",
    example={"status": "healthy", "version": "0.1.0", "timestamp": 1795288186.91, "message": "Real-Time Audio Agent API v1 is running",
             "details": {"api_version": "v1", "service": "switchboard-gateway"}, "active_sessions": 0, "session_metrics": None},
)
S["Readiness"] = obj(
    {
        "status": {"type": "string", "enum": ["ready", "degraded", "unhealthy"]},
        "timestamp": {"type": "number", "description": "Seconds since 1970."},
        "response_time_ms": MS,
        "checks": {"type": "array", "items": REF("ServiceCheck"),
                   "description": "In order: redis, media_workers, agents_service, metrics_service, speech_services."},
        "event_system": {"type": "null"},
    },
    description="Every dependency check, each bounded to one second.",
)
S["ServiceStatus"] = obj(
    {
        "status": {"type": "string", "enum": ["ok", "ready"]},
        "service": {"type": "string", "examples": ["gateway"]},
        "version": STR,
        "checks": {"type": "array", "items": REF("ServiceCheck")},
    },
    required=["status", "service", "version"],
    description="`/health` (`ok`) and `/ready` (`ready`, with its checks) of a Switchboard process.",
)
S["MediaStatus"] = obj(
    {
        "status": const("available"),
        "streaming_mode": {"type": "string", "enum": ["media", "transcription", "voice_live", "realtime"],
                           "description": "`ACS_STREAMING_MODE` of the gateway."},
        "websocket_endpoint": const("/api/v1/media/stream"),
        "protocols_supported": {"type": "array", "items": const("WebSocket")},
        "features": obj({k: BOOL for k in ["real_time_audio", "transcription", "orchestrator_support", "session_management"]}),
        "version": const("v1"),
        "active_connections": {"type": "integer", "minimum": 0, "description": "ACS media sockets open on this gateway."},
    }
)
S["BrowserStatus"] = obj(
    {
        "status": const("available"),
        "websocket_endpoints": obj({"dashboard_relay": const("/api/v1/browser/dashboard/relay"),
                                    "conversation": const("/api/v1/browser/conversation")}),
        "features": obj({k: BOOL for k in ["dashboard_broadcasting", "conversation_streaming", "orchestrator_support",
                                           "session_management", "audio_interruption", "precise_routing", "connection_queuing"]}),
        "active_connections": obj({"dashboard_clients": {"type": "integer", "minimum": 0},
                                   "conversation_sessions": {"type": "integer", "minimum": 0},
                                   "total_connections": {"type": "integer", "minimum": 0}}),
        "protocols_supported": {"type": "array", "items": const("WebSocket")},
        "version": const("v1"),
    }
)

# --- agents -----------------------------------------------------------------------------------
S["ModelConfig"] = obj(
    {"deployment_id": {"type": "string", "examples": ["gpt-4o"]}, "temperature": NUM, "top_p": NUM, "max_tokens": INT},
    description="LLM settings of an agent.",
)
S["VoiceConfig"] = obj(
    {"name": {"type": "string", "examples": ["en-US-AvaMultilingualNeural"]}, "type": {"type": "string", "examples": ["azure-standard"]},
     "style": STR, "rate": {"type": "string", "examples": ["+0%"]}, "pitch": {"type": "string", "examples": ["+0%"]},
     "endpoint_id": STR},
    required=["name", "type", "style", "rate", "pitch"],
    description="TTS voice of an agent (offline engines map it to a local voice).",
)
S["AgentListing"] = obj(
    {
        "name": STR,
        "status": const("loaded"),
        "description": STR,
        "prompt_path": nullable(STR),
        "config_path": nullable(STR),
        "model": obj({"deployment_id": STR}),
        "voice": obj({"current_voice": STR, "voice_style": STR, "voice_configurable": BOOL, "is_per_agent_voice": BOOL}),
        "tool_count": {"type": "integer", "minimum": 0},
        "tools": STRS,
        "handoff_tools": STRS,
        "handoff_trigger": {"type": "string", "description": "The tool other agents call to hand off here."},
        "prompt_preview": {"type": "string", "description": "The first 320 characters of the prompt template."},
        "source": {"type": "string", "enum": ["unified", "session"], "description": "`session` for Agent Builder agents."},
    },
    description="An agent as `GET /api/v1/agents` lists it.",
)
S["AgentSummary"] = obj(
    {
        "name": STR, "description": {"type": "string", "description": "At most 160 characters."},
        "greeting": {"type": "boolean", "description": "Whether the agent has a greeting."},
        "return_greeting": BOOL, "tool_count": {"type": "integer", "minimum": 0},
        "tools_preview": {"type": "array", "items": STR, "maxItems": 5}, "handoff_trigger": STR,
        "model": {"type": "string", "description": "Deployment id of the cascade model."}, "voice": STR,
    }
)
S["AvailableVoices"] = obj({"turbo_voices": STRS, "standard_voices": STRS, "hd_voices": STRS})
S["AgentList"] = obj(
    {
        "status": const("success"),
        "agents_count": {"type": "integer", "minimum": 0},
        "agents": {"type": "array", "items": REF("AgentListing")},
        "summaries": {"type": "array", "items": REF("AgentSummary")},
        "handoff_map": {"type": "object", "additionalProperties": STR, "description": "Hand-off tool → agent."},
        "start_agent": nullable(STR),
        "scenario": nullable({"type": "string", "description": "`AGENT_SCENARIO` of the agents service."}),
        "connections": {"type": "array", "items": obj({"tool": STR, "target": STR})},
        "available_voices": REF("AvailableVoices"),
        "response_time_ms": MS,
        "current_agent": nullable({"type": "string", "description": "Only with `include_state=true`: the session's active agent, else the start agent."}),
    },
    required=["status", "agents_count", "agents", "summaries", "handoff_map", "start_agent", "scenario", "connections",
              "available_voices", "response_time_ms"],
)
S["AgentDetail"] = obj(
    {
        "name": STR, "status": const("loaded"), "description": STR,
        "prompt_path": nullable(STR), "config_path": nullable(STR),
        "model": obj({"deployment_id": STR}),
        "voice": obj({"current_voice": STR, "voice_style": STR}),
        "tool_count": {"type": "integer", "minimum": 0}, "tools": STRS, "handoff_tools": STRS, "handoff_trigger": STR,
        "prompt_preview": STR, "source": {"type": "string", "enum": ["unified", "session"]},
        "session_id": {"type": "string", "description": "Echoed when `session_id` was given."},
        "current_agent": nullable({"type": "string", "description": "With `session_id`: that session's active agent."}),
    },
    required=["name", "status", "description", "prompt_path", "config_path", "model", "voice", "tool_count", "tools",
              "handoff_tools", "handoff_trigger", "prompt_preview", "source"],
)
range_num = lambda lo, hi, desc=None, integer=False: {
    "type": ["integer" if integer else "number", "null"], "minimum": lo, "maximum": hi, **({"description": desc} if desc else {})}
S["AgentUpdateRequest"] = {
    "type": "object",
    "description": "A runtime override of an agent's model and voice, stored in Redis (every process sees it; it survives restarts). "
                   "Out-of-range numbers are 400 naming each field; `model` or `voice` that is not an object is 422.",
    "properties": {
        "model": {"type": ["object", "null"], "properties": {
            "deployment_id": STR,
            "temperature": range_num(0, 2),
            "top_p": range_num(0, 1),
            "max_tokens": range_num(1, 16384, integer=True),
        }},
        "voice": {"type": ["object", "null"], "properties": {"voice_name": STR, "voice_style": STR}},
    },
    "examples": [{"model": {"deployment_id": "gpt-4o-mini", "temperature": 0.2}, "voice": {"voice_name": "en-US-EmmaMultilingualNeural"}}],
}
S["AgentUpdateResult"] = obj(
    {"status": const("success"), "agent_name": STR,
     "updated_fields": {"type": "array", "items": {"type": "string", "examples": ["model.temperature"]}},
     "message": STR, "response_time_ms": MS, "note": STR}
)
S["Tool"] = obj(
    {"name": STR, "description": STR, "is_handoff": BOOL, "tags": STRS,
     "parameters": {"type": "object", "description": "The tool's arguments as a JSON Schema (OpenAI function format)."}}
)
S["ToolList"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0}, "tools": {"type": "array", "items": REF("Tool")},
     "categories": {"type": "object", "additionalProperties": INT, "description": "Tag → number of listed tools."},
     "response_time_ms": MS}
)
S["Voice"] = obj({"name": STR, "display_name": STR, "category": {"type": "string", "enum": ["turbo", "standard", "hd"]}, "language": const("en-US")})
S["VoiceList"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0}, "voices": {"type": "array", "items": REF("Voice")},
     "by_category": {"type": "object", "additionalProperties": STRS}, "default_voice": STR}
)
S["AgentDefaults"] = obj(
    {"status": const("success"),
     "defaults": obj({"model": MAP, "voice": MAP, "session": MAP, "template_vars": MAP},
                     description="From `config/agents/_defaults.yaml`."),
     "prompt_template": {"type": "string", "description": "A Jinja starter prompt."}}
)
_template_common = {
    "id": {"type": "string", "description": "The agent's folder (`fraud_agent`), or `session:<session id>` for a session agent."},
    "name": STR, "description": STR, "greeting": nullable(STR), "tools": STRS, "voice": REF("VoiceConfig"),
    "model": REF("ModelConfig"), "cascade_model": REF("ModelConfig"), "voicelive_model": REF("ModelConfig"),
}
S["AgentTemplateSummary"] = obj(
    {**_template_common,
     "prompt_preview": {"type": "string", "description": "The first 300 characters, then `...`."},
     "prompt_full": STR, "is_entry_point": BOOL, "is_session_agent": BOOL,
     "session_id": {"type": "string", "description": "Session agents only (absent for disk agents)."}},
    required=list(_template_common) + ["prompt_preview", "prompt_full", "is_entry_point", "is_session_agent"],
)
S["AgentTemplate"] = obj(
    {**_template_common, "return_greeting": {"type": "string", "description": "Absent when the agent has none."}, "prompt": STR,
     "template_vars": MAP, "handoff": obj({"trigger": STR, "is_entry_point": BOOL})},
    required=list(_template_common) + ["prompt", "template_vars", "handoff"],
)
S["AgentTemplateList"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0},
     "templates": {"type": "array", "items": REF("AgentTemplateSummary")}, "response_time_ms": MS}
)
S["AgentTemplateResult"] = obj({"status": const("success"), "template": REF("AgentTemplate")})
S["AgentReloadResult"] = obj(
    {"status": const("success"), "message": STR, "agents": STRS, "agent_count": {"type": "integer", "minimum": 0}, "response_time_ms": MS}
)


def model_limits(name):
    return {
        "type": ["object", "null"],
        "description": f"`{name}` settings; out-of-range numbers are 422 naming `{name}.<field>`.",
        "properties": {
            "deployment_id": STR,
            "temperature": range_num(0, 2, "0–2 (default 0.7)."),
            "top_p": range_num(0, 1, "0–1 (default 0.9)."),
            "max_tokens": range_num(1, 16384, "1–16384 (default 4096).", integer=True),
        },
    }


S["DynamicAgentConfig"] = {
    "type": "object",
    "description": (
        "A session agent (Agent Builder). Checked field by field: every limit broken is listed in one 422 answer "
        "(`errors[]`); tools that do not exist are 400 `Invalid tools: …`. `null` counts as absent. "
        "Other keys are stored with the agent as they are."
    ),
    "required": ["name", "prompt"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 64},
        "description": {"type": ["string", "null"], "maxLength": 512},
        "greeting": {"type": ["string", "null"], "maxLength": 1024, "description": "Jinja template."},
        "return_greeting": {"type": ["string", "null"], "maxLength": 1024},
        "handoff_trigger": {"type": ["string", "null"], "minLength": 1, "maxLength": 128,
                            "description": "Default `handoff_<name lower-cased, spaces → _>`."},
        "prompt": {"type": "string", "minLength": 10, "maxLength": 100000, "description": "System prompt (Jinja)."},
        "tools": {"type": ["array", "null"], "items": STR, "description": "Tool names from `GET /api/v1/agent-builder/tools`."},
        "model": model_limits("model"),
        "cascade_model": model_limits("cascade_model"),
        "voicelive_model": model_limits("voicelive_model"),
        "voice": {"type": ["object", "null"], "properties": {"name": STR, "type": STR, "style": STR, "rate": STR, "pitch": STR, "endpoint_id": STR}},
        "speech": {"type": ["object", "null"], "description": "Default `{\"candidate_languages\": [\"en-US\"]}`.", "properties": {
            "vad_silence_timeout_ms": range_num(100, 5000, "100–5000 (default 800)."),
            "use_semantic_segmentation": BOOL,
            "candidate_languages": STRS,
            "enable_diarization": BOOL,
            "speaker_count_hint": range_num(1, 10, "1–10 (default 2)."),
        }},
        "session": {"type": ["object", "null"], "description": "VoiceLive session settings.", "properties": {
            "modalities": STRS, "input_audio_format": STR, "output_audio_format": STR,
            "turn_detection_type": {"type": "string", "examples": ["azure_semantic_vad", "server_vad", "none"]},
            "turn_detection_threshold": range_num(0, 1, "0–1 (default 0.5)."),
            "silence_duration_ms": range_num(100, 3000, "100–3000 (default 700)."),
            "prefix_padding_ms": range_num(0, 1000, "0–1000 (default 240)."),
            "tool_choice": STR,
        }},
        "template_vars": {"type": ["object", "null"], "additionalProperties": True},
    },
    "examples": [{"name": "Bob", "prompt": "You are Bob, a helpful assistant.", "greeting": "Hi, I am Bob.", "tools": ["escalate_human"]}],
}
S["SessionAgentConfig"] = obj(
    {
        "name": STR, "description": STR, "greeting": nullable(STR), "return_greeting": nullable(STR), "handoff_trigger": STR,
        "prompt_preview": {"type": "string", "description": "The first 200 characters of the prompt."},
        "tools": STRS, "cascade_model": REF("ModelConfig"), "voicelive_model": REF("ModelConfig"), "model": REF("ModelConfig"),
        "voice": REF("VoiceConfig"),
        "speech": {"description": "The `speech` object as sent (or the default)."},
        "session": {"description": "The `session` object as sent, or null."},
        "prompt_full": {"type": "string", "description": "`GET` only."},
        "template_vars": {"type": "object", "description": "`GET` only."},
    },
    required=["name", "description", "greeting", "return_greeting", "handoff_trigger", "prompt_preview", "tools",
              "cascade_model", "voicelive_model", "model", "voice", "speech", "session"],
)
S["SessionAgentResponse"] = obj(
    {"session_id": STR, "agent_name": STR, "status": {"type": "string", "enum": ["created", "updated", "active"]},
     "config": REF("SessionAgentConfig"),
     "created_at": {"type": ["number", "null"], "description": "Seconds since 1970."},
     "modified_at": {"type": ["number", "null"], "description": "Seconds since 1970."}}
)
S["SessionAgentRemoval"] = obj({"status": {"type": "string", "enum": ["removed", "not_found"]}, "session_id": STR, "message": STR})
S["AgentBuilderSessions"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0},
     "sessions": {"type": "array", "items": obj({
         "session_id": {"type": "string", "description": "`<session id>:<agent name>`."},
         "agent_name": ANY, "tools_count": {"type": "integer", "minimum": 0},
         "created_at": {"type": ["number", "null"]}, "modified_at": {"type": ["number", "null"]}})}}
)

# --- scenarios ----------------------------------------------------------------------------------
S["ScenarioSummary"] = obj(
    {"name": STR, "description": STR,
     "agents": {"type": "array", "items": STR, "description": "`[\"all\"]` when the scenario names no agents."},
     "start_agent": nullable(STR)}
)
S["ScenarioList"] = obj({"scenarios": {"type": "array", "items": REF("ScenarioSummary")}})
S["HandoffEdge"] = obj(
    {"from_agent": STR, "to_agent": STR, "tool": STR, "type": {"type": "string", "enum": ["announced", "discrete"]},
     "share_context": BOOL, "handoff_condition": nullable(STR)}
)
S["ScenarioTemplate"] = obj(
    {
        "id": STR, "name": STR, "description": STR, "icon": STR, "agents": STRS, "start_agent": nullable(STR),
        "handoff_type": {"type": "string", "enum": ["announced", "discrete"]},
        "handoffs": {"type": "array", "items": REF("HandoffEdge")},
        "global_template_vars": MAP,
        "generic_handoff": obj({"enabled": BOOL, "allowed_targets": STRS, "require_client_id": BOOL,
                                "default_type": {"type": "string", "enum": ["announced", "discrete"]}, "share_context": BOOL}),
        "agent_defaults": {"description": "Single-template and session answers only: the scenario's `agent_defaults`, or null."},
        "is_active": {"type": "boolean", "description": "`/session/{session_id}/scenarios` only."},
    },
    required=["id", "name", "description", "icon", "agents", "start_agent", "handoff_type", "handoffs", "global_template_vars",
              "generic_handoff"],
)
S["ScenarioTemplateList"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0},
     "templates": {"type": "array", "items": REF("ScenarioTemplate")}, "response_time_ms": MS}
)
S["ScenarioTemplateResult"] = obj({"status": const("success"), "template": REF("ScenarioTemplate")})
S["ScenarioBuilderAgents"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0},
     "agents": {"type": "array", "items": obj({
         "name": {"type": "string", "description": "A session agent whose name a disk agent has gets ` (session)` appended."},
         "description": STR, "greeting": nullable(STR), "return_greeting": nullable(STR), "tools": STRS,
         "tool_details": {"type": "array", "items": obj({"name": STR, "description": STR})},
         "is_entry_point": BOOL, "is_session_agent": BOOL, "session_id": nullable(STR)})},
     "static_count": {"type": "integer", "minimum": 0}, "session_count": {"type": "integer", "minimum": 0},
     "filtered_by_session": BOOL, "response_time_ms": MS}
)
S["ScenarioBuilderDefaults"] = obj(
    {"status": const("success"),
     "defaults": obj({"name": STR, "description": STR, "agents": STRS, "start_agent": nullable(STR),
                      "handoff_type": {"type": "string", "enum": ["announced", "discrete"]}, "handoffs": {"type": "array"},
                      "global_template_vars": MAP, "agent_defaults": {"type": "null"}}),
     "available_agents": STRS, "handoff_types": {"type": "array", "items": {"type": "string", "enum": ["announced", "discrete"]}}}
)
S["DynamicScenarioConfig"] = {
    "type": "object",
    "description": (
        "A session scenario (Scenario Builder). Limits broken are 422 with every field in `errors[]`; agents that do not "
        "exist (disk agents plus the session's own), a `start_agent` outside the scenario, a hand-off naming an agent "
        "outside it, or unknown tools are 400."
    ),
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 64},
        "description": {"type": "string", "maxLength": 512},
        "icon": {"type": "string", "maxLength": 8, "description": "Default 🎭."},
        "agents": {"type": "array", "items": STR, "description": "Empty: every agent."},
        "start_agent": {"type": "string", "description": "Default: the first of `agents`."},
        "handoff_type": {"type": "string", "enum": ["announced", "discrete"], "default": "announced"},
        "handoffs": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "from_agent": STR, "to_agent": STR, "tool": {"type": "string", "default": "handoff_to_agent"},
                "type": {"type": "string", "enum": ["announced", "discrete"]}, "share_context": {"type": "boolean", "default": True},
                "handoff_condition": {"type": "string", "description": "Free text injected into the source agent's prompt."},
            },
            "required": ["from_agent", "to_agent"],
        }},
        "agent_defaults": {"type": "object"},
        "global_template_vars": {"type": "object", "additionalProperties": True},
        "tools": STRS,
        "generic_handoff": {"type": "object", "description": "Rules of the generic `handoff_to_agent` tool (default: enabled)."},
    },
    "examples": [{"name": "Mine", "agents": ["Concierge", "FraudAgent"], "start_agent": "Concierge",
                  "handoffs": [{"from_agent": "Concierge", "to_agent": "FraudAgent", "tool": "handoff_fraud_agent", "type": "discrete"}]}],
}
S["SessionScenarioResponse"] = obj(
    {"session_id": STR, "scenario_name": STR, "status": {"type": "string", "enum": ["created", "updated", "active"]},
     "config": REF("ScenarioTemplate"), "created_at": {"type": ["number", "null"]}, "modified_at": {"type": ["number", "null"]}}
)
S["ScenarioRemoval"] = obj({"status": const("success"), "message": STR, "session_id": STR})
S["ScenarioActivation"] = obj({"status": const("success"), "message": STR, "session_id": STR, "scenario_name": STR})
S["ScenarioTemplateApplied"] = obj(
    {"status": const("success"), "message": STR, "session_id": STR, "template_id": STR,
     "scenario": obj({"name": STR, "description": STR, "icon": STR, "start_agent": nullable(STR), "agents": STRS,
                      "handoff_count": {"type": "integer", "minimum": 0}})}
)
S["SessionScenarioList"] = obj(
    {"status": const("success"), "session_id": STR, "total": {"type": "integer", "minimum": 0},
     "active_scenario": nullable(STR), "scenarios": {"type": "array", "items": REF("ScenarioTemplate")}}
)
S["ScenarioBuilderSessions"] = obj(
    {"status": const("success"), "total": {"type": "integer", "minimum": 0},
     "sessions": {"type": "array", "items": obj({
         "key": {"type": "string", "description": "`<session id>:<scenario name>`."}, "session_id": STR, "scenario_name": STR,
         "agents": STRS, "start_agent": nullable(STR), "handoff_count": {"type": "integer", "minimum": 0}})}}
)
S["ScenarioReloadResult"] = obj({"status": const("success"), "message": STR, "scenarios": STRS})

# --- sessions -----------------------------------------------------------------------------------
S["SessionMetadata"] = obj(
    {
        "session_id": STR,
        "created_at": {"type": "number", "description": "Seconds since 1970."},
        "last_activity": {"type": "number", "description": "Seconds since 1970."},
        "last_activity_readable": {"type": "string", "examples": ["Just now", "5m ago", "2h ago", "3d ago", "Nov 02, 2026"]},
        "turn_count": {"type": "integer", "minimum": 0},
        "connection_status": {"type": "string", "enum": ["active", "inactive"], "description": "Active when the last activity is under an hour old."},
        "streaming_mode": ANY, "user_email": ANY, "profile_name": ANY,
        "profile_type": nullable(const("demo")),
        "active_agent": nullable(STR),
        "agents_count": {"type": "integer", "minimum": 0}, "scenarios_count": {"type": "integer", "minimum": 0},
        "active_agents_count": {"type": "integer", "minimum": 0}, "scenario_agents_count": {"type": "integer", "minimum": 0},
        "custom_scenarios_count": {"type": "integer", "minimum": 0},
        "agents": {"type": "array", "items": obj({"name": STR, "is_active": BOOL, "is_custom": BOOL, "tools": STRS, "voice": STR, "model": STR})},
        "scenarios": {"type": "array", "items": obj({"name": STR, "is_active": BOOL, "agents": STRS, "handoffs": {"type": "integer", "minimum": 0}})},
        "has_scenario_agents": BOOL, "has_custom_scenarios": BOOL,
    }
)
S["SessionList"] = obj(
    {"sessions": {"type": "array", "items": REF("SessionMetadata"), "description": "Most recent first."},
     "total_count": {"type": "integer", "minimum": 0}, "active_count": {"type": "integer", "minimum": 0}}
)
S["SessionDetail"] = obj(
    {
        "session": REF("SessionMetadata"),
        "chat_history": {"type": "array", "description": "With `include_history` (default true).", "items": obj(
            {"role": {"type": "string", "enum": ["user", "assistant"]}, "content": nullable(STR), "agent": nullable(STR)})},
        "memory": obj({"corememory": {"type": "object", "additionalProperties": True}}, description="With `include_memory` (default true)."),
        "agent_configs": {"type": "object", "additionalProperties": REF("AgentListing"), "description": "The session's own agents by name."},
        "scenario_configs": {"type": "object", "additionalProperties": STR, "description": "The session's scenarios by name."},
    },
    required=["session", "agent_configs", "scenario_configs"],
)
S["SessionDeletion"] = obj({"status": const("success"), "message": STR, "deleted_keys": STRS})

# --- conversation -------------------------------------------------------------------------------
S["MessageRequest"] = obj(
    {"text": {"type": "string", "minLength": 1, "maxLength": 4000, "pattern": "\\S",
              "description": "What the caller says: 1–4000 characters once surrounding white space is trimmed."},
     "scenario": {"type": "string", "description": "A scenario of `GET /api/v1/scenarios` (`banking`, `insurance`, `default`); others are 400.",
                  "examples": ["banking"]}},
    required=["text"],
    example={"text": "I lost my card", "scenario": "banking"},
)
_ev = lambda t, props, req=None: obj({"type": const(t), **props}, required=req)
S["ConversationEvent"] = {
    "description": "One event of the turn, in order.",
    "oneOf": [
        _ev("assistant_streaming", {"agent": STR, "content": STR}),
        _ev("greeting", {"agent": STR, "content": STR}),
        _ev("tool_start", {"agent": STR, "tool": STR, "call_id": STR, "arguments": ANY}),
        _ev("tool_end", {"agent": STR, "tool": STR, "call_id": STR, "result": ANY,
                         "status": {"type": "string", "examples": ["success", "error"]}, "duration_ms": MS}),
        _ev("agent_change", {"previous_agent": STR, "agent_name": STR,
                             "handoff_type": {"type": "string", "enum": ["announced", "discrete"]}, "reason": nullable(STR)}),
        _ev("assistant", {"agent": STR, "content": STR,
                          "usage": obj({"prompt_tokens": {"type": "integer", "minimum": 0}, "completion_tokens": {"type": "integer", "minimum": 0}})}),
    ],
}
S["MessageReply"] = obj(
    {
        "session_id": STR,
        "agent": nullable({"type": "string", "description": "The agent that holds the conversation after the turn."}),
        "reply": {"type": "string", "description": "Everything the agent said in the turn."},
        "greeting": nullable(obj({"agent": STR, "text": STR}, description="Set on a session's first message: the start agent's greeting.")),
        "turn_number": {"type": "integer", "minimum": 0},
        "events": {"type": "array", "items": REF("ConversationEvent")},
    },
    example={"session_id": "demo-1", "agent": "AuthAgent", "reply": "Before I can help with that, I need to confirm who you are.",
             "greeting": {"agent": "Concierge", "text": "Thank you for calling Contoso Bank. How can I help you today?"},
             "turn_number": 1,
             "events": [{"type": "tool_start", "agent": "Concierge", "tool": "handoff_to_auth", "call_id": "call_handoff_to_auth",
                         "arguments": {"reason": "lost card"}},
                        {"type": "agent_change", "previous_agent": "Concierge", "agent_name": "AuthAgent", "handoff_type": "announced",
                         "reason": "lost card"}]},
)

# --- demo environment ---------------------------------------------------------------------------
S["DemoUserRequest"] = {
    "type": "object",
    "description": "Every broken rule is listed in one 422 answer (`errors[]`).",
    "required": ["full_name", "email"],
    "properties": {
        "full_name": {"type": "string", "minLength": 1, "maxLength": 120, "pattern": "\\S", "description": "1–120 characters once trimmed."},
        "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "maxLength": 254, "description": "Stored lower-cased."},
        "phone_number": {"type": "string", "pattern": "^\\+[0-9]{10,15}$"},
        "preferred_channel": {"type": "string", "enum": ["email", "sms"], "default": "email"},
        "session_id": {"type": "string", "minLength": 5, "maxLength": 120, "description": "Puts the profile into this session, so agents greet the caller by name."},
        "scenario": {"type": "string", "enum": ["banking", "insurance"], "default": "banking"},
        "insurance_company_name": {"type": "string", "description": "Insurance only: the institution name."},
        "insurance_role": {"type": "string", "description": "Accepted for compatibility; not used."},
        "test_scenario": {"type": "string", "description": "Accepted for compatibility; not used."},
    },
    "examples": [{"full_name": "Ann Lee", "email": "ann.lee@example.com", "scenario": "banking", "session_id": "demo-session-1"}],
}
S["DemoTransaction"] = obj(
    {"transaction_id": STR, "merchant": STR, "amount": NUM, "category": STR, "card_last4": STR,
     "timestamp": {"type": "string", "format": "date-time"}, "risk_score": NUM,
     "location": obj({"city": STR, "is_international": BOOL}, required=["city"])},
    required=["transaction_id", "merchant", "amount"],
)
S["DemoPolicy"] = obj(
    {"policy_number": STR, "type": STR, "status": STR, "coverages": STRS, "deductible": NUM}, required=["policy_number"]
)
S["DemoUserResponse"] = obj(
    {
        "entry_id": {"type": "string", "examples": ["demo-entry-543078"]},
        "expires_at": {"type": "string", "format": "date-time", "description": "24 hours after creation."},
        "profile": obj({
            "client_id": STR, "full_name": STR, "email": STR, "phone_number": nullable(STR), "relationship_tier": STR,
            "created_at": {"type": "string", "format": "date-time"}, "institution_name": STR,
            "verification_codes": obj({"ssn_last4": {"type": "string", "pattern": "^[0-9]{4}$"}, "mfa_code": nullable(STR)}),
            "contact_info": obj({"email": STR, "phone": nullable(STR), "preferred_channel": {"type": "string", "enum": ["email", "sms"]}}),
        }),
        "transactions": nullable({"type": "array", "items": REF("DemoTransaction"), "description": "Banking only."}),
        "policies": nullable({"type": "array", "items": REF("DemoPolicy"), "description": "Insurance only."}),
        "interaction_plan": obj({"primary_channel": STR, "fallback_channel": STR, "notification_message": STR, "mfa_required": BOOL}),
        "session_id": nullable(STR),
        "scenario": {"type": "string", "enum": ["banking", "insurance"]},
        "safety_notice": STR,
    }
)

# --- metrics ------------------------------------------------------------------------------------
_num_or_null = {"type": ["number", "null"]}
S["LatencyStats"] = obj(
    {"avg_ms": _num_or_null, "min_ms": _num_or_null, "max_ms": _num_or_null, "p50_ms": _num_or_null,
     "p95_ms": _num_or_null, "p99_ms": _num_or_null, "count": {"type": "integer", "minimum": 0}},
    description="Latency of one stage; every figure is null when `count` is 0.",
)
TRANSPORT = {"type": ["string", "null"], "enum": ["ACS", "TWILIO", "BROWSER", None], "description": "Null until the session's start is known."}
ISO = {"type": "string", "format": "date-time"}
S["MetricsSessionEntry"] = obj(
    {"session_id": STR, "transport_type": TRANSPORT,
     "status": {"type": "string", "enum": ["active", "completed"],
                "description": "Active while not ended and a media worker holds the session."},
     "start_time": ISO, "end_time": nullable(ISO),
     "turn_count": {"type": "integer", "minimum": 0}, "active_agent": nullable(STR), "streaming_mode": nullable(STR)}
)
S["MetricsSessions"] = obj(
    {"total_active": {"type": "integer", "minimum": 0}, "media_sessions": {"type": "integer", "minimum": 0},
     "browser_sessions": {"type": "integer", "minimum": 0}, "total_disconnected": {"type": "integer", "minimum": 0},
     "sessions": {"type": "array", "items": REF("MetricsSessionEntry"), "description": "The 200 most recent sessions."}}
)
S["TurnMetrics"] = {
    "type": "object",
    "description": "One turn's latency, as its `turn_metrics` message gave it (fields it lacked are absent).",
    "properties": {"turn_number": {"type": "integer", "minimum": 0}, "agent_name": nullable(STR),
                   "stt_latency_ms": _num_or_null, "llm_ttft_ms": _num_or_null, "tts_ttfb_ms": _num_or_null, "e2e_latency_ms": _num_or_null,
                   "barge_in": BOOL, "duration_ms": _num_or_null, "timestamp": ISO},
    "required": ["timestamp"],
}
S["SessionMetrics"] = obj(
    {
        "session_id": STR,
        "call_connection_id": {"type": "null"},
        "transport_type": TRANSPORT,
        "streaming_mode": nullable(STR),
        "turn_count": {"type": "integer", "minimum": 0},
        "session_duration_ms": {"type": ["number", "null"], "description": "Null until the session ends."},
        "latency_summary": {"type": "object", "additionalProperties": REF("LatencyStats"),
                            "description": "Stage (`stt`, `llm_ttft`, `tts_ttfb`, `e2e`) → statistics; stages without samples are left out."},
        "latency_breakdown": {"type": "array", "description": "By stage name.", "items": {
            "allOf": [REF("LatencyStats"), obj({"stage": STR, "severity": {"type": "string", "enum": ["error", "warning", "success"],
                                                                           "description": "error ≥ 1000 ms average, warning ≥ 500 ms."},
                                                  "relative_pct": {"type": "number", "minimum": 0, "maximum": 100}})]}},
        "token_usage": nullable(obj({"total_input_tokens": {"type": "integer", "minimum": 0}, "total_output_tokens": {"type": "integer", "minimum": 0},
                                     "avg_input_tokens_per_turn": NUM, "avg_output_tokens_per_turn": NUM})),
        "turns": nullable({"type": "array", "items": REF("TurnMetrics"), "description": "With `include_turns=true` (at most the latest turns kept)."}),
        "insights": {"type": "array", "items": obj({"type": const("high_latency"), "stage": STR,
                                                    "severity": {"type": "string", "enum": ["error", "warning"]}, "message": STR})},
        "insights_summary": nullable(obj({"severity": {"type": "string", "enum": ["error", "warning"]}, "count": {"type": "integer", "minimum": 1}})),
        "status": {"type": "string", "enum": ["active", "completed"]},
        "error_count": {"type": "integer", "minimum": 0},
        "barge_in_count": {"type": "integer", "minimum": 0},
        "active_agent": nullable(STR),
        "start_time": ISO,
        "end_time": nullable(ISO),
    },
    description="The shape of docs/compatibility.md §1.4, from the telemetry stream (sessions older than the service's memory are rebuilt from their event stream, 24 h).",
)
S["MetricsSummary"] = obj(
    {
        "window_minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
        "active_connections": {"type": "integer", "minimum": 0}, "browser_sessions": {"type": "integer", "minimum": 0},
        "total_connected": {"type": "integer", "minimum": 0}, "total_disconnected": {"type": "integer", "minimum": 0},
        "last_updated": nullable({**ISO, "description": "The latest telemetry in the window; null when there is none."}),
        "session_ids": {"type": "array", "items": STR, "maxItems": 200, "description": "Sorted; at most 200."},
        "session_count": {"type": "integer", "minimum": 0}, "turn_count": {"type": "integer", "minimum": 0},
        "barge_ins": {"type": "integer", "minimum": 0}, "errors": {"type": "integer", "minimum": 0},
        "token_usage": obj({"input_tokens": {"type": "integer", "minimum": 0}, "output_tokens": {"type": "integer", "minimum": 0}}),
        "latency": obj({k: REF("LatencyStats") for k in ["stt", "llm_ttft", "tts_ttfb", "e2e"]}),
        "note": STR,
    },
    description="Aggregates over the last `window_minutes` (docs/compatibility.md #14); percentiles from HdrHistogram, from the first sample.",
)

# --- WebSocket messages -------------------------------------------------------------------------
S["AcsAudioMetadata"] = obj(
    {"kind": {"type": "string", "description": "`AudioMetadata` (keys and this value are matched case-insensitively)."},
     "audioMetadata": obj({"subscriptionId": STR, "encoding": const("PCM"), "sampleRate": {"type": "integer", "default": 16000},
                           "channels": const(1), "length": INT}, required=[])},
    required=["kind"],
    example={"kind": "AudioMetadata", "audioMetadata": {"subscriptionId": "…", "encoding": "PCM", "sampleRate": 16000, "channels": 1, "length": 640}},
)
S["AcsAudioData"] = obj(
    {"kind": {"type": "string", "description": "`AudioData`."},
     "audioData": obj({"data": {"type": "string", "contentEncoding": "base64", "description": "PCM16LE mono at the metadata's rate."},
                       "timestamp": STR, "participantRawID": STR, "silent": BOOL}, required=["data"])},
    example={"kind": "AudioData", "audioData": {"data": "<base64 PCM16LE>", "timestamp": "2026-01-02T16:09:17.123Z", "silent": False}},
)
S["AcsDtmfData"] = obj(
    {"kind": {"type": "string", "description": "`DtmfData`."}, "dtmfData": obj({"data": {"type": "string", "pattern": "^[0-9*#]$"}})},
    example={"kind": "DtmfData", "dtmfData": {"data": "5"}},
)
S["AcsOutAudioData"] = obj(
    {"Kind": const("AudioData"), "AudioData": obj({"Data": {"type": "string", "contentEncoding": "base64"}}), "StopAudio": {"type": "null"}},
    example={"Kind": "AudioData", "AudioData": {"Data": "<base64 PCM16LE>"}, "StopAudio": None},
)
S["AcsOutStopAudio"] = obj(
    {"Kind": const("StopAudio"), "AudioData": {"type": "null"}, "StopAudio": {"type": "object"}},
    example={"Kind": "StopAudio", "AudioData": None, "StopAudio": {}},
)
S["BrowserAudioFrame"] = obj(
    {"type": const("audio_data"), "data": {"type": "string", "contentEncoding": "base64", "description": "PCM16LE mono."},
     "sample_rate": {"type": "integer", "enum": [8000, 16000, 24000, 48000]}, "frame_index": {"type": "integer", "minimum": 0},
     "total_frames": {"type": "null"}, "is_final": const(False)},
    example={"type": "audio_data", "data": "<base64 PCM16LE>", "sample_rate": 16000, "frame_index": 0, "total_frames": None, "is_final": False},
)
S["ControlMessage"] = obj(
    {"type": const("control"), "action": {"type": "string", "enum": ["tts_cancelled", "audio_stop"]}, "reason": const("barge_in"),
     "session_id": STR, "at": {"type": "string", "format": "date-time", "description": "`tts_cancelled` only."}},
    required=["type", "action", "reason", "session_id"],
    description="Barge-in: the client drops queued audio. Sent in pairs: `tts_cancelled`, then `audio_stop`.",
)
S["Envelope"] = obj(
    {"type": {"type": "string", "examples": ["event", "assistant", "assistant_streaming", "status", "exit"]},
     "topic": {"type": "string", "examples": ["session"]}, "session_id": STR, "call_id": {"type": ["string", "null"]},
     "user_id": {"type": ["string", "null"]}, "sender": {"type": "string", "examples": ["User", "STT", "System", "Concierge"]},
     "speaker_id": STR, "ts": {"type": "string", "format": "date-time"}, "payload": {"type": "object"}},
    description="The common envelope (docs/compatibility.md §2.1): user transcripts, STT partials (`payload.event_type: stt_partial`), assistant "
                "chunks (`assistant_streaming`), the greeting (`assistant`), the turn's final text (`event`, `payload.type: assistant`), "
                "hand-offs (`payload.event_type: agent_change`), and the session's life (`payload.event_type: session_started`, `session_resumed`, "
                "`session_ended`, with `payload.data`).",
    example={"type": "event", "topic": "session", "session_id": "session_1", "call_id": None, "user_id": None, "sender": "User",
             "speaker_id": "User", "ts": "2026-01-02T16:09:17.123Z",
             "payload": {"type": "user", "sender": "User", "message": "I lost my card", "content": "I lost my card", "streaming": False,
                         "status": "completed"}},
)
S["ToolFrame"] = obj(
    {"type": {"type": "string", "enum": ["tool_start", "tool_end"]}, "tool": STR, "call_id": STR, "arguments": ANY, "status": STR,
     "result": ANY, "duration_ms": MS, "session_id": STR},
    required=["type", "tool", "call_id", "session_id"],
    description="Tool activity, not enveloped: `tool_start` has `arguments`; `tool_end` has `status`, `result` and `duration_ms`.",
)
S["TurnMetricsMessage"] = obj(
    {"type": const("turn_metrics"), "session_id": STR, "turn_number": {"type": "integer", "minimum": 0}, "agent_name": STR,
     "stt_latency_ms": _num_or_null, "llm_ttft_ms": _num_or_null, "tts_ttfb_ms": _num_or_null, "e2e_latency_ms": _num_or_null,
     "barge_in": BOOL, "duration_ms": _num_or_null},
    description="Sent after each turn (docs/compatibility.md #6).",
)
S["SessionEnd"] = obj(
    {"type": const("session_end"), "reason": STR, "ts": {"type": "string", "format": "date-time"}},
    description="Last message of a browser conversation, just before the socket closes with 1000.",
)


# ---------------------------------------------------------------------------------------------
# Responses and parameters
# ---------------------------------------------------------------------------------------------
def problem(description, example=None):
    c = {"schema": REF("Problem")}
    if example:
        c["example"] = example
    return {"description": description, "content": {"application/problem+json": c}}


R = {
    "BadRequest": problem("A semantically invalid request (unknown tool, agent or scenario; values out of range).",
                          {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "Invalid tools: no_such_tool",
                           "instance": "/api/v1/agent-builder/create"}),
    "NotFound": problem("No such resource.", {"type": "about:blank", "title": "Not Found", "status": 404,
                                              "detail": "Agent 'Nobody' not found", "instance": "/api/v1/agents/Nobody"}),
    "UnprocessableContent": problem("The request breaks the schema: `errors[]` names every field.",
                                    {"type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "Invalid fields.",
                                     "instance": "/api/v1/agent-builder/create",
                                     "errors": [{"field": "name", "message": "is required"}]}),
    "ContentTooLarge": problem("The request body is larger than the limit (gateway: `SB_MAX_BODY_BYTES`, 1 MiB by default; "
                               "the endpoint's own limit is given in its description)."),
    "InternalServerError": problem("An unexpected failure; the detail reveals nothing internal (the service log has it)."),
    "ServiceUnavailable": problem("The back-end service (agents or metrics) is down, or a dependency is."),
    "GatewayTimeout": problem("The back-end service did not answer within `SB_PROXY_TIMEOUT_MS` (30 s by default)."),
}


def qparam(name, schema, description, required=False, example=None):
    p = {"name": name, "in": "query", "required": required, "description": description, "schema": schema}
    if example is not None:
        p["example"] = example
    return p


def pparam(name, description, example, schema=None):
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or {"type": "string", "minLength": 1}, "example": example}


FLAG_TRUE = "`true`, `1` or `yes` (any case) mean true; anything else false."
FLAG_FALSE = "`false`, `0` or `no` (any case) mean false; anything else true."
P = {
    "SessionIdPath": pparam("session_id", "A session id.", "demo-session-1"),
    "AgentName": pparam("agent_name", "An agent's name, matched case-insensitively (disk agents and overrides).", "Concierge"),
    "ScenarioName": pparam("scenario_name", "A scenario name.", "banking"),
}

# ---------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------
paths = {}


def op(path, method, operation_id, tag, summary, responses, description=None, parameters=None, body=None, proxied=None,
       body_required=True, extra=None):
    o = {"operationId": operation_id, "tags": [tag], "summary": summary}
    if description:
        o["description"] = description
    if parameters:
        o["parameters"] = parameters
    if body is not None:
        o["requestBody"] = {"required": body_required, "content": {"application/json": body}}
    resp = dict(responses)
    if proxied:
        resp.setdefault("503", RESP("ServiceUnavailable"))
        resp.setdefault("504", RESP("GatewayTimeout"))
        o["x-backend"] = proxied
    if extra:
        o.update(extra)
    o["responses"] = resp
    paths.setdefault(path, {})[method] = o


def okref(schema_name, description="OK.", example=None):
    return {"description": description, "content": json_content(REF(schema_name), example)}


def body_of(schema_name, example=None):
    b = {"schema": REF(schema_name)}
    if example is not None:
        b["example"] = example
    return b


# --- gateway: health and status -----------------------------------------------------------------
op("/api/v1/health", "get", "getApiHealth", "health", "Liveness (Python backend shape)",
   {"200": okref("ApiHealth")}, "Always 200 while the gateway runs. `active_sessions` sums the live media workers' calls.")
op("/api/v1/readiness", "get", "getApiReadiness", "health", "Readiness of every dependency",
   {"200": okref("Readiness", "Ready or degraded."),
    "503": {"description": "Every check failed (same body, `status: unhealthy`).", "content": json_content(REF("Readiness"))}},
   "Checks Redis, live media workers, the agents and metrics services and the speech engines' configuration, concurrently, "
   "each bounded to one second. 200 when ready or degraded; 503 only when every check failed.")
op("/health", "get", "getHealth", "health", "Process liveness", {"200": okref("ServiceStatus", example={"status": "ok", "service": "gateway", "version": "0.1.0"})},
   "Every service has it: 200 while the process runs.")
op("/ready", "get", "getReady", "health", "Process readiness (Redis)",
   {"200": okref("ServiceStatus"), "503": problem("Redis does not answer; `checks` says why.")},
   "200 when Redis answers `PING` within 500 ms; otherwise 503 problem JSON with the checks.")
op("/metrics", "get", "getPrometheusMetrics", "health", "Prometheus metrics",
   {"200": {"description": "Prometheus text exposition format 0.0.4.",
            "content": {"text/plain": {"schema": {"type": "string"},
                                       "example": "# TYPE http_server_request_duration histogram\n"}}}},
   "Every metric of the gateway process (request durations by route, relay and call counters).")
op("/api/v1/media/status", "get", "getMediaStatus", "status", "ACS media socket status", {"200": okref("MediaStatus")})
op("/api/v1/browser/status", "get", "getBrowserStatus", "status", "Browser sockets status", {"200": okref("BrowserStatus")})

# --- gateway: pages -------------------------------------------------------------------------------
html = lambda d: {"200": {"description": d, "content": {"text/html": {"schema": {"type": "string"}}}},
                  "404": problem("The gateway's web folder (`SB_WEB_ROOT`) lacks the file.")}
op("/", "get", "getDashboard", "pages", "Dashboard", html("The dashboard page."),
   "Live sessions, per-turn latency and the event stream of a session (uses the relay socket and the metrics API).")
op("/talk", "get", "getTalkPage", "pages", "Talk page", html("The talk page."),
   "Talk to an agent from the browser over `/api/v1/browser/conversation`.")
op("/docs", "get", "getDocs", "pages", "This API's documentation", html("A readable rendering of `/openapi.json`."))
op("/assets/{name}", "get", "getAsset", "pages", "A file of the web UI",
   {"200": {"description": "The file, sent with `Cache-Control: no-cache`.",
            "content": {t: {"schema": {"type": "string"}} for t in ["text/javascript", "text/css", "image/svg+xml", "image/png", "application/octet-stream"]}},
    "404": RESP("NotFound")},
   "Scripts and styles of the dashboard, talk and docs pages, from `web/assets` (one file name: letters, digits, `-`, `_`, `.`; not starting with `.`).",
   parameters=[pparam("name", "A file name in `web/assets`.", "app.css", {"type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9_.-]*$"})])
op("/openapi.json", "get", "getOpenAPI", "pages", "This OpenAPI document",
   {"200": {"description": "OpenAPI 3.1 document.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi"]}}}},
    "404": problem("The gateway's web folder (`SB_WEB_ROOT`) lacks the file.")})

# --- agents ---------------------------------------------------------------------------------------
AG = "agents"
op("/api/v1/agents", "get", "listAgents", "agents", "List agents",
   {"200": okref("AgentList")},
   "Every agent (disk agents with runtime overrides, from `config/agents`), their summaries, the hand-off map and the voices.",
   parameters=[qparam("include_state", {"type": "string", "examples": ["true", "false"]}, "Add `current_agent`. " + FLAG_TRUE, example="true"),
               qparam("session_id", {"type": "string"}, "With `include_state`: whose active agent `current_agent` is.", example="demo-session-1")],
   proxied=AG)
op("/api/v1/agents/{agent_name}", "get", "getAgent", "agents", "Get one agent",
   {"200": okref("AgentDetail"), "404": RESP("NotFound")},
   parameters=[P["AgentName"], qparam("session_id", {"type": "string"}, "Adds `session_id` and that session's `current_agent`.")],
   proxied=AG)
op("/api/v1/agents/{agent_name}", "put", "updateAgent", "agents", "Override an agent's model and voice",
   {"200": okref("AgentUpdateResult"), "400": RESP("BadRequest"), "404": RESP("NotFound"), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")},
   "Stored in Redis (docs/compatibility.md #12): merged over earlier overrides, seen by every process, kept across restarts. "
   "Body limit 256 KiB. Unknown agent: 404 before the body is read.",
   parameters=[P["AgentName"]], body=body_of("AgentUpdateRequest"), proxied=AG)

# --- scenarios ------------------------------------------------------------------------------------
op("/api/v1/scenarios", "get", "listScenarios", "scenarios", "List scenarios", {"200": okref("ScenarioList")},
   "The scenarios of `config/scenarios`, by name.", proxied=AG)
op("/api/v1/scenarios/{scenario_name}", "get", "getScenario", "scenarios", "Get one scenario",
   {"200": okref("ScenarioSummary"), "404": RESP("NotFound")}, parameters=[P["ScenarioName"]], proxied=AG)

# --- agent builder --------------------------------------------------------------------------------
AB = "/api/v1/agent-builder"
op(f"{AB}/tools", "get", "listTools", "agent-builder", "List tools",
   {"200": okref("ToolList")}, "Non-hand-off tools first, then by name.",
   parameters=[qparam("category", {"type": "string", "examples": ["banking", "fraud", "handoff"]}, "Only tools with this tag (exact match)."),
               qparam("include_handoffs", {"type": "string", "examples": ["true", "false"], "default": "true"}, "Include hand-off tools. " + FLAG_FALSE, example="false")],
   proxied=AG)
op(f"{AB}/voices", "get", "listVoices", "agent-builder", "List TTS voices",
   {"200": okref("VoiceList")},
   parameters=[qparam("category", {"type": "string", "examples": ["turbo", "standard", "hd"]}, "Only this category (`turbo`, `standard`, `hd`); another value lists none.", example="hd")],
   proxied=AG)
op(f"{AB}/defaults", "get", "getAgentDefaults", "agent-builder", "Agent defaults and a starter prompt", {"200": okref("AgentDefaults")}, proxied=AG)
op(f"{AB}/templates", "get", "listAgentTemplates", "agent-builder", "List agent templates",
   {"200": okref("AgentTemplateList")}, "Every agent (disk and overrides) as a template to start from.", proxied=AG)
op(f"{AB}/templates/{{template_id}}", "get", "getAgentTemplate", "agent-builder", "Get one agent template",
   {"200": okref("AgentTemplateResult"), "404": RESP("NotFound")},
   parameters=[pparam("template_id", "The agent's folder (`fraud_agent`) or name (`FraudAgent`).", "fraud_agent")], proxied=AG)
op(f"{AB}/reload-agents", "post", "reloadAgents", "agent-builder", "Re-read the agent folder",
   {"200": okref("AgentReloadResult"),
    "422": problem("The folder is invalid; the previous agents stay loaded.")}, proxied=AG)
sid_query_required = qparam("session_id", {"type": "string", "minLength": 1}, "The session the definition belongs to.", required=True, example="demo-session-1")
op(f"{AB}/create", "post", "createSessionAgent", "agent-builder", "Create a session agent",
   {"200": okref("SessionAgentResponse", "Stored; `status: created`."), "400": RESP("BadRequest"), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")},
   "Kept in Redis for 24 h (docs/compatibility.md #11); the session's next turn starts with it. A missing `session_id` is 422. Body limit 256 KiB.",
   parameters=[sid_query_required], body=body_of("DynamicAgentConfig"), proxied=AG)
op(f"{AB}/session/{{session_id}}", "get", "getSessionAgent", "agent-builder", "Get a session's agent",
   {"200": okref("SessionAgentResponse", "The session's first agent, `status: active`, with `prompt_full` and `template_vars`."),
    "404": RESP("NotFound")}, parameters=[P["SessionIdPath"]], proxied=AG)
op(f"{AB}/session/{{session_id}}", "put", "putSessionAgent", "agent-builder", "Create or update a session agent",
   {"200": okref("SessionAgentResponse", "`status: updated` when the session had an agent of that name (its `created_at` is kept), else `created`."),
    "400": RESP("BadRequest"), "413": RESP("ContentTooLarge"), "422": RESP("UnprocessableContent")},
   "Body limit 256 KiB.", parameters=[P["SessionIdPath"]], body=body_of("DynamicAgentConfig"), proxied=AG)
op(f"{AB}/session/{{session_id}}", "delete", "deleteSessionAgents", "agent-builder", "Remove a session's agents",
   {"200": okref("SessionAgentRemoval", "200 in both cases: `removed` or `not_found`.")}, parameters=[P["SessionIdPath"]], proxied=AG)
op(f"{AB}/sessions", "get", "listAgentBuilderSessions", "agent-builder", "List session agents",
   {"200": okref("AgentBuilderSessions")}, "Most recently changed session first.", proxied=AG)

# --- scenario builder -----------------------------------------------------------------------------
SB = "/api/v1/scenario-builder"
op(f"{SB}/templates", "get", "listScenarioTemplates", "scenario-builder", "List scenario templates", {"200": okref("ScenarioTemplateList")}, proxied=AG)
op(f"{SB}/templates/{{template_id}}", "get", "getScenarioTemplate", "scenario-builder", "Get one scenario template",
   {"200": okref("ScenarioTemplateResult"), "404": RESP("NotFound")},
   parameters=[pparam("template_id", "A scenario name (`banking`, `insurance`, `default`).", "banking")], proxied=AG)
op(f"{SB}/agents", "get", "listScenarioBuilderAgents", "scenario-builder", "Agents a scenario can use",
   {"200": okref("ScenarioBuilderAgents")},
   parameters=[qparam("session_id", {"type": "string"}, "Also list this session's own agents.", example="demo-session-1")], proxied=AG)
op(f"{SB}/defaults", "get", "getScenarioDefaults", "scenario-builder", "Scenario defaults", {"200": okref("ScenarioBuilderDefaults")}, proxied=AG)
op(f"{SB}/create", "post", "createSessionScenario", "scenario-builder", "Create a session scenario",
   {"200": okref("SessionScenarioResponse", "Stored and made the session's active scenario; `status: created`."),
    "400": RESP("BadRequest"), "413": RESP("ContentTooLarge"), "422": RESP("UnprocessableContent")},
   "Kept in Redis for 24 h. A missing `session_id` is 422. Body limit 256 KiB.",
   parameters=[sid_query_required], body=body_of("DynamicScenarioConfig"), proxied=AG)
op(f"{SB}/session/{{session_id}}", "get", "getSessionScenario", "scenario-builder", "Get a session's active scenario",
   {"200": okref("SessionScenarioResponse", "`status: active`."), "404": RESP("NotFound")}, parameters=[P["SessionIdPath"]], proxied=AG)
op(f"{SB}/session/{{session_id}}", "put", "putSessionScenario", "scenario-builder", "Create or update a session scenario",
   {"200": okref("SessionScenarioResponse", "`updated` when the session had a scenario of that name, else `created`; it becomes active."),
    "400": RESP("BadRequest"), "413": RESP("ContentTooLarge"), "422": RESP("UnprocessableContent")},
   "Body limit 256 KiB.", parameters=[P["SessionIdPath"]], body=body_of("DynamicScenarioConfig"), proxied=AG)
op(f"{SB}/session/{{session_id}}", "delete", "deleteSessionScenarios", "scenario-builder", "Remove a session's scenarios",
   {"200": okref("ScenarioRemoval"), "404": RESP("NotFound")}, parameters=[P["SessionIdPath"]], proxied=AG)
op(f"{SB}/session/{{session_id}}/active", "post", "activateSessionScenario", "scenario-builder", "Make a session scenario active",
   {"200": okref("ScenarioActivation"), "404": RESP("NotFound"), "422": RESP("UnprocessableContent")},
   parameters=[P["SessionIdPath"], qparam("scenario_name", {"type": "string", "minLength": 1}, "One of the session's scenarios.", required=True, example="banking")],
   proxied=AG)
op(f"{SB}/session/{{session_id}}/apply-template", "post", "applyScenarioTemplate", "scenario-builder", "Use a disk scenario in a session",
   {"200": okref("ScenarioTemplateApplied"), "404": problem("No scenario template of that id (also when `template_id` is missing).")},
   "Copies the scenario into the session's scenarios and makes it active.",
   parameters=[P["SessionIdPath"], qparam("template_id", {"type": "string"}, "A scenario name (`banking`, `insurance`, `default`).", required=True, example="banking")],
   proxied=AG)
op(f"{SB}/session/{{session_id}}/scenarios", "get", "listSessionScenarios", "scenario-builder", "List a session's scenarios",
   {"200": okref("SessionScenarioList")}, parameters=[P["SessionIdPath"]], proxied=AG)
op(f"{SB}/sessions", "get", "listScenarioBuilderSessions", "scenario-builder", "List session scenarios",
   {"200": okref("ScenarioBuilderSessions")}, proxied=AG)
op(f"{SB}/reload-scenarios", "post", "reloadScenarios", "scenario-builder", "Re-read the scenario folder",
   {"200": okref("ScenarioReloadResult"), "422": problem("The folder is invalid; the previous scenarios stay loaded.")}, proxied=AG)

# --- sessions -------------------------------------------------------------------------------------
op("/api/v1/sessions", "get", "listSessions", "sessions", "List sessions",
   {"200": okref("SessionList"), "422": RESP("UnprocessableContent")},
   "Sessions that had a text or voice turn, most recent first (expired ones are dropped from the index as they are met).",
   parameters=[qparam("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "How many to list; outside 1–200 (or not an integer) is 422.", example=50),
               qparam("active_only", {"type": "string", "examples": ["true", "false"]}, "Only sessions active in the last hour. " + FLAG_TRUE)],
   proxied=AG)
op("/api/v1/sessions/{session_id}", "get", "getSession", "sessions", "Get a session",
   {"200": okref("SessionDetail"), "404": RESP("NotFound")},
   parameters=[P["SessionIdPath"],
               qparam("include_history", {"type": "string", "examples": ["true", "false"], "default": "true"}, "Add `chat_history`. " + FLAG_FALSE),
               qparam("include_memory", {"type": "string", "examples": ["true", "false"], "default": "true"}, "Add `memory`. " + FLAG_FALSE)],
   proxied=AG)
op("/api/v1/sessions/{session_id}", "delete", "deleteSession", "sessions", "Delete a session",
   {"200": okref("SessionDeletion"), "404": RESP("NotFound")},
   "Deletes the session's state, history, agents and scenarios.", parameters=[P["SessionIdPath"]], proxied=AG)
op("/api/v1/sessions/{session_id}/messages", "post", "sendMessage", "conversation", "Talk to an agent in text",
   {"200": okref("MessageReply"), "400": problem("Unknown scenario, or the turn could not run."), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")},
   "Runs one turn through the same agent runtime the media workers use (scripted engine by default). A new session is greeted "
   "first (`greeting`). `events` carries every event of the turn: tool calls with duration and status, hand-offs, streamed text. "
   "Body limit 16 KiB.",
   parameters=[pparam("session_id", "1–128 letters, digits, `-`, `_`, `.` or `:` (Unicode letters and digits are accepted too); otherwise 422.",
                      "demo-session-1", {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"})],
   body=body_of("MessageRequest"), proxied=AG)

# --- demo environment -----------------------------------------------------------------------------
op("/api/v1/demo-env/temporary-user", "post", "createDemoUser", "demo-env", "Create a synthetic demo customer",
   {"201": okref("DemoUserResponse", "Created; kept in Redis for 24 h (docs/compatibility.md #18)."), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")},
   "The customer can verify by voice with the name and `verification_codes.ssn_last4` returned. With `session_id`, the profile is "
   "put into that session. Body limit 16 KiB.",
   body=body_of("DemoUserRequest"), proxied=AG)
op("/api/v1/demo-env/temporary-user", "get", "getDemoUser", "demo-env", "Look a demo customer up by e-mail",
   {"200": okref("DemoUserResponse"), "404": RESP("NotFound"), "422": RESP("UnprocessableContent")},
   parameters=[qparam("email", {"type": "string", "minLength": 1}, "The e-mail it was created with (case-insensitive); missing or empty is 422.", required=True, example="ann.lee@example.com"),
               qparam("session_id", {"type": "string"}, "Also put the profile into this session.")],
   proxied=AG)

# --- metrics --------------------------------------------------------------------------------------
MT = "metrics"
op("/api/v1/metrics/sessions", "get", "listMetricsSessions", "metrics", "Sessions with telemetry",
   {"200": okref("MetricsSessions")}, "Active and recently completed sessions of every transport.", proxied=MT)
op("/api/v1/metrics/session/{session_id}", "get", "getSessionMetrics", "metrics", "One session's latency",
   {"200": okref("SessionMetrics"), "404": RESP("NotFound"), "503": problem("Redis is unavailable (or the metrics service is down).")},
   "Per-stage latency statistics, breakdown with severity (warning ≥ 500 ms, error ≥ 1000 ms) and insights; `turns` with `include_turns=true`.",
   parameters=[P["SessionIdPath"], qparam("include_turns", {"type": "string", "examples": ["true", "false"], "default": "false"}, "Add every turn's figures in `turns`. " + FLAG_TRUE, example="true")],
   proxied=MT)
op("/api/v1/metrics/summary", "get", "getMetricsSummary", "metrics", "Aggregate latency over a window",
   {"200": okref("MetricsSummary"), "422": RESP("UnprocessableContent")},
   "Turns, sessions, barge-ins, errors, token usage and p50/p95/p99 per stage over the last `window_minutes`; percentiles from the first sample.",
   parameters=[qparam("window_minutes", {"type": "integer", "minimum": 1, "maximum": 1440, "default": 60}, "1–1440; outside (or not an integer) is 422.", example=60)],
   proxied=MT)


# --- calls (ACS Call Automation) and Twilio ------------------------------------------------------
E164 = {"type": "string", "pattern": "^\\+[1-9][0-9]{1,14}$", "examples": ["+15551234567"]}
MODE = {"type": "string", "enum": ["media", "transcription", "voice_live", "realtime"]}
S["CallInitiateRequest"] = obj(
    {"target_number": E164 | {"description": "E.164 number to call; another format is 422."},
     "caller_id": STR,
     "context": obj({"browser_session_id": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$",
                                            "description": "The session whose dashboard follows the call."},
                     "streaming_mode": MODE, "record_call": {"type": ["boolean", "string"]}}, required=[], additional=True),
     "streaming_mode": MODE | {"description": "Wins over `context.streaming_mode` and `ACS_STREAMING_MODE`. `voice_live` is 400 (no provider)."},
     "record_call": {"type": ["boolean", "string"], "description": "Wins over `context.record_call` and `ENABLE_ACS_CALL_RECORDING`."}},
    required=["target_number"], description="Place an outbound call (docs/compatibility.md §1.2).")
S["CallInitiateResponse"] = obj(
    {"call_id": STR, "status": const("initiating"), "target_number": STR, "message": STR, "streaming_mode": MODE,
     "initiated_at": STR, "session_id": STR, "details": MAP}, required=["call_id", "status", "target_number", "streaming_mode", "details"])
S["CallSummary"] = obj(
    {"call_id": STR, "status": nullable(STR), "duration": nullable(NUM | {"description": "Seconds connected."}),
     "participants": ANY, "events": INT, "direction": nullable(STR), "carrier": nullable(STR), "target_number": nullable(STR),
     "caller_id": nullable(STR), "session_id": nullable(STR), "streaming_mode": nullable(STR), "recording_enabled": BOOL,
     "created_at": nullable(STR), "connected_at": nullable(STR), "ended_at": nullable(STR), "disconnect_reason": nullable(STR),
     "last_event": nullable(STR)}, required=["call_id", "status", "duration", "participants", "events"])
S["CallList"] = obj({"calls": {"type": "array", "items": REF("CallSummary")}, "total": INT, "page": INT, "limit": INT})
S["CallTerminateRequest"] = obj({"call_id": {"type": "string", "minLength": 1, "maxLength": 128}, "session_id": STR, "reason": STR},
                                required=["call_id"])
S["CallTerminateResponse"] = obj({"call_id": STR, "status": const("terminated"), "message": STR})
S["EventGridEvents"] = {"description": "One Event Grid event or an array of 1–100 (`eventType` or `type` each).",
                        "oneOf": [{"type": "array", "items": MAP, "minItems": 1, "maxItems": 100}, MAP]}
S["CallAnswerResponse"] = {"description": "The validation handshake, the answered call, or nothing handled.", "oneOf": [
    obj({"validationResponse": STR}),
    obj({"status": const("call answered"), "call_connection_id": STR, "caller_id": STR, "answered_at": STR, "recording_enabled": BOOL}),
    obj({"status": const("no events processed")})]}
S["CallbackResult"] = obj({"status": const("success"), "processed_events": INT, "failed_events": INT,
                           "call_connection_id": nullable(STR), "processing_system": const("events_v1")})
acs_problem = {"502": problem("ACS answered with an error (its code and message are in `detail`)."),
               "503": problem("ACS call control is not configured: `detail` names the missing variables."),
               "504": problem("ACS did not answer within `SB_ACS_TIMEOUT_MS`.")}
op("/api/v1/calls/initiate", "post", "initiateCall", "calls", "Place an outbound phone call",
   {"200": okref("CallInitiateResponse"), "400": RESP("BadRequest"), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")} | acs_problem
   | {"503": problem("ACS call control is not configured (`detail` names the missing variables), or `voice_live` was asked for "
                     "while no live media worker has a speech-to-speech service (`SB_REALTIME_URL`).")},
   "`createCall` through ACS Call Automation (HMAC-signed), with bidirectional media streaming back to `/api/v1/media/stream` "
   "in every mode (`transcription`, and `realtime` which means it on a phone, transcribe that audio with our recogniser; "
   "`voice_live` goes to a speech-to-speech service); "
   "callbacks to `/api/v1/calls/callbacks`. The call is recorded in Redis (`sb:call:{id}`) and "
   "mapped to `context.browser_session_id` (else `media_<call id>`).", body=body_of("CallInitiateRequest"))
op("/api/v1/calls", "get", "listCalls", "calls", "List calls",
   {"200": okref("CallList"), "422": RESP("UnprocessableContent")},
   "Every call this deployment placed or answered in the last 24 h (ACS and Twilio), newest first, from Redis (docs/compatibility.md #15).",
   parameters=[qparam("page", {"type": "integer", "minimum": 1, "default": 1}, "Page, from 1.", example=1),
               qparam("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}, "Calls per page, 1–100.", example=10),
               qparam("status_filter", {"type": "string", "enum": ["initiating", "ringing", "connected", "on_hold", "disconnected", "failed"]},
                      "Only calls with this status.", example="connected")])
op("/api/v1/calls/terminate", "post", "terminateCall", "calls", "Hang a call up for everyone",
   {"200": okref("CallTerminateResponse"), "400": RESP("BadRequest"), "404": RESP("NotFound"), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")} | acs_problem,
   "ACS `:terminate`; the call's media session ends at once on whichever gateway carries it.", body=body_of("CallTerminateRequest"))
op("/api/v1/calls/answer", "post", "answerCall", "calls", "Event Grid webhook: answer incoming calls",
   {"200": okref("CallAnswerResponse"), "400": RESP("BadRequest"), "413": RESP("ContentTooLarge"),
    "422": RESP("UnprocessableContent")} | acs_problem,
   "`Microsoft.EventGrid.SubscriptionValidationEvent` → `{validationResponse}`; `Microsoft.Communication.IncomingCall` → "
   "`answerCall` with bidirectional PCM 16 kHz media streaming to `/api/v1/media/stream` (mode `ACS_STREAMING_MODE`); other "
   "types are acknowledged and counted. Query `recordCall`/`record_call` overrides recording.",
   parameters=[qparam("recordCall", {"type": "string", "examples": ["true", "false"]}, "Record this call. " + FLAG_TRUE),
               qparam("record_call", {"type": "string", "examples": ["true", "false"]}, "Same as `recordCall`.")],
   body=body_of("EventGridEvents"))
op("/api/v1/calls/callbacks", "post", "callAutomationCallbacks", "calls", "Call Automation callbacks",
   {"200": okref("CallbackResult"), "400": RESP("BadRequest"), "401": problem("No valid ACS bearer token (RS256, audience `ACS_RESOURCE_ID`)."),
    "404": problem("No event names a call known here."), "413": RESP("ContentTooLarge")},
   "CloudEvents (one or an array) from ACS: `CallConnected`, `CallDisconnected`, `CreateCallFailed`, `AnswerFailed`, "
   "`ParticipantsUpdated`, `ContinuousDtmfRecognitionToneReceived`, `CallTransferAccepted`/`Failed`, media streaming and "
   "recording state; others are acknowledged and counted. Call events reach the session's dashboards.",
   body=body_of("EventGridEvents"))
op("/api/v1/twilio/voice", "post", "twilioVoiceWebhook", "calls", "Twilio incoming-call webhook",
   {"200": {"description": "TwiML connecting the call to `/api/v1/twilio/stream`.",
            "content": {"application/xml": {"schema": {"type": "string"}}}},
    "400": RESP("BadRequest"), "403": problem("Missing or invalid `X-Twilio-Signature`."), "413": RESP("ContentTooLarge"),
    "503": problem("Twilio is not configured (`TWILIO_AUTH_TOKEN`, `BASE_URL`).")},
   "Checks `X-Twilio-Signature` (HMAC-SHA1 with `TWILIO_AUTH_TOKEN` over the public URL and the sorted form parameters), "
   "records the call and answers `<Connect><Stream>` with the session id and a stream token as parameters.",
   parameters=[{"name": "X-Twilio-Signature", "in": "header", "required": False, "schema": STR, "description": "Twilio's request signature."}],
   extra={"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
       "schema": obj({"CallSid": STR, "AccountSid": STR, "From": STR, "To": STR}, required=["CallSid"], additional=True)}}}})


# --- WebSockets -----------------------------------------------------------------------------------
def msg(name, fmt, description, schema=None):
    m = {"name": name, "format": fmt, "description": description}
    if schema is not None:
        m["schema"] = schema
    return m


def ws(path, operation_id, summary, description, parameters, inbound, outbound, close_codes, alias_of=None):
    o = {
        "operationId": operation_id, "tags": ["websocket"], "summary": summary,
        "description": description,
        "parameters": parameters,
        "responses": {
            "101": {"description": "Switching Protocols: the WebSocket is open (see `x-websocket`)."},
        },
        "x-websocket": {"inbound": inbound, "outbound": outbound, "closeCodes": close_codes},
    }
    if alias_of:
        o["x-websocket"]["aliasOf"] = alias_of
    paths.setdefault(path, {})["get"] = o


session_q = qparam("session_id", {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"},
                   "1–128 letters, digits, `-`, `_`, `.` or `:`; another value closes the socket with 1008. Generated when absent.",
                   example="session_1735000000000_ab12")
voice_close = {
    "1000": "The call ended; the reason says why (`caller hung up`, the agent ended the call, `no media worker available`).",
    "1008": "Policy: invalid query parameter, or more than `SB_MAX_MESSAGES_PER_SECOND` (200) messages in a second.",
    "1009": "A message larger than `SB_MAX_FRAME_BYTES` (64 KiB).",
    "1011": "More than `SB_MAX_CALLS` (200) voice sockets on this gateway.",
}
ws("/api/v1/media/stream", "mediaStream", "ACS media streaming (phone calls)",
   "Azure Communication Services bidirectional media streaming. The call starts when `AudioMetadata` arrives: a media worker "
   "is chosen by load, the start agent greets, and caller audio runs through VAD → STT → agent → TTS. If the worker dies, the "
   "gateway moves the call to another one, which resumes it from Redis. Only text frames are read (binary frames are ignored); "
   "keys are matched case-insensitively. Session broadcasts never go to this socket (docs/compatibility.md #4): dashboards get them from "
   "the relay. The session and streaming mode are those of the call record (`POST /api/v1/calls/initiate` or `/answer`), else "
   "`media_<call id>` and `ACS_STREAMING_MODE`: `media` or `transcription`; another mode closes the socket with 1000. With ACS "
   "configured and `ACS_CALLBACK_AUTH` on, the upgrade must carry ACS's bearer token (else 1008).",
   [qparam("call_connection_id", {"type": "string"}, "The ACS call connection id (or header `x-ms-call-connection-id`).", example="call-1234"),
    session_q | {"description": "Session id (or header `x-session-id`); default `media_<call_connection_id>`. Invalid: closed with 1008."},
    {"name": "x-ms-call-connection-id", "in": "header", "required": False, "schema": STR, "description": "ACS sends the call id here."},
    {"name": "x-session-id", "in": "header", "required": False, "schema": STR, "description": "Session id, when not in the query."},
    {"name": "Authorization", "in": "header", "required": False, "schema": STR, "description": "`Bearer <ACS token>` when callback authentication is on."}],
   [msg("AudioMetadata", "json", "Starts the call (first one only); `sampleRate` (default 16000) is the rate of both directions.", REF("AcsAudioMetadata")),
    msg("AudioData", "json", "Caller audio, base64 PCM16LE mono. Without `silent` it is audio (docs/compatibility.md #2).", REF("AcsAudioData")),
    msg("DtmfData", "json", "A key press (`0`–`9`, `*`, `#`) becomes typed input.", REF("AcsDtmfData"))],
   [msg("AudioData", "json", "Agent audio: PCM16LE mono at the call's rate, paced in real time (docs/compatibility.md #1, #3).", REF("AcsOutAudioData")),
    msg("StopAudio", "json", "Barge-in: the caller spoke over the agent; drop what is queued.", REF("AcsOutStopAudio"))],
   voice_close)
ws("/api/v1/twilio/stream", "twilioMediaStream", "Twilio Media Streams (phone calls)",
   "Twilio's bidirectional Media Streams (`<Connect><Stream>` from `/api/v1/twilio/voice`): μ-law 8 kHz. The call starts at "
   "`start`, whose `customParameters` must carry the stream token the webhook gave (else 1008). Marks after each sentence "
   "tell the agent what the caller heard; `clear` on barge-in; the socket closes after `stop`.",
   [],
   [msg("connected / start / media / dtmf / mark / stop", "json", "Twilio's messages, each with the stream's `streamSid`.", MAP)],
   [msg("media", "json", "Agent audio, μ-law 8 kHz, 20 ms per message.", MAP),
    msg("mark", "json", "Follows each sentence's audio; Twilio echoes it once played.", MAP),
    msg("clear", "json", "Barge-in: drop the audio Twilio has buffered.", MAP)],
   voice_close | {"1003": "A `start` whose media format is not μ-law 8 kHz.", "1008": "No `TWILIO_AUTH_TOKEN`, or an invalid stream token."})
conv_params = [
    session_q,
    qparam("streaming_mode", {"type": "string", "enum": ["realtime", "media", "transcription", "voice_live"], "default": "realtime"},
           "`realtime`/`media` run the STT → LLM → TTS cascade, `transcription` only transcribes; `voice_live` (needs a cloud "
           "speech-to-speech provider) and unknown values close the socket with 1008.", example="realtime"),
    qparam("sample_rate", {"type": "integer", "enum": [8000, 16000, 24000, 48000], "default": 16000},
           "Rate of the PCM16 the client sends and receives. Another integer closes the socket with 1008.", example=16000),
    qparam("scenario", {"type": "string", "examples": ["banking", "insurance", "default"]}, "The session's scenario (start agent and hand-offs).", example="banking"),
]
conv_in = [
    msg("audio", "binary", "Microphone audio: PCM16LE mono at `sample_rate` (any frame size up to 64 KiB)."),
    msg("text", "text", "Typed input: a plain string, or JSON `{\"content\": \"…\"}` / `{\"text\": \"…\"}`; at most 2000 characters are used.",
        {"oneOf": [{"type": "string"}, obj({"content": STR}), obj({"text": STR})]}),
]
conv_out = [
    msg("audio_data", "json", "Agent audio, in order (`frame_index` counts from 0 per connection).", REF("BrowserAudioFrame")),
    msg("control", "json", "Barge-in: `tts_cancelled` then `audio_stop`; the client flushes its playback queue.", REF("ControlMessage")),
    msg("envelope", "json", "Transcripts, the greeting, assistant text, hand-offs (docs/compatibility.md §2.1 envelopes).", REF("Envelope")),
    msg("tool_start / tool_end", "json", "Tool activity.", REF("ToolFrame")),
    msg("turn_metrics", "json", "Latency of the turn just answered.", REF("TurnMetricsMessage")),
    msg("session_end", "json", "The session is over; the socket then closes with 1000.", REF("SessionEnd")),
]
conv_desc = ("A browser voice session (docs/compatibility.md §2.3): binary PCM16 in, JSON out. The start agent greets at once. Typed text "
             "frames are user input that skips STT. Each session runs on a media worker chosen by load and moves to another "
             "one if that worker dies.")
ws("/api/v1/browser/conversation", "browserConversation", "Browser voice conversation", conv_desc, conv_params, conv_in, conv_out, voice_close)
ws("/api/v1/realtime/conversation", "realtimeConversation", "Browser voice conversation (alias)",
   conv_desc + " Alias of `/api/v1/browser/conversation` (docs/compatibility.md #5).", conv_params, conv_in, conv_out, voice_close,
   alias_of="/api/v1/browser/conversation")
relay_params = [qparam("session_id", {"type": "string", "pattern": "^[A-Za-z0-9._:-]{0,128}$"},
                       "Watch one session (its recent envelopes are replayed first, then live ones); absent or empty: every session's "
                       "live envelopes. Not 1–128 letters, digits, `-`, `_`, `.` or `:`: closed with 1008.", example="session_1735000000000_ab12")]
relay_in = [msg("keep-alive", "text", "Anything the dashboard sends is read and ignored.")]
relay_out = [
    msg("envelope", "json", "Every envelope the session's media worker emits: transcripts, STT partials, assistant text, hand-offs.", REF("Envelope")),
    msg("tool_start / tool_end", "json", "Tool activity.", REF("ToolFrame")),
    msg("turn_metrics", "json", "Latency of each turn.", REF("TurnMetricsMessage")),
]
relay_close = {
    "1000": "The relay closed.",
    "1008": "Invalid `session_id`.",
    "1011": "The event bus (Redis) is unavailable; reconnect later.",
    "1013": "Too many dashboards on this gateway; try again later.",
}
relay_desc = ("A read-only event stream for dashboards (docs/compatibility.md §2.4), fed through Redis, so a dashboard on any gateway sees "
              "sessions held by every media worker. A slow dashboard loses its oldest queued messages, never delays others.")
ws("/api/v1/browser/dashboard/relay", "dashboardRelay", "Dashboard event relay", relay_desc, relay_params, relay_in, relay_out, relay_close)
ws("/api/v1/realtime/dashboard/relay", "realtimeDashboardRelay", "Dashboard event relay (alias)",
   relay_desc + " Alias of `/api/v1/browser/dashboard/relay` (docs/compatibility.md #5).", relay_params, relay_in, relay_out, relay_close,
   alias_of="/api/v1/browser/dashboard/relay")

# ---------------------------------------------------------------------------------------------
doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "Switchboard API",
        "version": "1.0.0",
        "summary": "Real-time voice agents: REST and WebSocket API of the Switchboard gateway.",
        "description": (
            "Switchboard serves the HTTP/WebSocket API of the Python/FastAPI \"Real-Time Voice Agent\" backend, so its clients "
            "keep working, with the deliberate differences listed in docs/compatibility.md. Everything is served by the gateway (port 8080 by "
            "default); the agent, builder, session and demo routes are proxied to the `agents` service and `/api/v1/metrics/*` "
            "to the `metrics` service (`x-backend`): when that service is down or slow the gateway answers 503 or 504.\n\n"
            "Every error is RFC 7807 `application/problem+json` (`type`, `title`, `status`, `detail`, `instance`, and `errors[]` "
            "naming each invalid field): 422 for schema violations, 400 for semantic ones, 404, 413 when a body is too large, "
            "503 when a dependency is down. A path that no route serves is 404 with `detail: \"No such resource.\"`.\n\n"
            "WebSocket endpoints are described as `GET` operations answering `101`; their messages are in `x-websocket` "
            "(`inbound`: client → server, `outbound`: server → client, `closeCodes`)."
        ),
        "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},
    },
    "servers": [{"url": "/", "description": "The gateway that serves this document."}],
    "tags": [
        {"name": "health", "description": "Liveness, readiness and Prometheus metrics."},
        {"name": "status", "description": "Status of the voice sockets."},
        {"name": "websocket", "description": "Voice and dashboard WebSockets (`x-websocket` has their messages)."},
        {"name": "agents", "description": "Agents from `config/agents`, with runtime overrides."},
        {"name": "scenarios", "description": "Scenarios from `config/scenarios`."},
        {"name": "agent-builder", "description": "Catalogues for building agents, and session-scoped agents."},
        {"name": "scenario-builder", "description": "Scenario templates and session-scoped scenarios."},
        {"name": "sessions", "description": "The session inventory, from Redis."},
        {"name": "conversation", "description": "Talk to an agent in text, without audio."},
        {"name": "calls", "description": "Phone calls: ACS Call Automation (place, list, hang up, Event Grid, callbacks) and Twilio."},
        {"name": "demo-env", "description": "Synthetic demo customers."},
        {"name": "metrics", "description": "Per-session and aggregate latency telemetry."},
        {"name": "pages", "description": "HTML pages and this document."},
    ],
    "paths": paths,
    "components": {"schemas": S, "responses": R},
}

# Every 5xx the gateway itself can produce is documented on every operation that is not a WebSocket.
for path, item in paths.items():
    for method, o in item.items():
        if "websocket" in o["tags"]:
            continue
        o["responses"].setdefault("500", RESP("InternalServerError"))

if __name__ == "__main__":
    out = sys.argv[1]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    n = sum(len(v) for v in paths.values())
    print(f"wrote {out}: {len(paths)} paths, {n} operations, {len(S)} schemas")
