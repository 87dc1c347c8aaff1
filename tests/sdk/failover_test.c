/*
 * failover_test.c — connection loss and CTI failover (AGENTBAR-API.md
 * section 1) between two fake servers, main and back: OnCTIDisconnect,
 * reconnect, re-sign-in (resuming the agent's state), OnMasterChanged /
 * OnOperationFailed, heartbeat loss, a hung main (its re-sign-in
 * unanswered: on to the backup), an agent signed in elsewhere, and
 * UnInitial stopping it all.
 *
 * Main and back listen on different ports of 127.0.0.1 ("host:port" in
 * MainCTIIP / BackCTIIP); the intervals are shortened through timers.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_server.h"
#include "../../lib/agentbar/timers.h"

struct ctx {
	struct fake main, back;
	bool main_up, back_up;
	struct recorder r;
	AgentBar *bar;
};

static void set_server(AgentBar *bar, const char *prop, int port)
{
	char spec[64];

	snprintf(spec, sizeof(spec), "127.0.0.1:%d", port);
	assert_int_equal(ab_SetProperty(bar, prop, spec), ArSuccess);
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c || fake_start(&c->main, 0) || fake_start(&c->back, 0))
		return -1;
	c->main_up = c->back_up = true;
	c->bar = bar_for(&c->main, &c->r);
	if (!c->bar)
		return -1;
	/* until_connected() asks this */
	fake_always(&c->main, "GetSysInfo", json_pack("{s:{s:i, s:s}}",
		    "result", "code", 0, "data", "{}"));
	fake_always(&c->back, "GetSysInfo", json_pack("{s:{s:i, s:s}}",
		    "result", "code", 0, "data", "{}"));
	set_server(c->bar, "MainCTIIP", c->main.port);
	set_server(c->bar, "BackCTIIP", c->back.port);
	abi_set_timers(c->bar, 10000, 3, 20, 100);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	ab_Destroy(c->bar);
	if (c->main_up)
		fake_stop(&c->main);
	if (c->back_up)
		fake_stop(&c->back);
	rec_free(&c->r);
	free(c);
	return 0;
}

static void stop_main(struct ctx *c)
{
	fake_stop(&c->main);
	c->main_up = false;
}

static void signed_in(struct ctx *c)
{
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
	assert_true(fake_wait_connections(&c->main, 1));
}

static void assert_event(struct ctx *c, size_t i, const char *name,
			 int reason)
{
	assert_true(rec_wait(&c->r, i + 1));
	assert_string_equal(rec_name(&c->r, i), name);
	assert_int_equal(rec_int(&c->r, i, "reason"), reason);
}

/* Query until the bar is connected again (bounded by WAIT_MS). */
static int until_connected(struct ctx *c)
{
	long long end = fake_now_ms() + WAIT_MS;
	int rc;

	do {
		char *s = ab_GetSysInfo(c->bar);
		ab_FreeString(s);
		rc = ab_LastError(c->bar);
		if (rc != AGENTBARERROR_BGCC_EXCEPTION)
			break;
		usleep(10000);
	} while (fake_now_ms() < end);
	return rc;
}

static void test_failover_to_back(void **state)
{
	struct ctx *c = *state;
	json_t *p;

	ab_SetForceSignIn(c->bar, 0);
	signed_in(c);
	stop_main(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_MASTERCHANGE);
	assert_event(c, 2, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	/* signed in again with the same properties, forcing it */
	p = fake_wait(&c->back, "SignIn", 1);
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "AgentID")),
			    "2002");
	assert_string_equal(json_string_value(json_object_get(p,
			    "ServiceList")), "示例=3");
	assert_true(json_is_true(json_object_get(p, "ForceSignIn")));
	json_decref(p);
	assert_int_equal(ab_GetIsSignIn(c->bar), 1);
	assert_int_equal(ab_SetBusy(c->bar), ArSuccess);
	assert_int_equal(fake_count(&c->back, "SetBusy"), 1);
	assert_int_equal(rec_count(&c->r), 3);
}

static void test_resignin_keeps_reset_skills(void **state)
{
	struct ctx *c = *state;
	json_t *p;

	signed_in(c);
	assert_int_equal(ab_ResetSkill(c->bar, "投诉=2"), ArSuccess);
	stop_main(c);
	assert_event(c, 2, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	p = fake_wait(&c->back, "SignIn", 1);
	assert_string_equal(json_string_value(json_object_get(p,
			    "ServiceList")), "投诉=2");
	json_decref(p);
}

static void test_not_signed_in(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_true(fake_wait_connections(&c->main, 1));
	stop_main(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_MASTERCHANGE);
	assert_int_equal(until_connected(c), 0);
	assert_int_equal(fake_count(&c->back, "SignIn"), 0);
	assert_int_equal(rec_count(&c->r), 2);
}

static void test_resignin_failed(void **state)
{
	struct ctx *c = *state;

	fake_always(&c->back, "SignIn", json_pack("{s:{s:i}}", "result",
		    "code", ArAgentPasswordError));
	signed_in(c);
	stop_main(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_MASTERCHANGE);
	assert_event(c, 2, "OnOperationFailed", EVENTREASON_ACD_RELOGINFAILED);
	assert_int_equal(ab_GetIsSignIn(c->bar), 0);
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_BAR_UNSIGNIN);
	/* still connected: the application may sign in by hand */
	fake_always(&c->back, "SignIn", json_pack("{s:{s:i}}", "result",
		    "code", 0));
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
}

