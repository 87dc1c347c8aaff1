/*
 * takeover_test.c — a CTI that takes over a switch node rebuilds the
 * calls its predecessor left there (src/core/adopt.c): a sim node, a CTI
 * killed with SIGKILL (or stopped) and started again in its place, which
 * finds the legs in the node's report with the notes the first one put
 * on them. The CTI pair on PostgreSQL is failover_test.c's business; what
 * the node hands over is the same.
 *
 *   talking_call_resumes  an agent talking with call data: the new CTI
 *                         rebuilds the call, the bar's SignIn resumes it
 *                         (same call id, contact id and data), the agent
 *                         ends it, one CDR row
 *   held_call_resumes     a held customer: back as held, Retrieve works
 *   queue_order_kept      three queued customers: queued again in their
 *                         order, with their waiting time, and served so
 *   stop_leaves_calls     a CTI stopped cleanly (SIGTERM) leaves the call
 *                         on the node and writes no CDR row for it; the
 *                         next one finishes it, one row
 *   ended_while_away      customers hang up while no CTI is there (one
 *                         talking, one queued): the next CTI learns it
 *                         from the report and writes their CDR rows
 *   orphan_timeout_rows   no CTI for longer than orphan_timeout: the
 *                         node ends the call, the next CTI writes its row
 *   bad_notes_refused     a note the node cannot read is refused, the
 *                         leg keeps its last good one
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "itest.h"
#include "nodec.h"

static const char NODE_INI[] =
	"[switch]\norphan_timeout = 30\nnode_heartbeat_ms = 1000\n";

/* The test's daemons: stopped by teardown, after a failure too. */
static struct node_pair P;

