#ifndef SWITCHBOARD_CPOCKETSPHINX_SHIM_H
#define SWITCHBOARD_CPOCKETSPHINX_SHIM_H
/* PocketSphinx 5prealpha (Debian 12): streaming decoder, JSGF grammars, logging control. */
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/jsgf.h>
#endif
