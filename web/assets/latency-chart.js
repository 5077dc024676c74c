// Per-turn latency chart in plain SVG: for each turn a stacked bar of the stages (speech
// recognition, language model first token, speech synthesis first audio) and, beside it, the
// end-to-end latency (end of the caller's speech → first agent audio frame).

const SVG = "http://www.w3.org/2000/svg";
const STAGES = [
    { key: "stt_latency_ms", name: "STT", className: "stt" },
    { key: "llm_ttft_ms", name: "LLM TTFT", className: "llm" },
    { key: "tts_ttfb_ms", name: "TTS TTFB", className: "tts" },
];
const E2E = { key: "e2e_latency_ms", name: "end-to-end", className: "e2e" };
const MAX_TURNS = 30;

function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
}

function value(turn, key) {
    const number = Number(turn[key]);
    return turn[key] === null || turn[key] === undefined || !Number.isFinite(number) ? null : Math.max(0, number);
}

/** A "nice" axis maximum (1, 2 or 5 × 10^n) at or above `max`. */
function niceMax(max) {
    if (max <= 0) return 100;
    const power = 10 ** Math.floor(Math.log10(max));
    return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= max);
}

/**
 * The chart in `container` (an element the chart owns): `add(turnMetrics)` for each
 * `turn_metrics` message or `turns[]` entry of /api/v1/metrics/session/{id}; a turn number seen
 * again replaces its bar.
 */
export class LatencyChart {
    constructor(container) {
        this.container = container;
        this.turns = new Map();
        this.render();
    }

    reset() {
        this.turns.clear();
        this.render();
    }

    add(turn) {
        const number = Number(turn.turn_number);
        if (!Number.isFinite(number)) return;
        this.turns.set(number, { ...this.turns.get(number), ...turn });
        this.render();
    }

    get count() {
        return this.turns.size;
    }

    render() {
        const turns = [...this.turns.entries()].sort((a, b) => a[0] - b[0]).slice(-MAX_TURNS);
        const height = 220;
        const left = 48;
        const bottom = 24;
        const top = 10;
        const slot = 44;
        const width = Math.max(420, left + 12 + turns.length * slot);
        const plot = height - top - bottom;
        const root = svg("svg", {
            viewBox: `0 0 ${width} ${height}`,
            width,
            height,
            role: "img",
            "aria-label": "latency per turn",
            class: "latency-svg",
        });
        const max = niceMax(
            Math.max(
                0,
                ...turns.map(([, turn]) =>
                    Math.max(value(turn, E2E.key) ?? 0, STAGES.reduce((sum, stage) => sum + (value(turn, stage.key) ?? 0), 0)),
                ),
            ),
        );
        const y = (ms) => top + plot - (ms / max) * plot;
        for (let i = 0; i <= 4; i++) {
            const ms = (max / 4) * i;
            root.append(svg("line", { class: "grid", x1: left, x2: width - 4, y1: y(ms), y2: y(ms) }));
            root.append(
                svg("text", { class: "axis", x: left - 6, y: y(ms) + 4, "text-anchor": "end" }, ms >= 1000 ? `${ms / 1000}s` : `${ms}`),
            );
        }
        if (turns.length === 0) {
            root.append(svg("text", { class: "empty", x: width / 2, y: height / 2, "text-anchor": "middle" }, "no turns yet"));
        }
        turns.forEach(([number, turn], index) => {
            const x = left + 8 + index * slot;
            const group = svg("g", { class: `turn${turn.barge_in ? " barge-in" : ""}`, "data-turn": number });
            let base = 0;
            for (const stage of STAGES) {
                const ms = value(turn, stage.key);
                if (ms === null || ms === 0) continue;
                group.append(svg("rect", { class: `bar ${stage.className}`, x, width: 16, y: y(base + ms), height: y(base) - y(base + ms) }));
                base += ms;
            }
            const e2e = value(turn, E2E.key);
            if (e2e !== null) {
                group.append(svg("rect", { class: `bar ${E2E.className}`, x: x + 18, width: 12, y: y(e2e), height: y(0) - y(e2e) }));
            }
            group.append(svg("text", { class: "axis", x: x + 15, y: height - 8, "text-anchor": "middle" }, `#${number}`));
            const lines = [`turn ${number}${turn.agent_name ? ` · ${turn.agent_name}` : ""}${turn.barge_in ? " · barge-in" : ""}`];
            for (const stage of [...STAGES, E2E]) {
                const ms = value(turn, stage.key);
                lines.push(`${stage.name}: ${ms === null ? "–" : `${Math.round(ms)} ms`}`);
            }
            group.append(svg("title", {}, lines.join("\n")));
            root.append(group);
        });
        const legend = document.createElement("div");
        legend.className = "legend";
        for (const stage of [...STAGES, E2E]) {
            const item = document.createElement("span");
            item.className = `key ${stage.className}`;
            item.textContent = stage.name;
            legend.append(item);
        }
        this.container.dataset.turns = String(this.turns.size);
        this.container.replaceChildren(root, legend);
    }
}
