/*
 * core_re.h — the parts of libre the core may use: types, formatting,
 * lists, memory, timers and the main loop. No SIP, sockets or JSON: the
 * core reaches the network only through the switch and the API layers
 * (tests/layering.sh checks it). libre's own headers have no include
 * guards, so every file of the core and its tests takes them from here
 * and never from <re.h>.
 */
#ifndef CALLCLOUD_CORE_RE_H
#define CALLCLOUD_CORE_RE_H

#include <re_types.h>
#include <re_fmt.h>
#include <re_list.h>
#include <re_mem.h>
#include <re_tmr.h>
#include <re_main.h>
#include <re_sys.h>

#endif
