// The conversation view shared by the talk page and the dashboard: turns the messages of the
// conversation socket and of the dashboard relay into transcript bubbles, tool chips and
// hand-off lines. Both carry the same JSON messages (envelopes and a few top-level messages).
import { el, formatMs } from "./common.js";

/**
 * What one socket message means, whatever its shape:
 * `{kind: "user", text, partial}`, `{kind: "assistant", agent, text, mode: "stream"|"message"|"final"}`,
 * `{kind: "agent_change", from, to, handoffType}`, `{kind: "tool_start"|"tool_end", …}`,
 * `{kind: "turn_metrics", metrics}`, `{kind: "session", event, data}`, `{kind: "session_end", reason}`,
 * `{kind: "control", action, reason}`, `{kind: "audio"}`, `{kind: "status", text}`, `{kind: "unknown"}`.
 */
export function describe(message) {
    const payload = message.payload && typeof message.payload === "object" ? message.payload : {};
    const text = (value) => (typeof value === "string" ? value : "");
    const agentOf = () => payload.sender ?? payload.active_agent ?? payload.speaker ?? message.sender ?? "Agent";
    switch (message.type) {
        case "user":
            return { kind: "user", text: text(payload.content ?? payload.message), partial: false };
        case "assistant_streaming":
            return { kind: "assistant", agent: agentOf(), text: text(payload.content ?? payload.message), mode: "stream" };
        case "assistant":
            return { kind: "assistant", agent: agentOf(), text: text(payload.content ?? payload.message), mode: "message" };
        case "event":
            return describeEvent(message, payload, agentOf);
        case "tool_start":
            return { kind: "tool_start", tool: message.tool, callId: message.call_id, arguments: message.arguments };
        case "tool_progress":
            return { kind: "tool_progress", tool: message.tool, callId: message.call_id, text: text(message.message) };
        case "tool_end":
            return {
                kind: "tool_end",
                tool: message.tool,
                callId: message.call_id,
                status: message.status ?? "success",
                durationMs: message.duration_ms,
                error: message.error,
            };
        case "turn_metrics":
            return { kind: "turn_metrics", metrics: message };
        case "audio_data":
            return { kind: "audio" };
        case "control":
            return { kind: "control", action: message.action, reason: message.reason };
        case "session_end":
            return { kind: "session_end", reason: message.reason ?? "" };
        case "status":
        case "exit":
            return { kind: "status", text: text(payload.message ?? message.message), tone: payload.statusTone ?? "info" };
        default:
            return { kind: "unknown" };
    }
}

function describeEvent(message, payload, agentOf) {
    const text = (value) => (typeof value === "string" ? value : "");
    switch (payload.event_type) {
        case "stt_partial":
            return { kind: "user", text: text(payload.data?.content), partial: true };
        case "agent_change":
            return {
                kind: "agent_change",
                from: payload.previous_agent ?? null,
                to: payload.agent_name,
                handoffType: payload.handoff_type ?? "",
                at: message.ts,
            };
        case "session_started":
            return { kind: "session", event: "started", data: payload.data ?? {} };
        case "session_ended":
            return { kind: "session", event: "ended", data: payload.data ?? {} };
        case undefined:
            break;
        default:
            return { kind: "status", text: text(payload.message) || payload.event_type.replaceAll("_", " "), tone: "info" };
    }
    switch (payload.type) {
        case "user":
            return { kind: "user", text: text(payload.content ?? payload.message), partial: payload.streaming === true };
        case "assistant":
            return {
                kind: "assistant",
                agent: agentOf(),
                text: text(payload.content ?? payload.message),
                mode: payload.streaming === false ? "final" : "stream",
            };
        default:
            return { kind: "unknown" };
    }
}

/**
 * Renders a conversation into `container`.
 *
 *     const transcript = new Transcript(document.querySelector("#transcript"), {
 *         onAgent: (name) => …, onHandoff: (change) => …, onTurnMetrics: (metrics) => …,
 *     });
 *     socket.onmessage = (event) => transcript.handle(JSON.parse(event.data));
 *
 * User partials are replaced by the final transcript; an agent's streamed clauses are appended to
 * its bubble; the turn's final text replaces the bubble when the turn had a single one (so a late
 * joiner that missed some clauses still sees the whole answer).
 */
export class Transcript {
    constructor(container, { onAgent = () => {}, onHandoff = () => {}, onTurnMetrics = () => {}, onEnd = () => {} } = {}) {
        this.container = container;
        this.callbacks = { onAgent, onHandoff, onTurnMetrics, onEnd };
        this.reset();
    }

    /** Forgets everything shown (before a replay). */
    reset() {
        this.container.replaceChildren();
        this.pendingUser = null;
        this.open = null; // {bubble, agent}: the assistant bubble that streamed clauses go to
        this.turnBubbles = [];
        this.tools = new Map();
    }

