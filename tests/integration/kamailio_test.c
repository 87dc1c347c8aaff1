/*
 * kamailio_test.c — Kamailio (etc/kamailio/kamailio.cfg.in) in front of
 * two SIP switch nodes driven by one CTI (docs/operations.md "Several
 * switch nodes"), all on 127.0.0.1:
 *
 *   phone_on_other_node   the agent's phone registers through Kamailio
 *                         (on one node); two customers call 4000 through
 *                         Kamailio, which sends the calls to the nodes in
 *                         turn: one lands on the other node, which rings
 *                         the phone from the shared registrations; both
 *                         times customer and agent hear each other
 *   node_killed           the node the phone registered on is killed:
 *                         Kamailio's OPTIONS find it gone, new calls go to
 *                         the surviving node, which still reaches the
 *                         phone through the registration it shared
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "bphone.h"
#include "itest.h"
#include "kamailio.h"
#include "nodec.h"
#include "nodetrio.h"

/* the tones the phones speak: clear of the switch's own (music 349-587,
 * ringback 425, prompt 600/900 Hz) */
#define HZ_C 1300.0
#define HZ_X 1700.0

static struct node_trio T;
static struct kamailio K;
static struct bphone *C, *PX;
static struct rc *X;

static int teardown(void **state)
{
	(void)state;
	rc_close(X);
	X = NULL;
	bphone_stop(C);
	bphone_stop(PX);
	C = PX = NULL;
	kamailio_stop(&K);
	node_trio_stop(&T);
	return 0;
}

static void wait_phone(struct bphone *p, const char *type)
{
	json_t *ev = bphone_wait_event(p, type, BPHONE_TIMEOUT_MS);

	if (!ev)
		fail_msg("phone %s: no %s", bphone_dir(p), type);
	json_decref(ev);
}

static void hears(struct bphone *p, double want, double other)
{
	bphone_listen(p);
	assert_true(bphone_ratio(p, 200, 600, want, &other, 1) > 10);
}

/* Two SIP nodes, the CTI, Kamailio; agent 2002 signed in on 1882, whose
 * phone registered through Kamailio. The node holding the phone. */
static int start(void)
{
	struct bphone_opts px = {.user = "1882", .password = "1234",
				 .hz = HZ_X};
	struct bphone_opts c = {.user = "13800000001", .hz = HZ_C};
	int64_t end;
	int holder = -1, code;

	node_trio_start(&T, NULL, true);
	kamailio_start(&K, (uint16_t[]){T.node[0].sip_port,
					T.node[1].sip_port}, 2);
	px.sip_port = c.sip_port = K.port;
	PX = bphone_start(&px);
	assert_true(bphone_wait_registered(PX, BPHONE_TIMEOUT_MS));
	C = bphone_start(&c);
	for (int i = 0; i < 2; i++)
		if (daemon_log_contains(&T.node[i], "phone 1882 registered"))
			holder = i;
	assert_int_not_equal(holder, -1);
	X = rc_connect(T.cti.agent_port);
	/* the node's PHONE event may still be on its way to the CTI */
	end = itest_now_ms() + 3000;
	while ((code = itest_signin(X, "2002", "1882", "示例=1")) !=
	       ArSuccess && itest_now_ms() < end)
		itest_sleep_ms(100);
	assert_int_equal(code, ArSuccess);
	itest_expect_drop(X, "OnReady", CerIdleSelfLogin);
	return holder;
}

/* A customer calls 4000 through Kamailio; X's phone answers; they hear
 * each other; the customer hangs up. */
static void customer_call(void)
{
	bphone_drain(C);
	bphone_drain(PX);
	bphone_dial(C, "4000");
	wait_phone(C, "CALL_ESTABLISHED");
	json_decref(itest_expect(X, "OnAlerting", -1));
	wait_phone(PX, "CALL_INCOMING");
	bphone_accept(PX);
	wait_phone(PX, "CALL_ESTABLISHED");
	itest_expect_drop(X, "OnConnected", CerTalkOtherCreat);
	hears(C, HZ_X, HZ_C);
	hears(PX, HZ_C, HZ_X);
	bphone_hangup(C);
	wait_phone(C, "CALL_CLOSED");
	wait_phone(PX, "CALL_CLOSED");
	itest_expect_drop(X, "OnReady", CerIdleNormalOtherHangup);
}

static void phone_on_other_node(void **state)
{
	int holder;

	(void)state;
	holder = start();
	customer_call();
	customer_call();
	/* the calls went to both nodes: the other one found the phone in
	 * the shared registrations */
	assert_true(daemon_log_contains(&T.node[!holder],
					"1882 is registered on"));
	assert_false(daemon_log_contains(&T.node[holder],
					 "1882 is registered on"));
}

static void node_killed(void **state)
{
	char down[96];
	int holder;

	(void)state;
	holder = start();
	daemon_kill9(&T.node[holder]);
	snprintf(down, sizeof(down), "dispatcher: node sip:127.0.0.1:%u down",
		 T.node[holder].sip_port);
	assert_true(kamailio_wait_log(&K, down, 5000));
	customer_call();
	customer_call();
	assert_true(daemon_log_contains(&T.node[!holder],
					"1882 is registered on"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(phone_on_other_node, teardown),
		cmocka_unit_test_teardown(node_killed, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
