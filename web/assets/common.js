// Helpers shared by the Switchboard pages: building DOM nodes, JSON requests, WebSocket URLs and a
// WebSocket that reconnects with capped exponential backoff.

/** Builds an element: `el("li", { class: "x", dataset: { id: "1" } }, "text", child)`. */
export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === null || value === false) continue;
        if (name === "dataset") Object.assign(node.dataset, value);
        else if (name === "text") node.textContent = value;
        else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
        if (child === undefined || child === null || child === false) continue;
        node.append(child instanceof Node ? child : String(child));
    }
    return node;
}

/** An error answer of the API, with the RFC 7807 detail when there is one. */
export class ApiError extends Error {
    constructor(status, detail) {
        super(detail ? `${status}: ${detail}` : `HTTP ${status}`);
        this.status = status;
    }
}

const TOKEN_KEY = "switchboard.access_token";

/**
 * The API's bearer token when the gateway checks tokens (ENABLE_AUTH_VALIDATION): taken from a
 * `#access_token=…` fragment (then removed from the address bar) or the token field of the top
 * bar, and kept for this tab only. Empty when none was given.
 */
export function accessToken() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const given = fragment.get("access_token");
    if (given) {
        sessionStorage.setItem(TOKEN_KEY, given);
        fragment.delete("access_token");
        const rest = fragment.toString();
        history.replaceState(null, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
    }
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

/** Adds the token field to the page's top bar; a changed token reloads the page with it. */
function installTokenField() {
    const bar = document.querySelector(".topbar");
    if (!bar || bar.querySelector(".token-field")) return;
    const input = el("input", {
        type: "password", class: "token-field", placeholder: "API token", "aria-label": "API access token", autocomplete: "off",
        "data-test": "token",
    });
    input.value = accessToken();
    input.addEventListener("change", () => {
        if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        else sessionStorage.removeItem(TOKEN_KEY);
        location.reload();
    });
    bar.append(input);
}
if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", installTokenField);
    else installTokenField();
}

/** Opens a WebSocket, offering the token as the `access_token` subprotocol (browsers cannot set headers). */
export function openSocket(url) {
    const token = accessToken();
    return token ? new WebSocket(url, ["access_token", token]) : new WebSocket(url);
}

/** GETs a JSON document from the gateway; rejects on a non-2xx answer or after `timeoutMs`. */
export async function getJSON(path, { timeoutMs = 8000 } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const headers = { Accept: "application/json" };
    const token = accessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
        const response = await fetch(path, { signal: controller.signal, headers });
        const body = await response.json().catch(() => null);
        if (!response.ok) throw new ApiError(response.status, body?.detail ?? body?.title);
        return body;
    } finally {
        clearTimeout(timer);
    }
}

/** The ws:// or wss:// URL of a path on the server that served this page. */
export function socketURL(path) {
    return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
}

/** A socket message as a JSON object, or null (binary, not JSON, or not an object). */
export function jsonMessage(event) {
    if (typeof event.data !== "string") return null;
    try {
        const message = JSON.parse(event.data);
        return message && typeof message === "object" ? message : null;
    } catch {
        return null;
    }
}

/** Delay before reconnect attempt `attempt` (1, 2, …): min(5000, 250·2^(attempt−1)) ms. */
export function backoffDelay(attempt) {
    return Math.min(5000, 250 * 2 ** Math.max(0, attempt - 1));
}

/**
 * A WebSocket that reopens itself with `backoffDelay` after it closes, until `close()`.
 *
 *     const relay = new ReconnectingSocket(socketURL("/api/v1/browser/dashboard/relay"), {
 *         onMessage: (json) => …, onState: (state, detail) => …,
 *     });
 */
export class ReconnectingSocket {
    constructor(url, { onOpen = () => {}, onMessage = () => {}, onState = () => {} } = {}) {
        this.url = url;
        this.handlers = { onOpen, onMessage, onState };
        this.attempt = 0;
        this.closed = false;
        this.socket = null;
        this.timer = null;
        this.connect();
    }

    connect() {
        if (this.closed) return;
        this.handlers.onState("connecting", this.attempt);
        const socket = openSocket(this.url);
        this.socket = socket;
        socket.onopen = () => {
            this.attempt = 0;
            this.handlers.onState("open");
            this.handlers.onOpen();
        };
        socket.onmessage = (event) => {
            const message = jsonMessage(event);
            if (message) this.handlers.onMessage(message);
        };
        socket.onclose = (event) => {
            if (this.socket !== socket || this.closed) return;
            this.attempt += 1;
            const delay = backoffDelay(this.attempt);
            this.handlers.onState("retrying", { code: event.code, reason: event.reason, delay });
            this.timer = setTimeout(() => this.connect(), delay);
        };
    }

    close() {
        this.closed = true;
        clearTimeout(this.timer);
        this.socket?.close(1000, "closed by the page");
        this.handlers.onState("closed");
    }
}

/** `123.4 ms`, `1.23 s`, or an en dash when there is no value. */
export function formatMs(value) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
    const ms = Number(value);
    return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** Local clock time of an ISO date, or an en dash. */
export function formatTime(iso) {
    if (!iso) return "–";
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? "–" : date.toLocaleTimeString();
}

/** A URL query parameter of the current page, or null. */
export function queryParameter(name) {
    return new URLSearchParams(location.search).get(name);
}
