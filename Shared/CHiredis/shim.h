#ifndef SWITCHBOARD_CHIREDIS_SHIM_H
#define SWITCHBOARD_CHIREDIS_SHIM_H
/* Only the reply reader is used: SwiftNIO owns the socket, hiredis parses RESP. */
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
