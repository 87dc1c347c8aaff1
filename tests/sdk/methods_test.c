/*
 * methods_test.c — the methods against a fake server: client-side checks
 * (not initialised, initialised twice, not signed in, wrong state), the
 * params each method puts on the wire, how answers become return values,
 * TimeOut, and a JSON-RPC error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_server.h"

struct ctx {
	struct fake f;
	struct recorder r;
	AgentBar *bar;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c || fake_open(&c->f, &c->r, &c->bar))
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	fake_close(&c->f, &c->r, c->bar);
	free(c);
	return 0;
}

static void signed_in(struct ctx *c)
{
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
}

/* Put the bar's agent into `status` the way the server does: an event. */
static void enter_state(struct ctx *c, int status)
{
	size_t n = rec_count(&c->r);

	fake_state_event(&c->f, status, CeInboundCallNormalCall, "c1", "13800",
			 CerTalkOtherCreat);
	assert_true(rec_wait(&c->r, n + 1));
}

/* Assert the params of the nth `method` the fake received. */
static void assert_params(struct fake *f, const char *method, int nth,
			  json_t *want)
{
	json_t *got = fake_wait(f, method, nth);

	assert_non_null(got);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_SORT_KEYS);
		char *w = json_dumps(want, JSON_SORT_KEYS);
		print_error("%s params\n got  %s\n want %s\n", method, g, w);
		free(g);
		free(w);
		fail();
	}
	json_decref(got);
	json_decref(want);
}

static void test_uninitialised(void **state)
{
	struct ctx *c = *state;
	char *s;

	assert_int_equal(ab_UnInitial(c->bar), AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_SignIn(c->bar), AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_MakeCall(c->bar, "1", "", "", 0, 1),
			 AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_GetAgentStatus(c->bar),
			 AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_TransIVR(c->bar, "4100"),
			 AGENTBARERROR_BAR_UNINITIAL);
	s = ab_GetSysInfo(c->bar);
	assert_string_equal(s, "");
	assert_int_equal(ab_LastError(c->bar), AGENTBARERROR_BAR_UNINITIAL);
	ab_FreeString(s);
	/* answered locally, no connection needed */
	s = ab_GetPromptByErrorCode(c->bar, ArAgentIdNotExist);
	assert_string_equal(s, "坐席工号不存在");
	assert_int_equal(ab_LastError(c->bar), ArSuccess);
	ab_FreeString(s);
	assert_int_equal(c->f.connections, 0);
}

static void test_initial_twice(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_Initial(c->bar), AGENTBARERROR_BAR_INITIAL);
	assert_true(fake_wait_connections(&c->f, 1));
	assert_int_equal(ab_UnInitial(c->bar), ArSuccess);
	assert_int_equal(ab_UnInitial(c->bar), AGENTBARERROR_BAR_UNINITIAL);
	/* and again, on a fresh connection */
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_true(fake_wait_connections(&c->f, 2));
}

static int closed_port(void)
{
	struct fake tmp;
	int port;

	assert_int_equal(fake_start(&tmp, 0), 0);
	port = tmp.port;
	fake_stop(&tmp);
	return port;
}