    /** Shows one socket message; returns what it was (see `describe`). */
    handle(message) {
        const what = describe(message);
        const follow = this.isAtBottom();
        switch (what.kind) {
            case "user":
                this.user(what);
                break;
            case "assistant":
                this.assistant(what);
                break;
            case "agent_change":
                this.open = null;
                this.line("handoff", `${what.from ?? "?"} → ${what.to}${what.handoffType ? ` · ${what.handoffType}` : ""}`);
                this.callbacks.onAgent(what.to);
                this.callbacks.onHandoff(what);
                break;
            case "tool_start":
            case "tool_progress":
            case "tool_end":
                this.tool(what);
                break;
            case "turn_metrics":
                this.callbacks.onTurnMetrics(what.metrics);
                break;
            case "session":
                this.line("session", sessionLine(what));
                if (what.event === "ended") this.callbacks.onEnd(what);
                break;
            case "session_end":
                this.line("session", `session ended${what.reason ? `: ${what.reason}` : ""}`);
                this.callbacks.onEnd(what);
                break;
            case "control":
                if (what.action === "tts_cancelled") this.line("barge-in", "barge-in: agent audio stopped");
                break;
            case "status":
                if (what.text) this.line(`status ${what.tone}`, what.text);
                break;
            default:
                break;
        }
        if (follow) this.container.scrollTop = this.container.scrollHeight;
        return what;
    }

    /** What is shown, in order: `[{role: "user"|"assistant"|"system"|"tool", agent, text, partial}]`. */
    entries() {
        return [...this.container.children].map((node) => ({
            role: node.dataset.role,
            agent: node.dataset.agent ?? null,
            text: node.querySelector(".text")?.textContent ?? node.textContent,
            partial: node.classList.contains("partial"),
        }));
    }

    user({ text, partial }) {
        if (partial) {
            if (!text) return;
            this.pendingUser ??= this.append(bubble("user", "You"));
            setText(this.pendingUser, text);
            return;
        }
        const node = this.pendingUser ?? this.append(bubble("user", "You"));
        this.pendingUser = null;
        node.classList.remove("partial");
        setText(node, text);
        this.open = null;
        this.turnBubbles = [];
    }

    assistant({ agent, text, mode }) {
        this.callbacks.onAgent(agent);
        if (mode === "stream") {
            if (!text) return;
            if (this.open?.agent === agent) {
                const node = this.open.bubble.querySelector(".text");
                node.textContent = `${node.textContent} ${text}`.trim();
            } else {
                this.open = { bubble: this.assistantBubble(agent, text), agent };
                this.open.bubble.classList.add("streaming");
            }
            return;
        }
        if (mode === "message") {
            if (text) this.assistantBubble(agent, text);
            this.open = null;
            return;
        }
        // The turn's final text: all its clauses, from every agent that spoke in it.
        if (this.turnBubbles.length === 0) {
            if (text) this.assistantBubble(agent, text);
        } else if (this.turnBubbles.length === 1 && this.turnBubbles[0].dataset.agent === agent && text) {
            setText(this.turnBubbles[0], text);
        }
        for (const node of this.turnBubbles) node.classList.remove("streaming");
        this.open = null;
        this.turnBubbles = [];
    }

    assistantBubble(agent, text) {
        const node = this.append(bubble("assistant", agent));
        setText(node, text);
        this.turnBubbles.push(node);
        return node;
    }

    tool(what) {
        this.open = null;
        let chip = what.callId ? this.tools.get(what.callId) : null;
        if (!chip) {
            chip = this.append(
                el(
                    "div",
                    { class: "tool-chip running", dataset: { role: "tool", tool: what.tool ?? "", callId: what.callId ?? "" } },
                    el("span", { class: "tool-name text" }, what.tool ?? "tool"),
                    el("span", { class: "tool-status" }, "running…"),
                ),
            );
            if (what.callId) this.tools.set(what.callId, chip);
        }
        const status = chip.querySelector(".tool-status");
        if (what.kind === "tool_progress") {
            status.textContent = what.text || "running…";
        } else if (what.kind === "tool_end") {
            const ok = what.status === "success";
            chip.classList.remove("running");
            chip.classList.add(ok ? "success" : "error");
            chip.dataset.status = what.status;
            status.textContent = `${what.status}${what.durationMs !== undefined ? ` · ${formatMs(what.durationMs)}` : ""}`;
            if (!ok && what.error) chip.title = String(what.error);
        } else if (what.arguments && typeof what.arguments === "object") {
            chip.title = JSON.stringify(what.arguments);
        }
    }

    line(kind, text) {
        return this.append(el("div", { class: `system ${kind}`, dataset: { role: "system" } }, el("span", { class: "text" }, text)));
    }

    append(node) {
        // A pending user partial stays last, so what the caller is saying is always at the bottom.
        if (this.pendingUser && node !== this.pendingUser && this.pendingUser.parentNode === this.container) {
            this.container.insertBefore(node, this.pendingUser);
        } else {
            this.container.append(node);
        }
        return node;
    }

    isAtBottom() {
        const c = this.container;
        return c.scrollHeight - c.scrollTop - c.clientHeight < 40;
    }
}

function bubble(role, who) {
    return el(
        "div",
        { class: `bubble ${role}${role === "user" ? " partial" : ""}`, dataset: { role, agent: role === "assistant" ? who : "" } },
        el("div", { class: "who" }, who),
        el("div", { class: "text" }),
    );
}

function setText(node, text) {
    node.querySelector(".text").textContent = text;
}

function sessionLine({ event, data }) {
    const details = [data.transport, data.streaming_mode, data.scenario].filter(Boolean).join(" · ");
    return `session ${event}${details ? ` (${details})` : ""}`;
}
