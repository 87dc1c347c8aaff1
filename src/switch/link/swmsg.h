/*
 * swmsg.h — reading and writing the members of switch-node protocol
 * frames (docs/switch-protocol.md), the same checks at both ends: every
 * member a frame brings is type- and length-checked before use, and the
 * enums of switch.h travel by name, so a number one side adds later never
 * means something else at the other.
 */
#ifndef CALLCLOUD_SWMSG_H
#define CALLCLOUD_SWMSG_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "switch/switch.h"

/* Longest string member other than call data (call ids, numbers, paths). */
enum { SWMSG_STR_MAX = 255 };
/* Leg ids travel as JSON integers: at most 2^62 - 1 + 2^62 (bit 62 marks
 * the ids a CTI allocates) keeps them positive in a signed 64-bit. */
#define SWMSG_LEG_MAX ((uint64_t)INT64_MAX)

/* The frame's type ("t"); swframe_read() made sure it is a string. */
const char *swmsg_type(const json_t *f);
/* A string member no longer than max bytes; NULL when absent, not a
 * string or too long (*bad set true then, unless merely absent). */
const char *swmsg_str(const json_t *f, const char *key, size_t max,
		      bool *bad);
/* An integer member in 0..max; false when absent or out of range. */
bool swmsg_uint(const json_t *f, const char *key, uint64_t max,
		uint64_t *out);
/* "leg": a non-zero id. */
bool swmsg_leg(const json_t *f, sw_leg_t *leg);

/* Names of the enums on the wire, and back (false: unknown name). */
const char *swmsg_cause_name(enum sw_cause c);
bool swmsg_cause(const char *name, enum sw_cause *c);
const char *swmsg_tone_name(enum sw_tone t);
bool swmsg_tone(const char *name, enum sw_tone *t);

/* Call data as a JSON object, and back: a valid object (at most
 * SW_DATA_MAX_PAIRS string values, keys and values within switch.h's
 * limits) fills kv[] with pointers into it; false otherwise. */
json_t *swmsg_data_json(const struct sw_kv *kv, size_t n);
bool swmsg_data(const json_t *o, struct sw_kv *kv, size_t *n);

/* swnote.c: a leg's note (without its data and queue time, which travel
 * beside it) as a JSON object, and back: a valid object (strings within
 * SWMSG_STR_MAX, times non-negative; absent members "" or 0) fills *n
 * with pointers into it; false otherwise. */
json_t *swmsg_note_json(const struct sw_note *n);
bool swmsg_note(const json_t *o, struct sw_note *n);

#endif
