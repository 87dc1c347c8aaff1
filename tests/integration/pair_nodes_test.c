/*
 * pair_nodes_test.c — the CTI pair over two switch nodes (issue 11 §2 and
 * §4 together): PostgreSQL, two sim nodes, a main CTI on 127.0.0.1 and a
 * backup on 127.0.0.2 driving both (ctipair.h, cti_pair_start_two).
 *
 * One agent talks with a customer on each node, and a customer waits on
 * each node (node B's called first). The main is killed: the backup takes
 * both nodes' legs over, the agents sign in again and find their calls,
 * and the two queued customers, adopted node by node, are served in the
 * order they called, across the nodes. One CDR row per call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "ctipair.h"
#include "itest.h"
#include "pg_harness.h"

static const char NODE_INI[] =
	"[switch]\norphan_timeout = 60\nnode_heartbeat_ms = 1000\n";

static struct cti_pair P;

static int setup(void **state)
{
	(void)state;
	return pg_harness_newdb(P.url, sizeof(P.url));
}

static int teardown(void **state)
{
	(void)state;
	cti_pair_stop(&P);
	return 0;
}

/* A customer from ani calling 4000 on node i; its call id as the CTI
 * names it (node 1's ids get "~1": both sim nodes count from sim-1). */
static void customer(struct nodec *ctl[2], int i, const char *ani,
		     char *id, size_t size)
{
	json_t *r = nodec_ctl(ctl[i], "sim_inbound", json_pack(
				      "{s:s, s:s}", "ani", ani, "dnis",
				      "4000"));

	assert_int_equal(itest_int(r, "err"), 0);
	snprintf(id, size, i ? "%s~1" : "%s", itest_str(r, "call_id"));
	json_decref(r);
}

/* agent signs in on dn at ip (ForceSignIn); the SignIn result's status. */
static int signin(struct rc **x, const char *ip, const char *agent,
		  const char *dn)
{
	char pw[16];
	json_t *r;
	int status;

	snprintf(pw, sizeof(pw), "%s123", agent);
	*x = rc_connect_to(ip, P.np.cti.agent_port);
	r = rc_call(*x, "SignIn", json_pack(
		"{s:s, s:s, s:s, s:i, s:i, s:i, s:s}", "AgentID", agent,
		"PassWord", pw, "DN", dn, "StatusChangeType", 0,
		"AutoAnswer", 0, "ForceSignIn", 1, "ServiceList", "示例"));
	assert_int_equal(itest_int(r, "code"), ArSuccess);
	status = (int)itest_int(r, "agentStatus");
	json_decref(r);
	return status;
}

/* x is offered call id and answers it. */
static void answers(struct rc *x, const char *id)
{
	json_t *ev = itest_expect(x, "OnAlerting", -1);

	assert_string_equal(itest_str(ev, "callID"), id);
	json_decref(ev);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
}

static void one_row(struct rc *a, const char *id)
{
	json_t *rows = itest_cdr_rows(a, id);

	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
}

static void main_killed(void **state)
{
	char talk_a[64], talk_b[64], wait_a[64], wait_b[64], log[96];
	struct nodec *ctl[2];
	struct rc *x, *y, *a;

	(void)state;
	cti_pair_start_two(&P, NODE_INI);
	ctl[0] = node_pair_control(&P.np);
	ctl[1] = node_pair_control(&P.np2);
	assert_int_equal(signin(&x, "127.0.0.1", "2002", "1882"),
			 AsReadyState);
	customer(ctl, 0, "13900000001", talk_a, sizeof(talk_a));
	answers(x, talk_a);
	assert_int_equal(signin(&y, "127.0.0.1", "2003", "1883"),
			 AsReadyState);
	customer(ctl, 1, "13900000002", talk_b, sizeof(talk_b));
	answers(y, talk_b);
	customer(ctl, 1, "13900000003", wait_b, sizeof(wait_b));
	itest_sleep_ms(50);
	customer(ctl, 0, "13900000004", wait_a, sizeof(wait_a));
	assert_true(nodec_wait_legs(ctl[0], 3, ITEST_TIMEOUT_MS));
	assert_true(nodec_wait_legs(ctl[1], 3, ITEST_TIMEOUT_MS));
	itest_sleep_ms(200);   /* the last notes on their way to the nodes */
	rc_close(x);
	rc_close(y);

	daemon_kill9(&P.np.cti);
	cti_pair_takeover(&P, itest_now_ms(), "pair_nodes");
	snprintf(log, sizeof(log), "switch node %s: 3 legs", P.np2.addr);
	assert_true(itest_wait_log(&P.backup, log, PAIR_TAKEOVER_MS));
	snprintf(log, sizeof(log), "switch node %s: 3 legs", P.np.addr);
	assert_true(itest_wait_log(&P.backup, log, PAIR_TAKEOVER_MS));

	/* both agents back on their calls, on either node */
	assert_int_equal(signin(&x, "127.0.0.2", "2002", "1882"),
			 AsConnectedState);
	assert_int_equal(signin(&y, "127.0.0.2", "2003", "1883"),
			 AsConnectedState);
	assert_int_equal(nodec_leg_count(ctl[0]), 3);
	assert_int_equal(nodec_leg_count(ctl[1]), 3);

	/* the first free agent gets node B's customer, who called first */
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	answers(x, wait_b);
	assert_int_equal(itest_code(y, "ReleaseCall", NULL), ArSuccess);
	answers(y, wait_a);
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	assert_int_equal(itest_code(y, "ReleaseCall", NULL), ArSuccess);
	assert_true(nodec_wait_legs(ctl[0], 0, ITEST_TIMEOUT_MS));
	assert_true(nodec_wait_legs(ctl[1], 0, ITEST_TIMEOUT_MS));

	a = cti_pair_admin(&P, "127.0.0.2");
	one_row(a, talk_a);
	one_row(a, talk_b);
	one_row(a, wait_a);
	one_row(a, wait_b);
	rc_close(a);
	rc_close(x);
	rc_close(y);
	nodec_close(ctl[0]);
	nodec_close(ctl[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(main_killed, setup, teardown),
	};

	if (!pg_harness_start())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
