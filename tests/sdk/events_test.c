/*
 * events_test.c — the events (manual 3.3) from a fake server: decoding and
 * order, delivery thread, DispatchMode "manual", junk from the server,
 * calling methods from inside callbacks, and OnBeforeOutCall (3.3.27, 4.1).
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
	/* what the callbacks under test did */
	int answer_rc;
	char *detail;
	int uninitial_rc;
	int out_calls;
	char out_dest[64];
	int out_attr, out_reason;
	bool out_allow;
	bool out_query;
	pthread_t out_thread;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c || fake_open(&c->f, &c->r, &c->bar))
		return -1;
	c->r.user = c;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	fake_close(&c->f, &c->r, c->bar);
	free(c->detail);
	free(c);
	return 0;
}

static void signed_in(struct ctx *c)
{
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
}

static void test_state_events(void **state)
{
	struct ctx *c = *state;
	json_t *e;

	signed_in(c);
	for (int s = AsUnLoginState + 1; s < AS_STATE_COUNT; s++)
		fake_state_event(&c->f, s, s, "call-1", "13800138000",
				 CerTalkOtherCreat);
	fake_state_event(&c->f, AsUnLoginState, CeUnKnownEvent, "", "",
			 CerUnloginLogout);
	assert_true(rec_wait(&c->r, AS_STATE_COUNT - 1));
	for (int s = AsUnLoginState + 1; s < AS_STATE_COUNT; s++) {
		size_t i = (size_t)(s - 2);
		assert_string_equal(rec_name(&c->r, i), ab_StatusEventName(s));
		assert_int_equal(rec_int(&c->r, i, "eventID"), s);
		assert_false(pthread_equal(c->r.thread[i], pthread_self()));
	}
	assert_string_equal(rec_name(&c->r, AS_STATE_COUNT - 2), "OnUnLogin");
	e = rec_get(&c->r, 5);      /* OnHarfAlerting */
	assert_string_equal(json_string_value(json_object_get(e, "name")),
			    "OnHarfAlerting");
	assert_string_equal(json_string_value(json_object_get(e, "callID")),
			    "call-1");
	assert_int_equal(json_integer_value(json_object_get(e, "contactID")),
			 77);
	assert_int_equal(json_integer_value(json_object_get(e, "partyNum")), 2);
	assert_string_equal(json_string_value(json_object_get(e,
			    "otherParty")), "13800138000");
	assert_int_equal(json_integer_value(json_object_get(e,
			 "otherPartyAttribute")), PaNormal);
	assert_string_equal(json_string_value(json_object_get(e,
			    "originatingParty")), "13800138000");
	assert_string_equal(json_string_value(json_object_get(e,
			    "originalANI")), "13800138000");
	assert_string_equal(json_string_value(json_object_get(e,
			    "originalDNIS")), "4000");
	assert_int_equal(json_integer_value(json_object_get(e, "reason")),
			 CerTalkOtherCreat);
	assert_true(json_integer_value(json_object_get(e, "timestamp")) ==
		    1700000000000000LL);
	json_decref(e);
	/* OnUnLogin signed the agent out */
	assert_int_equal(ab_GetIsSignIn(c->bar), 0);
	assert_int_equal(ab_SetIdle(c->bar), AGENTBARERROR_BAR_UNSIGNIN);
}

static void test_other_events(void **state)
{
	struct ctx *c = *state;
	json_t *e;

	signed_in(c);
	fake_event(&c->f, "OnBeginRecord", json_pack(
		"{s:s, s:i, s:s, s:i, s:I}", "callID", "c9", "contactID", 5,
		"filename", "rec/c9.wav", "reason", MerMediaUnknown,
		"timestamp", (json_int_t)11));
	fake_event(&c->f, "OnInprivatequeue", json_pack(
		"{s:s, s:i, s:s, s:s, s:i, s:I}", "callID", "c10", "contactID",
		6, "originalANI", "139", "originalDNIS", "4000", "reason", 0,
		"timestamp", (json_int_t)12));
	fake_event(&c->f, "OnOutprivatequeue", json_pack("{s:s}", "callID",
							 "c10"));
	fake_event(&c->f, "OnEndRecord", json_pack("{s:s, s:s, s:i}",
		   "callID", "c9", "filename", "rec/c9.wav", "reason",
		   MerMediaEnd));
	assert_true(rec_wait(&c->r, 4));
	e = rec_get(&c->r, 0);
	assert_string_equal(json_string_value(json_object_get(e, "name")),
			    "OnBeginRecord");
	assert_string_equal(json_string_value(json_object_get(e, "filename")),
			    "rec/c9.wav");
	assert_int_equal(json_integer_value(json_object_get(e, "contactID")),
			 5);
	json_decref(e);
	e = rec_get(&c->r, 1);
	assert_string_equal(json_string_value(json_object_get(e, "name")),
			    "OnInprivatequeue");
	assert_string_equal(json_string_value(json_object_get(e,
			    "originalANI")), "139");
	assert_int_equal(json_integer_value(json_object_get(e, "timestamp")),
			 12);
	json_decref(e);
	/* missing fields arrive empty */
	e = rec_get(&c->r, 2);
	assert_string_equal(json_string_value(json_object_get(e,
			    "originalANI")), "");
	json_decref(e);
	assert_string_equal(rec_name(&c->r, 3), "OnEndRecord");
	assert_int_equal(rec_int(&c->r, 3, "reason"), MerMediaEnd);
}

