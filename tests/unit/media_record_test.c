/*
 * media_record_test.c — recording a bridge: a valid 8 kHz 16-bit stereo
 * WAV whose sizes are final once stopped, the customer (440 Hz) on the
 * left channel and the agent (1000 Hz) on the right.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "media/media.h"
#include "media_harness.h"

#define WINDOW 1600

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void test_record_bridge(void **state)
{
	static int16_t left[PHONE_RX_MAX], right[PHONE_RX_MAX];
	static uint8_t file[44 + 4 * PHONE_RX_MAX];
	struct media *m = NULL;
	struct phone *cust = NULL, *agent = NULL;
	struct mleg *lc = NULL, *la = NULL;
	char path[64];
	size_t len, frames, i;
	FILE *f;
	(void)state;

	snprintf(path, sizeof(path), "/tmp/media_record_test_%d.wav",
		 (int)getpid());
	assert_int_equal(media_alloc(&m, "127.0.0.1", 30000, 39999), 0);
	assert_int_equal(phone_alloc(&cust, 0, 440), 0);
	assert_int_equal(phone_alloc(&agent, 8, 1000), 0);
	assert_int_equal(phone_connect(cust, m, &lc), 0);
	assert_int_equal(phone_connect(agent, m, &la), 0);
	mleg_set_customer(lc, true);
	assert_int_equal(media_join(m, "call-7", lc, SW_HEAR | SW_SPEAK), 0);
	assert_int_equal(media_join(m, "call-7", la, SW_HEAR | SW_SPEAK), 0);
	assert_int_equal(media_record(m, "call-7", path), 0);
	assert_int_equal(media_record(m, "call-7", path), EALREADY);
	mh_run(500);
	assert_int_equal(media_record(m, "call-7", NULL), 0);
	assert_int_equal(media_record(m, "call-7", NULL), ENOENT);

	f = fopen(path, "rb");
	assert_non_null(f);
	len = fread(file, 1, sizeof(file), f);
	fclose(f);
	unlink(path);

	assert_true(len > 44);
	assert_memory_equal(file, "RIFF", 4);
	assert_int_equal(le32(file + 4), len - 8);
	assert_memory_equal(file + 8, "WAVEfmt ", 8);
	assert_int_equal(le32(file + 16), 16);
	assert_int_equal(le16(file + 20), 1);      /* PCM */
	assert_int_equal(le16(file + 22), 2);      /* stereo */
	assert_int_equal(le32(file + 24), 8000);
	assert_int_equal(le32(file + 28), 8000 * 4);
	assert_int_equal(le16(file + 32), 4);
	assert_int_equal(le16(file + 34), 16);
	assert_memory_equal(file + 36, "data", 4);
	assert_int_equal(le32(file + 40), len - 44);
	assert_int_equal((len - 44) % 4, 0);

	frames = (len - 44) / 4;
	assert_true(frames >= WINDOW);
	for (i = 0; i < frames; i++) {
		left[i] = (int16_t)le16(file + 44 + 4 * i);
		right[i] = (int16_t)le16(file + 44 + 4 * i + 2);
	}
	assert_true(goertzel_share(left + frames - WINDOW, WINDOW, 440) > 0.5);
	assert_true(goertzel_share(left + frames - WINDOW, WINDOW, 1000) <
		    0.02);
	assert_true(goertzel_share(right + frames - WINDOW, WINDOW, 1000) >
		    0.5);
	assert_true(goertzel_share(right + frames - WINDOW, WINDOW, 440) <
		    0.02);

	mem_deref(lc);
	mem_deref(la);
	mem_deref(cust);
	mem_deref(agent);
	mem_deref(m);
}

static void test_record_bad_path(void **state)
{
	struct media *m = NULL;
	(void)state;

	assert_int_equal(media_alloc(&m, "127.0.0.1", 30000, 39999), 0);
	assert_int_not_equal(media_record(m, "b", "/nonexistent/dir/x.wav"),
			     0);
	assert_int_equal(media_record(m, "b", ""), EINVAL);
	/* The failed start left nothing behind to stop. */
	assert_int_equal(media_record(m, "b", NULL), ENOENT);
	mem_deref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_bridge),
		cmocka_unit_test(test_record_bad_path),
	};

	return cmocka_run_group_tests(tests, mh_group_setup, mh_group_teardown);
}
