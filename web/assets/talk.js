// The talk page: a browser voice session on /api/v1/browser/conversation. Microphone audio goes
// up as 20 ms PCM16 16 kHz binary frames; agent audio (`audio_data`) is played through a queue
// that a barge-in (`control` audio_stop / tts_cancelled) empties at once; typed text is sent as a
// text frame; the transcript is rendered by the module the dashboard uses.
import { jsonMessage, openSocket as openTokenSocket, queryParameter, socketURL } from "./common.js";
import { watchReadiness } from "./readiness.js";
import { Transcript } from "./transcript.js";

const SAMPLE_RATE = 16000;
const $ = (selector) => document.querySelector(selector);

/** What the end-to-end test reads (and a developer can watch in the console). */
const talkState = {
    connected: false,
    sessionId: null,
    microphone: "off", // off, on, unavailable
    framesSent: 0,
    framesReceived: 0,
    framesPlayed: 0,
    cleared: 0,
    generation: 0,
    closeReason: null,
    errors: [],
};
window.talkState = talkState;

const transcript = new Transcript($("#transcript"), {
    onAgent: (name) => ($("#active-agent").textContent = name),
});
Object.defineProperty(talkState, "transcripts", { get: () => transcript.entries(), enumerable: true });

let call = null; // {socket, context, stream, mic, player}

function setStatus(text, state) {
    const node = $("#status");
    node.textContent = text;
    node.dataset.state = state;
}

function newSessionID() {
    const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
    return `talk-${Date.now().toString(36)}-${random}`;
}

async function start() {
    $("#start").disabled = true;
    $("#scenario").disabled = true;
    setStatus("starting…", "starting");
    const sessionId = queryParameter("session_id") ?? newSessionID();
    const scenario = $("#scenario").value;
    transcript.reset();
    Object.assign(talkState, { framesSent: 0, framesReceived: 0, framesPlayed: 0, cleared: 0, generation: 0, closeReason: null });
    const context = new AudioContext({ latencyHint: "interactive" });
    call = { sessionId, context, socket: null, stream: null, mic: null, player: null };
    try {
        await context.audioWorklet.addModule("/assets/player-worklet.js");
        await context.audioWorklet.addModule("/assets/mic-worklet.js");
        await context.resume();
    } catch (error) {
        fail(`audio unavailable: ${error.message}`);
        return;
    }
    const player = new AudioWorkletNode(context, "switchboard-player", { numberOfInputs: 0, outputChannelCount: [1] });
    player.connect(context.destination);
    player.port.onmessage = ({ data }) => {
        if (data.type === "played") talkState.framesPlayed = data.played;
        if (data.type === "cleared") talkState.cleared += 1;
    };
    call.player = player;
    await openMicrophone(call);
    talkState.sessionId = sessionId;
    $("#session-id").textContent = sessionId;
    const link = $("#dashboard-link");
    link.href = `/?session_id=${encodeURIComponent(sessionId)}`;
    link.hidden = false;
    openSocket(call, scenario);
}

/** Microphone → mic worklet → binary frames; a failure leaves a text-only session. */
async function openMicrophone(current) {
    try {
        current.stream = await navigator.mediaDevices.getUserMedia({
            audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        });
    } catch (error) {
        talkState.microphone = "unavailable";
        talkState.errors.push(`microphone: ${error.message}`);
        return;
    }
    const { context } = current;
    const source = context.createMediaStreamSource(current.stream);
    const mic = new AudioWorkletNode(context, "switchboard-mic", { processorOptions: { targetRate: SAMPLE_RATE } });
    // A silent sink keeps the node pulled by the graph without playing the microphone back.
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(mic).connect(sink).connect(context.destination);
    mic.port.onmessage = ({ data }) => {
        $("#level").style.width = `${Math.min(100, Math.round(Math.sqrt(data.level) * 160))}%`;
        const socket = current.socket;
        if (socket?.readyState === WebSocket.OPEN) {
            socket.send(data.pcm.buffer);
            talkState.framesSent += 1;
        }
    };
    current.mic = mic;
    talkState.microphone = "on";
}

function openSocket(current, scenario) {
    const query = new URLSearchParams({ session_id: current.sessionId, scenario, streaming_mode: "realtime", sample_rate: SAMPLE_RATE });
    const socket = openTokenSocket(socketURL(`/api/v1/browser/conversation?${query}`));
    socket.binaryType = "arraybuffer";
    current.socket = socket;
    socket.onopen = () => {
        talkState.connected = true;
        setStatus(talkState.microphone === "on" ? "connected: speak now" : "connected (no microphone: type instead)", "connected");
        $("#stop").disabled = false;
        $("#text-input").disabled = false;
        $("#send").disabled = false;
        $("#text-input").focus();
    };
    socket.onmessage = (event) => {
        const message = jsonMessage(event);
        if (message) receive(current, message);
    };
    socket.onclose = (event) => {
        talkState.connected = false;
        talkState.closeReason = `${event.code}${event.reason ? ` ${event.reason}` : ""}`;
        if (call === current) stop(`disconnected (${talkState.closeReason})`);
    };
}

function receive(current, message) {
    switch (message.type) {
        case "audio_data":
            play(current, message);
            return;
        case "control":
            if (message.action === "audio_stop" || message.action === "tts_cancelled") clearPlayback(current);
            break;
        case "session_end":
            clearPlayback(current);
            break;
        default:
            break;
    }
    transcript.handle(message);
}

function play(current, message) {
    if (typeof message.data !== "string" || message.data.length === 0) return;
    const bytes = decodeBase64(message.data);
    // PCM16 little-endian: every platform a browser runs on is little-endian.
    const pcm = new Int16Array(bytes.buffer, 0, bytes.byteLength >> 1);
    talkState.framesReceived += 1;
    current.player.port.postMessage(
        { type: "frame", pcm, rate: Number(message.sample_rate) || SAMPLE_RATE, generation: talkState.generation },
        [pcm.buffer],
    );
}

function clearPlayback(current) {
    talkState.generation += 1;
    current.player?.port.postMessage({ type: "clear", generation: talkState.generation });
}

function decodeBase64(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
}

function sendText(event) {
    event.preventDefault();
    const input = $("#text-input");
    const text = input.value.trim();
    if (!text || call?.socket?.readyState !== WebSocket.OPEN) return;
    call.socket.send(text);
    input.value = "";
}

function stop(reason = "stopped") {
    const current = call;
    call = null;
    if (current) {
        current.mic?.port.postMessage("stop");
        for (const track of current.stream?.getTracks() ?? []) track.stop();
        if (current.socket && current.socket.readyState <= WebSocket.OPEN) current.socket.close(1000, "caller hung up");
        current.context.close().catch(() => {});
    }
    talkState.connected = false;
    talkState.microphone = "off";
    $("#level").style.width = "0%";
    $("#start").disabled = false;
    $("#scenario").disabled = false;
    $("#stop").disabled = true;
    $("#text-input").disabled = true;
    $("#send").disabled = true;
    setStatus(reason, "idle");
}

function fail(message) {
    talkState.errors.push(message);
    stop(message);
    $("#status").dataset.state = "error";
}

$("#start").addEventListener("click", () => start().catch((error) => fail(error.message)));
$("#stop").addEventListener("click", () => stop("stopped"));
$("#text-form").addEventListener("submit", sendText);
const scenario = queryParameter("scenario");
if (scenario && [...$("#scenario").options].some((option) => option.value === scenario)) $("#scenario").value = scenario;
watchReadiness($("#readiness"), { intervalMs: 30000 });