static void test_junk_from_server(void **state)
{
	struct ctx *c = *state;
	char *big = malloc(70001);

	signed_in(c);
	memset(big, 'x', 70000);
	big[70000] = 0;
	fake_send_raw(&c->f, "this is not json");
	fake_send_raw(&c->f, "[1,2,3]");
	fake_send_raw(&c->f, "{\"jsonrpc\":\"2.0\",\"method\":\"OnNoSuch\","
			     "\"params\":{}}");
	fake_send_raw(&c->f, "{\"jsonrpc\":\"2.0\",\"id\":4242,"
			     "\"result\":{\"code\":0}}");
	fake_send_raw(&c->f, big);
	fake_send_raw(&c->f, "{\"jsonrpc\":\"2.0\",\"method\":\"OnBusy\","
			     "\"params\":{\"callID\":12,\"reason\":\"x\"}}");
	free(big);
	assert_true(rec_wait(&c->r, 1));
	assert_string_equal(rec_name(&c->r, 0), "OnBusy");
	/* a number where text belongs is read as text; junk reads as 0 */
	assert_int_equal(rec_int(&c->r, 0, "reason"), 0);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
	assert_int_equal(rec_count(&c->r), 1);
}

/* An OnBusy event line of exactly len bytes, without its '\n'. */
static char *busy_line(const char *callID, size_t len)
{
	char *line = malloc(len + 1);
	int head;

	assert_non_null(line);
	head = snprintf(line, len + 1, "{\"jsonrpc\":\"2.0\",\"method\":"
			"\"OnBusy\",\"params\":{\"callID\":\"%s\",\"otherParty\":"
			"\"", callID);
	memset(line + head, 'x', len - (size_t)head - 3);
	strcpy(line + len - 3, "\"}}");
	return line;
}

/* A line may be 64 KiB with its '\n'; one byte more and it is skipped,
 * alone. */
static void test_line_limit(void **state)
{
	struct ctx *c = *state;
	char *over = busy_line("c1", 65536), *max = busy_line("c2", 65535);
	json_t *e;

	signed_in(c);
	fake_send_raw(&c->f, over);
	fake_send_raw(&c->f, max);
	free(over);
	free(max);
	assert_true(rec_wait(&c->r, 1));
	e = rec_get(&c->r, 0);
	assert_string_equal(json_string_value(json_object_get(e, "callID")),
			    "c2");
	json_decref(e);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
	assert_int_equal(rec_count(&c->r), 1);
}

/* A blocking method from inside a callback, on the event thread. */
static void answer_hook(struct recorder *r, const char *name)
{
	struct ctx *c = r->user;

	if (strcmp(name, "OnAlerting"))
		return;
	c->answer_rc = ab_Answer(c->bar);
	c->detail = ab_GetAgentDetailByAgentID(c->bar, "2002");
}

static void test_method_in_callback(void **state)
{
	struct ctx *c = *state;

	c->r.hook = answer_hook;
	c->answer_rc = -1;
	fake_always(&c->f, "GetAgentDetailByAgentID", json_pack(
		"{s:{s:i, s:s}}", "result", "code", 0, "data",
		"{\"agentId\":\"2002\"}"));
	signed_in(c);
	fake_state_event(&c->f, AsAlertingState, CeInboundCallNormalCall, "c1",
			 "139", CerSuccess);
	fake_state_event(&c->f, AsConnectedState, CeThisPartyAnsweredNormalCall,
			 "c1", "139", CerTalkOtherCreat);
	assert_true(rec_wait(&c->r, 2));
	assert_int_equal(c->answer_rc, ArSuccess);
	assert_string_equal(c->detail, "{\"agentId\":\"2002\"}");
	assert_int_equal(fake_count(&c->f, "Answer"), 1);
	/* the event after the callback still came, in order */
	assert_string_equal(rec_name(&c->r, 1), "OnConnected");
}

