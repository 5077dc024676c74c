// The dashboard: readiness, live sessions, and for the selected session its conversation (from
// the dashboard relay), active agent, hand-offs, tool calls and per-turn latency.
import { ReconnectingSocket, el, formatMs, formatTime, getJSON, queryParameter, socketURL } from "./common.js";
import { LatencyChart } from "./latency-chart.js";
import { loadAgents, watchReadiness } from "./readiness.js";
import { Transcript, describe } from "./transcript.js";

const STAGES = [
    ["stt", "STT"],
    ["llm_ttft", "LLM TTFT"],
    ["tts_ttfb", "TTS TTFB"],
    ["e2e", "end-to-end"],
];
const $ = (selector) => document.querySelector(selector);

const sessions = new Map(); // session id → what is known of it, from the metrics service and the feed
let selected = null; // {id, relay, timer}

// Everything the end-to-end test (and a curious developer) may want to read.
const dashboardState = { selected: null, relayState: "idle", relayMessages: 0, feedMessages: 0 };
window.dashboardState = dashboardState;

const transcript = new Transcript($("#transcript"), {
    onAgent: (name) => setActiveAgent(name),
    onHandoff: (change) => addHandoff(change),
    onTurnMetrics: (metrics) => chart.add(metrics),
});
Object.defineProperty(dashboardState, "transcripts", { get: () => transcript.entries(), enumerable: true });
const chart = new LatencyChart($("#latency-chart"));

// --- sessions -----------------------------------------------------------------------------------

async function refreshSessions() {
    try {
        const body = await getJSON("/api/v1/metrics/sessions");
        $("#sessions-error").hidden = true;
        // Merged over what the feed found: a session the metrics service no longer lists keeps its last state.
        for (const session of body.sessions ?? []) {
            sessions.set(session.session_id, { ...sessions.get(session.session_id), ...session });
        }
        $("#session-count").textContent = `${body.total_active ?? 0} active`;
    } catch (error) {
        const message = $("#sessions-error");
        message.hidden = false;
        message.textContent = `metrics service: ${error.message}`;
    }
    renderSessions();
}

/** Keeps the list current from the all-sessions relay between two refreshes. */
function discover(message) {
    dashboardState.feedMessages += 1;
    const id = message.session_id;
    if (!id) return;
    const session = sessions.get(id) ?? {
        session_id: id,
        status: "active",
        transport_type: null,
        start_time: new Date().toISOString(),
        turn_count: 0,
    };
    sessions.set(id, session);
    const what = describe(message);
    if (what.kind === "turn_metrics") session.turn_count = Math.max(session.turn_count ?? 0, Number(what.metrics.turn_number) || 0);
    if (what.kind === "assistant") session.active_agent = what.agent;
    if (what.kind === "agent_change") session.active_agent = what.to;
    if (what.kind === "session" && what.event === "started") {
        session.status = "active";
        if (what.data.transport) session.transport_type = String(what.data.transport).toUpperCase();
        if (what.data.streaming_mode) session.streaming_mode = what.data.streaming_mode;
    }
    if (what.kind === "session_end" || (what.kind === "session" && what.event === "ended")) session.status = "completed";
    scheduleRender();
}

let renderPending = false;
function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    requestAnimationFrame(() => {
        renderPending = false;
        renderSessions();
    });
}

function renderSessions() {
    const focused = document.activeElement?.closest?.("#sessions li")?.dataset.sessionId;
    const list = [...sessions.values()].sort(
        (a, b) => (a.status === "active" ? 0 : 1) - (b.status === "active" ? 0 : 1) || String(b.start_time).localeCompare(String(a.start_time)),
    );
    $("#sessions").replaceChildren(
        ...list.slice(0, 100).map((session) =>
            el(
                "li",
                {
                    class: `session ${session.status ?? "active"}${session.session_id === selected?.id ? " selected" : ""}`,
                    tabindex: 0,
                    dataset: { sessionId: session.session_id },
                    onclick: () => select(session.session_id),
                    onkeydown: (event) => event.key === "Enter" && select(session.session_id),
                },
                el("span", { class: "sid" }, session.session_id),
                session.transport_type ? el("span", { class: "badge" }, session.transport_type) : null,
                el(
                    "span",
                    { class: "meta" },
                    [
                        `${session.turn_count ?? 0} turns`,
                        session.active_agent,
                        session.streaming_mode,
                        formatTime(session.start_time),
                    ]
                        .filter(Boolean)
                        .join(" · "),
                ),
            ),
        ),
    );
    if (list.length === 0) $("#sessions").append(el("li", { class: "empty" }, "No sessions yet. Start one on the Talk page."));
    // The list is rebuilt on every refresh: keep the keyboard where it was.
    if (focused) [...document.querySelectorAll("#sessions li")].find((item) => item.dataset.sessionId === focused)?.focus();
    if (selected) renderFacts(sessions.get(selected.id));
}

// --- the selected session -----------------------------------------------------------------------

