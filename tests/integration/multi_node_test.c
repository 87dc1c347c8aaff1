/*
 * multi_node_test.c — one CTI driving two switch nodes (`--switch-node
 * A,B`, docs/switch-protocol.md "Several nodes") on the sim backend:
 *
 *   call_on_each_node     a customer on node B, then one on node A: each
 *                         time the agent's leg is on the customer's node
 *                         (both nodes number their first leg alike: the
 *                         CTI keeps them apart)
 *   node_killed           node A killed: MakeCall and an internal call
 *                         go to node B, the called agent's leg with its
 *                         caller's
 *   calls_lost_with_node  node A killed with a call on it: once A has been
 *                         away for its orphan_timeout, the CTI ends the
 *                         call (the agent is free, the CDR row says the
 *                         system ended it); a new customer on node B
 *                         reaches the agent
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "itest.h"
#include "nodec.h"
#include "nodetrio.h"

static const char NODE_INI[] =
	"[switch]\norphan_timeout = 2\nnode_heartbeat_ms = 1000\n";

static struct node_trio T;

static int teardown(void **state)
{
	(void)state;
	node_trio_stop(&T);
	return 0;
}

/* X answers a customer calling 4000 on node i and talks; the two legs
 * are on that node, none on the other. */
static void answered_on(struct rc *x, struct nodec *ctl[2], int i)
{
	char call_id[64];

	node_pair_inbound(ctl[i], call_id, sizeof(call_id));
	json_decref(itest_expect(x, "OnAlerting", -1));
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_true(nodec_wait_legs(ctl[i], 2, 2000));
	assert_int_equal(nodec_leg_count(ctl[!i]), 0);
}

/* The two nodes and their CTI, a control connection to each, and agent
 * 2002 signed in on 1882 (its connection). */
static struct rc *trio_and_agent(struct nodec *ctl[2])
{
	struct rc *x;

	node_trio_start(&T, NODE_INI, false);
	ctl[0] = nodec_control(T.node[0].node_port);
	ctl[1] = nodec_control(T.node[1].node_port);
	x = rc_connect(T.cti.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1882", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	return x;
}

static void release(struct rc *x, struct nodec *ctl[2])
{
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	assert_true(nodec_wait_legs(ctl[0], 0, 2000));
	assert_true(nodec_wait_legs(ctl[1], 0, 2000));
}

static void call_on_each_node(void **state)
{
	struct nodec *ctl[2];
	struct rc *x;

	(void)state;
	x = trio_and_agent(ctl);

	answered_on(x, ctl, 1);
	release(x, ctl);
	answered_on(x, ctl, 0);
	release(x, ctl);
	answered_on(x, ctl, 1);
	release(x, ctl);
	rc_close(x);
	nodec_close(ctl[0]);
	nodec_close(ctl[1]);
}

static void node_killed(void **state)
{
	struct nodec *ctl[2];
	struct rc *x, *y;
	char lost[96];

	(void)state;
	node_trio_start(&T, NODE_INI, false);
	ctl[1] = nodec_control(T.node[1].node_port);
	x = rc_connect(T.cti.agent_port);
	y = rc_connect(T.cti.agent_port);
	assert_int_equal(itest_signin_with(x, "2008", "2008123", "1888", "示例",
					   true, true), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_signin_with(y, "2009", "2009123", "1880", "示例",
					   true, true), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleSelfLogin);

	daemon_kill9(&T.node[0]);
	snprintf(lost, sizeof(lost), "switch node 127.0.0.1:%u: link lost",
		 T.node[0].node_port);
	assert_true(itest_wait_log(&T.cti, lost, 3000));

	/* to an outside number: X's phone, then the number, on node B */
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "13700000000",
		"showANI", "", "showDest", "", "isOffhook", 0, "type", 1)),
			 ArSuccess);
	itest_expect_drop(x, "OnHarfConnected", -1);
	assert_true(nodec_wait_legs(ctl[1], 2, 2000));
	json_decref(nodec_ctl(ctl[1], "sim_answer", json_pack(
		"{s:s}", "party", "13700000000")));
	itest_expect_drop(x, "OnConnected", CerTalkSelfCreat);
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	assert_true(nodec_wait_legs(ctl[1], 0, 2000));

	/* to agent 2009: both phones on node B */
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "2009", "showANI", "",
		"showDest", "", "isOffhook", 0, "type", 0)), ArSuccess);
	itest_expect_drop(y, "OnInternalConnected", CerTalkOtherCreat);
	assert_int_equal(nodec_leg_count(ctl[1]), 2);
	assert_int_equal(itest_code(y, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleNormalSelfHangup);
	assert_true(nodec_wait_legs(ctl[1], 0, 2000));
	rc_close(x);
	rc_close(y);
	nodec_close(ctl[1]);
}

static void calls_lost_with_node(void **state)
{
	struct nodec *ctl[2];
	struct rc *x, *a;
	char call_id[64], lost[96];
	json_t *ev, *rows;

	(void)state;
	x = trio_and_agent(ctl);
	node_pair_inbound(ctl[0], call_id, sizeof(call_id));
	json_decref(itest_expect(x, "OnAlerting", -1));
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_true(nodec_wait_legs(ctl[0], 2, 2000));
	nodec_close(ctl[0]);

	daemon_kill9(&T.node[0]);
	snprintf(lost, sizeof(lost), "switch node 127.0.0.1:%u: away for "
		 "more than 2000 ms", T.node[0].node_port);
	assert_true(itest_wait_log(&T.cti, lost, 5000));
	ev = itest_expect(x, "OnReady", CerIdleErrorOtherHangup);
	assert_string_equal(itest_str(ev, "callID"), call_id);
	json_decref(ev);
	a = itest_admin(&T.cti);
	rows = itest_cdr_rows(a, call_id);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(itest_str(json_array_get(rows, 0), "hangupBy"),
			    "system");
	json_decref(rows);
	rc_close(a);

	/* the agent takes the next customer, on node B */
	node_pair_inbound(ctl[1], call_id, sizeof(call_id));
	json_decref(itest_expect(x, "OnAlerting", -1));
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_true(nodec_wait_legs(ctl[1], 2, 2000));
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	rc_close(x);
	nodec_close(ctl[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(call_on_each_node, teardown),
		cmocka_unit_test_teardown(node_killed, teardown),
		cmocka_unit_test_teardown(calls_lost_with_node, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