static int teardown(void **state)
{
	(void)state;
	node_pair_stop(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

/* The node (settings ini) and the first CTI; the node's control
 * connection. */
static struct nodec *pair_up(const char *ini)
{
	node_pair_start_node(&P, ini, false);
	node_pair_start_cti(&P);
	return node_pair_control(&P);
}

/* The CDR holds n rows of call_id, one of them agent's when agent is
 * set. */
static void rows_are(const char *call_id, size_t n, const char *agent)
{
	struct rc *a = itest_admin(&P.cti);
	json_t *rows = itest_cdr_rows(a, call_id);

	assert_int_equal(json_array_size(rows), n);
	if (agent)
		assert_non_null(itest_cdr_row(rows, agent));
	json_decref(rows);
	rc_close(a);
}

/* A sim customer from ani calling 4000; its call id into call_id. */
static void customer(struct nodec *ctl, const char *ani, char *call_id,
		     size_t size)
{
	json_t *r = nodec_ctl(ctl, "sim_inbound", json_pack(
				      "{s:s, s:s}", "ani", ani, "dnis",
				      "4000"));

	assert_int_equal(itest_int(r, "err"), 0);
	snprintf(call_id, size, "%s", itest_str(r, "call_id"));
	json_decref(r);
}

/* Agent 2002 on 1882 answers the customer's call; the OnConnected
 * event's params. */
static json_t *answered(struct rc *x, struct nodec *ctl, char *call_id,
			size_t size)
{
	json_t *ev;

	assert_int_equal(itest_signin(x, "2002", "1882", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	customer(ctl, "13800000001", call_id, size);
	json_decref(itest_expect(x, "OnAlerting", -1));
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	ev = itest_expect(x, "OnConnected", CerTalkOtherCreat);
	assert_string_equal(itest_str(ev, "callID"), call_id);
	return ev;
}

/* The CTI dies (SIGKILL) and a new one starts in its place; returns once
 * it has rebuilt what the node reported. */
static void cti_crash_and_back(void)
{
	daemon_kill9(&P.cti);
	assert_true(itest_wait_log(&P.node, "CTI gone", 2000));
	daemon_restart(&P.cti);
	assert_true(itest_wait_log(&P.cti, "handed to the core", 5000));
}

/* The bar signs in again as the SDK does after a failover (ForceSignIn);
 * the SignIn result. */
static json_t *signin_again(struct rc *x)
{
	json_t *r = rc_call(x, "SignIn", json_pack(
		"{s:s, s:s, s:s, s:i, s:i, s:i, s:s}", "AgentID", "2002",
		"PassWord", "2002123", "DN", "1882", "StatusChangeType", 0,
		"AutoAnswer", 0, "ForceSignIn", 1, "ServiceList", "示例"));

	assert_non_null(r);
	assert_int_equal(itest_int(r, "code"), ArSuccess);
	return r;
}

static void talking_call_resumes(void **state)
{
	struct nodec *ctl;
	struct rc *x;
	char call_id[64];
	json_t *ev, *r;
	long long contact;

	(void)state;
	ctl = pair_up(NODE_INI);
	x = rc_connect(P.cti.agent_port);
	ev = answered(x, ctl, call_id, sizeof(call_id));
	contact = itest_int(ev, "contactID");
	json_decref(ev);
	assert_int_equal(itest_code(x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "orderNo", "CallData", "A-1")),
			 ArSuccess);
	itest_sleep_ms(200);   /* the note on its way to the node */
	rc_close(x);
	cti_crash_and_back();
	assert_true(itest_wait_log(&P.cti, "rebuilt, agent 2002", 2000));

	/* the bar comes back: the call is the agent's, as it was */
	x = rc_connect(P.cti.agent_port);
	r = signin_again(x);
	assert_int_equal(itest_int(r, "agentStatus"), AsConnectedState);
	json_decref(r);
	r = rc_call(x, "GetCallData", json_pack("{s:s}", "key", "orderNo"));
	assert_int_equal(itest_int(r, "code"), ArSuccess);
	assert_string_equal(itest_str(r, "data"), "A-1");
	json_decref(r);
	assert_int_equal(nodec_leg_count(ctl), 2);

	/* the agent ends it: one row, with the call's first contact id */
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	ev = itest_expect(x, "OnReady", CerIdleNormalSelfHangup);
	assert_string_equal(itest_str(ev, "callID"), call_id);
	assert_int_equal(itest_int(ev, "contactID"), contact);
	json_decref(ev);
	rows_are(call_id, 1, "2002");
	rc_close(x);
	nodec_close(ctl);
}

static void held_call_resumes(void **state)
{
	struct nodec *ctl;
	struct rc *x;
	char call_id[64];
	json_t *r;

	(void)state;
	ctl = pair_up(NODE_INI);
	x = rc_connect(P.cti.agent_port);
	json_decref(answered(x, ctl, call_id, sizeof(call_id)));
	assert_int_equal(itest_code(x, "Hold", NULL), ArSuccess);
	itest_expect_drop(x, "OnSuspended", -1);
	itest_sleep_ms(200);
	rc_close(x);
	cti_crash_and_back();

	x = rc_connect(P.cti.agent_port);
	r = signin_again(x);
	assert_int_equal(itest_int(r, "agentStatus"), AsSuspendedState);
	json_decref(r);
	assert_int_equal(itest_code(x, "Retrieve", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkSelfRetrieve);
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	rc_close(x);
	nodec_close(ctl);
}

/* The waiting calls of 示例 (GetSkillWaitingCallInfo's data), parsed. */
static json_t *waiting(struct rc *c)
{
	json_t *r = rc_call(c, "GetSkillWaitingCallInfo",
			    json_pack("{s:s}", "skill", "示例"));
	json_t *d;

	assert_int_equal(itest_int(r, "code"), ArSuccess);
	d = json_loads(itest_str(r, "data"), 0, NULL);
	assert_non_null(d);
	json_decref(r);
	return d;
}

static void queue_order_kept(void **state)
{
	static const char *const anis[] = {"13900000001", "13900000002",
					   "13900000003"};
	char ids[3][64];
	long long start[3];
	struct nodec *ctl;
	struct rc *x, *a;
	json_t *q, *ev;

	(void)state;
	ctl = pair_up(NODE_INI);
	a = itest_admin(&P.cti);
	for (int i = 0; i < 3; i++) {
		customer(ctl, anis[i], ids[i], sizeof(ids[i]));
		itest_sleep_ms(50);
	}
	q = waiting(a);
	assert_int_equal(json_array_size(q), 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(itest_str(json_array_get(q, i), "callId"),
				    ids[i]);
		start[i] = itest_int(json_array_get(q, i), "startTime");
	}
	json_decref(q);
	itest_sleep_ms(200);
	rc_close(a);
	cti_crash_and_back();

	/* the same calls, the same order, the same waiting time */
	a = itest_admin(&P.cti);
	q = waiting(a);
	assert_int_equal(json_array_size(q), 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(itest_str(json_array_get(q, i), "callId"),
				    ids[i]);
		assert_int_equal(itest_int(json_array_get(q, i), "startTime"),
				 start[i]);
	}
	json_decref(q);

	/* and an agent takes them in that order */
	x = rc_connect(P.cti.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1882", "示例"), ArSuccess);
	for (int i = 0; i < 3; i++) {
		ev = itest_expect(x, "OnAlerting", -1);
		assert_string_equal(itest_str(ev, "callID"), ids[i]);
		json_decref(ev);
		assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
		itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
		assert_int_equal(itest_code(x, "ReleaseCall", NULL),
				 ArSuccess);
	}
	rc_close(a);
	rc_close(x);
	nodec_close(ctl);
}

static void stop_leaves_calls(void **state)
{
	struct nodec *ctl;
	struct rc *x;
	char call_id[64];

	(void)state;
	ctl = pair_up(NODE_INI);
	x = rc_connect(P.cti.agent_port);
	json_decref(answered(x, ctl, call_id, sizeof(call_id)));
	rc_close(x);
	daemon_stop(&P.cti);
	assert_true(itest_wait_log(&P.node, "CTI gone, keeping 2 legs",
				   2000));
	daemon_restart(&P.cti);
	assert_true(itest_wait_log(&P.cti, "handed to the core", 5000));
	rows_are(call_id, 0, NULL);

	x = rc_connect(P.cti.agent_port);
	json_decref(signin_again(x));
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	rows_are(call_id, 1, "2002");
	rc_close(x);
	nodec_close(ctl);
}

/* The err of the next ack on c. */
static long long ack(struct nodec *c)
{
	json_t *f;
	long long err;

	while ((f = nodec_read(c, ITEST_TIMEOUT_MS)) &&
	       strcmp(itest_str(f, "t"), "ack"))
		json_decref(f);
	assert_non_null(f);
	err = itest_int(f, "err");
	json_decref(f);
	return err;
}

static void ended_while_away(void **state)
{
	struct nodec *ctl;
	struct rc *x;
	char talking[64], queued[64];
	json_t *r;

	(void)state;
	ctl = pair_up(NODE_INI);
	x = rc_connect(P.cti.agent_port);
	json_decref(answered(x, ctl, talking, sizeof(talking)));
	customer(ctl, "13900000009", queued, sizeof(queued));
	itest_sleep_ms(200);
	rc_close(x);
	daemon_kill9(&P.cti);
	assert_true(itest_wait_log(&P.node, "CTI gone", 2000));
	/* both customers give up while nobody leads */
	r = nodec_ctl(ctl, "sim_hangup", json_pack("{s:s}", "party", talking));
	assert_int_equal(itest_int(r, "err"), 0);
	json_decref(r);
	r = nodec_ctl(ctl, "sim_hangup", json_pack("{s:s}", "party", queued));
	assert_int_equal(itest_int(r, "err"), 0);
	json_decref(r);
	daemon_restart(&P.cti);
	assert_true(itest_wait_log(&P.cti, "handed to the core", 5000));

	rows_are(talking, 1, "2002");
	rows_are(queued, 1, NULL);   /* abandoned: a row, no agent */
	/* the agent's phone leg went with the call */
	assert_int_equal(nodec_leg_count(ctl), 0);
	nodec_close(ctl);
}

static void orphan_timeout_rows(void **state)
{
	struct nodec *ctl;
	struct rc *x;
	char call_id[64];

	(void)state;
	ctl = pair_up("[switch]\norphan_timeout = 1\n"
		      "node_heartbeat_ms = 1000\n");
	x = rc_connect(P.cti.agent_port);
	json_decref(answered(x, ctl, call_id, sizeof(call_id)));
	itest_sleep_ms(200);
	rc_close(x);
	daemon_kill9(&P.cti);
	assert_true(itest_wait_log(&P.node, "no CTI for 1000 ms", 3000));
	assert_int_equal(nodec_leg_count(ctl), 0);
	daemon_restart(&P.cti);
	assert_true(itest_wait_log(&P.cti, "handed to the core", 5000));
	rows_are(call_id, 1, "2002");
	nodec_close(ctl);
}

/* An attach with note on leg as master with token 1; the ack's err. */
static long long attach(struct nodec *c, long long leg, json_t *note)
{
	nodec_send(c, json_pack("{s:s, s:i, s:i, s:s, s:I, s:o}", "t", "cmd",
				"token", 1, "seq", 2, "op", "attach", "leg",
				(json_int_t)leg, "note", note));
	return ack(c);
}

static void bad_notes_refused(void **state)
{
	const long long leg = (1LL << 62) | 1;
	json_t *many = json_object(), *f;
	struct nodec *a, *b;

	(void)state;
	node_pair_start_node(&P, NODE_INI, false);
	a = nodec_connect(P.node.node_port);
	json_decref(nodec_hello(a, "master", 1));
	nodec_send(a, json_pack("{s:s, s:i, s:i, s:s, s:I, s:s, s:s, s:s}",
				"t", "cmd", "token", 1, "seq", 1, "op",
				"originate", "leg", (json_int_t)leg, "kind",
				"phone", "dest", "1883", "caller", "4000"));
	assert_int_equal(ack(a), 0);
	assert_int_equal(attach(a, leg, json_pack("{s:s, s:s}", "call",
						  "cc-1", "party", "x")), 0);
	for (int i = 0; i < 17; i++) {
		char key[8];

		snprintf(key, sizeof(key), "k%d", i);
		json_object_set_new(many, key, json_string(""));
	}
	assert_int_equal(attach(a, leg, many), EINVAL);
	assert_int_equal(attach(a, leg, json_pack("{s:i}", "call", 5)),
			 EINVAL);
	assert_int_equal(attach(a, leg, json_pack("{s:s}", "held", "yes")),
			 EINVAL);
	assert_int_equal(attach(a, leg, json_pack("{s:i}", "start", -1)),
			 EINVAL);
	assert_int_equal(attach(a, leg, json_string("x")), EINVAL);

	/* the next master reads the last good note */
	b = nodec_connect(P.node.node_port);
	json_decref(nodec_hello(b, "master", 2));
	while ((f = nodec_read(b, ITEST_TIMEOUT_MS)) &&
	       strcmp(itest_str(f, "t"), "leg"))
		json_decref(f);
	assert_non_null(f);
	assert_string_equal(itest_str(json_object_get(f, "note"), "call"),
			    "cc-1");
	assert_string_equal(itest_str(json_object_get(f, "note"), "party"),
			    "x");
	json_decref(f);
	nodec_close(a);
	nodec_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(talking_call_resumes, teardown),
		cmocka_unit_test_teardown(held_call_resumes, teardown),
		cmocka_unit_test_teardown(queue_order_kept, teardown),
		cmocka_unit_test_teardown(stop_leaves_calls, teardown),
		cmocka_unit_test_teardown(ended_while_away, teardown),
		cmocka_unit_test_teardown(orphan_timeout_rows, teardown),
		cmocka_unit_test_teardown(bad_notes_refused, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
