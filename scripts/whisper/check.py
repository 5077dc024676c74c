"""Self-check of libswitchboard_whisper through ctypes: load the model, transcribe WAV files.

    python check.py [--dir DIR] [--threads 1,2] [--repeat N] [--audio-ctx N] [--prompt TEXT]
                    [--telephone] [FILE.wav ...]

DIR defaults to $SB_WHISPER_DIR, else ${SB_ENGINES_DIR:-~/.cache/switchboard/engines}/whisper
(where sb_install_whisper installs). WAVs must be mono 16-bit PCM; other rates than 16 kHz are resampled by linear
interpolation (good enough for a check). --telephone also decodes each file after a telephone
channel: 300-3400 Hz band, 8 kHz, G.711 mu-law, back to 16 kHz. With no WAV file it only loads
and frees the model. Prints one line per decode: label, threads, decode time, transcript.
Run it with the engine venv's python (it has numpy): DIR/venv/bin/python.
"""

import argparse
import ctypes
import os
import sys
import time
import wave

import numpy as np


def load_wav(path):
    with wave.open(path, "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            sys.exit(f"{path}: need mono 16-bit PCM, got {w.getnchannels()} channels of {8 * w.getsampwidth()} bits")
        rate, pcm = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")
    x = pcm.astype(np.float32) / 32768.0
    if rate != 16000:
        t = np.arange(int(len(x) * 16000 / rate)) * (rate / 16000)
        x = np.interp(t, np.arange(len(x)), x).astype(np.float32)
    return x


def fir(cut_lo, cut_hi, rate, taps=101):
    """Windowed-sinc band-pass (cut_lo = 0: low-pass)."""
    n = np.arange(taps) - (taps - 1) / 2
    lp = lambda fc: 2 * fc / rate * np.sinc(2 * fc / rate * n)
    return (lp(cut_hi) - (lp(cut_lo) if cut_lo else 0)) * np.hamming(taps)


def mulaw_roundtrip(x):
    """G.711 mu-law encode and decode of int16 samples (as int arrays)."""
    s = np.clip(x.astype(np.int32), -32768, 32767)
    sign = s < 0
    mag = np.minimum(np.where(sign, -s, s), 32635) + 0x84
    exp = np.floor(np.log2(mag)).astype(np.int32) - 7
    mant = (mag >> (exp + 3)) & 0x0F
    out = (((mant << 3) + 0x84) << exp) - 0x84
    return np.where(sign, -out, out)


def telephone(x):
    band = np.convolve(x, fir(300, 3400, 16000), "same")[::2]
    narrow = mulaw_roundtrip(np.round(band * 32768)) / 32768.0
    up = np.zeros(2 * len(narrow))
    up[::2] = 2 * narrow
    return np.convolve(up, fir(0, 3800, 16000), "same").astype(np.float32)


def main():
    engines = os.environ.get("SB_ENGINES_DIR") or os.path.expanduser("~/.cache/switchboard/engines")
    default_dir = os.environ.get("SB_WHISPER_DIR") or os.path.join(engines, "whisper")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wavs", nargs="*")
    ap.add_argument("--dir", default=default_dir)
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts to time")
    ap.add_argument("--repeat", type=int, default=1, help="decodes per setting; the fastest is shown")
    ap.add_argument("--audio-ctx", type=int, default=0)
    ap.add_argument("--prompt", default=None)
    ap.add_argument("--telephone", action="store_true")
    args = ap.parse_args()

    lib = ctypes.CDLL(os.path.join(args.dir, "libswitchboard_whisper.so"))
    lib.sbw_open.restype = ctypes.c_void_p
    lib.sbw_open.argtypes = [ctypes.c_char_p]
    lib.sbw_transcribe.restype = ctypes.c_int
    lib.sbw_transcribe.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int, ctypes.c_int,
                                   ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    lib.sbw_close.argtypes = [ctypes.c_void_p]

    t0 = time.perf_counter()
    ctx = lib.sbw_open(os.path.join(args.dir, "ggml-tiny.en.bin").encode())
    if not ctx:
        sys.exit("sbw_open failed")
    print(f"model loaded in {(time.perf_counter() - t0) * 1000:.0f} ms")

    out = ctypes.create_string_buffer(4096)
    prompt = args.prompt.encode() if args.prompt else None
    failed = False
    for path in args.wavs:
        clean = load_wav(path)
        for label, pcm in [("clean", clean)] + ([("telephone", telephone(clean))] if args.telephone else []):
            ptr = pcm.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
            for threads in [int(t) for t in args.threads.split(",")]:
                best = None
                for _ in range(max(1, args.repeat)):
                    t0 = time.perf_counter()
                    n = lib.sbw_transcribe(ctx, ptr, len(pcm), threads, args.audio_ctx, prompt, out, len(out))
                    ms = (time.perf_counter() - t0) * 1000
                    best = ms if best is None else min(best, ms)
                failed |= n < 0
                text = out.value.decode() if n >= 0 else "<failed>"
                print(f"{os.path.basename(path)} {label} threads={threads}: {best:.0f} ms "
                      f"(audio {len(pcm) / 16000:.2f} s, RTF {best / 1000 / (len(pcm) / 16000):.2f}): {text}")
    lib.sbw_close(ctx)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
