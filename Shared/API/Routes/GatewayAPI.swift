import SwitchboardCore

/// The gateway's own operations: health, status, pages, calls, Twilio and the voice WebSockets.
package enum GatewayAPI {
    /// Every operation, in the order of the document.
    package static var all: [APIOperation] {
        [
            getApiHealth, getApiReadiness, getMediaStatus, getBrowserStatus, getDashboard, getTalkPage, getDocs, getAsset, getOpenAPI,
            initiateCall, listCalls, terminateCall, answerCall, callAutomationCallbacks, twilioVoiceWebhook, mediaStream, twilioMediaStream,
            browserConversation, realtimeConversation, dashboardRelay, realtimeDashboardRelay,
        ]
    }

    package static let getApiHealth = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/health", id: "getApiHealth", tag: "health",
        summary: "Liveness (Python backend shape)",
        description: "Always 200 while the gateway runs. `active_sessions` sums the live media workers' calls.",
        responses: [
            .json(200, .type(ApiHealth.self), "OK.")
        ]
    )

    package static let getApiReadiness = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/readiness", id: "getApiReadiness", tag: "health",
        summary: "Readiness of every dependency",
        description:
            "Checks Redis, live media workers, the agents and metrics services and the speech engines' configuration, concurrently, each bounded to one second. 200 when ready or degraded; 503 only when every check failed.",
        responses: [
            .json(200, .type(Readiness.self), "Ready or degraded."),
            .json(503, .type(Readiness.self), "Every check failed (same body, `status: unhealthy`)."),
        ]
    )

    package static let getMediaStatus = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/media/status", id: "getMediaStatus", tag: "status",
        summary: "ACS media socket status",
        responses: [
            .json(200, .type(MediaStatus.self), "OK.")
        ]
    )

    package static let getBrowserStatus = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/browser/status", id: "getBrowserStatus", tag: "status",
        summary: "Browser sockets status",
        responses: [
            .json(200, .type(BrowserStatus.self), "OK.")
        ]
    )

    package static let getDashboard = APIOperation(
        owner: .gateway, method: "GET", path: "/", id: "getDashboard", tag: "pages",
        summary: "Dashboard",
        description: "Live sessions, per-turn latency and the event stream of a session (uses the relay socket and the metrics API).",
        responses: [
            .text(200, "text/html", "The dashboard page.")
        ],
        problems: [APIProblem(404, "The gateway's web folder (`SB_WEB_ROOT`) lacks the file.")]
    )

    package static let getTalkPage = APIOperation(
        owner: .gateway, method: "GET", path: "/talk", id: "getTalkPage", tag: "pages",
        summary: "Talk page",
        description: "Talk to an agent from the browser over `/api/v1/browser/conversation`.",
        responses: [
            .text(200, "text/html", "The talk page.")
        ],
        problems: [APIProblem(404, "The gateway's web folder (`SB_WEB_ROOT`) lacks the file.")]
    )

    package static let getDocs = APIOperation(
        owner: .gateway, method: "GET", path: "/docs", id: "getDocs", tag: "pages",
        summary: "This API's documentation",
        responses: [
            .text(200, "text/html", "A readable rendering of `/openapi.json`.")
        ],
        problems: [APIProblem(404, "The gateway's web folder (`SB_WEB_ROOT`) lacks the file.")]
    )

    package static let getAsset = APIOperation(
        owner: .gateway, method: "GET", path: "/assets/{name}", id: "getAsset", tag: "pages",
        summary: "A file of the web UI",
        description:
            "Scripts and styles of the dashboard, talk and docs pages, from `web/assets` (one file name: letters, digits, `-`, `_`, `.`; not starting with `.`).",
        parameters: [
            .path(
                "name", "A file name in `web/assets`.", schema: ["type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9_.-]*$"],
                example: "app.css")
        ],
        responses: [
            APIResponse(
                status: 200, description: "The file, sent with `Cache-Control: no-cache`.",
                mediaTypes: ["text/javascript", "text/css", "image/svg+xml", "image/png", "application/octet-stream"],
                schema: .inline(["type": "string"]))
        ],
        problems: [.notFound]
    )

    package static let getOpenAPI = APIOperation(
        owner: .gateway, method: "GET", path: "/openapi.json", id: "getOpenAPI", tag: "pages",
        summary: "This OpenAPI document",
        responses: [
            .json(200, .inline(["type": "object", "required": ["openapi"]]), "OpenAPI 3.1 document.")
        ],
        problems: [APIProblem(404, "The gateway's web folder (`SB_WEB_ROOT`) lacks the file.")]
    )

    package static let initiateCall = APIOperation(
        owner: .gateway, method: "POST", path: "/api/v1/calls/initiate", id: "initiateCall", tag: "calls",
        summary: "Place an outbound phone call",
        description:
            "`createCall` through ACS Call Automation (HMAC-signed), with bidirectional media streaming back to `/api/v1/media/stream` in every mode (`transcription`, and `realtime` which means it on a phone, transcribe that audio with our recogniser; `voice_live` goes to a speech-to-speech service); callbacks to `/api/v1/calls/callbacks`. The call is recorded in Redis (`sb:call:{id}`) and mapped to `context.browser_session_id` (else `media_<call id>`).",
        body: APIBody(schema: .type(CallInitiateRequest.self)),
        responses: [
            .json(200, .type(CallInitiateResponse.self), "OK.")
        ],
        problems: [
            .badRequest, .contentTooLarge, .unprocessable,
            APIProblem(502, "ACS answered with an error (its code and message are in `detail`)."),
            APIProblem(
                503,
                "ACS call control is not configured (`detail` names the missing variables), or `voice_live` was asked for while no live media worker has a speech-to-speech service (`SB_REALTIME_URL`)."
            ), APIProblem(504, "ACS did not answer within `SB_ACS_TIMEOUT_MS`."),
        ]
    )

    package static let listCalls = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/calls", id: "listCalls", tag: "calls",
        summary: "List calls",
        description:
            "Every call this deployment placed or answered in the last 24 h (ACS and Twilio), newest first, from Redis (docs/compatibility.md #15).",
        parameters: [
            .query("page", "Page, from 1.", schema: ["type": "integer", "minimum": 1, "default": 1], example: 1),
            .query(
                "limit", "Calls per page, 1–100.", schema: ["type": "integer", "minimum": 1, "maximum": 100, "default": 10], example: 10),
            .query(
                "status_filter", "Only calls with this status.",
                schema: ["type": "string", "enum": ["initiating", "ringing", "connected", "on_hold", "disconnected", "failed"]],
                example: "connected"),
        ],
        responses: [
            .json(200, .type(CallList.self), "OK.")
        ],
        problems: [.unprocessable]
    )

    package static let terminateCall = APIOperation(
        owner: .gateway, method: "POST", path: "/api/v1/calls/terminate", id: "terminateCall", tag: "calls",
        summary: "Hang a call up for everyone",
        description: "ACS `:terminate`; the call's media session ends at once on whichever gateway carries it.",
        body: APIBody(schema: .type(CallTerminateRequest.self)),
        responses: [
            .json(200, .type(CallTerminateResponse.self), "OK.")
        ],
        problems: [
            .badRequest, .notFound, .contentTooLarge, .unprocessable,
            APIProblem(502, "ACS answered with an error (its code and message are in `detail`)."),
            APIProblem(503, "ACS call control is not configured: `detail` names the missing variables."),
            APIProblem(504, "ACS did not answer within `SB_ACS_TIMEOUT_MS`."),
        ]
    )

    package static let answerCall = APIOperation(
        owner: .gateway, method: "POST", path: "/api/v1/calls/answer", id: "answerCall", tag: "calls",
        summary: "Event Grid webhook: answer incoming calls",
        description:
            "`Microsoft.EventGrid.SubscriptionValidationEvent` → `{validationResponse}`; `Microsoft.Communication.IncomingCall` → `answerCall` with bidirectional PCM 16 kHz media streaming to `/api/v1/media/stream` (mode `ACS_STREAMING_MODE`); other types are acknowledged and counted. Query `recordCall`/`record_call` overrides recording.",
        parameters: [
            .query(
                "recordCall", "Record this call. `true`, `1` or `yes` (any case) mean true; anything else false.",
                schema: ["type": "string", "examples": ["true", "false"]]),
            .query("record_call", "Same as `recordCall`.", schema: ["type": "string", "examples": ["true", "false"]]),
        ],
        body: APIBody(schema: EventGridEvent.delivery),
        responses: [
            .json(200, .type(CallAnswerResult.self), "OK.")
        ],
        problems: [
            .badRequest, .contentTooLarge, .unprocessable,
            APIProblem(502, "ACS answered with an error (its code and message are in `detail`)."),
            APIProblem(503, "ACS call control is not configured: `detail` names the missing variables."),
            APIProblem(504, "ACS did not answer within `SB_ACS_TIMEOUT_MS`."),
        ]
    )

    package static let callAutomationCallbacks = APIOperation(
        owner: .gateway, method: "POST", path: "/api/v1/calls/callbacks", id: "callAutomationCallbacks", tag: "calls",
        summary: "Call Automation callbacks",
        description:
            "CloudEvents (one or an array) from ACS: `CallConnected`, `CallDisconnected`, `CreateCallFailed`, `AnswerFailed`, `ParticipantsUpdated`, `ContinuousDtmfRecognitionToneReceived`, `CallTransferAccepted`/`Failed`, media streaming and recording state; others are acknowledged and counted. Call events reach the session's dashboards.",
        body: APIBody(schema: EventGridEvent.delivery),
        responses: [
            .json(200, .type(CallbackResult.self), "OK.")
        ],
        problems: [
            .badRequest, APIProblem(401, "No valid ACS bearer token (RS256, audience `ACS_RESOURCE_ID`)."),
            APIProblem(404, "No event names a call known here."), .contentTooLarge, .unprocessable,
        ]
    )

    package static let twilioVoiceWebhook = APIOperation(
        owner: .gateway, method: "POST", path: "/api/v1/twilio/voice", id: "twilioVoiceWebhook", tag: "calls",
        summary: "Twilio incoming-call webhook",
        description:
            "Checks `X-Twilio-Signature` (HMAC-SHA1 with `TWILIO_AUTH_TOKEN` over the public URL and the sorted form parameters), records the call and answers `<Connect><Stream>` with the session id and a stream token as parameters.",
        parameters: [
            .header("X-Twilio-Signature", "Twilio's request signature.")
        ],
        body: .form(TwilioVoiceForm.self),
        responses: [
            .text(200, "application/xml", "TwiML connecting the call to `/api/v1/twilio/stream`.")
        ],
        problems: [
            .badRequest, APIProblem(403, "Missing or invalid `X-Twilio-Signature`."), .contentTooLarge,
            APIProblem(503, "Twilio is not configured (`TWILIO_AUTH_TOKEN`, `BASE_URL`)."),
        ]
    )

    package static let mediaStream = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/media/stream", id: "mediaStream", tag: "websocket",
        summary: "ACS media streaming (phone calls)",
        description:
            "Azure Communication Services bidirectional media streaming. The call starts when `AudioMetadata` arrives: a media worker is chosen by load, the start agent greets, and caller audio runs through VAD → STT → agent → TTS. If the worker dies, the gateway moves the call to another one, which resumes it from Redis. Only text frames are read (binary frames are ignored); keys are matched case-insensitively. Session broadcasts never go to this socket (docs/compatibility.md #4): dashboards get them from the relay. The session and streaming mode are those of the call record (`POST /api/v1/calls/initiate` or `/answer`), else `media_<call id>` and `ACS_STREAMING_MODE`: `media` or `transcription`; another mode closes the socket with 1000. With ACS configured and `ACS_CALLBACK_AUTH` on, the upgrade must carry ACS's bearer token (else 1008).",
        parameters: [
            .query("call_connection_id", "The ACS call connection id (or header `x-ms-call-connection-id`).", example: "call-1234"),
            .query(
                "session_id", "Session id (or header `x-session-id`); default `media_<call_connection_id>`. Invalid: closed with 1008.",
                schema: ["type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"], example: "session_1735000000000_ab12"),
            .header("x-ms-call-connection-id", "ACS sends the call id here."),
            .header("x-session-id", "Session id, when not in the query."),
            .header("Authorization", "`Bearer <ACS token>` when callback authentication is on."),
        ],
        responses: [
            APIResponse(status: 101, description: "Switching Protocols: the WebSocket is open (see `x-websocket`).")
        ],
        webSocket: APIWebSocket(
            inbound: [
                .json(
                    "AudioMetadata", "Starts the call (first one only); `sampleRate` (default 16000) is the rate of both directions.",
                    schema: .type(ACSAudioMetadataMessage.self)),
                .json(
                    "AudioData", "Caller audio, base64 PCM16LE mono. Without `silent` it is audio (docs/compatibility.md #2).",
                    schema: .type(ACSAudioDataMessage.self)),
                .json("DtmfData", "A key press (`0`–`9`, `*`, `#`) becomes typed input.", schema: .type(ACSDtmfDataMessage.self)),
            ],
            outbound: [
                .json(
                    "AudioData", "Agent audio: PCM16LE mono at the call's rate, paced in real time (docs/compatibility.md #1, #3).",
                    schema: .type(ACSOutboundAudio.self)),
                .json("StopAudio", "Barge-in: the caller spoke over the agent; drop what is queued.", schema: .type(ACSOutboundStop.self)),
            ],
            closeCodes: [
                "1000": "The call ended; the reason says why (`caller hung up`, the agent ended the call).",
                "1008": "Policy: invalid query parameter, or more than `SB_MAX_MESSAGES_PER_SECOND` (200) messages in a second.",
                "1013": "No media worker could take the call (`no media worker available`): try again later.",
                "1009": "A message larger than `SB_MAX_FRAME_BYTES` (64 KiB).",
                "1011": "More than `SB_MAX_CALLS` (200) voice sockets on this gateway.",
            ]
        )
    )

    package static let twilioMediaStream = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/twilio/stream", id: "twilioMediaStream", tag: "websocket",
        summary: "Twilio Media Streams (phone calls)",
        description:
            "Twilio's bidirectional Media Streams (`<Connect><Stream>` from `/api/v1/twilio/voice`): μ-law 8 kHz. The call starts at `start`, whose `customParameters` must carry the stream token the webhook gave (else 1008). Marks after each sentence tell the agent what the caller heard; `clear` on barge-in; the socket closes after `stop`.",
        responses: [
            APIResponse(status: 101, description: "Switching Protocols: the WebSocket is open (see `x-websocket`).")
        ],
        webSocket: APIWebSocket(
            inbound: [
                .json(
                    "connected / start / media / dtmf / mark / stop", "Twilio's messages, each with the stream's `streamSid`.",
                    schema: .type(TwilioStreamEvent.self))
            ],
            outbound: [
                .json(
                    "media", "Agent audio, μ-law 8 kHz, 20 ms per message.", schema: .type(TwilioMedia.self)),
                .json(
                    "mark", "Follows each sentence's audio; Twilio echoes it once played.", schema: .type(TwilioMark.self)),
                .json(
                    "clear", "Barge-in: drop the audio Twilio has buffered.", schema: .type(TwilioClear.self)),
            ],
            closeCodes: [
                "1000": "The call ended; the reason says why (`caller hung up`, the agent ended the call).",
                "1013": "No media worker could take the call (`no media worker available`): try again later.",
                "1008": "No `TWILIO_AUTH_TOKEN`, or an invalid stream token.",
                "1009": "A message larger than `SB_MAX_FRAME_BYTES` (64 KiB).",
                "1011": "More than `SB_MAX_CALLS` (200) voice sockets on this gateway.",
                "1003": "A `start` whose media format is not μ-law 8 kHz.",
            ]
        )
    )

    package static let browserConversation = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/browser/conversation", id: "browserConversation", tag: "websocket",
        summary: "Browser voice conversation",
        description:
            "A browser voice session (docs/compatibility.md §2.3): binary PCM16 in, JSON out. The start agent greets at once. Typed text frames are user input that skips STT. Each session runs on a media worker chosen by load and moves to another one if that worker dies.",
        parameters: [
            .query(
                "access_token",
                "With `ENABLE_AUTH_VALIDATION=true`: the Entra ID token (or send the subprotocols `access_token, <token>`; the server answers `access_token`). Without a valid one the socket is closed with 1008."
            ),
            .query(
                "session_id",
                "1–128 letters, digits, `-`, `_`, `.` or `:`; another value closes the socket with 1008. Generated when absent.",
                schema: ["type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"], example: "session_1735000000000_ab12"),
            .query(
                "streaming_mode",
                "`realtime`/`media` run the STT → LLM → TTS cascade, `transcription` only transcribes; `voice_live` (needs a cloud speech-to-speech provider) and unknown values close the socket with 1008.",
                schema: ["type": "string", "enum": ["realtime", "media", "transcription", "voice_live"], "default": "realtime"],
                example: "realtime"),
            .query(
                "sample_rate", "Rate of the PCM16 the client sends and receives. Another integer closes the socket with 1008.",
                schema: ["type": "integer", "enum": [8000, 16000, 24000, 48000], "default": 16000], example: 16000),
            .query(
                "scenario", "The session's scenario (start agent and hand-offs).",
                schema: ["type": "string", "examples": ["banking", "insurance", "default"]], example: "banking"),
        ],
        responses: [
            APIResponse(status: 101, description: "Switching Protocols: the WebSocket is open (see `x-websocket`).")
        ],
        webSocket: APIWebSocket(
            inbound: [
                .binary("audio", "Microphone audio: PCM16LE mono at `sample_rate` (any frame size up to 64 KiB)."),
                .text(
                    "text",
                    "Typed input: a plain string, or JSON `{\"content\": \"…\"}` / `{\"text\": \"…\"}`; at most 2000 characters are used.",
                    schema: .inline([
                        "oneOf": [
                            ["type": "string"], ["type": "object", "properties": ["content": ["type": "string"]], "required": ["content"]],
                            ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]],
                        ]
                    ])),
            ],
            outbound: [
                .json(
                    "audio_data", "Agent audio, in order (`frame_index` counts from 0 per connection).",
                    schema: .type(BrowserAudioFrame.self)),
                .json(
                    "control", "Barge-in: `tts_cancelled` then `audio_stop`; the client flushes its playback queue.",
                    schema: .type(BrowserControl.self)),
                .json(
                    "envelope", "Transcripts, the greeting, assistant text, hand-offs (reference §2.1 envelopes).",
                    schema: .type(Envelope.self)),
                .json(
                    "tool_start / tool_end", "Tool activity.",
                    schema: .type(ToolEvent.self)),
                .json(
                    "turn_metrics", "Latency of the turn just answered.",
                    schema: .type(TurnMetricsMessage.self)),
                .json(
                    "session_end", "The session is over; the socket then closes with 1000.",
                    schema: .type(SessionEnd.self)),
            ],
            closeCodes: [
                "1000": "The call ended; the reason says why (`caller hung up`, the agent ended the call).",
                "1008":
                    "Policy: invalid query parameter, more than `SB_MAX_MESSAGES_PER_SECOND` (200) messages in a second, or (with `ENABLE_AUTH_VALIDATION=true`) no valid token: `not authenticated: <reason>`.",
                "1013":
                    "Try again later: no media worker could take the call (`no media worker available`), or more than `SB_MAX_SOCKETS_PER_IP` (50) browser and dashboard sockets from one address on this gateway.",
                "1009": "A message larger than `SB_MAX_FRAME_BYTES` (64 KiB).",
                "1011": "More than `SB_MAX_CALLS` (200) voice sockets on this gateway.",
            ]
        )
    )

    package static let realtimeConversation = browserConversation.alias(path: "/api/v1/realtime/conversation", id: "realtimeConversation")

    package static let dashboardRelay = APIOperation(
        owner: .gateway, method: "GET", path: "/api/v1/browser/dashboard/relay", id: "dashboardRelay", tag: "websocket",
        summary: "Dashboard event relay",
        description:
            "A read-only event stream for dashboards (docs/compatibility.md §2.4), fed through Redis, so a dashboard on any gateway sees sessions held by every media worker. A slow dashboard loses its oldest queued messages, never delays others.",
        parameters: [
            .query(
                "access_token",
                "With `ENABLE_AUTH_VALIDATION=true`: the Entra ID token (or send the subprotocols `access_token, <token>`; the server answers `access_token`). Without a valid one the socket is closed with 1008."
            ),
            .query(
                "session_id",
                "Watch one session (its recent envelopes are replayed first, then live ones); absent or empty: every session's live envelopes. Not 1–128 letters, digits, `-`, `_`, `.` or `:`: closed with 1008.",
                schema: ["type": "string", "pattern": "^[A-Za-z0-9._:-]{0,128}$"], example: "session_1735000000000_ab12"),
        ],
        responses: [
            APIResponse(status: 101, description: "Switching Protocols: the WebSocket is open (see `x-websocket`).")
        ],
        webSocket: APIWebSocket(
            inbound: [
                .text("keep-alive", "Anything the dashboard sends is read and ignored.")
            ],
            outbound: [
                .json(
                    "envelope", "Every envelope the session's media worker emits: transcripts, STT partials, assistant text, hand-offs.",
                    schema: .type(Envelope.self)),
                .json(
                    "tool_start / tool_end", "Tool activity.",
                    schema: .type(ToolEvent.self)),
                .json("turn_metrics", "Latency of each turn.", schema: .type(TurnMetricsMessage.self)),
            ],
            closeCodes: [
                "1000": "The relay closed.",
                "1008": "Invalid `session_id`, or (with `ENABLE_AUTH_VALIDATION=true`) no valid token: `not authenticated: <reason>`.",
                "1011": "The event bus (Redis) is unavailable; reconnect later.",
                "1013":
                    "Too many dashboards on this gateway (`SB_MAX_DASHBOARDS`), or more than `SB_MAX_SOCKETS_PER_IP` sockets from one address; try again later.",
            ]
        )
    )

    package static let realtimeDashboardRelay = dashboardRelay.alias(path: "/api/v1/realtime/dashboard/relay", id: "realtimeDashboardRelay")
}
