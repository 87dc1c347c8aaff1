/*
 * flows_test.c — the agent flows of CALL-FLOWS.md end to end, over raw
 * JSON-RPC against a real daemon on the sim switch: sign-in failures,
 * inbound (answer, both hangups, ring timeout, abandon), routing to the
 * longest idle, 50 calls drained by 5 agents, outbound and internal calls,
 * ForceSignIn, heartbeat loss, queries, persistence across a restart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

/* The group's daemon (itest_daemon_setup). */
static struct daemon *const D = &itest_daemon;

static void signin_failures(void **state)
{
	struct rc *c = rc_connect(D->agent_port), *c2;

	(void)state;
	assert_int_equal(itest_signin_with(c, "9999", "x", "1881", "示例", true,
					   false), ArAgentIdNotExist);
	assert_int_equal(itest_signin_with(c, "2002", "bad", "1881", "示例",
					   true, false), ArAgentPasswordError);
	assert_int_equal(itest_signin_with(c, "2002", "2002123", "", "示例",
					   true, false), ArAgentDnIsEmpty);
	assert_int_equal(itest_signin_with(c, "2002", "2002123", "1881", "",
					   true, false), ArSkillIsEmpty);
	assert_int_equal(itest_signin_with(c, "2002", "2002123", "1881", "没有",
					   true, false), ArSkillNotExist);
	/* before sign-in, agent methods answer ArNoSignin */
	assert_int_equal(itest_code(c, "SetIdle", NULL), ArNoSignin);
	assert_int_equal(itest_signin_with(c, "2002", "2002123", "1881", "示例",
					   true, false), ArSuccess);
	itest_expect_drop(c, "OnReady", CerIdleSelfLogin);
	/* a second SignIn on the same connection */
	assert_int_equal(itest_signin_with(c, "2002", "2002123", "1881", "示例",
					   true, false), ArHasSigned);
	c2 = rc_connect(D->agent_port);
	assert_int_equal(itest_signin_with(c2, "2003", "2003123", "1881", "示例",
					   true, false), ArAgentDnBeOccupied);
	assert_int_equal(itest_signin_with(c2, "2002", "2002123", "1882", "示例",
					   false, false), ArHasSigned);
	/* five wrong passwords lock the id out */
	for (int i = 0; i < 5; i++)
		assert_int_equal(itest_signin_with(c2, "2010", "no", "1890",
						   "示例", true, false),
				 ArAgentPasswordError);
	assert_int_equal(itest_signin_with(c2, "2010", "2010123", "1890", "示例",
					   true, false), ArTooManyAttempts);
	rc_close(c2);
	rc_close(c);
}

