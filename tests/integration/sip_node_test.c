/*
 * sip_node_test.c — the switch as a node on the SIP switch: a `--role
 * switch` daemon with real SIP phones (bphone.h) registered on it, driven
 * by a `--role cti` daemon. A routed call end to end (the customer on the
 * trunk calls 4000, the agent's phone rings and answers, they hear each
 * other, the customer hangs up, the CDR row), then the CTI killed mid-call:
 * customer and agent keep hearing each other while the node is orphaned,
 * and both phones are hung up once orphan_timeout has passed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "bphone.h"
#include "itest.h"
#include "nodec.h"

#define CUSTOMER "13800000001"
/* the tones the phones speak: clear of the switch's own (music 349-587,
 * ringback 425, prompt 600/900 Hz) */
#define HZ_C 1300.0
#define HZ_X 1700.0
#define ORPHAN_S 3

static struct node_pair P;
static struct bphone *C, *PX;

/* p hears want well above the other phone's tone. */
static void hears(struct bphone *p, double want, double other)
{
	bphone_listen(p);
	assert_true(bphone_ratio(p, 200, 600, want, &other, 1) > 10);
}

static void wait_phone(struct bphone *p, const char *type, char *id,
		       size_t size, int ms)
{
	json_t *ev = bphone_wait_event(p, type, ms);

	if (!ev)
		fail_msg("phone %s: no %s", bphone_dir(p), type);
	if (id)
		snprintf(id, size, "%s", itest_str(ev, "id"));
	json_decref(ev);
}

/* C calls 4000 and X, signed in on 1882, answers at the phone. */
static void talking(struct rc *x, char *call, size_t size)
{
	bphone_dial(C, "4000");
	wait_phone(C, "CALL_ESTABLISHED", call, size, BPHONE_TIMEOUT_MS);
	json_decref(itest_expect(x, "OnLock", -1));
	json_decref(itest_expect(x, "OnAlerting", -1));
	wait_phone(PX, "CALL_INCOMING", NULL, 0, BPHONE_TIMEOUT_MS);
	bphone_accept(PX);
	wait_phone(PX, "CALL_ESTABLISHED", NULL, 0, BPHONE_TIMEOUT_MS);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	hears(C, HZ_X, HZ_C);
	hears(PX, HZ_C, HZ_X);
}

static void routed_call_then_orphaned(void **state)
{
	struct bphone_opts px = {.user = "1882", .password = "1234",
				 .hz = HZ_X};
	struct bphone_opts c = {.user = CUSTOMER, .hz = HZ_C};
	char call[128];
	struct rc *x, *a;
	json_t *rows;

	(void)state;
	node_pair_start_node(&P, "[switch]\norphan_timeout = 3\n"
			     "node_heartbeat_ms = 1000\n", true);
	px.sip_port = c.sip_port = P.node.sip_port;
	PX = bphone_start(&px);
	assert_true(bphone_wait_registered(PX, BPHONE_TIMEOUT_MS));
	C = bphone_start(&c);
	node_pair_start_cti(&P);
	x = rc_connect(P.cti.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1882", "示例=1"),
			 ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);

	/* a normal call, ended by the customer */
	talking(x, call, sizeof(call));
	bphone_hangup(C);
	wait_phone(C, "CALL_CLOSED", NULL, 0, BPHONE_TIMEOUT_MS);
	wait_phone(PX, "CALL_CLOSED", NULL, 0, BPHONE_TIMEOUT_MS);
	itest_expect_drop(x, "OnReady", CerIdleNormalOtherHangup);
	a = itest_admin(&P.cti);
	rows = itest_cdr_rows(a, call);
	assert_non_null(itest_cdr_row(rows, "2002"));
	json_decref(rows);
	rc_close(a);

	/* the CTI dies mid-call: talking stays talking, then ends */
	talking(x, call, sizeof(call));
	daemon_kill9(&P.cti);
	rc_close(x);
	assert_true(itest_wait_log(&P.node, "CTI gone, keeping 2 legs",
				   2000));
	hears(C, HZ_X, HZ_C);
	hears(PX, HZ_C, HZ_X);
	wait_phone(C, "CALL_CLOSED", NULL, 0, ORPHAN_S * 1000 + 3000);
	wait_phone(PX, "CALL_CLOSED", NULL, 0, 2000);
	assert_true(daemon_log_contains(&P.node, "no CTI for 3000 ms"));
}

static int teardown(void **state)
{
	(void)state;
	bphone_stop(C);
	bphone_stop(PX);
	node_pair_stop(&P);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(routed_call_then_orphaned, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
