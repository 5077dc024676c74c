// Agent audio playback for the talk page, on the audio thread: a queue of PCM16 frames at their own
// sample rate, resampled (linear interpolation) to the context rate. `clear` empties the queue at
// once and raises the generation, so frames of an interrupted answer still in flight are dropped.
//
// Messages in:  {type: "frame", pcm: Int16Array, rate, generation}, {type: "clear", generation}
// Messages out: {type: "played", played, queued} each time a frame has been fully played,
//               {type: "cleared", dropped} after a clear.

class PlayerProcessor extends AudioWorkletProcessor {
    constructor() {
        super();
        this.queue = []; // [{samples: Float32Array, step}]
        this.position = 0; // fractional read position in queue[0]
        this.generation = 0;
        this.played = 0;
        this.port.onmessage = (event) => this.receive(event.data);
    }

    receive(message) {
        if (message.type === "frame") {
            if (message.generation < this.generation) return;
            const samples = new Float32Array(message.pcm.length);
            for (let i = 0; i < samples.length; i++) samples[i] = message.pcm[i] / 32768;
            this.queue.push({ samples, step: message.rate / sampleRate });
        } else if (message.type === "clear") {
            this.generation = Math.max(this.generation, message.generation);
            const dropped = this.queue.length;
            this.queue = [];
            this.position = 0;
            this.port.postMessage({ type: "cleared", dropped });
        }
    }

    process(inputs, outputs) {
        const output = outputs[0];
        const first = output[0];
        let finished = 0;
        for (let i = 0; i < first.length; i++) {
            const item = this.queue[0];
            if (!item) {
                first[i] = 0;
                continue;
            }
            const index = Math.floor(this.position);
            const fraction = this.position - index;
            const current = item.samples[index];
            const next = index + 1 < item.samples.length ? item.samples[index + 1] : (this.queue[1]?.samples[0] ?? current);
            first[i] = current + (next - current) * fraction;
            this.position += item.step;
            if (this.position >= item.samples.length) {
                this.position -= item.samples.length;
                this.queue.shift();
                finished += 1;
            }
        }
        for (let c = 1; c < output.length; c++) output[c].set(first);
        if (finished > 0) {
            this.played += finished;
            this.port.postMessage({ type: "played", played: this.played, queued: this.queue.length });
        }
        return true;
    }
}

registerProcessor("switchboard-player", PlayerProcessor);
