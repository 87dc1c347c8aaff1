/*
 * sip_media_test.c — real audio through the SIP switch: baresip phones
 * (bphone.h) each speak their own tone, and what each one hears is told
 * apart by frequency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "bphone.h"
#include "itest.h"

#define CUSTOMER "13800000001"
#define HZ_C 440.0     /* the customer */
#define HZ_X 1000.0    /* agent X 2002 on DN 1882 */

enum {
	SETTLE_MS = 300,   /* after a change, before a window */
	WINDOW_MS = 800,
	RATIO = 10,        /* the wanted tone over the strongest other */
};

static struct daemon D;

struct fx {
	struct rc *x;
	struct bphone *c, *px;
};

static int setup(void **state)
{
	static const struct daemon_opts o = {.sip = true};
	struct fx *f = calloc(1, sizeof(*f));
	struct bphone_opts c = {.user = CUSTOMER, .hz = HZ_C};
	struct bphone_opts x = {.user = "1882", .password = "1234",
				.hz = HZ_X, .auto_answer = true};

	assert_non_null(f);
	*state = f;
	daemon_start(&D, &o);
	c.sip_port = x.sip_port = D.sip_port;
	f->c = bphone_start(&c);
	f->px = bphone_start(&x);
	assert_true(bphone_wait_registered(f->px, BPHONE_TIMEOUT_MS));
	f->x = rc_connect(D.agent_port);
	assert_int_equal(itest_signin(f->x, "2002", "1882", "示例=1"), 0);
	itest_expect_drop(f->x, "OnReady", CerIdleSelfLogin);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	rc_close(f->x);
	bphone_stop(f->c);
	bphone_stop(f->px);
	free(f);
	daemon_stop(&D);
	daemon_cleanup(&D);
	return 0;
}

static void talk(void **state)
{
	struct fx *f = *state;
	static const double not_c[] = {HZ_C}, not_x[] = {HZ_X};

	bphone_dial(f->c, "4000");
	itest_expect_drop(f->x, "OnConnected", CerTalkOtherCreat);
	bphone_expect_event(f->c, "CALL_ESTABLISHED");
	bphone_listen(f->c);
	bphone_listen(f->px);
	assert_true(bphone_ratio(f->c, SETTLE_MS, WINDOW_MS, HZ_X, not_x,
				 0) > RATIO);
	assert_true(bphone_ratio(f->c, SETTLE_MS, WINDOW_MS, HZ_X, not_c, 1) >
		    RATIO);
	assert_true(bphone_ratio(f->px, SETTLE_MS, WINDOW_MS, HZ_C, not_x,
				 1) > RATIO);
	bphone_hangup(f->c);
	itest_expect_drop(f->x, "OnReady", CerIdleNormalOtherHangup);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(talk),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
