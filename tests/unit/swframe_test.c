/*
 * swframe_test.c — the switch-node protocol's framing (lib/common/
 * swframe.c) and frame members (src/switch/link/swmsg.c) on good and bad
 * input: frames split anywhere, several in one read, lengths out of range
 * refused before the body arrives, bodies that are not an object with a
 * string "t", members of the wrong type or size.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "swframe.h"
#include "switch/link/swmsg.h"

/* header + body as raw bytes (for hand-made bad frames) */
static size_t raw(uint8_t *out, const char *body, size_t len)
{
	out[0] = (uint8_t)(len >> 24);
	out[1] = (uint8_t)(len >> 16);
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	memcpy(out + 4, body, strlen(body));
	return 4 + strlen(body);
}

/* Feeds n bytes in one go; the result of the first read that ended. */
static int read_all(struct swframe_dec *dec, const uint8_t *p, size_t n,
		    json_t **out)
{
	return swframe_read(dec, &p, &n, out);
}

static void test_roundtrip_split(void **state)
{
	json_t *o = json_pack("{s:s, s:i}", "t", "ev", "leg", 7), *got;
	struct swframe_dec dec = {0};
	uint8_t *buf;
	size_t len, i;

	(void)state;
	assert_int_equal(swframe_encode(o, &buf, &len), 0);
	/* one byte at a time: nothing until the last one */
	for (i = 0; i < len; i++) {
		const uint8_t *p = buf + i;
		size_t n = 1;

		assert_int_equal(swframe_read(&dec, &p, &n, &got), 0);
		assert_int_equal(n, 0);
		if (i < len - 1)
			assert_null(got);
	}
	assert_non_null(got);
	assert_true(json_equal(o, got));
	json_decref(got);
	free(buf);
	json_decref(o);
	swframe_dec_reset(&dec);
}

static void test_two_in_one_read(void **state)
{
	json_t *a = json_pack("{s:s}", "t", "ping");
	json_t *b = json_pack("{s:s, s:s}", "t", "ev", "ev", "hangup");
	struct swframe_dec dec = {0};
	uint8_t *ba, *bb, both[256];
	size_t la, lb, n;
	const uint8_t *p = both;
	json_t *got;

	(void)state;
	assert_int_equal(swframe_encode(a, &ba, &la), 0);
	assert_int_equal(swframe_encode(b, &bb, &lb), 0);
	memcpy(both, ba, la);
	memcpy(both + la, bb, lb);
	n = la + lb;
	assert_int_equal(swframe_read(&dec, &p, &n, &got), 0);
	assert_true(json_equal(a, got));
	assert_int_equal(n, lb);
	json_decref(got);
	assert_int_equal(swframe_read(&dec, &p, &n, &got), 0);
	assert_true(json_equal(b, got));
	assert_int_equal(n, 0);
	json_decref(got);
	free(ba);
	free(bb);
	json_decref(a);
	json_decref(b);
	swframe_dec_reset(&dec);
}

static void test_bad_lengths(void **state)
{
	struct swframe_dec dec = {0};
	uint8_t buf[16];
	json_t *got;

	(void)state;
	/* empty frame */
	assert_int_equal(read_all(&dec, buf, raw(buf, "", 0), &got), EPROTO);
	assert_null(got);
	swframe_dec_reset(&dec);
	/* longer than the maximum: refused on the header alone */
	assert_int_equal(read_all(&dec, buf, raw(buf, "", SWFRAME_MAX + 1),
				  &got), EPROTO);
	swframe_dec_reset(&dec);
	assert_int_equal(read_all(&dec, buf, raw(buf, "", 0xffffffffu),
				  &got), EPROTO);
	swframe_dec_reset(&dec);
}

static void test_bad_bodies(void **state)
{
	static const char *const bodies[] = {
		"not json", "[1,2]", "{}", "{\"t\":5}", "{\"t\":\"a\"",
		"\"t\"", "{\"t\":\"a\",\"t\":\"b\"}", "{\"t\":\"a\"} x",
	};
	uint8_t buf[64];
	json_t *got;

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct swframe_dec dec = {0};
		size_t n = raw(buf, bodies[i], strlen(bodies[i]));

		assert_int_equal(read_all(&dec, buf, n, &got), EPROTO);
		assert_null(got);
		swframe_dec_reset(&dec);
	}
}

static void test_encode_refuses(void **state)
{
	json_t *arr = json_array(), *not = json_pack("{s:i}", "t", 1);
	json_t *big = json_pack("{s:s}", "t", "x");
	char *s = malloc(SWFRAME_MAX + 1);
	uint8_t *buf;
	size_t len;

	(void)state;
	assert_int_equal(swframe_encode(arr, &buf, &len), EINVAL);
	assert_int_equal(swframe_encode(not, &buf, &len), EINVAL);
	memset(s, 'a', SWFRAME_MAX);
	s[SWFRAME_MAX] = 0;
	json_object_set_new(big, "pad", json_string(s));
	assert_int_equal(swframe_encode(big, &buf, &len), EMSGSIZE);
	free(s);
	json_decref(arr);
	json_decref(not);
	json_decref(big);
}

static void test_members(void **state)
{
	json_t *f = json_pack("{s:s, s:I, s:s, s:i}", "t", "cmd", "leg",
			      (json_int_t)-3, "op", "answer", "n", 5);
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	char key[SW_DATA_KEY_MAX + 2];
	bool bad = false;
	sw_leg_t leg;
	uint64_t u;
	size_t n;
	json_t *d;

	(void)state;
	assert_false(swmsg_leg(f, &leg));          /* negative */
	json_object_set_new(f, "leg", json_integer(0));
	assert_false(swmsg_leg(f, &leg));          /* zero */
	json_object_set_new(f, "leg", json_string("7"));
	assert_false(swmsg_leg(f, &leg));          /* not a number */
	assert_false(swmsg_uint(f, "n", 4, &u));   /* above max */
	assert_true(swmsg_uint(f, "n", 5, &u));
	assert_null(swmsg_str(f, "absent", 10, &bad));
	assert_false(bad);
	assert_null(swmsg_str(f, "n", 10, &bad));  /* not a string */
	assert_true(bad);
	bad = false;
	assert_null(swmsg_str(f, "t", 2, &bad));   /* too long */
	assert_true(bad);
	json_object_set_new(f, "nul", json_stringn("a\0b", 3));
	bad = false;
	assert_null(swmsg_str(f, "nul", 10, &bad)); /* embedded NUL */
	assert_true(bad);

	d = json_pack("{s:s}", "k", "v");
	assert_true(swmsg_data(d, kv, &n));
	assert_int_equal(n, 1);
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = 0;
	json_object_set_new(d, key, json_string("v"));
	assert_false(swmsg_data(d, kv, &n));       /* key too long */
	json_object_del(d, key);
	json_object_set_new(d, "num", json_integer(1));
	assert_false(swmsg_data(d, kv, &n));       /* not a string */
	json_decref(d);

	assert_false(swmsg_cause("nope", &(enum sw_cause){0}));
	assert_false(swmsg_tone(NULL, &(enum sw_tone){0}));
	json_decref(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_split),
		cmocka_unit_test(test_two_in_one_read),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_encode_refuses),
		cmocka_unit_test(test_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
