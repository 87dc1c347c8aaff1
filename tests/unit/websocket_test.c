/*
 * websocket_test.c — the WebSocket frames and messages that /ws and /sip
 * share (src/websocket/ws_frame.c, ws_rx.c) on a client's good and bad
 * bytes: lengths of 2^63 and above and over the limit refused from the
 * header alone, a fragment followed by such a length (the input that
 * crashed libre's websock on /ws: tests/fuzz/regress/http/), fragments
 * joined up to the limit and out of sequence, unmasked and split control
 * frames, frames split anywhere.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <re.h>
#include "websocket/websocket.h"

enum { MAX = 200 };    /* a control frame's 125 is below it */

static const uint8_t key[4] = {0x11, 0x22, 0x33, 0x44};

/* A client's frame: first byte b0, the length field saying len (in the
 * shortest form that holds it), then payload masked; its size. */
static size_t frame(uint8_t *out, uint8_t b0, uint64_t len,
		    const char *payload)
{
	size_t n = 0, pn = strlen(payload);

	out[n++] = b0;
	if (len < 126) {
		out[n++] = 0x80 | (uint8_t)len;
	}
	else if (len <= 0xffff) {
		out[n++] = 0x80 | 126;
		out[n++] = (uint8_t)(len >> 8);
		out[n++] = (uint8_t)len;
	}
	else {
		out[n++] = 0x80 | 127;
		for (int i = 7; i >= 0; i--)
			out[n++] = (uint8_t)(len >> (8 * i));
	}
	memcpy(out + n, key, sizeof(key));
	n += sizeof(key);
	for (size_t i = 0; i < pn; i++)
		out[n + i] = (uint8_t)payload[i] ^ key[i & 3];
	return n + pn;
}

/* A whole frame of payload, fin and opcode in b0. */
static size_t whole(uint8_t *out, uint8_t b0, const char *payload)
{
	return frame(out, b0, strlen(payload), payload);
}

struct got {
	unsigned count;
	uint8_t opcode;
	char text[MAX + 1];
};

static int msg_h(uint8_t opcode, const uint8_t *p, size_t n, void *arg)
{
	struct got *g = arg;

	g->count++;
	g->opcode = opcode;
	memcpy(g->text, p, n);
	g->text[n] = 0;
	return 0;
}

/* Feeds p[0..n) in reads of at most step bytes; the first error. */
static int feed(struct ws_rx *rx, const uint8_t *p, size_t n, size_t step,
		struct got *g)
{
	for (size_t off = 0; off < n; off += step) {
		struct mbuf mb = {0};
		int err;

		mb.buf = (uint8_t *)p + off;
		mb.end = mb.size = n - off < step ? n - off : step;
		err = ws_rx_feed(rx, NULL, &mb, msg_h, g);
		if (err)
			return err;
	}
	return 0;
}

static struct ws_rx *rx_new(void)
{
	struct ws_rx *rx = NULL;

	assert_int_equal(ws_rx_alloc(&rx, MAX), 0);
	return rx;
}

/* Lengths past the limit end the parse from the header: no payload is
 * awaited, nothing is handed over. */
static void test_bad_lengths(void **state)
{
	const uint64_t lens[] = {
		MAX + 1, 0xffff, 0x10000, (uint64_t)1 << 32,
		(uint64_t)1 << 63, ((uint64_t)1 << 63) + 1, UINT64_MAX,
	};
	uint8_t b[32];

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct ws_rx *rx = rx_new();
		struct got g = {0};
		size_t n = frame(b, 0x81, lens[i], "");

		assert_int_equal(feed(rx, b, n, n, &g), EOVERFLOW);
		assert_int_equal(g.count, 0);
		mem_deref(rx);
	}
	assert_int_equal(ws_close_code(EOVERFLOW), WS_CLOSE_TOO_BIG);
}

/* The crash's shape: a first fragment, then a continuation whose length
 * is 2^64 - 1; and continuations that are each short but together too
 * long. */
static void test_fragment_then_huge(void **state)
{
	struct ws_rx *rx = rx_new();
	struct got g = {0};
	char half[MAX / 2 + 2];     /* two are over the limit */
	uint8_t b[2 * MAX];
	size_t n;

	(void)state;
	n = whole(b, 0x01, "{\"a\":");
	n += frame(b + n, 0x80, UINT64_MAX, "");
	assert_int_equal(feed(rx, b, n, n, &g), EOVERFLOW);
	assert_int_equal(g.count, 0);
	mem_deref(rx);

	rx = rx_new();
	memset(half, 'h', sizeof(half) - 1);
	half[sizeof(half) - 1] = 0;
	n = whole(b, 0x01, half);
	n += whole(b + n, 0x00, half);
	assert_int_equal(feed(rx, b, n, 7, &g), EOVERFLOW);
	assert_int_equal(g.count, 0);
	mem_deref(rx);
}

