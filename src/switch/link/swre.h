/*
 * swre.h — the parts of libre the switch-node protocol's files use. Not
 * <re.h>: its re_json.h clashes with jansson (JSON_STRING, JSON_NULL),
 * which the frames are made of (as in api/api_int.h).
 */
#ifndef CALLCLOUD_SWRE_H
#define CALLCLOUD_SWRE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <re_types.h>
#include <re_fmt.h>
#include <re_mem.h>
#include <re_list.h>
#include <re_mbuf.h>
#include <re_sa.h>
#include <re_tmr.h>
#include <re_tcp.h>

#endif
