/*
 * private_queue_test.c — private queues over the wire: a route to an agent
 * id, a busy agent getting OnInprivatequeue, GetPrivateQueue and the
 * counters (privQueueNum, privQueueCalls), JumptheQueue, and the calls
 * served before skill calls with OnOutprivatequeue once the agent is
 * Ready; a single-step transfer to a busy agent lands there too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

/* The group's daemon (itest_daemon_setup). */
static struct daemon *const D = &itest_daemon;

static long long data_int(struct rc *c, const char *method, json_t *params,
			  const char *key)
{
	json_t *r = rc_call(c, method, params), *d = rc_data_json(r);
	long long v = json_integer_value(json_object_get(d, key));

	json_decref(d);
	json_decref(r);
	return v;
}

static void route_to_agent_and_jump(void **state)
{
	struct rc *a = rc_connect(D->agent_port);
	struct rc *y = rc_connect(D->agent_port);
	char c1[64], c2[64], c3[64];
	json_t *ev, *r, *q;
	long long req2;

	(void)state;
	assert_int_equal(itest_admin_login(a), ArSuccess);
	assert_int_equal(itest_code(a, "Admin.AddRoute", json_pack(
		"{s:s, s:s, s:s}", "access", "4200", "kind", "agent",
		"target", "2003")), ArSuccess);
	assert_int_equal(itest_signin(y, "2003", "1883", "示例"), ArSuccess);
	assert_int_equal(itest_code(y, "SetBusy", NULL), ArSuccess);
	rc_drain(y, 50);

	assert_int_equal(itest_sim_inbound(a, "13800000001", "4200", c1,
					   sizeof(c1)), ArSuccess);
	ev = itest_expect(y, "OnInprivatequeue", -1);
	assert_string_equal(itest_str(ev, "callID"), c1);
	assert_string_equal(itest_str(ev, "originalANI"), "13800000001");
	assert_string_equal(itest_str(ev, "originalDNIS"), "4200");
	json_decref(ev);
	assert_int_equal(itest_sim_inbound(a, "13800000002", "4200", c2,
					   sizeof(c2)), ArSuccess);
	json_decref(itest_expect(y, "OnInprivatequeue", -1));
	/* a skill call waits too, but private calls go first */
	assert_int_equal(itest_sim_inbound(a, "13800000003", "4000", c3,
					   sizeof(c3)), ArSuccess);

	r = rc_call(y, "GetPrivateQueue", json_pack("{s:s}", "agentID",
						     "2003"));
	q = rc_data_json(r);
	assert_int_equal(json_array_size(q), 2);
	assert_string_equal(itest_str(json_array_get(q, 0), "callId"), c1);
	req2 = json_integer_value(json_object_get(json_array_get(q, 1),
						  "requestId"));
	json_decref(q);
	json_decref(r);
	assert_int_equal(data_int(y, "GetAgentDetailByAgentID", json_pack(
		"{s:s}", "AgentID", "2003"), "privQueueNum"), 2);
	assert_int_equal(data_int(a, "GetSysInfo", NULL, "privQueueCalls"), 2);

	assert_int_equal(itest_code(a, "JumptheQueue", json_pack(
		"{s:I}", "requestId", (json_int_t)req2)), ArSuccess);
	assert_int_equal(itest_code(a, "JumptheQueue", json_pack(
		"{s:I}", "requestId", (json_int_t)987654321)),
			 ArRouteRequestNotExist);

	assert_int_equal(itest_code(y, "SetIdle", NULL), ArSuccess);
	ev = itest_expect(y, "OnOutprivatequeue", -1);
	assert_string_equal(itest_str(ev, "callID"), c2);   /* it jumped */
	json_decref(ev);
	ev = itest_expect(y, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), c2);
	json_decref(ev);
	itest_sim_hangup(a, c2);
	json_decref(itest_expect(y, "OnReady", -1));
	ev = itest_expect(y, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), c1);
	json_decref(ev);
	itest_sim_hangup(a, c1);
	json_decref(itest_expect(y, "OnReady", -1));
	ev = itest_expect(y, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), c3);   /* the skill call */
	json_decref(ev);
	itest_sim_hangup(a, c3);
	rc_close(y);
	rc_close(a);
}

static void single_step_to_busy_agent(void **state)
{
	struct rc *a = rc_connect(D->agent_port);
	struct rc *x = rc_connect(D->agent_port);
	struct rc *y = rc_connect(D->agent_port);
	char c1[64];
	json_t *ev;

	(void)state;
	assert_int_equal(itest_admin_login(a), ArSuccess);
	assert_int_equal(itest_signin(y, "2007", "1887", "投诉"), ArSuccess);
	assert_int_equal(itest_code(y, "SetBusy", NULL), ArSuccess);
	assert_int_equal(itest_signin(x, "2006", "1886", "咨询"), ArSuccess);
	json_decref(itest_expect(x, "OnReady", -1));          /* the sign-in's */
	assert_int_equal(itest_sim_inbound(a, "13800000009", "4002", c1,
					   sizeof(c1)), ArSuccess);
	json_decref(itest_expect(x, "OnAlerting", -1));
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	json_decref(itest_expect(x, "OnConnected", -1));
	assert_int_equal(itest_code(x, "SingleStepTransfer", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "transferNum", "2007",
		"showANI", "", "showDest", "", "transferStyle", 0,
		"transferType", 0)), ArSuccess);
	ev = itest_expect(x, "OnReady", -1);
	assert_int_equal(json_integer_value(json_object_get(ev, "reason")),
			 CerIdleNormalSelfHangup);
	json_decref(ev);
	ev = itest_expect(y, "OnInprivatequeue", -1);
	assert_string_equal(itest_str(ev, "callID"), c1);
	json_decref(ev);
	assert_int_equal(itest_code(y, "SetIdle", NULL), ArSuccess);
	json_decref(itest_expect(y, "OnOutprivatequeue", -1));
	ev = itest_expect(y, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), "13800000009");
	json_decref(ev);
	itest_sim_hangup(a, c1);
	rc_close(x);
	rc_close(y);
	rc_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_to_agent_and_jump),
		cmocka_unit_test(single_step_to_busy_agent),
	};

	return cmocka_run_group_tests(tests, itest_daemon_setup,
				      itest_daemon_teardown);
}
