#ifndef SWITCHBOARD_CFLITE_SHIM_H
#define SWITCHBOARD_CFLITE_SHIM_H
/* Flite 2.2 (Debian 12, flite1-dev). No header declares the voice registration functions. */
#include <flite/flite.h>
cst_voice *register_cmu_us_slt(const char *voxdir);
cst_voice *register_cmu_us_rms(const char *voxdir);
#endif
