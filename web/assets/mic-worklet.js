// Microphone capture for the talk page, on the audio thread: mixes to mono, low-passes below the
// target Nyquist frequency, resamples (linear interpolation) to 16 kHz and posts 20 ms PCM16 frames
// (320 samples, 640 bytes) with their RMS level.

/** RBJ low-pass biquad coefficients, normalised. */
function lowPass(cutoff, rate, q = Math.SQRT1_2) {
    const w = (2 * Math.PI * cutoff) / rate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return {
        b0: (1 - cos) / 2 / a0,
        b1: (1 - cos) / a0,
        b2: (1 - cos) / 2 / a0,
        a1: (-2 * cos) / a0,
        a2: (1 - alpha) / a0,
        x1: 0,
        x2: 0,
        y1: 0,
        y2: 0,
    };
}

function filter(section, x) {
    const y = section.b0 * x + section.b1 * section.x1 + section.b2 * section.x2 - section.a1 * section.y1 - section.a2 * section.y2;
    section.x2 = section.x1;
    section.x1 = x;
    section.y2 = section.y1;
    section.y1 = y;
    return y;
}

class MicProcessor extends AudioWorkletProcessor {
    constructor(options) {
        super();
        const target = options.processorOptions?.targetRate ?? 16000;
        this.step = sampleRate / target; // input samples per output sample
        this.frameLength = target / 50;
        this.frame = new Int16Array(this.frameLength);
        this.filled = 0;
        this.energy = 0;
        this.t = 0; // time of the next output sample, in input samples after `previous`
        this.previous = 0;
        // Two sections: a 4th-order Butterworth-like anti-aliasing filter, only when downsampling.
        this.sections = sampleRate > target ? [lowPass(target * 0.45, sampleRate), lowPass(target * 0.45, sampleRate)] : [];
        this.running = true;
        this.port.onmessage = (event) => {
            if (event.data === "stop") this.running = false;
        };
    }

    process(inputs) {
        if (!this.running) return false;
        const channels = inputs[0];
        if (!channels || channels.length === 0) return true;
        const length = channels[0].length;
        for (let i = 0; i < length; i++) {
            let x = 0;
            for (const channel of channels) x += channel[i];
            x /= channels.length;
            for (const section of this.sections) x = filter(section, x);
            while (this.t < 1) {
                this.emit(this.previous + (x - this.previous) * this.t);
                this.t += this.step;
            }
            this.t -= 1;
            this.previous = x;
        }
        return true;
    }

    emit(sample) {
        const clamped = Math.max(-1, Math.min(1, sample));
        this.frame[this.filled++] = Math.round(clamped * 32767);
        this.energy += clamped * clamped;
        if (this.filled < this.frameLength) return;
        const level = Math.sqrt(this.energy / this.frameLength);
        this.port.postMessage({ pcm: this.frame, level }, [this.frame.buffer]); // detaches this.frame
        this.frame = new Int16Array(this.frameLength);
        this.filled = 0;
        this.energy = 0;
    }
}

registerProcessor("switchboard-mic", MicProcessor);
