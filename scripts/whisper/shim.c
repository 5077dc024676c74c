/*
 * libswitchboard_whisper: the three calls the media worker needs from whisper.cpp, behind a
 * plain C ABI that the worker loads at run time with dlopen()/dlsym(). The Swift package has no
 * build-time dependency on whisper.cpp; sb_install_whisper (scripts/lib.sh) compiles this file
 * against the whisper.h of the pinned whisper.cpp release and links it to that release's
 * libwhisper, found at run time through this library's RUNPATH.
 *
 *   void *sbw_open(const char *model_path);
 *       Loads a ggml model (CPU only). Returns an opaque context, or NULL on failure. The first
 *       call silences whisper.cpp's and ggml's logging for the whole process.
 *   int sbw_transcribe(void *ctx, const float *pcm, int n_samples, int n_threads, int audio_ctx,
 *                      const char *initial_prompt, char *out, int out_capacity);
 *       pcm: 16 kHz mono float samples in [-1, 1]; the encoder always works on a 30 s window
 *       (longer audio: one window after another), so a short utterance costs about as much as a
 *       30 s one unless audio_ctx is set. n_threads < 1 means 1. audio_ctx: encoder context in 20 ms frames, 0 = the model's full 1500 (smaller is
 *       faster but can make the decoder repeat itself: test before use). initial_prompt may be
 *       NULL. Greedy decoding (whisper's temperature fallback kept), English, no timestamps, one
 *       segment, no context carried over from earlier calls, blank and non-speech tokens
 *       suppressed, at most 16 + 8 tokens per second of audio. Writes the text (trimmed, segments
 *       joined by one space, NUL-terminated, cut at a UTF-8 character boundary if out_capacity is
 *       too small) and returns its length in bytes, or -1 on failure. Audio shorter than about
 *       100 ms gives "" (0).
 *   void sbw_close(void *ctx);   frees the context (NULL is ignored).
 *
 * Threads: a context holds the decoder state, so it must be used by ONE thread at a time: the
 * caller guarantees that calls on the same context never overlap (e.g. one context per
 * recogniser in a pool). Different contexts may transcribe concurrently. The compute threads
 * are OpenMP's (this libggml is built with it): each calling thread keeps a team of
 * n_threads - 1 idle workers between calls, so call from a few long-lived threads.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "whisper.h"

#define SBW_API __attribute__((visibility("default")))

static void sbw_discard_log(enum ggml_log_level level, const char *text, void *user_data) {
    (void)level;
    (void)text;
    (void)user_data;
}

static pthread_once_t sbw_log_once = PTHREAD_ONCE_INIT;

static void sbw_silence_logs(void) { whisper_log_set(sbw_discard_log, NULL); }

SBW_API void *sbw_open(const char *model_path) {
    if (model_path == NULL || model_path[0] == '\0') {
        return NULL;
    }
    pthread_once(&sbw_log_once, sbw_silence_logs);
    struct whisper_context_params cparams = whisper_context_default_params();
    cparams.use_gpu = false;
    return whisper_init_from_file_with_params(model_path, cparams);
}

static int sbw_is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

SBW_API int sbw_transcribe(void *ctx, const float *pcm, int n_samples, int n_threads, int audio_ctx,
                           const char *initial_prompt, char *out, int out_capacity) {
    if (ctx == NULL || out == NULL || out_capacity < 1 || n_samples < 0 || (pcm == NULL && n_samples > 0)) {
        return -1;
    }
    out[0] = '\0';
    if (n_samples == 0) {
        return 0;
    }
    struct whisper_context *wctx = ctx;
    struct whisper_full_params params = whisper_full_default_params(WHISPER_SAMPLING_GREEDY);
    params.n_threads = n_threads > 0 ? n_threads : 1;
    params.language = "en";
    params.detect_language = false;
    params.translate = false;
    params.no_context = true;
    params.no_timestamps = true;
    params.single_segment = true;
    params.print_special = false;
    params.print_progress = false;
    params.print_realtime = false;
    params.print_timestamps = false;
    params.suppress_blank = true;
    params.suppress_nst = true;
    params.audio_ctx = audio_ctx > 0 ? audio_ctx : 0;
    /* Bound a runaway decode (the model repeating a sentence, as tiny.en does with a small
     * audio_ctx): at most 16 tokens plus 8 per second of audio, far above speech rates. */
    const long max_tokens = 16 + (long)n_samples * 8 / 16000;
    params.max_tokens = max_tokens < 200 ? (int)max_tokens : 0;
    params.initial_prompt = (initial_prompt != NULL && initial_prompt[0] != '\0') ? initial_prompt : NULL;
    if (whisper_full(wctx, params, pcm, n_samples) != 0) {
        return -1;
    }

    size_t len = 0, cap = (size_t)out_capacity - 1;
    const int n_segments = whisper_full_n_segments(wctx);
    for (int i = 0; i < n_segments && len < cap; i++) {
        const char *text = whisper_full_get_segment_text(wctx, i);
        if (text == NULL) {
            continue;
        }
        size_t n = strlen(text);
        while (n > 0 && sbw_is_space(text[0])) {
            text++;
            n--;
        }
        while (n > 0 && sbw_is_space(text[n - 1])) {
            n--;
        }
        if (n == 0) {
            continue;
        }
        if (len > 0) {
            out[len++] = ' ';
        }
        if (n > cap - len) {
            n = cap - len;
            while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) {
                n--; /* do not split a UTF-8 sequence */
            }
        }
        memcpy(out + len, text, n);
        len += n;
    }
    while (len > 0 && sbw_is_space(out[len - 1])) {
        len--;
    }
    out[len] = '\0';
    return (int)len;
}

SBW_API void sbw_close(void *ctx) {
    if (ctx != NULL) {
        whisper_free((struct whisper_context *)ctx);
    }
}
