/*
 * media_rtp_test.c — a leg's RTP as its peer sees it: symmetric latching
 * to the port packets really come from, sequence numbers and timestamps
 * without jumps when the leg moves from a tone into a bridge, a late
 * packet without a hole in the audio, and RFC 4733 digits in both
 * directions.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "media/media.h"
#include "media_harness.h"

/* The digits the engine reported on a leg (test_dtmf_in). */
static struct {
	char s[16];
	size_t n;
} digits;

static void test_symmetric_latching(void **state)
{
	struct mh_fx *fx = *state;
	size_t at_main, i, alt_audio = 0;

	assert_int_equal(phone_alloc(&fx->a, 0, 440), 0);
	assert_int_equal(phone_alloc(&fx->b, 0, 1000), 0);
	assert_int_equal(phone_send_from_alt(fx->a), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	assert_int_equal(phone_connect(fx->b, fx->m, &fx->lb), 0);
	assert_int_equal(media_join(fx->m, "c", fx->la, SW_HEAR | SW_SPEAK),
			 0);
	assert_int_equal(media_join(fx->m, "c", fx->lb, SW_HEAR | SW_SPEAK),
			 0);

	mh_run(200);
	at_main = 0;
	for (i = 0; i < fx->a->npkt; i++)
		at_main += !fx->a->pkt[i].on_alt;
	phone_clear(fx->a);
	mh_run(300);

	/* Once a's packets came in from the other port, everything goes
	 * there and nothing to the signalled one. */
	for (i = 0; i < fx->a->npkt; i++) {
		assert_true(fx->a->pkt[i].on_alt);
		alt_audio++;
	}
	assert_true(alt_audio >= 10);
	assert_true(at_main <= 3);   /* only before the first packet */
	assert_true(fx->a->nrx >= 1600 && fx->b->nrx >= 1600);
	assert_true(goertzel_share(phone_tail(fx->a, 1600), 1600, 1000) >
		    0.2);
	/* And b still hears a. */
	assert_true(goertzel_share(phone_tail(fx->b, 1600), 1600, 440) > 0.2);
}

static void assert_continuous(const struct phone *p)
{
	size_t i;

	assert_true(p->npkt >= 2);
	for (i = 1; i < p->npkt; i++) {
		assert_int_equal((uint16_t)(p->pkt[i - 1].seq + 1),
				 p->pkt[i].seq);
		assert_int_equal(p->pkt[i - 1].ts + 160, p->pkt[i].ts);
	}
}

/* Phones a and b (PCMU, sending hz_a and hz_b) with their legs. */
static void two_phones(struct mh_fx *fx, double hz_a, double hz_b)
{
	assert_int_equal(phone_alloc(&fx->a, 0, hz_a), 0);
	assert_int_equal(phone_alloc(&fx->b, 0, hz_b), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	assert_int_equal(phone_connect(fx->b, fx->m, &fx->lb), 0);
}

static void test_sequence_continuous_from_tone_to_bridge(void **state)
{
	struct mh_fx *fx = *state;

	two_phones(fx, 0, 1000);
	assert_int_equal(media_join(fx->m, "c", fx->lb, SW_SPEAK), 0);

	/* a waits in queue hearing music, then is bridged to b. */
	assert_int_equal(media_play(fx->la, SW_TONE_MOH), 0);
	mh_run(200);
	assert_true(fx->a->npkt >= 5);
	assert_int_equal(media_join(fx->m, "c", fx->la, SW_HEAR | SW_SPEAK),
			 0);
	assert_int_equal(media_play(fx->la, SW_TONE_NONE), 0);
	mh_run(300);

	assert_true(fx->a->npkt >= 15);
	assert_continuous(fx->a);
	assert_true(fx->a->nrx >= 1600);
	assert_true(goertzel_share(phone_tail(fx->a, 1600), 1600, 1000) >
		    0.2);
}

/* The longest run of near-silent samples in x[0..n) once the sound
 * started. */
static size_t longest_quiet(const int16_t *x, size_t n)
{
	size_t run = 0, longest = 0, i = 0;

	while (i < n && abs(x[i]) < 50)
		i++;
	for (; i < n; i++) {
		run = abs(x[i]) < 50 ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* A packet that comes 10 ms late (the sender's scheduler, the network)
 * and so misses its tick leaves no hole in what the other side hears: a
 * leg keeps a frame to spare. */
static void test_late_packet_leaves_no_hole(void **state)
{
	struct mh_fx *fx = *state;

	two_phones(fx, 0, 0);
	assert_int_equal(media_join(fx->m, "c", fx->la, SW_HEAR | SW_SPEAK),
			 0);
	assert_int_equal(media_join(fx->m, "c", fx->lb, SW_HEAR | SW_SPEAK),
			 0);
	mh_run(100);
	/* From its first packet on, A sends 5 ms before the engine's
	 * ticks: a packet 10 ms late misses its tick. */
	mh_phase(fx->b, 15);
	fx->a->hz = 1000;
	phone_delay_every(fx->a, 7);
	phone_clear(fx->b);
	mh_run(700);
	/* A 1000 Hz sine is near 0 for a sample or two at a time. */
	assert_true(fx->b->nrx >= 4000);
	assert_true(longest_quiet(fx->b->rx, fx->b->nrx) < 8);
}

static void digit_h(struct mleg *l, char digit, void *arg)
{
	(void)l;
	(void)arg;
	if (digits.n + 1 < sizeof(digits.s))
		digits.s[digits.n++] = digit;
}

static void test_dtmf_in(void **state)
{
	struct mh_fx *fx = *state;

	assert_int_equal(phone_alloc(&fx->a, 0, 440), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	memset(&digits, 0, sizeof(digits));
	mleg_set_dtmf_handler(fx->la, digit_h, NULL);
	mh_run(60);

	phone_send_event(fx->a, 5, true);
	mh_run(60);
	phone_send_event(fx->a, 11, true);   /* '#' */
	mh_run(60);
	phone_send_event(fx->a, 5, true);    /* the same key again */
	mh_run(60);
	phone_send_event(fx->a, 10, false);  /* '*', its start lost */
	mh_run(60);

	assert_string_equal(digits.s, "5#5*");
}

static void test_dtmf_out(void **state)
{
	struct mh_fx *fx = *state;
	const uint8_t want[] = {9, 10, 15};
	size_t i, nev = 0;
	bool ended = true;

	assert_int_equal(phone_alloc(&fx->a, 0, 0), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	assert_int_equal(media_send_dtmf(fx->la, "9*D"), 0);
	mh_run(1000);   /* 12 packets of 20 ms a key */

	/* Each key: a start with the marker, then ends, one timestamp. */
	assert_true(fx->a->ntev > 8);
	for (i = 0; i < fx->a->ntev; i++) {
		const struct phone_tev *t = &fx->a->tev[i];

		if (t->marker) {
			assert_true(ended);
			assert_true(nev < sizeof(want));
			assert_int_equal(t->event, want[nev]);
			nev++;
			ended = false;
			continue;
		}
		assert_true(nev > 0);
		assert_int_equal(t->event, want[nev - 1]);
		assert_int_equal(t->ts, fx->a->tev[i - 1].ts);
		if (t->end)
			ended = true;
	}
	assert_int_equal(nev, sizeof(want));
	assert_true(ended);
	/* between keys, silence keeps the stream going */
	for (i = 0; i < fx->a->npkt; i++)
		assert_true(fx->a->pkt[i].pt == TELEV_PT ||
			    fx->a->pkt[i].pt == 0);
	assert_true(rms(fx->a->rx, fx->a->nrx) < 50);

	assert_int_equal(media_send_dtmf(fx->la, "1x"), EINVAL);
	assert_int_equal(media_send_dtmf(fx->la, ""), EINVAL);
}

static void test_dtmf_out_needs_telephone_event(void **state)
{
	struct mh_fx *fx = *state;

	assert_int_equal(phone_alloc(&fx->a, 0, 0), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	assert_int_equal(mleg_set_remote(fx->la, &fx->a->addr, 0, -1), 0);
	assert_int_equal(media_send_dtmf(fx->la, "1"), ENOTSUP);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, mh_setup, mh_teardown)
	const struct CMUnitTest tests[] = {
		T(test_symmetric_latching),
		T(test_sequence_continuous_from_tone_to_bridge),
		T(test_late_packet_leaves_no_hole),
		T(test_dtmf_in),
		T(test_dtmf_out),
		T(test_dtmf_out_needs_telephone_event),
	};

	return cmocka_run_group_tests(tests, mh_group_setup, mh_group_teardown);
}
