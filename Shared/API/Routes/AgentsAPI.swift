import SwitchboardCore

/// The agents service's operations, served by the gateway through its proxy (`/api/v1/{agents,agent-builder,scenario-builder,scenarios,sessions,demo-env}/**`).
package enum AgentsAPI {
    /// Every operation, in the order of the document.
    package static var all: [APIOperation] {
        [
            listAgents, getAgent, updateAgent, listScenarios, getScenario, listTools, listVoices, getAgentDefaults, listAgentTemplates,
            getAgentTemplate, reloadAgents, createSessionAgent, getSessionAgent, putSessionAgent, deleteSessionAgents,
            listAgentBuilderSessions, listScenarioTemplates, getScenarioTemplate, listScenarioBuilderAgents, getScenarioDefaults,
            createSessionScenario, getSessionScenario, putSessionScenario, deleteSessionScenarios, activateSessionScenario,
            applyScenarioTemplate, listSessionScenarios, listScenarioBuilderSessions, reloadScenarios, listSessions, getSession,
            deleteSession, sendMessage, createDemoUser, getDemoUser,
        ]
    }

    package static let listAgents = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agents", id: "listAgents", tag: "agents",
        summary: "List agents",
        description:
            "Every agent (disk agents with runtime overrides, from `config/agents`), their summaries, the hand-off map and the voices.",
        parameters: [
            .query(
                "include_state", "Add `current_agent`. `true`, `1` or `yes` (any case) mean true; anything else false.",
                schema: ["type": "string", "examples": ["true", "false"]], example: "true"),
            .query("session_id", "With `include_state`: whose active agent `current_agent` is.", example: "demo-session-1"),
        ],
        responses: [
            .json(200, .type(AgentList.self), "OK.")
        ]
    )

    package static let getAgent = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agents/{agent_name}", id: "getAgent", tag: "agents",
        summary: "Get one agent",
        parameters: [
            .path(
                "agent_name", "An agent's name, matched case-insensitively (disk agents and overrides).",
                schema: ["type": "string", "minLength": 1], example: "Concierge"),
            .query("session_id", "Adds `session_id` and that session's `current_agent`."),
        ],
        responses: [
            .json(200, .type(AgentListing.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let updateAgent = APIOperation(
        owner: .agents, method: "PUT", path: "/api/v1/agents/{agent_name}", id: "updateAgent", tag: "agents",
        summary: "Override an agent's model and voice",
        description:
            "Stored in Redis (docs/compatibility.md #12): merged over earlier overrides, seen by every process, kept across restarts. Body limit 256 KiB. Unknown agent: 404 before the body is read.",
        parameters: [
            .path(
                "agent_name", "An agent's name, matched case-insensitively (disk agents and overrides).",
                schema: ["type": "string", "minLength": 1], example: "Concierge")
        ],
        body: APIBody(schema: .type(AgentUpdateRequest.self)),
        responses: [
            .json(200, .type(AgentUpdateResult.self), "OK.")
        ],
        problems: [.badRequest, .notFound, .contentTooLarge, .unprocessable]
    )

    package static let listScenarios = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenarios", id: "listScenarios", tag: "scenarios",
        summary: "List scenarios",
        description: "The scenarios of `config/scenarios`, by name.",
        responses: [
            .json(200, .type(ScenarioList.self), "OK.")
        ]
    )

    package static let getScenario = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenarios/{scenario_name}", id: "getScenario", tag: "scenarios",
        summary: "Get one scenario",
        parameters: [
            .path("scenario_name", "A scenario name.", schema: ["type": "string", "minLength": 1], example: "banking")
        ],
        responses: [
            .json(200, .type(ScenarioSummary.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let listTools = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/tools", id: "listTools", tag: "agent-builder",
        summary: "List tools",
        description: "Non-hand-off tools first, then by name.",
        parameters: [
            .query(
                "category", "Only tools with this tag (exact match).",
                schema: ["type": "string", "examples": ["banking", "fraud", "handoff"]]),
            .query(
                "include_handoffs", "Include hand-off tools. `false`, `0` or `no` (any case) mean false; anything else true.",
                schema: ["type": "string", "examples": ["true", "false"], "default": "true"], example: "false"),
        ],
        responses: [
            .json(200, .type(ToolList.self), "OK.")
        ]
    )

    package static let listVoices = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/voices", id: "listVoices", tag: "agent-builder",
        summary: "List TTS voices",
        parameters: [
            .query(
                "category", "Only this category (`turbo`, `standard`, `hd`); another value lists none.",
                schema: ["type": "string", "examples": ["turbo", "standard", "hd"]], example: "hd")
        ],
        responses: [
            .json(200, .type(VoiceList.self), "OK.")
        ]
    )

    package static let getAgentDefaults = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/defaults", id: "getAgentDefaults", tag: "agent-builder",
        summary: "Agent defaults and a starter prompt",
        responses: [
            .json(200, .type(AgentDefaults.self), "OK.")
        ]
    )

    package static let listAgentTemplates = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/templates", id: "listAgentTemplates", tag: "agent-builder",
        summary: "List agent templates",
        description: "Every agent (disk and overrides) as a template to start from.",
        responses: [
            .json(200, .type(AgentTemplateList.self), "OK.")
        ]
    )

    package static let getAgentTemplate = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/templates/{template_id}", id: "getAgentTemplate", tag: "agent-builder",
        summary: "Get one agent template",
        parameters: [
            .path(
                "template_id", "The agent's folder (`fraud_agent`) or name (`FraudAgent`).", schema: ["type": "string", "minLength": 1],
                example: "fraud_agent")
        ],
        responses: [
            .json(200, .type(AgentTemplateResult.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let reloadAgents = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/agent-builder/reload-agents", id: "reloadAgents", tag: "agent-builder",
        summary: "Re-read the agent folder",
        responses: [
            .json(200, .type(AgentReloadResult.self), "OK.")
        ],
        problems: [APIProblem(422, "The folder is invalid; the previous agents stay loaded.")]
    )

    package static let createSessionAgent = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/agent-builder/create", id: "createSessionAgent", tag: "agent-builder",
        summary: "Create a session agent",
        description:
            "Kept in Redis for 24 h (docs/compatibility.md #11); the session's next turn starts with it. A missing `session_id` is 422. Body limit 256 KiB.",
        parameters: [
            .query(
                "session_id", "The session the definition belongs to.", schema: ["type": "string", "minLength": 1], required: true,
                example: "demo-session-1")
        ],
        body: APIBody(schema: .type(SessionAgentRequest.self)),
        responses: [
            .json(200, .type(SessionAgentResponse.self), "Stored; `status: created`.")
        ],
        problems: [.badRequest, .contentTooLarge, .unprocessable]
    )

    package static let getSessionAgent = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/session/{session_id}", id: "getSessionAgent", tag: "agent-builder",
        summary: "Get a session's agent",
        parameters: [
            .sessionID
        ],
        responses: [
            .json(
                200, .type(SessionAgentResponse.self),
                "The session's first agent, `status: active`, with `prompt_full` and `template_vars`."
            )
        ],
        problems: [.notFound]
    )

    package static let putSessionAgent = APIOperation(
        owner: .agents, method: "PUT", path: "/api/v1/agent-builder/session/{session_id}", id: "putSessionAgent", tag: "agent-builder",
        summary: "Create or update a session agent",
        description: "Body limit 256 KiB.",
        parameters: [
            .sessionID
        ],
        body: APIBody(schema: .type(SessionAgentRequest.self)),
        responses: [
            .json(
                200, .type(SessionAgentResponse.self),
                "`status: updated` when the session had an agent of that name (its `created_at` is kept), else `created`.")
        ],
        problems: [.badRequest, .contentTooLarge, .unprocessable]
    )

    package static let deleteSessionAgents = APIOperation(
        owner: .agents, method: "DELETE", path: "/api/v1/agent-builder/session/{session_id}", id: "deleteSessionAgents",
        tag: "agent-builder",
        summary: "Remove a session's agents",
        parameters: [
            .sessionID
        ],
        responses: [
            .json(200, .type(SessionAgentRemoval.self), "200 in both cases: `removed` or `not_found`.")
        ]
    )

    package static let listAgentBuilderSessions = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/agent-builder/sessions", id: "listAgentBuilderSessions", tag: "agent-builder",
        summary: "List session agents",
        description: "Most recently changed session first.",
        responses: [
            .json(200, .type(AgentBuilderSessions.self), "OK.")
        ]
    )

    package static let listScenarioTemplates = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/templates", id: "listScenarioTemplates", tag: "scenario-builder",
        summary: "List scenario templates",
        responses: [
            .json(200, .type(ScenarioTemplateList.self), "OK.")
        ]
    )

    package static let getScenarioTemplate = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/templates/{template_id}", id: "getScenarioTemplate",
        tag: "scenario-builder",
        summary: "Get one scenario template",
        parameters: [
            .path(
                "template_id", "A scenario name (`banking`, `insurance`, `default`).", schema: ["type": "string", "minLength": 1],
                example: "banking")
        ],
        responses: [
            .json(200, .type(ScenarioTemplateResult.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let listScenarioBuilderAgents = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/agents", id: "listScenarioBuilderAgents", tag: "scenario-builder",
        summary: "Agents a scenario can use",
        parameters: [
            .query("session_id", "Also list this session's own agents.", example: "demo-session-1")
        ],
        responses: [
            .json(200, .type(ScenarioBuilderAgents.self), "OK.")
        ]
    )

    package static let getScenarioDefaults = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/defaults", id: "getScenarioDefaults", tag: "scenario-builder",
        summary: "Scenario defaults",
        responses: [
            .json(200, .type(ScenarioBuilderDefaults.self), "OK.")
        ]
    )

    package static let createSessionScenario = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/scenario-builder/create", id: "createSessionScenario", tag: "scenario-builder",
        summary: "Create a session scenario",
        description: "Kept in Redis for 24 h. A missing `session_id` is 422. Body limit 256 KiB.",
        parameters: [
            .query(
                "session_id", "The session the definition belongs to.", schema: ["type": "string", "minLength": 1], required: true,
                example: "demo-session-1")
        ],
        body: APIBody(schema: .type(SessionScenarioRequest.self)),
        responses: [
            .json(200, .type(SessionScenarioResponse.self), "Stored and made the session's active scenario; `status: created`.")
        ],
        problems: [.badRequest, .contentTooLarge, .unprocessable]
    )

    package static let getSessionScenario = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/session/{session_id}", id: "getSessionScenario",
        tag: "scenario-builder",
        summary: "Get a session's active scenario",
        parameters: [
            .sessionID
        ],
        responses: [
            .json(200, .type(SessionScenarioResponse.self), "`status: active`.")
        ],
        problems: [.notFound]
    )

    package static let putSessionScenario = APIOperation(
        owner: .agents, method: "PUT", path: "/api/v1/scenario-builder/session/{session_id}", id: "putSessionScenario",
        tag: "scenario-builder",
        summary: "Create or update a session scenario",
        description: "Body limit 256 KiB.",
        parameters: [
            .sessionID
        ],
        body: APIBody(schema: .type(SessionScenarioRequest.self)),
        responses: [
            .json(
                200, .type(SessionScenarioResponse.self),
                "`updated` when the session had a scenario of that name, else `created`; it becomes active.")
        ],
        problems: [.badRequest, .contentTooLarge, .unprocessable]
    )

    package static let deleteSessionScenarios = APIOperation(
        owner: .agents, method: "DELETE", path: "/api/v1/scenario-builder/session/{session_id}", id: "deleteSessionScenarios",
        tag: "scenario-builder",
        summary: "Remove a session's scenarios",
        parameters: [
            .sessionID
        ],
        responses: [
            .json(200, .type(ScenarioRemoval.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let activateSessionScenario = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/scenario-builder/session/{session_id}/active", id: "activateSessionScenario",
        tag: "scenario-builder",
        summary: "Make a session scenario active",
        parameters: [
            .sessionID,
            .query(
                "scenario_name", "One of the session's scenarios.", schema: ["type": "string", "minLength": 1], required: true,
                example: "banking"),
        ],
        responses: [
            .json(200, .type(ScenarioActivation.self), "OK.")
        ],
        problems: [.notFound, .unprocessable]
    )

    package static let applyScenarioTemplate = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/scenario-builder/session/{session_id}/apply-template", id: "applyScenarioTemplate",
        tag: "scenario-builder",
        summary: "Use a disk scenario in a session",
        description: "Copies the scenario into the session's scenarios and makes it active.",
        parameters: [
            .sessionID,
            .query("template_id", "A scenario name (`banking`, `insurance`, `default`).", required: true, example: "banking"),
        ],
        responses: [
            .json(200, .type(ScenarioTemplateApplied.self), "OK.")
        ],
        problems: [APIProblem(404, "No scenario template of that id (also when `template_id` is missing).")]
    )

    package static let listSessionScenarios = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/session/{session_id}/scenarios", id: "listSessionScenarios",
        tag: "scenario-builder",
        summary: "List a session's scenarios",
        parameters: [
            .sessionID
        ],
        responses: [
            .json(200, .type(SessionScenarioList.self), "OK.")
        ]
    )

    package static let listScenarioBuilderSessions = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/scenario-builder/sessions", id: "listScenarioBuilderSessions",
        tag: "scenario-builder",
        summary: "List session scenarios",
        responses: [
            .json(200, .type(ScenarioBuilderSessions.self), "OK.")
        ]
    )

    package static let reloadScenarios = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/scenario-builder/reload-scenarios", id: "reloadScenarios", tag: "scenario-builder",
        summary: "Re-read the scenario folder",
        responses: [
            .json(200, .type(ScenarioReloadResult.self), "OK.")
        ],
        problems: [APIProblem(422, "The folder is invalid; the previous scenarios stay loaded.")]
    )

    package static let listSessions = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/sessions", id: "listSessions", tag: "sessions",
        summary: "List sessions",
        description: "Sessions that had a text or voice turn, most recent first (expired ones are dropped from the index as they are met).",
        parameters: [
            .query(
                "limit", "How many to list; outside 1–200 (or not an integer) is 422.",
                schema: ["type": "integer", "minimum": 1, "maximum": 200, "default": 50], example: 50),
            .query(
                "active_only", "Only sessions active in the last hour. `true`, `1` or `yes` (any case) mean true; anything else false.",
                schema: ["type": "string", "examples": ["true", "false"]]),
        ],
        responses: [
            .json(200, .type(SessionList.self), "OK.")
        ],
        problems: [.unprocessable]
    )

    package static let getSession = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/sessions/{session_id}", id: "getSession", tag: "sessions",
        summary: "Get a session",
        parameters: [
            .sessionID,
            .query(
                "include_history", "Add `chat_history`. `false`, `0` or `no` (any case) mean false; anything else true.",
                schema: ["type": "string", "examples": ["true", "false"], "default": "true"]),
            .query(
                "include_memory", "Add `memory`. `false`, `0` or `no` (any case) mean false; anything else true.",
                schema: ["type": "string", "examples": ["true", "false"], "default": "true"]),
        ],
        responses: [
            .json(200, .type(SessionDetail.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let deleteSession = APIOperation(
        owner: .agents, method: "DELETE", path: "/api/v1/sessions/{session_id}", id: "deleteSession", tag: "sessions",
        summary: "Delete a session",
        description: "Deletes the session's state, history, agents and scenarios.",
        parameters: [
            .sessionID
        ],
        responses: [
            .json(200, .type(SessionDeletion.self), "OK.")
        ],
        problems: [.notFound]
    )

    package static let sendMessage = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/sessions/{session_id}/messages", id: "sendMessage", tag: "conversation",
        summary: "Talk to an agent in text",
        description:
            "Runs one turn through the same agent runtime the media workers use (scripted engine by default). A new session is greeted first (`greeting`). `events` carries every event of the turn: tool calls with duration and status, hand-offs, streamed text. Body limit 16 KiB.",
        parameters: [
            .path(
                "session_id", "1–128 letters, digits, `-`, `_`, `.` or `:` (Unicode letters and digits are accepted too); otherwise 422.",
                schema: ["type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"], example: "demo-session-1")
        ],
        body: APIBody(schema: .type(MessageRequest.self)),
        responses: [
            .json(200, .type(MessageReply.self), "OK.")
        ],
        problems: [APIProblem(400, "Unknown scenario, or the turn could not run."), .contentTooLarge, .unprocessable]
    )

    package static let createDemoUser = APIOperation(
        owner: .agents, method: "POST", path: "/api/v1/demo-env/temporary-user", id: "createDemoUser", tag: "demo-env",
        summary: "Create a synthetic demo customer",
        description:
            "The customer can verify by voice with the name and `verification_codes.ssn_last4` returned. With `session_id`, the profile is put into that session. Body limit 16 KiB.",
        body: APIBody(schema: .type(DemoUserRequest.self)),
        responses: [
            .json(201, .type(DemoUserResponse.self), "Created; kept in Redis for 24 h (docs/compatibility.md #18).")
        ],
        problems: [.contentTooLarge, .unprocessable]
    )

    package static let getDemoUser = APIOperation(
        owner: .agents, method: "GET", path: "/api/v1/demo-env/temporary-user", id: "getDemoUser", tag: "demo-env",
        summary: "Look a demo customer up by e-mail",
        parameters: [
            .query(
                "email", "The e-mail it was created with (case-insensitive); missing or empty is 422.",
                schema: ["type": "string", "minLength": 1], required: true, example: "ann.lee@example.com"),
            .query("session_id", "Also put the profile into this session."),
        ],
        responses: [
            .json(200, .type(DemoUserResponse.self), "OK.")
        ],
        problems: [.notFound, .unprocessable]
    )
}
