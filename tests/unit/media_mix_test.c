/*
 * media_mix_test.c — the mixer as phones hear it: two parties hear each
 * other and not themselves, a listen-only leg hears both and is heard by
 * nobody, a muted leg is not heard, MOH replaces the bridge, PCMU and
 * PCMA legs understand each other. Phones send 440 Hz and 1000 Hz tones
 * over 127.0.0.1; Goertzel tells what each one received.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "media/media.h"
#include "media_harness.h"

#define WINDOW 1600   /* 200 ms: 5 Hz bins, both test tones on a bin */
#define HEARD 0.2
#define UNHEARD 0.02

static void two_parties(struct mh_fx *fx, int pt_a, int pt_b)
{
	assert_int_equal(phone_alloc(&fx->a, pt_a, 440), 0);
	assert_int_equal(phone_alloc(&fx->b, pt_b, 1000), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	assert_int_equal(phone_connect(fx->b, fx->m, &fx->lb), 0);
	assert_int_equal(media_join(fx->m, "call-1", fx->la,
				    SW_HEAR | SW_SPEAK), 0);
	assert_int_equal(media_join(fx->m, "call-1", fx->lb,
				    SW_HEAR | SW_SPEAK), 0);
}

static void assert_hears(const struct phone *p, double hz)
{
	assert_true(p->nrx >= WINDOW);
	assert_true(goertzel_share(phone_tail(p, WINDOW), WINDOW, hz) > HEARD);
}

static void assert_not_hears(const struct phone *p, double hz)
{
	assert_true(p->nrx >= WINDOW);
	assert_true(goertzel_share(phone_tail(p, WINDOW), WINDOW, hz) <
		    UNHEARD);
}

static void test_two_parties_hear_each_other(void **state)
{
	struct mh_fx *fx = *state;

	two_parties(fx, 0, 0);
	mh_run(400);

	assert_hears(fx->a, 1000);
	assert_not_hears(fx->a, 440);
	assert_hears(fx->b, 440);
	assert_not_hears(fx->b, 1000);
}

static void test_pcmu_and_pcma_transcode(void **state)
{
	struct mh_fx *fx = *state;

	two_parties(fx, 0, 8);
	mh_run(400);

	assert_hears(fx->a, 1000);
	assert_hears(fx->b, 440);
	assert_not_hears(fx->b, 1000);
}

static void test_listen_only_leg(void **state)
{
	struct mh_fx *fx = *state;

	two_parties(fx, 0, 0);
	assert_int_equal(phone_alloc(&fx->c, 0, 2000), 0);
	assert_int_equal(phone_connect(fx->c, fx->m, &fx->lc), 0);
	assert_int_equal(media_join(fx->m, "call-1", fx->lc, SW_HEAR), 0);
	mh_run(400);

	assert_hears(fx->c, 440);
	assert_hears(fx->c, 1000);
	assert_not_hears(fx->a, 2000);
	assert_not_hears(fx->b, 2000);
	assert_hears(fx->a, 1000);
}

static void test_muted_leg_is_not_heard(void **state)
{
	struct mh_fx *fx = *state;

	two_parties(fx, 0, 0);
	mh_run(300);
	/* Changing the flags of a leg already in the bridge. */
	assert_int_equal(media_join(fx->m, "call-1", fx->lb, SW_HEAR), 0);
	phone_clear(fx->a);
	phone_clear(fx->b);
	mh_run(400);

	assert_true(fx->a->nrx >= WINDOW);
	assert_true(rms(phone_tail(fx->a, WINDOW), WINDOW) < 50);
	assert_hears(fx->b, 440);
}

static void test_moh_replaces_the_bridge(void **state)
{
	struct mh_fx *fx = *state;

	two_parties(fx, 0, 0);
	assert_int_equal(media_play(fx->la, SW_TONE_MOH), 0);
	mh_run(400);

	assert_not_hears(fx->a, 1000);
	assert_true(rms(phone_tail(fx->a, WINDOW), WINDOW) > 1000);
	/* The held party is still heard by the bridge. */
	assert_hears(fx->b, 440);

	assert_int_equal(media_play(fx->la, SW_TONE_NONE), 0);
	phone_clear(fx->a);
	mh_run(400);
	assert_hears(fx->a, 1000);
}

static void test_leave_stops_the_mix(void **state)
{
	struct mh_fx *fx = *state;

	two_parties(fx, 0, 0);
	mh_run(200);
	assert_int_equal(media_leave(fx->lb), 0);
	assert_int_equal(media_leave(fx->lb), ENOENT);
	mh_run(60);   /* what was already on the wire arrives */
	phone_clear(fx->a);
	phone_clear(fx->b);
	mh_run(300);

	/* b left: it hears silence, still sent to keep its RTP going (phones
	 * drop calls without it); a hears silence too. */
	assert_true(fx->b->npkt >= 10);
	assert_true(rms(fx->b->rx, fx->b->nrx) < 50);
	assert_true(fx->a->nrx > 0);
	assert_true(rms(fx->a->rx, fx->a->nrx) < 50);
}

static void test_invalid_arguments(void **state)
{
	struct mh_fx *fx = *state;
	struct sa sa;

	assert_int_equal(phone_alloc(&fx->a, 0, 0), 0);
	assert_int_equal(phone_connect(fx->a, fx->m, &fx->la), 0);
	sa_set_str(&sa, "127.0.0.1", 4000);
	assert_int_equal(mleg_set_remote(fx->la, &sa, 18, -1), ENOTSUP);
	assert_int_equal(mleg_set_remote(fx->la, &sa, 0, 13), EINVAL);
	assert_int_equal(media_join(fx->m, "", fx->la, SW_HEAR), EINVAL);
	assert_int_equal(media_join(fx->m, "x", fx->la, 8), EINVAL);
	assert_int_equal(media_play(fx->la, (enum sw_tone)9), EINVAL);
	assert_int_equal(media_record(fx->m, "x", NULL), ENOENT);
	assert_int_equal(media_alloc(&fx->m, "127.0.0.1", 2000, 2000),
			 EINVAL);
	assert_int_equal(media_alloc(&fx->m, "not-an-ip", 30000, 31000),
			 EINVAL);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, mh_setup, mh_teardown)
	const struct CMUnitTest tests[] = {
		T(test_two_parties_hear_each_other),
		T(test_pcmu_and_pcma_transcode),
		T(test_listen_only_leg),
		T(test_muted_leg_is_not_heard),
		T(test_moh_replaces_the_bridge),
		T(test_leave_stops_the_mix),
		T(test_invalid_arguments),
	};

	return cmocka_run_group_tests(tests, mh_group_setup, mh_group_teardown);
}
