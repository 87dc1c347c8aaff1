/*
 * ivr_test.c — IVR flows end to end: Admin.SetIvrFlow (bad scripts
 * refused), a route to the flow, a customer who presses a key, the flow
 * queueing the customer for a skill with the key as call data, the agent
 * who answers reading it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

static void flow_admin_and_menu(void **state)
{
	struct daemon d;
	struct rc *a, *x;
	char call_id[64];
	json_t *r, *ev;

	(void)state;
	daemon_start(&d, NULL);
	a = itest_admin(&d);
	assert_int_equal(itest_code(a, "Admin.SetIvrFlow", json_pack(
		"{s:s, s:s}", "name", "menu", "script", "prompt:x;dance")),
			 ArInvalidParam);
	assert_int_equal(itest_code(a, "Admin.SetIvrFlow", json_pack(
		"{s:s, s:s}", "name", "menu", "script", "collect:k:12")),
			 ArInvalidParam);
	assert_int_equal(itest_code(a, "Admin.SetIvrFlow", json_pack(
		"{s:s, s:s}", "name", "menu", "script",
		"prompt:welcome;collect:choice:12:5;setdata:via=ivr;"
		"skill:咨询")), ArSuccess);
	assert_int_equal(itest_code(a, "Admin.AddRoute", json_pack(
		"{s:s, s:s, s:s}", "access", "4300", "kind", "ivr",
		"target", "nosuch")), ArInvalidParam);
	assert_int_equal(itest_code(a, "Admin.AddRoute", json_pack(
		"{s:s, s:s, s:s}", "access", "4300", "kind", "ivr",
		"target", "menu")), ArSuccess);
	r = rc_call(a, "Admin.ListIvrFlows", NULL);
	assert_int_equal(json_array_size(json_object_get(r, "data")), 2);
	json_decref(r);

	assert_int_equal(itest_sim_inbound(a, "13800000000", "4300", call_id,
					   sizeof(call_id)), ArSuccess);
	r = rc_call(a, "GetSysInfo", NULL);
	{
		json_t *d2 = rc_data_json(r);

		assert_int_equal(json_integer_value(json_object_get(d2,
							"ivrCalls")), 1);
		json_decref(d2);
	}
	json_decref(r);
	rc_drain(a, 1200);                /* the prompt */
	assert_int_equal(itest_code(a, "Sim.SendDTMF", json_pack(
		"{s:s, s:s}", "party", call_id, "digits", "2")), ArSuccess);
	rc_drain(a, 100);

	x = rc_connect(d.agent_port);
	assert_int_equal(itest_signin(x, "2005", "1885", "咨询"), ArSuccess);
	ev = rc_wait_event(x, "OnAlerting", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	assert_string_equal(json_string_value(json_object_get(ev, "callID")),
			    call_id);
	json_decref(ev);
	assert_int_equal(itest_sim_answer(a, "1885"), ArSuccess);
	json_decref(rc_wait_event(x, "OnConnected", ITEST_TIMEOUT_MS));
	r = rc_call(x, "GetCallData", json_pack("{s:s}", "key", "choice"));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_string_equal(rc_data(r), "2");
	json_decref(r);
	r = rc_call(x, "GetCallData", json_pack("{s:s}", "key", "via"));
	assert_string_equal(rc_data(r), "ivr");
	json_decref(r);
	assert_int_equal(itest_code(a, "Admin.DeleteIvrFlow", json_pack(
		"{s:s}", "name", "menu")), ArSuccess);
	/* gone: ArFailed, "IVR flow does not exist" */
	assert_int_equal(itest_code(a, "Admin.DeleteIvrFlow", json_pack(
		"{s:s}", "name", "menu")), ArFailed);
	rc_close(x);
	rc_close(a);
	daemon_stop(&d);
	daemon_cleanup(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flow_admin_and_menu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