function select(id) {
    if (selected?.id === id) return;
    if (selected) {
        selected.relay.close();
        clearInterval(selected.timer);
    }
    history.replaceState(null, "", `?session_id=${encodeURIComponent(id)}`);
    transcript.reset();
    chart.reset();
    $("#handoffs").replaceChildren();
    $("#session-latency tbody").replaceChildren();
    $("#session-id").textContent = id;
    setActiveAgent(sessions.get(id)?.active_agent ?? null);
    const relay = new ReconnectingSocket(socketURL(`/api/v1/browser/dashboard/relay?session_id=${encodeURIComponent(id)}`), {
        // Each (re)connection replays the session's recent messages first: start from a clean view.
        onOpen: () => {
            transcript.reset();
            $("#handoffs").replaceChildren();
        },
        onMessage: (message) => {
            if (message.session_id && message.session_id !== id) return;
            dashboardState.relayMessages += 1;
            transcript.handle(message);
        },
        onState: (state, detail) => showSocketState($("#relay-state"), "relay", state, detail, (s) => (dashboardState.relayState = s)),
    });
    selected = { id, relay, timer: setInterval(() => loadSessionMetrics(id), 10000) };
    dashboardState.selected = id;
    dashboardState.relayMessages = 0;
    loadSessionMetrics(id);
    renderSessions();
}

async function loadSessionMetrics(id) {
    let body;
    try {
        body = await getJSON(`/api/v1/metrics/session/${encodeURIComponent(id)}?include_turns=true`);
    } catch {
        return; // not known to the metrics service yet: the relay still shows it
    }
    if (selected?.id !== id) return;
    for (const turn of body.turns ?? []) chart.add(turn);
    const session = sessions.get(id) ?? { session_id: id };
    sessions.set(id, { ...session, ...pick(body, ["transport_type", "status", "turn_count", "start_time", "end_time"]) });
    if (!session.active_agent && body.active_agent) setActiveAgent(body.active_agent);
    const summary = body.latency_summary ?? {};
    $("#session-latency tbody").replaceChildren(
        ...STAGES.filter(([key]) => summary[key]).map(([key, name]) => {
            const stats = summary[key];
            return el(
                "tr",
                { dataset: { stage: key } },
                el("th", {}, name),
                ...[stats.avg_ms, stats.p50_ms, stats.p95_ms, stats.max_ms].map((v) => el("td", {}, formatMs(v))),
                el("td", {}, stats.count ?? "–"),
            );
        }),
    );
    renderSessions();
}

function pick(object, keys) {
    return Object.fromEntries(keys.filter((key) => object[key] !== undefined && object[key] !== null).map((key) => [key, object[key]]));
}

function renderFacts(session) {
    if (!session) return;
    $("#session-transport").textContent = session.transport_type ?? "–";
    $("#session-status").textContent = session.status ?? "–";
    $("#session-turns").textContent = String(Math.max(session.turn_count ?? 0, chart.count));
    $("#session-started").textContent = formatTime(session.start_time);
}

function setActiveAgent(name) {
    const node = $("#active-agent");
    node.textContent = name ?? "–";
    node.dataset.agent = name ?? "";
    if (selected && name) {
        const session = sessions.get(selected.id);
        if (session) session.active_agent = name;
    }
    for (const item of document.querySelectorAll("#agents li")) item.classList.toggle("active", item.dataset.agent === name);
}

function addHandoff(change) {
    $("#handoffs").append(
        el(
            "li",
            { dataset: { to: change.to } },
            el("time", {}, formatTime(change.at)),
            el("span", { class: "route" }, `${change.from ?? "?"} → ${change.to}`),
            change.handoffType ? el("span", { class: "badge" }, change.handoffType) : null,
        ),
    );
}

// --- window summary, agents, feed ---------------------------------------------------------------

async function refreshSummary() {
    let body;
    try {
        body = await getJSON("/api/v1/metrics/summary?window_minutes=5");
    } catch (error) {
        $("#summary-totals").textContent = `unavailable (${error.message})`;
        return;
    }
    $("#summary-totals").textContent = [
        `${body.turn_count ?? 0} turns`,
        `${body.session_count ?? 0} sessions`,
        `${body.barge_ins ?? 0} barge-ins`,
        `${body.errors ?? 0} errors`,
    ].join(" · ");
    const latency = body.latency ?? {};
    $("#summary tbody").replaceChildren(
        ...STAGES.map(([key, name]) => {
            const stats = latency[key] ?? {};
            return el(
                "tr",
                { dataset: { stage: key } },
                el("th", {}, name),
                ...[stats.p50_ms, stats.p95_ms, stats.p99_ms].map((v) => el("td", {}, formatMs(v))),
                el("td", {}, stats.count ?? 0),
            );
        }),
    );
}

function showSocketState(node, name, state, detail, record) {
    record?.(state);
    node.dataset.state = state;
    node.textContent =
        state === "open"
            ? `${name}: live`
            : state === "retrying"
              ? `${name}: reconnecting in ${formatMs(detail.delay)}`
              : state === "closed"
                ? ""
                : `${name}: connecting…`;
}

async function start() {
    watchReadiness($("#readiness"));
    const agents = await loadAgents();
    $("#agents").replaceChildren(
        ...agents.map((agent) => el("li", { dataset: { agent: agent.name }, title: agent.description }, agent.name)),
    );
    setActiveAgent($("#active-agent").dataset.agent || null);
}

new ReconnectingSocket(socketURL("/api/v1/browser/dashboard/relay"), {
    onMessage: discover,
    onState: (state, detail) => showSocketState($("#feed-state"), "live feed", state, detail),
});
const preselected = queryParameter("session_id");
if (preselected) select(preselected);
refreshSessions();
setInterval(refreshSessions, 5000);
refreshSummary();
setInterval(refreshSummary, 10000);
start();
