#ifndef SWITCHBOARD_CSAMPLERATE_SHIM_H
#define SWITCHBOARD_CSAMPLERATE_SHIM_H
#include <samplerate.h>
#endif