/* Fragments make one message, a control frame may come between them,
 * the bytes may arrive in any pieces; exactly the limit is let through. */
static void test_fragments_joined(void **state)
{
	char full[MAX + 1];
	uint8_t seq[128], big[MAX + 16];
	size_t n, nbig;

	(void)state;
	memset(full, 'x', MAX);
	full[MAX] = 0;
	nbig = whole(big, 0x81, full);
	n = whole(seq, 0x01, "{\"jsonrpc\":");
	n += whole(seq + n, 0x8a, "pong");
	n += whole(seq + n, 0x00, "\"2.0\"");
	n += whole(seq + n, 0x80, "}");
	for (size_t step = 1; step <= n; step++) {
		struct ws_rx *rx = rx_new();
		struct got g = {0};

		assert_int_equal(feed(rx, seq, n, step, &g), 0);
		assert_int_equal(g.count, 1);
		assert_int_equal(g.opcode, WS_OP_TEXT);
		assert_string_equal(g.text, "{\"jsonrpc\":\"2.0\"}");
		assert_int_equal(feed(rx, big, nbig, step, &g), 0);
		assert_int_equal(g.count, 2);
		assert_string_equal(g.text, full);
		mem_deref(rx);
	}
}

/* One frame that breaks the rules; what the feed says. */
static int bad(const uint8_t *b, size_t n)
{
	struct ws_rx *rx = rx_new();
	struct got g = {0};
	int err = feed(rx, b, n, n, &g);

	assert_int_equal(g.count, 0);
	mem_deref(rx);
	return err;
}

static void test_out_of_sequence(void **state)
{
	uint8_t b[256];
	size_t n;

	(void)state;
	/* a continuation with no message begun */
	assert_int_equal(bad(b, whole(b, 0x80, "x")), EPROTO);
	/* a new message inside one */
	n = whole(b, 0x01, "a");
	n += whole(b + n, 0x81, "b");
	assert_int_equal(bad(b, n), EPROTO);
	/* unmasked */
	n = whole(b, 0x81, "a");
	b[1] &= 0x7f;
	assert_int_equal(bad(b, n), EPROTO);
	/* RSV bits */
	assert_int_equal(bad(b, whole(b, 0xc1, "a")), EPROTO);
	/* a reserved opcode */
	assert_int_equal(bad(b, whole(b, 0x83, "a")), EPROTO);
	/* a control frame in fragments, or longer than 125 */
	assert_int_equal(bad(b, whole(b, 0x0a, "a")), EPROTO);
	assert_int_equal(bad(b, frame(b, 0x8a, 126, "")), EPROTO);
	assert_int_equal(ws_close_code(EPROTO), WS_CLOSE_PROTOCOL);
	assert_int_equal(ws_close_code(ENOTSUP), WS_CLOSE_UNSUPPORTED);
	assert_int_equal(ws_close_code(ENOMEM), WS_CLOSE_INTERNAL);
}

/* A Close ends the feed: ESHUTDOWN for 1000, ECONNRESET else; what
 * follows it is not read. */
static void test_close(void **state)
{
	uint8_t b[64];
	size_t n;

	(void)state;
	n = whole(b, 0x88, "\x03\xe8");
	n += whole(b + n, 0x81, "after");
	assert_int_equal(bad(b, n), ESHUTDOWN);
	assert_int_equal(bad(b, whole(b, 0x88, "\x03\xe9")), ECONNRESET);
	assert_int_equal(bad(b, whole(b, 0x88, "")), ECONNRESET);
	assert_int_equal(ws_close_code(ESHUTDOWN), 0);
	assert_int_equal(ws_close_code(ECONNRESET), 0);
}

/* Reads that together hold more than a frame and a read are refused;
 * a reset forgets a partial frame and message. */
static void test_buffer_bound(void **state)
{
	struct ws_rx *rx = rx_new();
	struct got g = {0};
	uint8_t b[4 * MAX];
	size_t n;

	(void)state;
	memset(b, 0, sizeof(b));
	assert_int_equal(feed(rx, b, 2 * MAX + 1, 2 * MAX + 1, &g),
			 EOVERFLOW);
	mem_deref(rx);

	rx = rx_new();
	n = whole(b, 0x01, "part");
	(void)whole(b + n, 0x80, "more");     /* of which 3 bytes come */
	assert_int_equal(feed(rx, b, n + 3, n + 3, &g), 0);
	ws_rx_reset(rx);
	n = whole(b, 0x81, "new");
	assert_int_equal(feed(rx, b, n, n, &g), 0);
	assert_int_equal(g.count, 1);
	assert_string_equal(g.text, "new");
	mem_deref(rx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_fragment_then_huge),
		cmocka_unit_test(test_fragments_joined),
		cmocka_unit_test(test_out_of_sequence),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_buffer_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
