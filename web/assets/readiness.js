// The readiness indicator of the page header: polls GET /api/v1/readiness and lists every check.
import { el, formatMs, getJSON } from "./common.js";

/**
 * Renders the readiness of the stack into `container` now and every `intervalMs`.
 * The container gets `data-status` (ready, degraded, unhealthy, unreachable) for styling and tests.
 */
export function watchReadiness(container, { intervalMs = 10000 } = {}) {
    const summary = el("button", { class: "readiness-summary", type: "button", "aria-expanded": "false" }, "readiness …");
    const list = el("ul", { class: "readiness-checks", id: "readiness-checks", hidden: true });
    summary.addEventListener("click", () => {
        list.hidden = !list.hidden;
        summary.setAttribute("aria-expanded", String(!list.hidden));
    });
    container.replaceChildren(summary, list);
    document.addEventListener("click", (event) => {
        if (list.hidden || container.contains(event.target)) return;
        list.hidden = true;
        summary.setAttribute("aria-expanded", "false");
    });

    const refresh = async () => {
        let body;
        try {
            // 503 still carries the checks: read the body either way.
            const response = await fetch("/api/v1/readiness", { headers: { Accept: "application/json" } });
            body = await response.json();
        } catch (error) {
            container.dataset.status = "unreachable";
            summary.textContent = "gateway unreachable";
            list.replaceChildren(el("li", { class: "check unhealthy" }, String(error.message ?? error)));
            return;
        }
        const status = body?.status ?? "unknown";
        const checks = Array.isArray(body?.checks) ? body.checks : [];
        container.dataset.status = status;
        const healthy = checks.filter((check) => check.status === "healthy").length;
        summary.textContent = `${status} · ${healthy}/${checks.length} checks`;
        list.replaceChildren(
            ...checks.map((check) =>
                el(
                    "li",
                    { class: `check ${check.status}`, dataset: { component: check.component } },
                    el("span", { class: "check-name" }, check.component),
                    el("span", { class: "check-status" }, check.status),
                    el("span", { class: "check-time" }, formatMs(check.check_time_ms)),
                    check.error || check.details ? el("span", { class: "check-detail" }, check.error ?? check.details) : null,
                ),
            ),
        );
    };
    refresh();
    return setInterval(refresh, intervalMs);
}

/** The loaded agents (GET /api/v1/agents) as `[{name, description, voice}]`; empty when unavailable. */
export async function loadAgents() {
    try {
        const body = await getJSON("/api/v1/agents");
        return (body.agents ?? []).map((agent) => ({
            name: agent.name,
            description: agent.description ?? "",
            voice: agent.voice?.current_voice ?? "",
            tools: agent.tool_count ?? 0,
        }));
    } catch {
        return [];
    }
}
