/*
 * sdk_flows_test.c — the C SDK against a real daemon: sign-in, client-side
 * checks, an inbound call answered with Answer(), an outbound call vetoed
 * and then allowed by OnBeforeOutCall (manual 4.1), queries, a method
 * called from inside an event callback, sign-out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "evrec.h"
#include "itest.h"

/* The group's daemon (itest_daemon_setup). */
static struct daemon *const D = &itest_daemon;

static void signin_inbound_answer(void **state)
{
	struct evrec *rec = evrec_new();
	AgentBar *bar = evrec_bar(rec, D->agent_port, "2002", "1889");
	struct rc *a = rc_connect(D->agent_port);
	const struct ev *e;
	char call_id[64], *s;

	(void)state;
	assert_int_equal(ab_SignIn(bar), AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_Initial(bar), AGENTBARERROR_BAR_INITIAL);
	assert_int_equal(ab_GetIsInitial(bar), 1);
	assert_int_equal(ab_SetIdle(bar), AGENTBARERROR_BAR_UNSIGNIN);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	e = evrec_wait(rec, "OnReady", 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleSelfLogin);
	assert_int_equal(ab_GetIsSignIn(bar), 1);
	assert_int_equal(ab_GetAgentStatus(bar), AsReadyState);
	/* nothing rings: Answer is refused on the client side */
	assert_int_equal(ab_Answer(bar), AGENTBARERROR_BAR_WRONGSTATE);

	assert_int_equal(itest_admin_login(a), ArSuccess);
	assert_int_equal(itest_sim_inbound(a, "13800000000", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnLock", 3000));
	e = evrec_wait(rec, "OnAlerting", 3000);
	assert_non_null(e);
	assert_string_equal(e->callID, call_id);
	assert_string_equal(e->otherParty, "13800000000");
	assert_string_equal(e->originalDNIS, "4000");
	assert_int_equal(ab_Answer(bar), ArSuccess);
	e = evrec_wait(rec, "OnConnected", 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerTalkOtherCreat);
	s = ab_GetCallingNo(bar);
	assert_string_equal(s, "13800000000");
	ab_FreeString(s);
	s = ab_GetCalledNo(bar);
	assert_string_equal(s, "4000");
	ab_FreeString(s);
	assert_int_equal(ab_SignOut(bar), ArAgentStatusIsWrong);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	e = evrec_wait(rec, "OnReady", 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleNormalOtherHangup);

	assert_int_equal(ab_SignOut(bar), ArSuccess);
	e = evrec_wait(rec, "OnUnLogin", 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerUnloginLogout);
	assert_int_equal(ab_GetIsSignIn(bar), 0);
	assert_int_equal(ab_UnInitial(bar), ArSuccess);
	ab_Destroy(bar);
	evrec_free(rec);
	rc_close(a);
}

static void outbound_veto_then_call(void **state)
{
	struct evrec *rec = evrec_new();
	AgentBar *bar = evrec_bar(rec, D->agent_port, "2003", "1883");
	struct rc *a = rc_connect(D->agent_port);
	const struct ev *e;

	(void)state;
	ab_SetAutoAnswer(bar, 1);
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnReady", 3000));
	assert_int_equal(itest_admin_login(a), ArSuccess);

	evrec_set_callout(rec, 0);
	assert_int_equal(ab_MakeCall(bar, "13700000000", "", "", 0, 1),
			 AGENTBARERROR_BAR_WRONGNUM);
	assert_int_equal(evrec_beforeoutcalls(rec), 1);
	e = evrec_wait(rec, "OnBeforeOutCall", 1000);
	assert_non_null(e);
	assert_string_equal(e->otherParty, "13700000000");
	assert_int_equal(e->reason, BEFOREOUTCALL_CALLOUT);
	assert_int_equal(ab_GetAgentStatus(bar), AsReadyState);

	evrec_set_callout(rec, 1);
	assert_int_equal(ab_MakeCall(bar, "13700000000", "", "", 0, 1),
			 ArSuccess);
	assert_non_null(evrec_wait(rec, "OnHarfAlerting", 3000));
	assert_non_null(evrec_wait(rec, "OnHarfConnected", 3000));
	assert_non_null(evrec_wait(rec, "OnConnecting", 3000));
	assert_int_equal(itest_sim_answer(a, "13700000000"), ArSuccess);
	e = evrec_wait(rec, "OnConnected", 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerTalkSelfCreat);
	assert_int_equal(ab_ReleaseCall(bar), ArSuccess);
	e = evrec_wait(rec, "OnReady", 3000);
	assert_non_null(e);
	assert_int_equal(e->reason, CerIdleNormalSelfHangup);
	/* internal calls do not ask */
	assert_int_equal(ab_MakeCall(bar, "9999", "", "", 0, 0),
			 ArDestAgentIdNotExist);
	assert_int_equal(evrec_beforeoutcalls(rec), 2);
	ab_Destroy(bar);
	evrec_free(rec);
	rc_close(a);
}

static void queries_through_sdk(void **state)
{
	struct evrec *rec = evrec_new();
	AgentBar *bar = evrec_bar(rec, D->agent_port, "2004", "1884");
	char *s;

	(void)state;
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnReady", 3000));
	s = ab_GetAgentDetailByAgentID(bar, "2004");
	assert_non_null(strstr(s, "\"agentDn\":\"1884\""));
	ab_FreeString(s);
	s = ab_GetAgentDetailByAgentID(bar, "2019");   /* not signed in */
	assert_string_equal(s, "");
	assert_int_equal(ab_LastError(bar), ArAgentIdNotExist);
	ab_FreeString(s);
	s = ab_GetRestReason(bar);
	assert_string_equal(s, "午饭;培训;小休");
	ab_FreeString(s);
	s = ab_GetSysInfo(bar);
	assert_non_null(strstr(s, "\"totalAgents\""));
	ab_FreeString(s);
	s = ab_GetSkillWaitingNumber(bar, "示例");
	assert_non_null(strstr(s, "\"queuenumber\""));
	ab_FreeString(s);
	assert_true(ab_GetAgentNBySkill(bar, "示例") >= 1);
	/* the manual reads >= 1000 as failure: the server's code is kept in
	 * ab_LastError() so it cannot pass for a count */
	assert_int_equal(ab_GetAgentNBySkill(bar, "无此技能"),
			 AGENTBARERROR_BGCC_EXCEPTION);
	assert_int_equal(ab_LastError(bar), ArSkillNotExist);
	s = ab_GetPromptByErrorCode(bar, ArAgentIdNotExist);
	assert_string_equal(s, "坐席工号不存在");
	ab_FreeString(s);
	assert_int_equal(ab_SynchronizeCTITime(bar), ArSuccess);
	assert_int_equal(ab_SetRest(bar, "午饭"), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnRest", 3000));
	assert_int_equal(ab_SetBusy(bar), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnBusy", 3000));
	assert_int_equal(ab_ResetSkill(bar, "投诉=1;咨询=2"), ArSuccess);
	assert_int_equal(ab_GetAgentNBySkill(bar, "咨询") >= 1, 1);
	ab_Destroy(bar);
	evrec_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signin_inbound_answer),
		cmocka_unit_test(outbound_veto_then_call),
		cmocka_unit_test(queries_through_sdk),
	};

	return cmocka_run_group_tests(tests, itest_daemon_setup,
				      itest_daemon_teardown);
}