static void inbound_answer_and_hangups(void **state)
{
	struct rc *a = itest_admin(D), *x = rc_connect(D->agent_port);
	char call_id[64];
	json_t *ev, *r, *cdr;

	(void)state;
	assert_int_equal(itest_signin(x, "2002", "1889", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_sim_inbound(a, "13800000000", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	ev = itest_expect(x, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), call_id);
	assert_int_equal(itest_int(ev, "eventID"), CeInboundCallNormalCall);
	json_decref(ev);
	ev = itest_expect(x, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), "13800000000");
	assert_string_equal(itest_str(ev, "originalANI"), "13800000000");
	assert_string_equal(itest_str(ev, "originalDNIS"), "4000");
	assert_int_equal(itest_int(ev, "otherPartyAttribute"), PaNormal);
	assert_int_equal(itest_int(ev, "agentStatus"), AsAlertingState);
	json_decref(ev);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	ev = itest_expect(x, "OnConnected", CerTalkOtherCreat);
	assert_int_equal(itest_int(ev, "eventID"),
			 CeThisPartyAnsweredNormalCall);
	json_decref(ev);

	r = rc_call(x, "GetCallingNo", NULL);
	assert_string_equal(rc_data(r), "13800000000");
	json_decref(r);
	r = rc_call(x, "GetOrgCalledNo", NULL);
	assert_string_equal(rc_data(r), "4000");
	json_decref(r);
	r = rc_call(a, "Sim.Parties", json_pack("{s:s}", "callID", call_id));
	assert_int_equal(rc_code(r), ArSuccess);
	json_decref(r);

	/* the customer hangs up */
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalOtherHangup);

	/* second call, the agent hangs up */
	assert_int_equal(itest_sim_inbound(a, "13800000001", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(x, "OnAlerting", -1);
	/* the phone picks up */
	assert_int_equal(itest_sim_answer(a, "1889"), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);

	r = rc_call(a, "Admin.ListCDR", json_pack("{s:i}", "limit", 10));
	assert_int_equal(rc_code(r), ArSuccess);
	cdr = json_object_get(r, "data");
	assert_true(json_array_size(cdr) >= 2);
	json_decref(r);
	rc_close(x);
	rc_close(a);
}

static void ring_timeout_then_next_agent(void **state)
{
	struct rc *a = itest_admin(D), *x = rc_connect(D->agent_port),
		*y = rc_connect(D->agent_port);
	char call_id[64];

	(void)state;
	assert_int_equal(itest_code(a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:s, s:i, s:i, s:i, s:s, s:i, s:b, s:i}",
		"name", "投诉", "strategy", "level-longest-idle",
		"ringTimeout", 1, "maxWait", 0, "maxWaitNoAgent", 0,
		"overflow", "", "wrapup", 0, "record", 0, "priority", 0)),
			 ArSuccess);
	assert_int_equal(itest_signin(x, "2004", "1884", "投诉"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_sim_inbound(a, "13800000002", "4001", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(x, "OnAlerting", -1);
	itest_expect_drop(x, "OnBusy", CerCallNoAnswer);
	assert_int_equal(itest_signin(y, "2005", "1885", "投诉"), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleSelfLogin);
	json_decref(itest_expect(y, "OnAlerting", -1));
	/* abandoned while ringing */
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleErrorOtherHangup);
	rc_close(y);
	rc_close(x);
	rc_close(a);
}

static void abandon_in_queue(void **state)
{
	struct rc *a = itest_admin(D);
	char call_id[64];
	json_t *r, *d;

	(void)state;
	assert_int_equal(itest_sim_inbound(a, "13800000003", "4002", call_id,
					   sizeof(call_id)), ArSuccess);
	r = rc_call(a, "GetSkillWaitingNumber", json_pack("{s:s}", "skill",
							   "咨询"));
	d = rc_data_json(r);
	assert_int_equal(itest_int(d, "queuenumber"), 1);
	assert_int_equal(itest_int(d, "freenumber"), 0);
	json_decref(d);
	json_decref(r);
	r = rc_call(a, "GetSkillWaitingCallInfo", json_pack("{s:s}", "skill",
							     "咨询"));
	d = rc_data_json(r);
	assert_int_equal(json_array_size(d), 1);
	assert_string_equal(itest_str(json_array_get(d, 0), "callId"), call_id);
	assert_string_equal(itest_str(json_array_get(d, 0), "origCaller"),
			    "13800000003");
	assert_true(itest_int(json_array_get(d, 0), "requestId") > 0);
	json_decref(d);
	json_decref(r);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	/* the abandon is processed from the daemon's loop: poll briefly */
	for (int i = 0; i < 50; i++) {
		r = rc_call(a, "GetSysInfo", NULL);
		d = rc_data_json(r);
		json_decref(r);
		if (itest_int(d, "queueCalls") == 0) {
			json_decref(d);
			break;
		}
		json_decref(d);
		rc_drain(a, 20);
		assert_true(i < 49);
	}
	rc_close(a);
}

static void longest_idle_gets_the_call(void **state)
{
	struct rc *a = itest_admin(D), *x = rc_connect(D->agent_port),
		*y = rc_connect(D->agent_port);
	char call_id[64];

	(void)state;
	assert_int_equal(itest_signin(x, "2006", "1886", "咨询"), ArSuccess);
	rc_drain(x, 100);
	assert_int_equal(itest_signin(y, "2007", "1887", "咨询"), ArSuccess);
	rc_drain(y, 100);
	assert_int_equal(itest_sim_inbound(a, "13800000004", "4002", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(x, "OnLock", -1);
	assert_null(rc_wait_event(y, "OnLock", 300));
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleErrorOtherHangup);
	/* x became Ready last: now y is idle longest */
	assert_int_equal(itest_sim_inbound(a, "13800000005", "4002", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(y, "OnLock", -1);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleErrorOtherHangup);
	rc_close(y);
	rc_close(x);
	rc_close(a);
}

/* 5 agents with AutoAnswer take 50 queued calls, each released at once;
 * every call is answered exactly once. */
static void fifty_calls_five_agents(void **state)
{
	struct rc *a = itest_admin(D), *ag[5];
	int served[50] = {0}, total = 0, i;
	char ids[50][64];
	json_t *r, *d;

	(void)state;
	for (i = 0; i < 50; i++)
		assert_int_equal(itest_sim_inbound(a, "13900000000", "4000",
						   ids[i], sizeof(ids[i])),
				 ArSuccess);
	for (i = 0; i < 5; i++) {
		char id[8], pw[16], dn[8];

		snprintf(id, sizeof(id), "%d", 2011 + i);
		snprintf(pw, sizeof(pw), "%d123", 2011 + i);
		snprintf(dn, sizeof(dn), "%d", 1891 + i);
		ag[i] = rc_connect(D->agent_port);
		assert_int_equal(itest_signin_with(ag[i], id, pw, dn, "示例",
						   true, true), ArSuccess);
	}
	while (total < 50) {
		bool progress = false;

		for (i = 0; i < 5; i++) {
			json_t *ev = rc_wait_event(ag[i], "OnConnected", 20);
			int k;

			if (!ev)
				continue;
			for (k = 0; k < 50; k++)
				if (0 == strcmp(ids[k], itest_str(ev, "callID")))
					served[k]++;
			json_decref(ev);
			assert_int_equal(itest_code(ag[i], "ReleaseCall", NULL),
					 ArSuccess);
			++total;
			progress = true;
		}
		if (!progress) {
			r = rc_call(a, "GetSysInfo", NULL);
			d = rc_data_json(r);
			json_decref(r);
			if (itest_int(d, "totalCalls") == 0)
				fail_msg("calls vanished: %d served", total);
			json_decref(d);
		}
	}
	for (i = 0; i < 50; i++)
		assert_int_equal(served[i], 1);
	r = rc_call(a, "GetSysInfo", NULL);
	d = rc_data_json(r);
	assert_int_equal(itest_int(d, "totalCalls"), 0);
	assert_int_equal(itest_int(d, "queueCalls"), 0);
	json_decref(d);
	json_decref(r);
	for (i = 0; i < 5; i++)
		rc_close(ag[i]);
	rc_close(a);
}

static void outbound_calls(void **state)
{
	struct rc *a = itest_admin(D), *x = rc_connect(D->agent_port),
		*y = rc_connect(D->agent_port);
	json_t *ev;

	(void)state;
	assert_int_equal(itest_signin_with(x, "2008", "2008123", "1888", "示例",
					   true, true), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_code(a, "Sim.SetNumber", json_pack(
		"{s:s, s:s}", "number", "13700000000", "behaviour",
		"answer:20")), ArSuccess);
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "13700000000",
		"showANI", "4000", "showDest", "95555", "isOffhook", 0,
		"type", 1)), ArSuccess);
	itest_expect_drop(x, "OnHarfAlerting", -1);
	itest_expect_drop(x, "OnHarfConnected", -1);
	ev = itest_expect(x, "OnConnecting", -1);
	assert_int_equal(itest_int(ev, "eventID"), CeDestSeizedNormalCall);
	json_decref(ev);
	itest_expect_drop(x, "OnConnected", CerTalkSelfCreat);
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);

	/* busy and invalid numbers */
	assert_int_equal(itest_code(a, "Sim.SetNumber", json_pack(
		"{s:s, s:s}", "number", "13700000001", "behaviour", "busy")),
		ArSuccess);
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "13700000001",
		"showANI", "", "showDest", "", "isOffhook", 0, "type", 1)),
			 ArSuccess);
	itest_expect_drop(x, "OnReady", CerCallDestBusy);
	assert_int_equal(itest_code(a, "Sim.SetNumber", json_pack(
		"{s:s, s:s}", "number", "13700000002", "behaviour",
		"invalid")), ArSuccess);
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "13700000002",
		"showANI", "", "showDest", "", "isOffhook", 0, "type", 1)),
			 ArSuccess);
	itest_expect_drop(x, "OnReady", CerCallDestInvalid);

	/* internal call to agent 2009 */
	assert_int_equal(itest_signin_with(y, "2009", "2009123", "1880", "示例",
					   true, true), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "2009", "showANI", "",
		"showDest", "", "isOffhook", 0, "type", 0)), ArSuccess);
	ev = itest_expect(y, "OnAlerting", -1);
	assert_int_equal(itest_int(ev, "eventID"), CeInboundCallInternalCall);
	assert_string_equal(itest_str(ev, "otherParty"), "2008");
	assert_int_equal(itest_int(ev, "otherPartyAttribute"), PaInternal);
	json_decref(ev);
	itest_expect_drop(x, "OnInternalConnected", CerTalkSelfCreat);
	itest_expect_drop(y, "OnInternalConnected", CerTalkOtherCreat);
	assert_int_equal(itest_code(y, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(y, "OnReady", CerIdleNormalSelfHangup);
	itest_expect_drop(x, "OnReady", CerIdleNormalOtherHangup);
	/* parameter checks */
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "", "showANI", "",
		"showDest", "", "isOffhook", 0, "type", 0)), ArDestIdIsEmpty);
	assert_int_equal(itest_code(x, "MakeCall", json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "9999", "showANI", "",
		"showDest", "", "isOffhook", 0, "type", 0)),
			 ArDestAgentIdNotExist);
	rc_close(y);
	rc_close(x);
	rc_close(a);
}