static void uninitial_hook(struct recorder *r, const char *name)
{
	struct ctx *c = r->user;

	if (!strcmp(name, "OnReady"))
		c->uninitial_rc = ab_UnInitial(c->bar);
}

static void test_uninitial_in_callback(void **state)
{
	struct ctx *c = *state;

	c->r.hook = uninitial_hook;
	c->uninitial_rc = -1;
	signed_in(c);
	fake_state_event(&c->f, AsReadyState, CeUnKnownEvent, "", "",
			 CerIdleSelfSet);
	assert_true(rec_wait(&c->r, 1));
	assert_int_equal(ab_GetIsInitial(c->bar), 0);
	assert_int_equal(c->uninitial_rc, ArSuccess);
	assert_int_equal(fake_count(&c->f, "SignOut"), 1);
	/* and the bar can start again */
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
}

static void destroy_hook(struct recorder *r, const char *name)
{
	struct ctx *c = r->user;

	if (!strcmp(name, "OnBusy")) {
		ab_Destroy(c->bar);     /* refused: we are inside a callback */
		c->answer_rc = ab_GetIsInitial(c->bar) ? 1 : 2;
	}
}

static void test_destroy_in_callback_refused(void **state)
{
	struct ctx *c = *state;

	c->r.hook = destroy_hook;
	signed_in(c);
	fake_state_event(&c->f, AsBusyState, CeUnKnownEvent, "", "",
			 CerIdleSelfSet);
	assert_true(rec_wait(&c->r, 1));
	assert_int_equal(c->answer_rc, 1);
	assert_int_equal(ab_SetIdle(c->bar), ArSuccess);
}

static void test_manual_dispatch(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(ab_SetProperty(c->bar, "DispatchMode", "manual"),
			 ArSuccess);
	signed_in(c);
	assert_int_equal(ab_Dispatch(c->bar, 0), 0);
	fake_state_event(&c->f, AsBusyState, CeUnKnownEvent, "", "",
			 CerIdleSelfSet);
	fake_state_event(&c->f, AsReadyState, CeUnKnownEvent, "", "",
			 CerIdleSelfSet);
	fake_state_event(&c->f, AsLockState, CeUnKnownEvent, "", "",
			 CerSuccess);
	/* the answer comes after the events on the same stream */
	assert_int_equal(ab_Reset(c->bar), ArSuccess);
	assert_int_equal(rec_count(&c->r), 0);
	assert_int_equal(ab_Dispatch(c->bar, WAIT_MS), 3);
	assert_int_equal(rec_count(&c->r), 3);
	for (size_t i = 0; i < 3; i++)
		assert_true(pthread_equal(c->r.thread[i], pthread_self()));
	assert_string_equal(rec_name(&c->r, 0), "OnBusy");
	assert_string_equal(rec_name(&c->r, 2), "OnLock");
	/* nothing more: Dispatch waits its time and returns 0 */
	assert_int_equal(ab_Dispatch(c->bar, 50), 0);
	/* queued events go out on the event thread after switching back */
	fake_state_event(&c->f, AsAlertingState, CeUnKnownEvent, "", "",
			 CerSuccess);
	assert_int_equal(ab_Reset(c->bar), ArSuccess);
	assert_int_equal(ab_SetProperty(c->bar, "DispatchMode", "thread"),
			 ArSuccess);
	assert_true(rec_wait(&c->r, 4));
	assert_false(pthread_equal(c->r.thread[3], pthread_self()));
	assert_int_equal(ab_Dispatch(c->bar, 0), 0);
	/* left in the queue at ab_Destroy: freed, not delivered */
	assert_int_equal(ab_SetProperty(c->bar, "DispatchMode", "manual"),
			 ArSuccess);
	fake_state_event(&c->f, AsConnectedState, CeUnKnownEvent, "", "",
			 CerSuccess);
	assert_int_equal(ab_Reset(c->bar), ArSuccess);
}

