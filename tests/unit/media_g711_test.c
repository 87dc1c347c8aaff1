/*
 * media_g711_test.c — G.711 against known code/value pairs, round trips,
 * PCMU -> PCMA transcoding through linear, and the generated tones.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdlib.h>
#include <cmocka.h>
#include "g711.h"
#include "media/tones.h"
#include "media_harness.h"

static void test_ulaw_known_values(void **state)
{
	(void)state;
	assert_int_equal(g711_ulaw2lin(0xff), 0);
	assert_int_equal(g711_ulaw2lin(0x7f), 0);
	assert_int_equal(g711_ulaw2lin(0x00), -32124);
	assert_int_equal(g711_ulaw2lin(0x80), 32124);
	assert_int_equal(g711_ulaw2lin(0xfe), 8);
	assert_int_equal(g711_lin2ulaw(0), 0xff);
	assert_int_equal(g711_lin2ulaw(32767), 0x80);
	assert_int_equal(g711_lin2ulaw(-32768), 0x00);
	assert_int_equal(g711_lin2ulaw(8), 0xfe);
}

static void test_alaw_known_values(void **state)
{
	(void)state;
	assert_int_equal(g711_alaw2lin(0xd5), 8);
	assert_int_equal(g711_alaw2lin(0x55), -8);
	assert_int_equal(g711_alaw2lin(0xaa), 32256);
	assert_int_equal(g711_alaw2lin(0x2a), -32256);
	assert_int_equal(g711_lin2alaw(0), 0xd5);
	assert_int_equal(g711_lin2alaw(-1), 0x55);
	assert_int_equal(g711_lin2alaw(32767), 0xaa);
	assert_int_equal(g711_lin2alaw(-32768), 0x2a);
}

/* Every code decodes to a value that encodes back to the same code (the
 * two zeros of mu-law aside: -0 encodes as +0). */
static void test_codes_round_trip(void **state)
{
	int c;
	(void)state;

	for (c = 0; c < 256; c++) {
		if (c != 0x7f)
			assert_int_equal(g711_lin2ulaw(g711_ulaw2lin(c)), c);
		assert_int_equal(g711_lin2alaw(g711_alaw2lin(c)), c);
	}
}

/* Linear -> code -> linear stays within the law's step (about 1/16 of
 * the magnitude, plus the smallest step near zero). */
static void test_linear_round_trip_error(void **state)
{
	int32_t v;
	(void)state;

	for (v = -32768; v <= 32767; v += 7) {
		int32_t u = g711_ulaw2lin(g711_lin2ulaw((int16_t)v));
		int32_t a = g711_alaw2lin(g711_lin2alaw((int16_t)v));
		int32_t tol = abs(v) / 16 + 16;

		if (abs(v) <= 32124)
			assert_true(abs(u - v) <= tol);
		if (abs(v) <= 32256)
			assert_true(abs(a - v) <= tol);
	}
}

static void test_pcmu_to_pcma_transcoding(void **state)
{
	int16_t pcm[160], lin[160], back[160];
	uint8_t mu[160], al[160];
	int i;
	(void)state;

	for (i = 0; i < 160; i++)
		pcm[i] = (int16_t)lrint(10000 * sin(2 * M_PI * 1000 * i / 8000.0));
	assert_int_equal(g711_encode(0, pcm, mu, 160), 0);
	assert_int_equal(g711_decode(0, mu, lin, 160), 0);
	assert_int_equal(g711_encode(8, lin, al, 160), 0);
	assert_int_equal(g711_decode(8, al, back, 160), 0);
	for (i = 0; i < 160; i++)
		assert_true(abs(back[i] - pcm[i]) <= abs(pcm[i]) / 8 + 32);
	assert_true(goertzel_share(back, 160, 1000) > 0.95);

	assert_int_equal(g711_encode(18, pcm, mu, 160), EINVAL);
	assert_int_equal(g711_decode(9, mu, lin, 160), EINVAL);
}

static void test_ringback_cadence(void **state)
{
	static int16_t x[40000 + 8000];
	uint32_t pos = 0;
	(void)state;

	tone_fill(SW_TONE_RINGBACK, &pos, x, 48000);
	assert_true(goertzel_share(x, 8000, 425) > 0.9);
	assert_true(rms(x + 8000, 32000) == 0);
	/* The cycle starts over after 5 s. */
	assert_true(goertzel_share(x + 40000, 8000, 425) > 0.9);
	assert_int_equal(pos, 8000);
}

static void test_prompt_and_moh(void **state)
{
	static int16_t x[8000 * 5];
	uint32_t pos = 0;
	(void)state;

	tone_fill(SW_TONE_PROMPT, &pos, x, 8000);
	assert_true(goertzel_share(x, 1600, 600) > 0.8);
	assert_true(goertzel_share(x + 1600, 1600, 900) > 0.8);
	assert_true(rms(x + 3200, 4800) == 0);

	pos = 0;
	tone_fill(SW_TONE_MOH, &pos, x, 8000 * 5);
	/* A melody: its first notes are C5 then E5, and it is loud. */
	assert_true(goertzel_share(x, 2400, 523.25) > 0.8);
	assert_true(goertzel_share(x + 2400, 2400, 659.25) > 0.8);
	assert_true(rms(x, 8000 * 5) > 2000);

	pos = 7;
	tone_fill(SW_TONE_NONE, &pos, x, 160);
	assert_true(rms(x, 160) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ulaw_known_values),
		cmocka_unit_test(test_alaw_known_values),
		cmocka_unit_test(test_codes_round_trip),
		cmocka_unit_test(test_linear_round_trip_error),
		cmocka_unit_test(test_pcmu_to_pcma_transcoding),
		cmocka_unit_test(test_ringback_cadence),
		cmocka_unit_test(test_prompt_and_moh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