static void force_signin_kicks_old_bar(void **state)
{
	struct rc *x = rc_connect(D->agent_port);
	struct rc *x2 = rc_connect(D->agent_port);

	(void)state;
	assert_int_equal(itest_signin(x, "2017", "1897", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_signin(x2, "2017", "1898", "示例"), ArSuccess);
	itest_expect_drop(x, "OnUnLogin", CerUnloginResignin);
	assert_true(rc_wait_closed(x, ITEST_TIMEOUT_MS));
	itest_expect_drop(x2, "OnReady", CerIdleSelfLogin);
	rc_close(x);
	rc_close(x2);
}

static void queries(void **state)
{
	struct rc *x = rc_connect(D->agent_port);
	json_t *r, *d;
	static const char *const keys[] = {
		"agentId", "agentDn", "loginTime", "currStatus",
		"currStatusTime", "answerTime", "currTime", "origCaller",
		"origCallee", "privQueueNum", "callTimes", "answerTimes",
		"freeTotalTime", "busyTotalTime", "resetTotalTime",
		"callTotalTime", "answerTotalTime"};

	(void)state;
	assert_int_equal(itest_signin(x, "2016", "1896", "投诉=2"), ArSuccess);
	r = rc_call(x, "GetAgentDetailByAgentID", json_pack("{s:s}", "AgentID",
							     "2016"));
	d = rc_data_json(r);
	assert_non_null(d);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_non_null(json_object_get(d, keys[i]));
	assert_string_equal(itest_str(d, "agentDn"), "1896");
	assert_int_equal(itest_int(d, "currStatus"), AsReadyState);
	json_decref(d);
	json_decref(r);
	r = rc_call(x, "GetAgentDetailByAgentDN", json_pack("{s:s}", "AgentDN",
							     "1896"));
	d = rc_data_json(r);
	assert_string_equal(itest_str(d, "agentId"), "2016");
	json_decref(d);
	json_decref(r);
	r = rc_call(x, "GetAgentDetailsByAgentIDs", json_pack(
		"{s:s}", "AgentIDs", "2016;2019,2020"));
	d = rc_data_json(r);
	assert_int_equal(json_array_size(d), 1);     /* others not signed in */
	json_decref(d);
	json_decref(r);
	r = rc_call(x, "GetAgentNBySkill", json_pack("{s:s}", "skill", "投诉"));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_true(itest_int(r, "value") >= 1);
	json_decref(r);
	r = rc_call(x, "GetAgentNBySkill", json_pack("{s:s}", "skill", "无"));
	assert_int_equal(rc_code(r), ArSkillNotExist);
	json_decref(r);
	r = rc_call(x, "GetAgentDetailsBySkill", json_pack("{s:s}", "skill",
							    "投诉"));
	d = rc_data_json(r);
	assert_true(json_array_size(d) >= 1);
	json_decref(d);
	json_decref(r);
	r = rc_call(x, "GetRestReason", NULL);
	assert_string_equal(rc_data(r), "午饭;培训;小休");
	json_decref(r);
	r = rc_call(x, "GetSysInfo", NULL);
	d = rc_data_json(r);
	assert_true(itest_int(d, "totalAgents") >= 1);
	assert_non_null(json_object_get(d, "privQueueCalls"));
	json_decref(d);
	json_decref(r);
	r = rc_call(x, "SynchronizeCTITime", NULL);
	assert_true(itest_int(r, "time") > 1700000000000000LL);
	json_decref(r);
	r = rc_call(x, "GetAgentStatus", NULL);
	assert_int_equal(itest_int(r, "value"), AsReadyState);
	json_decref(r);
	assert_int_equal(itest_code(x, "SetRest", json_pack("{s:s}", "reason",
							    "午饭")), ArSuccess);
	itest_expect_drop(x, "OnRest", CerIdleSelfSet);
	assert_int_equal(itest_code(x, "SetRest", json_pack("{s:s}", "reason",
							    "打盹")),
			 ArInvalidParam);
	assert_int_equal(itest_code(x, "SetAgentStatus", json_pack(
		"{s:i, s:s}", "AgentState", AsBusyState, "Reason", "")),
			 ArSuccess);
	itest_expect_drop(x, "OnBusy", CerIdleSelfSet);
	assert_int_equal(itest_code(x, "SignOut", NULL), ArSuccess);
	itest_expect_drop(x, "OnUnLogin", CerUnloginLogout);
	rc_close(x);
}

static void heartbeat_loss(void **state)
{
	struct daemon hb;
	struct daemon_opts o = {.heartbeat_timeout = 1};
	struct rc *x, *q;
	json_t *r;

	(void)state;
	daemon_start(&hb, &o);
	x = rc_connect(hb.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1889", "示例"), ArSuccess);
	/* silence: the daemon drops the bar and signs the agent out */
	assert_true(rc_wait_closed(x, 4000));
	q = itest_admin(&hb);
	r = rc_call(q, "GetAgentDetailByAgentID", json_pack("{s:s}", "AgentID",
							     "2002"));
	assert_int_equal(rc_code(r), ArAgentIdNotExist);
	json_decref(r);
	rc_close(q);
	rc_close(x);
	daemon_stop(&hb);
	daemon_cleanup(&hb);
}

static void directory_persists_across_restart(void **state)
{
	struct daemon p;
	struct rc *a, *x;

	(void)state;
	daemon_start(&p, NULL);
	a = itest_admin(&p);
	assert_int_equal(itest_code(a, "Admin.AddAgent", json_pack(
		"{s:s, s:s, s:s, s:s}", "id", "3001", "name", "新人",
		"role", "agent", "password", "s3cret!")), ArSuccess);
	assert_int_equal(itest_code(a, "Admin.SetPermission", json_pack(
		"{s:s, s:s, s:i}", "agent", "3001", "skill", "示例",
		"level", 2)), ArSuccess);
	rc_close(a);
	daemon_stop(&p);
	daemon_restart(&p);
	x = rc_connect(p.agent_port);
	assert_int_equal(itest_signin_with(x, "3001", "s3cret!", "1881", "示例",
					   true, false), ArSuccess);
	rc_close(x);
	assert_false(daemon_log_contains(&p, "s3cret!"));
	daemon_stop(&p);
	daemon_cleanup(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signin_failures),
		cmocka_unit_test(inbound_answer_and_hangups),
		cmocka_unit_test(ring_timeout_then_next_agent),
		cmocka_unit_test(abandon_in_queue),
		cmocka_unit_test(longest_idle_gets_the_call),
		cmocka_unit_test(fifty_calls_five_agents),
		cmocka_unit_test(outbound_calls),
		cmocka_unit_test(force_signin_kicks_old_bar),
		cmocka_unit_test(queries),
		cmocka_unit_test(heartbeat_loss),
		cmocka_unit_test(directory_persists_across_restart),
	};

	return cmocka_run_group_tests(tests, itest_daemon_setup,
				      itest_daemon_teardown);
}