static void test_initial_failures(void **state)
{
	struct ctx *c = *state;
	char spec[64];

	ab_SetMainCTIIP(c->bar, "");
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	ab_SetMainCTIIP(c->bar, "127.0.0.1:99999");
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	snprintf(spec, sizeof(spec), "127.0.0.1:%d", closed_port());
	ab_SetMainCTIIP(c->bar, spec);
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	assert_int_equal(ab_GetIsInitial(c->bar), 0);
	/* the integrated softphone wants a SIPServerIP to start */
	ab_SetMainCTIIP(c->bar, "127.0.0.1");
	ab_SetIsSIPPhone(c->bar, 1);
	assert_int_equal(ab_Initial(c->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	ab_SetIsSIPPhone(c->bar, 0);
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
}

static void test_initial_falls_back(void **state)
{
	struct ctx *c = *state;
	char spec[64];

	snprintf(spec, sizeof(spec), "127.0.0.1:%d", closed_port());
	ab_SetMainCTIIP(c->bar, spec);
	snprintf(spec, sizeof(spec), "127.0.0.1:%d", c->f.port);
	ab_SetBackCTIIP(c->bar, spec);
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_true(fake_wait_connections(&c->f, 1));
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
}

static void test_unsignin(void **state)
{
	struct ctx *c = *state;
	char *s;

	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_BAR_UNSIGNIN);
	assert_int_equal(ab_SignOut(c->bar), AGENTBARERROR_BAR_UNSIGNIN);
	assert_int_equal(ab_Answer(c->bar), AGENTBARERROR_BAR_UNSIGNIN);
	assert_int_equal(ab_ForceOut(c->bar, "2003"),
			 AGENTBARERROR_BAR_UNSIGNIN);
	assert_int_equal(ab_GetAgentStatus(c->bar),
			 AGENTBARERROR_BAR_UNSIGNIN);
	/* queries need no agent */
	fake_always(&c->f, "GetSysInfo", json_pack("{s:{s:i, s:s}}", "result",
		    "code", 0, "data", "{\"totalAgents\":3}"));
	s = ab_GetSysInfo(c->bar);
	assert_string_equal(s, "{\"totalAgents\":3}");
	ab_FreeString(s);
	assert_int_equal(fake_count(&c->f, "SetIdle"), 0);
	assert_int_equal(fake_count(&c->f, "SignOut"), 0);
}

static void test_wrong_state(void **state)
{
	struct ctx *c = *state;

	signed_in(c);   /* Ready, from SignIn's agentStatus */
	assert_int_equal(ab_Answer(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_Hold(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_Retrieve(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_Transfer(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_Conference(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_SendDTMF(c->bar, "1"),
			 AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_StopListen(c->bar, "2003"),
			 AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_LastError(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	/* what the server judges is not refused here */
	assert_int_equal(ab_SetBusy(c->bar), ArSuccess);
	assert_int_equal(ab_Reset(c->bar), ArSuccess);

	enter_state(c, AsAlertingState);
	assert_int_equal(ab_Answer(c->bar), ArSuccess);
	assert_int_equal(ab_MakeCall(c->bar, "2003", "", "", 0, 0),
			 AGENTBARERROR_BAR_WRONGSTATE);
	enter_state(c, AsConnectedState);
	assert_int_equal(ab_Retrieve(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_Hold(c->bar), ArSuccess);
	enter_state(c, AsSuspendedState);
	assert_int_equal(ab_Hold(c->bar), AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(ab_Retrieve(c->bar), ArSuccess);
	enter_state(c, AsConsultConnectedState);
	assert_int_equal(ab_Transfer(c->bar), ArSuccess);
	assert_int_equal(fake_count(&c->f, "Answer"), 1);
	assert_int_equal(fake_count(&c->f, "Hold"), 1);
	assert_int_equal(fake_count(&c->f, "Retrieve"), 1);
	assert_int_equal(fake_count(&c->f, "Transfer"), 1);
	assert_int_equal(fake_count(&c->f, "MakeCall"), 0);
}

static void test_signin_params(void **state)
{
	struct ctx *c = *state;

	ab_SetStatusChangeType(c->bar, 1);
	ab_SetAutoAnswer(c->bar, 0);
	ab_SetServiceList(c->bar, "示例=3;投诉=1");
	ab_SetCustomerTag(c->bar, "agt");
	signed_in(c);
	assert_params(&c->f, "SignIn", 1, json_pack(
		"{s:s, s:s, s:s, s:i, s:b, s:b, s:s, s:s, s:s}",
		"AgentID", "2002", "PassWord", "2002123", "DN", "1889",
		"StatusChangeType", 1, "AutoAnswer", 0, "ForceSignIn", 1,
		"ServiceList", "示例=3;投诉=1", "AgentTag", "",
		"CustomerTag", "agt"));
	assert_int_equal(ab_SignOut(c->bar), ArSuccess);
	assert_params(&c->f, "SignOut", 1, json_object());
}

static void test_params_idle(void **state)
{
	struct ctx *c = *state;
	char *s;

	signed_in(c);
	assert_int_equal(ab_SetRest(c->bar, "午饭"), ArSuccess);
	assert_params(&c->f, "SetRest", 1, json_pack("{s:s}", "reason", "午饭"));
	assert_int_equal(ab_SetAgentStatus(c->bar, AsRestState, "培训"),
			 ArSuccess);
	assert_params(&c->f, "SetAgentStatus", 1, json_pack("{s:i, s:s}",
		      "AgentState", AsRestState, "Reason", "培训"));
	assert_int_equal(ab_ResetSkill(c->bar, "投诉=2,咨询=1"), ArSuccess);
	assert_params(&c->f, "ResetSkill", 1, json_pack("{s:s}", "SkillList",
		      "投诉=2,咨询=1"));
	assert_int_equal(ab_MakeCall(c->bar, "2003", "1889", "4000", 1, 0),
			 ArSuccess);
	assert_params(&c->f, "MakeCall", 1, json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "dest", "2003", "showANI", "1889",
		"showDest", "4000", "isOffhook", 1, "type", 0));
	assert_int_equal(ab_SetCallData(c->bar, "order", "A-17"), ArSuccess);
	assert_params(&c->f, "SetCallData", 1, json_pack("{s:s, s:s}", "key",
		      "order", "CallData", "A-17"));
	s = ab_GetCallData(c->bar, "order");
	ab_FreeString(s);
	assert_params(&c->f, "GetCallData", 1, json_pack("{s:s}", "key",
		      "order"));
	assert_int_equal(ab_ForceBusy(c->bar, "2003"), ArSuccess);
	assert_params(&c->f, "ForceBusy", 1, json_pack("{s:s}", "AgentID",
		      "2003"));
	assert_int_equal(ab_Listen(c->bar, "2003", "1", "2"), ArSuccess);
	assert_params(&c->f, "Listen", 1, json_pack("{s:s, s:s, s:s}",
		      "AgentID", "2003", "showANI", "1", "showDest", "2"));
	assert_int_equal(ab_Insert(c->bar, "2004", "", ""), ArSuccess);
	assert_params(&c->f, "Insert", 1, json_pack("{s:s, s:s, s:s}",
		      "agentID", "2004", "showANI", "", "showDest", ""));
	assert_int_equal(ab_Break(c->bar, "2005"), ArSuccess);
	assert_params(&c->f, "Break", 1, json_pack("{s:s}", "agentID", "2005"));
	assert_int_equal(ab_JumptheQueue(c->bar, 9007199254740993LL),
			 ArSuccess);
	assert_params(&c->f, "JumptheQueue", 1, json_pack("{s:I}", "requestId",
		      (json_int_t)9007199254740993LL));
	s = ab_GetAgentDetailsByAgentIDs(c->bar, "2001;2003");
	ab_FreeString(s);
	assert_params(&c->f, "GetAgentDetailsByAgentIDs", 1,
		      json_pack("{s:s}", "AgentIDs", "2001;2003"));
	s = ab_GetPrivateQueue(c->bar, "2002");
	ab_FreeString(s);
	assert_params(&c->f, "GetPrivateQueue", 1, json_pack("{s:s}",
		      "agentID", "2002"));
	/* NULL text is sent as ""; an answer without "value" is unreadable */
	assert_int_equal(ab_GetAgentNBySkill(c->bar, NULL),
			 AGENTBARERROR_JSON_READERERROR);
	assert_params(&c->f, "GetAgentNBySkill", 1, json_pack("{s:s}", "skill",
		      ""));
}

static void test_params_in_call(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	enter_state(c, AsConnectedState);
	assert_int_equal(ab_Consult(c->bar, "2003", "a", "b", 0), ArSuccess);
	assert_params(&c->f, "Consult", 1, json_pack("{s:s, s:s, s:s, s:i}",
		      "consultNum", "2003", "showANI", "a", "showDest", "b",
		      "consultType", 0));
	assert_int_equal(ab_SendDTMF(c->bar, "12#"), ArSuccess);
	assert_params(&c->f, "SendDTMF", 1, json_pack("{s:s}", "DTMFDigits",
		      "12#"));
	assert_int_equal(ab_MuteOn(c->bar), ArSuccess);
	assert_params(&c->f, "MuteOn", 1, json_object());
	assert_int_equal(ab_SingleStepTransfer(c->bar, "2004", "x", "y", 1, 0),
			 ArSuccess);
	assert_params(&c->f, "SingleStepTransfer", 1, json_pack(
		"{s:s, s:s, s:s, s:i, s:i}", "transferNum", "2004", "showANI",
		"x", "showDest", "y", "transferStyle", 1, "transferType", 0));
	assert_int_equal(ab_TransIVR(c->bar, "4100"), ArSuccess);
	assert_params(&c->f, "TransIVR", 1, json_pack("{s:s}", "transferNum",
		      "4100"));
	assert_int_equal(ab_TransIVREx(c->bar, "95555", "4100"), ArSuccess);
	assert_params(&c->f, "TransIVREx", 1, json_pack("{s:s, s:s}",
		      "callerNum", "95555", "transferNum", "4100"));
}

static void test_bad_text(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_int_equal(ab_SetRest(c->bar, "\xff"), ArInvalidParam);
	assert_int_equal(ab_LastError(c->bar), ArInvalidParam);
	assert_int_equal(fake_count(&c->f, "SetRest"), 0);
}

static void test_results(void **state)
{
	struct ctx *c = *state;
	char *s;

	signed_in(c);
	fake_always(&c->f, "GetAgentStatus", json_pack("{s:{s:i, s:i}}",
		    "result", "code", 0, "value", AsConnectedState));
	assert_int_equal(ab_GetAgentStatus(c->bar), AsConnectedState);
	/* and the SDK now knows the agent is talking */
	assert_int_equal(ab_Hold(c->bar), ArSuccess);

	fake_always(&c->f, "GetAgentNBySkill", json_pack("{s:{s:i, s:i}}",
		    "result", "code", 0, "value", 5));
	assert_int_equal(ab_GetAgentNBySkill(c->bar, "示例"), 5);
	/* a server code would read as a count: >= 1000 instead */
	fake_always(&c->f, "GetAgentNBySkill", json_pack("{s:{s:i}}",
		    "result", "code", ArSkillNotExist));
	assert_int_equal(ab_GetAgentNBySkill(c->bar, "nope"),
			 AGENTBARERROR_BGCC_EXCEPTION);
	assert_int_equal(ab_LastError(c->bar), ArSkillNotExist);

	fake_always(&c->f, "GetAgentDetailByAgentID", json_pack(
		"{s:{s:i, s:s}}", "result", "code", 0, "data",
		"{\"agentId\":\"2003\",\"currStatus\":2}"));
	s = ab_GetAgentDetailByAgentID(c->bar, "2003");
	assert_string_equal(s, "{\"agentId\":\"2003\",\"currStatus\":2}");
	assert_int_equal(ab_LastError(c->bar), ArSuccess);
	ab_FreeString(s);
	fake_always(&c->f, "GetAgentDetailByAgentID", json_pack(
		"{s:{s:i, s:s}}", "result", "code", 0, "data", "{broken"));
	s = ab_GetAgentDetailByAgentID(c->bar, "2003");
	assert_string_equal(s, "");
	assert_int_equal(ab_LastError(c->bar), AGENTBARERROR_JSON_READERERROR);
	ab_FreeString(s);
	fake_always(&c->f, "GetAgentDetailByAgentID", json_pack("{s:{s:i}}",
		    "result", "code", ArDestAgentIdNotExist));
	s = ab_GetAgentDetailByAgentID(c->bar, "9999");
	assert_string_equal(s, "");
	assert_int_equal(ab_LastError(c->bar), ArDestAgentIdNotExist);
	ab_FreeString(s);

	fake_always(&c->f, "GetRestReason", json_pack("{s:{s:i, s:s}}",
		    "result", "code", 0, "data", "午饭;培训;小休"));
	s = ab_GetRestReason(c->bar);
	assert_string_equal(s, "午饭;培训;小休");
	ab_FreeString(s);

	fake_always(&c->f, "SetIdle", json_pack("{s:{s:i}}", "result", "code",
		    ArAgentStatusIsWrong));
	assert_int_equal(ab_SetIdle(c->bar), ArAgentStatusIsWrong);
	assert_int_equal(ab_LastError(c->bar), ArAgentStatusIsWrong);
}

static void test_cti_time(void **state)
{
	struct ctx *c = *state;
	struct timespec now;
	long long us;

	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	clock_gettime(CLOCK_REALTIME, &now);
	us = (long long)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	/* the server's clock is 5 s ahead */
	fake_always(&c->f, "SynchronizeCTITime", json_pack("{s:{s:i, s:I}}",
		    "result", "code", 0, "time", (json_int_t)(us + 5000000)));
	assert_int_equal(ab_SynchronizeCTITime(c->bar), ArSuccess);
	assert_true(ab_CTITimeOffset(c->bar) > 4000000);
	assert_true(ab_CTITimeOffset(c->bar) < 6000000);
	fake_always(&c->f, "SynchronizeCTITime", json_pack("{s:{s:i}}",
		    "result", "code", 0));
	assert_int_equal(ab_SynchronizeCTITime(c->bar),
			 AGENTBARERROR_JSON_READERERROR);
}

static void test_timeout(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	ab_SetTimeOut(c->bar, 200);
	fake_always(&c->f, "SetBusy", json_pack("{s:b}", "silent", 1));
	assert_int_equal(ab_SetBusy(c->bar), AGENTBARERROR_BGCC_EXCEPTION);
	assert_int_equal(ab_LastError(c->bar), AGENTBARERROR_BGCC_EXCEPTION);
	/* the link is still fine */
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
}

static void test_jsonrpc_error(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	fake_always(&c->f, "SetIdle", json_pack("{s:{s:i, s:s}}", "error",
		    "code", -32602, "message", "bad params"));
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_JSON_READERERROR);
	/* a result without a code is no answer either */
	fake_always(&c->f, "SetBusy", json_pack("{s:{s:s}}", "result", "data",
		    "x"));
	assert_int_equal(ab_SetBusy(c->bar), AGENTBARERROR_JSON_READERERROR);
	assert_int_equal(ab_Reset(c->bar), ArSuccess);
}

static void test_uninitial_signs_out(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	assert_int_equal(ab_UnInitial(c->bar), ArSuccess);
	assert_int_equal(fake_count(&c->f, "SignOut"), 1);
	assert_int_equal(ab_GetIsSignIn(c->bar), 0);
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_BAR_UNINITIAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_uninitialised),
		T(test_initial_twice),
		T(test_initial_failures),
		T(test_initial_falls_back),
		T(test_unsignin),
		T(test_wrong_state),
		T(test_signin_params),
		T(test_params_idle),
		T(test_params_in_call),
		T(test_bad_text),
		T(test_results),
		T(test_cti_time),
		T(test_timeout),
		T(test_jsonrpc_error),
		T(test_uninitial_signs_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
