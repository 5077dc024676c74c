#ifndef SWITCHBOARD_CWEBRTCVAD_SHIM_H
#define SWITCHBOARD_CWEBRTCVAD_SHIM_H
/* The C VAD of libwebrtc-audio-processing 0.3 is exported but has no installed header. */
#include <stddef.h>
#include <stdint.h>
typedef struct WebRtcVadInst VadInst;
VadInst *WebRtcVad_Create(void);
void WebRtcVad_Free(VadInst *handle);
int WebRtcVad_Init(VadInst *handle);
int WebRtcVad_set_mode(VadInst *handle, int mode);
int WebRtcVad_Process(VadInst *handle, int fs, const int16_t *audio_frame, size_t frame_length);
int WebRtcVad_ValidRateAndFrameLength(int rate, size_t frame_length);
#endif
