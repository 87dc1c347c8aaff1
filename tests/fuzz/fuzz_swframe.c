/*
 * fuzz_swframe.c — libFuzzer target: the switch-node protocol's framing
 * and members (lib/common/swframe.c, src/switch/link/swmsg.c, swnote.c),
 * what a node reads from its CTI and a CTI from its node.
 *
 * The input is the byte stream, fed to the decoder in pieces (the first
 * byte sets their size, as reads would cut it). Each frame is read as a
 * peer reads it: its type, the members every command or event may carry
 * (leg, strings, numbers, cause, tone, call data, the leg's note), and
 * what was read is written back out (swmsg_*_json, swframe_encode) and
 * must read again.
 */
#include <stdlib.h>
#include <string.h>
#include "swframe.h"
#include "switch/link/swmsg.h"

static void roundtrip(const json_t *o)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	const uint8_t *p;
	struct swframe_dec dec = {0};
	json_t *back = NULL;

	if (swframe_encode(o, &buf, &len))
		return;   /* too long once re-encoded, or out of memory */
	p = buf;
	if (swframe_read(&dec, &p, &len, &back) || !back ||
	    !json_equal((json_t *)o, back))
		abort();
	json_decref(back);
	swframe_dec_reset(&dec);
	free(buf);
}

static void data_and_note(const json_t *f)
{
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	struct sw_note n;
	size_t nkv;
	json_t *o;

	if (swmsg_data(json_object_get(f, "data"), kv, &nkv)) {
		o = swmsg_data_json(kv, nkv);
		if (!o || !swmsg_data(o, kv, &nkv))
			abort();
		json_decref(o);
	}
	if (swmsg_note(json_object_get(f, "note"), &n)) {
		o = swmsg_note_json(&n);
		if (!o || !swmsg_note(o, &n))
			abort();
		json_decref(o);
	}
}

static void members(const json_t *f)
{
	static const char *const strs[] = {"kind", "dest", "caller",
		"bridge", "path", "digits", "op", "cause", "tone", "call_id"};
	enum sw_cause cause;
	enum sw_tone tone;
	sw_leg_t leg;
	uint64_t u;
	bool bad = false;

	(void)swmsg_type(f);
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		(void)swmsg_str(f, strs[i], SWMSG_STR_MAX, &bad);
	(void)swmsg_leg(f, &leg);
	(void)swmsg_uint(f, "timeout_ms", UINT32_MAX, &u);
	(void)swmsg_uint(f, "token", SWMSG_LEG_MAX, &u);
	if (swmsg_cause(swmsg_str(f, "cause", 16, &bad), &cause) &&
	    !swmsg_cause(swmsg_cause_name(cause), &cause))
		abort();
	if (swmsg_tone(swmsg_str(f, "tone", 16, &bad), &tone) &&
	    !swmsg_tone(swmsg_tone_name(tone), &tone))
		abort();
	data_and_note(f);
	roundtrip(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swframe_dec dec = {0};
	size_t piece;

	if (!size)
		return 0;
	piece = (size_t)data[0] + 1;
	data++;
	size--;
	while (size) {
		size_t n = size < piece ? size : piece;
		const uint8_t *p = data;
		json_t *f = NULL;

		while (n) {
			if (swframe_read(&dec, &p, &n, &f))
				goto out;   /* the reader drops the link */
			if (f) {
				members(f);
				json_decref(f);
				f = NULL;
			}
		}
		size -= (size_t)(p - data);
		data = p;
	}
 out:
	swframe_dec_reset(&dec);
	return 0;
}