static void before_out_call(void *ctx, const char *otherParty,
			    int otherPartyAttribute, const char *originalANI,
			    const char *originalDNIS, int reason,
			    long long timestamp)
{
	struct ctx *c = ((struct recorder *)ctx)->user;
	char *s;

	(void)originalANI;
	(void)originalDNIS;
	(void)timestamp;
	c->out_calls++;
	snprintf(c->out_dest, sizeof(c->out_dest), "%s", otherParty);
	c->out_attr = otherPartyAttribute;
	c->out_reason = reason;
	c->out_thread = pthread_self();
	if (c->out_query) {
		/* any method works from inside the handler */
		s = ab_GetSysInfo(c->bar);
		ab_FreeString(s);
	}
	ab_SetIsCallOut(c->bar, c->out_allow);
}

static void test_before_out_call(void **state)
{
	struct ctx *c = *state;
	AgentBarEvents ev;

	rec_events(&ev);
	ev.OnBeforeOutCall = before_out_call;
	ab_SetEvents(c->bar, &ev, &c->r);
	signed_in(c);

	c->out_allow = false;
	assert_int_equal(ab_MakeCall(c->bar, "13800138000", "", "", 0, 1),
			 AGENTBARERROR_BAR_WRONGNUM);
	assert_int_equal(ab_LastError(c->bar), AGENTBARERROR_BAR_WRONGNUM);
	assert_int_equal(c->out_calls, 1);
	assert_string_equal(c->out_dest, "13800138000");
	assert_int_equal(c->out_attr, PaNormal);
	assert_int_equal(c->out_reason, BEFOREOUTCALL_CALLOUT);
	assert_true(pthread_equal(c->out_thread, pthread_self()));
	/* IsCallOut stays as the handler left it */
	assert_int_equal(ab_GetIsCallOut(c->bar), 0);

	c->out_allow = true;
	c->out_query = true;
	fake_always(&c->f, "GetSysInfo", json_pack("{s:{s:i, s:s}}", "result",
		    "code", 0, "data", "{}"));
	assert_int_equal(ab_MakeCall(c->bar, "13800138000", "", "", 0, 1),
			 ArSuccess);
	assert_int_equal(c->out_calls, 2);
	assert_int_equal(fake_count(&c->f, "MakeCall"), 1);
	assert_int_equal(fake_count(&c->f, "GetSysInfo"), 1);

	/* an internal call is not an outside call */
	assert_int_equal(ab_MakeCall(c->bar, "2003", "", "", 0, 0), ArSuccess);
	assert_int_equal(c->out_calls, 2);

	fake_state_event(&c->f, AsConnectedState, CeUnKnownEvent, "c1", "139",
			 CerSuccess);
	assert_true(rec_wait(&c->r, 1));
	c->out_allow = false;
	assert_int_equal(ab_Consult(c->bar, "95555", "", "", 1),
			 AGENTBARERROR_BAR_WRONGNUM);
	assert_int_equal(c->out_reason, BEFOREOUTCALL_CONSULT);
	assert_int_equal(ab_SingleStepTransfer(c->bar, "95556", "", "", 0, 1),
			 AGENTBARERROR_BAR_WRONGNUM);
	assert_int_equal(c->out_reason, BEFOREOUTCALL_SINGLESTEPTRANSFER);
	assert_string_equal(c->out_dest, "95556");
	assert_int_equal(fake_count(&c->f, "Consult"), 0);
	assert_int_equal(fake_count(&c->f, "SingleStepTransfer"), 0);
	c->out_allow = true;
	assert_int_equal(ab_Consult(c->bar, "95555", "", "", 1), ArSuccess);
	assert_int_equal(fake_count(&c->f, "Consult"), 1);
	/* a refused button does not ask the handler at all */
	assert_int_equal(ab_MakeCall(c->bar, "139", "", "", 0, 1),
			 AGENTBARERROR_BAR_WRONGSTATE);
	assert_int_equal(c->out_calls, 5);
}

static void test_call_out_off_without_handler(void **state)
{
	struct ctx *c = *state;

	signed_in(c);
	ab_SetIsCallOut(c->bar, 0);
	assert_int_equal(ab_MakeCall(c->bar, "139", "", "", 0, 1),
			 AGENTBARERROR_BAR_WRONGNUM);
	assert_int_equal(fake_count(&c->f, "MakeCall"), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_state_events),
		T(test_other_events),
		T(test_junk_from_server),
		T(test_line_limit),
		T(test_method_in_callback),
		T(test_uninitial_in_callback),
		T(test_destroy_in_callback_refused),
		T(test_manual_dispatch),
		T(test_before_out_call),
		T(test_call_out_off_without_handler),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