static void test_backup_not_master_yet(void **state)
{
	struct ctx *c = *state;

	fake_script(&c->back, "SignIn", json_pack("{s:{s:i}}", "result",
		    "code", ArNotMaster));
	fake_script(&c->back, "SignIn", json_pack("{s:{s:i}}", "result",
		    "code", ArNotMaster));
	fake_script(&c->back, "SignIn", json_pack("{s:{s:i, s:i}}", "result",
		    "code", 0, "agentStatus", AsReadyState));
	signed_in(c);
	stop_main(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_MASTERCHANGE);
	assert_event(c, 2, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(fake_count(&c->back, "SignIn"), 3);
	assert_int_equal(rec_count(&c->r), 3);
	assert_int_equal(ab_GetIsSignIn(c->bar), 1);
}

/* The main takes the bar back but never answers its re-sign-in (a hung
 * process: the kernel still accepts): after TimeOut the bar tries the
 * backup, which serves it. */
static void test_hung_main_goes_to_back(void **state)
{
	struct ctx *c = *state;

	fake_script(&c->main, "SignIn", json_pack("{s:{s:i, s:i}}", "result",
		    "code", 0, "agentStatus", AsReadyState));
	fake_script(&c->main, "SignIn", json_pack("{s:b}", "silent", 1));
	ab_SetTimeOut(c->bar, 300);
	signed_in(c);
	fake_drop(&c->main);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_MASTERCHANGE);
	assert_event(c, 2, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(fake_count(&c->main, "SignIn"), 2);
	assert_int_equal(fake_count(&c->back, "SignIn"), 1);
	assert_int_equal(ab_GetIsSignIn(c->bar), 1);
}

static void test_same_server_comes_back(void **state)
{
	struct ctx *c = *state;
	int port = c->main.port;

	ab_SetBackCTIIP(c->bar, "");
	signed_in(c);
	stop_main(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	/* while down, methods fail at once instead of waiting */
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_BGCC_EXCEPTION);
	assert_int_equal(fake_start(&c->main, port), 0);
	c->main_up = true;
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(fake_count(&c->main, "SignIn"), 1);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
	assert_int_equal(rec_count(&c->r), 2);
}

/* The server signs the agent out with `reason`, then closes the link. */
static void signed_out_by_server(struct ctx *c, int reason)
{
	signed_in(c);
	fake_state_event(&c->main, AsUnLoginState, CeUnKnownEvent, "", "",
			 reason);
	fake_drop(&c->main);
	assert_event(c, 0, "OnUnLogin", reason);
	assert_event(c, 1, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_true(fake_wait_connections(&c->main, 2));
}

static void test_signed_in_elsewhere(void **state)
{
	struct ctx *c = *state;

	signed_out_by_server(c, CerUnloginResignin);
	assert_int_equal(until_connected(c), 0);
	/* back on main, and not signed in again */
	assert_int_equal(fake_count(&c->main, "SignIn"), 1);
	assert_int_equal(fake_count(&c->back, "SignIn"), 0);
	assert_int_equal(ab_GetIsSignIn(c->bar), 0);
	assert_int_equal(rec_count(&c->r), 2);
}

static void test_forced_out(void **state)
{
	struct ctx *c = *state;

	signed_out_by_server(c, CerUnloginOtherForceout);
	assert_int_equal(until_connected(c), 0);
	assert_int_equal(fake_count(&c->main, "SignIn"), 1);
	assert_int_equal(ab_GetIsSignIn(c->bar), 0);
}

static void test_server_shutdown_resumes(void **state)
{
	struct ctx *c = *state;

	/* a server going down signs everybody out first (CerUnloginElse) */
	signed_out_by_server(c, CerUnloginElse);
	assert_event(c, 2, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(fake_count(&c->main, "SignIn"), 2);
	assert_int_equal(ab_GetIsSignIn(c->bar), 1);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
}

static void test_handover_to_backup_resumes(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	fake_state_event(&c->main, AsUnLoginState, CeUnKnownEvent, "", "",
			 CerUnloginBackup);
	assert_event(c, 0, "OnUnLogin", CerUnloginBackup);
	assert_int_equal(ab_GetIsSignIn(c->bar), 0);
	stop_main(c);
	assert_event(c, 1, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_event(c, 2, "OnMasterChanged", EVENTREASON_ACD_MASTERCHANGE);
	assert_event(c, 3, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(fake_count(&c->back, "SignIn"), 1);
	assert_int_equal(ab_GetIsSignIn(c->bar), 1);
}

/* The main sends the state event (status, reason), then dies: the
 * re-sign-in on the back, whose params are returned. */
static json_t *resigned_in_after(struct ctx *c, int status, int reason)
{
	fake_state_event(&c->main, status, CeUnKnownEvent, "", "", reason);
	assert_event(c, 0, ab_StatusEventName(status), reason);
	stop_main(c);
	assert_event(c, 3, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	return fake_wait(&c->back, "SignIn", 1);
}

static void assert_resumes(json_t *p, int status, const char *reason)
{
	json_t *r = json_object_get(p, "ResumeReason");

	assert_int_equal(json_integer_value(json_object_get(p,
			 "ResumeStatus")), status);
	if (reason)
		assert_string_equal(json_string_value(r), reason);
	else
		assert_null(r);
	json_decref(p);
}

static void test_resignin_resumes_busy(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_resumes(resigned_in_after(c, AsBusyState, CerIdleSelfSet),
		       AsBusyState, NULL);
}

static void test_resignin_resumes_ready(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_resumes(resigned_in_after(c, AsReadyState, CerIdleIdle),
		       AsReadyState, NULL);
}

static void test_resignin_resumes_rest_reason(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_int_equal(ab_SetRest(c->bar, "午饭"), ArSuccess);
	/* a refused reason is not the one the agent rests with */
	fake_script(&c->main, "SetAgentStatus", json_pack("{s:{s:i}}",
		    "result", "code", ArInvalidParam));
	assert_int_equal(ab_SetAgentStatus(c->bar, AsRestState, "nope"),
			 ArInvalidParam);
	assert_resumes(resigned_in_after(c, AsRestState, CerIdleSelfSet),
		       AsRestState, "午饭");
}

/* Busy after a call (wrap-up) is the server's to decide: nothing sent */
static void test_resignin_after_call_sends_no_state(void **state)
{
	struct ctx *c = *state;
	json_t *p;

	signed_in(c);
	p = resigned_in_after(c, AsBusyState, CerIdleNormalOtherHangup);
	assert_null(json_object_get(p, "ResumeStatus"));
	json_decref(p);
}

/* the state the server's shutdown interrupted, not "signed out" */
static void test_handover_resumes_state(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_int_equal(ab_SetAgentStatus(c->bar, AsRestState, "培训"),
			 ArSuccess);
	fake_state_event(&c->main, AsRestState, CeUnKnownEvent, "", "",
			 CerIdleSelfSet);
	fake_state_event(&c->main, AsUnLoginState, CeUnKnownEvent, "", "",
			 CerUnloginBackup);
	assert_event(c, 1, "OnUnLogin", CerUnloginBackup);
	stop_main(c);
	assert_event(c, 4, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_resumes(fake_wait(&c->back, "SignIn", 1), AsRestState, "培训");
}

static void test_heartbeat_loss(void **state)
{
	struct ctx *c = *state;

	abi_set_timers(c->bar, 30, 3, 20, 100);
	/* three heartbeats unanswered, then answers: scripted up front, as
	 * the bar may be back within its 20 ms before this thread runs */
	for (int i = 0; i < 3; i++)
		fake_script(&c->main, "Heartbeat", json_pack("{s:b}",
							   "silent", 1));
	fake_script(&c->main, "Heartbeat", json_pack("{s:{s:i}}", "result",
						     "code", 0));
	signed_in(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_true(fake_count(&c->main, "Heartbeat") >= 3);
	/* main still answers: back on it, signed in again */
	assert_event(c, 1, "OnMasterChanged", EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(fake_count(&c->main, "SignIn"), 2);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
}

static void test_uninitial_stops_everything(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_int_equal(ab_UnInitial(c->bar), ArSuccess);
	assert_int_equal(fake_count(&c->main, "SignOut"), 1);
	/* with 20 ms between rounds a reconnect would show by now */
	usleep(200000);
	assert_int_equal(c->main.connections, 1);
	assert_int_equal(c->back.connections, 0);
	assert_int_equal(rec_count(&c->r), 0);
}

static void test_uninitial_while_reconnecting(void **state)
{
	struct ctx *c = *state;

	/* a long pause between rounds: UnInitial must cut it short */
	abi_set_timers(c->bar, 10000, 3, 60000, 60000);
	ab_SetBackCTIIP(c->bar, "");
	signed_in(c);
	stop_main(c);
	assert_event(c, 0, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
	assert_int_equal(ab_UnInitial(c->bar), ArSuccess);
	assert_int_equal(ab_GetIsInitial(c->bar), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_failover_to_back),
		T(test_resignin_keeps_reset_skills),
		T(test_not_signed_in),
		T(test_resignin_failed),
		T(test_backup_not_master_yet),
		T(test_hung_main_goes_to_back),
		T(test_same_server_comes_back),
		T(test_signed_in_elsewhere),
		T(test_forced_out),
		T(test_server_shutdown_resumes),
		T(test_handover_to_backup_resumes),
		T(test_resignin_resumes_busy),
		T(test_resignin_resumes_ready),
		T(test_resignin_resumes_rest_reason),
		T(test_resignin_after_call_sends_no_state),
		T(test_handover_resumes_state),
		T(test_heartbeat_loss),
		T(test_uninitial_stops_everything),
		T(test_uninitial_while_reconnecting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
