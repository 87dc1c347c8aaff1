/*
 * core_outbound_test.c — MakeCall: own phone first (HalfAlerting,
 * HalfConnected), then Connecting and Connected / InternalConnected;
 * destination busy / no answer / invalid / timeout; isOffhook keeping the
 * phone up between calls; the parameter checks.
 */
#include <string.h>
#include "core_harness.h"

static int owner;

static void external_call(void **state)
{
	struct agent *a;
	struct h_leg *own, *far;
	size_t at = 0;
	int i;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	core_set_busy(H.core, a);
	assert_int_equal(core_make_call(H.core, a, "13800000000", "4000",
					"95555", 0, 1), ArSuccess);
	own = h_leg_to("1889");
	assert_non_null(own);
	assert_string_equal(own->caller, "4000");        /* showANI */
	assert_int_equal(h_find("2002", AsHalfAlertingState, &at) >= 0, 1);
	h_event(SW_EV_ANSWERED, own->id, SW_CAUSE_NORMAL);
	assert_true(h_find("2002", AsHalfConnectedState, &at) >= 0);
	far = h_leg_to("13800000000");
	assert_non_null(far);
	assert_int_equal(far->kind, SW_DEST_NUMBER);
	assert_string_equal(far->caller, "95555");       /* showDest */
	assert_int_equal(own->tone, SW_TONE_RINGBACK);
	i = h_find("2002", AsConnectingState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].eventID, CeDestSeizedNormalCall);
	assert_string_equal(H.events[i].otherParty, "13800000000");
	h_event(SW_EV_ANSWERED, far->id, SW_CAUSE_NORMAL);
	i = h_find("2002", AsConnectedState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].reason, CerTalkSelfCreat);
	assert_string_equal(own->bridge, far->bridge);
	assert_int_equal(own->tone, SW_TONE_NONE);
	assert_string_equal(agent_called_no(a), "13800000000");
	h_event(SW_EV_HANGUP, far->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerIdleNormalOtherHangup);
	assert_true(own->hung_up);
	assert_int_equal(h_cdr_count(), 1);
}

static void customer_tag_prefix(void **state)
{
	struct signin_req r = {.AgentID = "2002", .PassWord = "2002123",
			       .DN = "1889", .ForceSignIn = true,
			       .ServiceList = "示例", .CustomerTag = "9"};
	struct agent *a;

	(void)state;
	assert_int_equal(core_signin(H.core, &owner, &r, &a), ArSuccess);
	assert_int_equal(core_make_call(H.core, a, "13800000000", "", "", 0,
					1), ArSuccess);
	h_event(SW_EV_ANSWERED, h_leg_to("1889")->id, SW_CAUSE_NORMAL);
	assert_non_null(h_leg_to("913800000000"));
}

static void dest_failures(void **state)
{
	struct agent *a;
	size_t i;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	for (i = 0; i < ARRAY_SIZE(h_dest_failures); i++) {
		struct h_leg *own;

		assert_int_equal(core_make_call(H.core, a, "13800000000", "",
						"", 0, 1), ArSuccess);
		own = &H.legs[H.nlegs - 1];
		h_event(SW_EV_ANSWERED, own->id, SW_CAUSE_NORMAL);
		h_event(SW_EV_FAILED, h_leg_to("13800000000")->id,
			h_dest_failures[i].cause);
		assert_int_equal(agent_status(a), AsReadyState);
		assert_int_equal(h_last("2002")->reason,
				 h_dest_failures[i].reason);
		assert_true(own->hung_up);
	}
}

static void own_phone_not_answering(void **state)
{
	struct agent *a;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	assert_int_equal(core_make_call(H.core, a, "13800000000", "", "", 0,
					1), ArSuccess);
	h_pump(1200);   /* phone_timeout is 1 s in the harness */
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerCallNoAnswer);
	assert_true(h_leg_to("1889")->hung_up);
	assert_null(h_leg_to("13800000000"));
}

static void offhook_keeps_phone(void **state)
{
	struct agent *a;
	struct h_leg *own;
	size_t at;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	assert_int_equal(core_make_call(H.core, a, "13800000001", "", "", 1,
					1), ArSuccess);
	own = h_leg_to("1889");
	h_event(SW_EV_ANSWERED, own->id, SW_CAUSE_NORMAL);
	h_event(SW_EV_ANSWERED, h_leg_to("13800000001")->id, SW_CAUSE_NORMAL);
	assert_int_equal(core_release_call(H.core, a), ArSuccess);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_false(own->hung_up);           /* still off-hook */
	/* the next call skips HalfAlerting */
	at = H.nevents;
	assert_int_equal(core_make_call(H.core, a, "13800000002", "", "", 1,
					1), ArSuccess);
	assert_int_equal(h_find("2002", AsHalfAlertingState, &at), -1);
	assert_int_equal(h_last("2002")->status, AsConnectingState);
	h_event(SW_EV_ANSWERED, h_leg_to("13800000002")->id, SW_CAUSE_NORMAL);
	assert_string_equal(own->bridge, h_leg_to("13800000002")->bridge);
	assert_int_equal(core_release_call(H.core, a), ArSuccess);
	assert_false(own->hung_up);
	/* ReleaseCall a second time puts the phone down */
	assert_int_equal(core_release_call(H.core, a), ArSuccess);
	assert_true(own->hung_up);
	assert_int_equal(core_release_call(H.core, a), ArAgentStatusIsWrong);
}

static void internal_call(void **state)
{
	struct agent *x, *y;
	struct h_leg *lx, *ly;
	size_t at = 0;
	int i;

	(void)state;
	x = h_signin("2002", "1889", "示例", &owner);
	y = h_signin("2003", "1883", "示例", &owner);
	core_set_busy(H.core, x);
	assert_int_equal(core_make_call(H.core, x, "2003", "", "", 0, 0),
			 ArSuccess);
	lx = h_leg_to("1889");
	h_event(SW_EV_ANSWERED, lx->id, SW_CAUSE_NORMAL);
	ly = h_leg_to("1883");
	assert_non_null(ly);
	assert_string_equal(ly->caller, "2002");
	i = h_find("2002", AsConnectingState, &at);
	assert_int_equal(H.events[i].eventID, CeDestSeizedInternalCall);
	assert_int_equal(H.events[i].otherPartyAttribute, PaInternal);
	h_event(SW_EV_ALERTING, ly->id, SW_CAUSE_NORMAL);
	at = 0;
	i = h_find("2003", AsAlertingState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].eventID, CeInboundCallInternalCall);
	assert_string_equal(H.events[i].otherParty, "2002");
	h_event(SW_EV_ANSWERED, ly->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(x), AsInternalConnectedState);
	assert_int_equal(agent_status(y), AsInternalConnectedState);
	assert_string_equal(h_last("2002")->otherParty, "2003");
	assert_string_equal(h_last("2003")->otherParty, "2002");
	assert_string_equal(lx->bridge, ly->bridge);
	/* Y hangs up */
	assert_int_equal(core_release_call(H.core, y), ArSuccess);
	assert_int_equal(h_last("2003")->reason, CerIdleNormalSelfHangup);
	assert_int_equal(h_last("2002")->reason, CerIdleNormalOtherHangup);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(h_cdr_count(), 2);
}

static void internal_target_checks(void **state)
{
	struct agent *x, *y;

	(void)state;
	x = h_signin("2002", "1889", "示例", &owner);
	assert_int_equal(core_make_call(H.core, x, "", "", "", 0, 0),
			 ArDestIdIsEmpty);
	assert_int_equal(core_make_call(H.core, x, "", "", "", 0, 1),
			 ArDestDnIsEmpty);
	assert_int_equal(core_make_call(H.core, x, "9999", "", "", 0, 0),
			 ArDestAgentIdNotExist);
	assert_int_equal(core_make_call(H.core, x, "2003", "", "", 0, 0),
			 ArAgentStatusIsWrong);      /* not signed in */
	assert_int_equal(core_make_call(H.core, x, "2002", "", "", 0, 0),
			 ArInvalidParam);            /* oneself */
	assert_int_equal(core_make_call(H.core, x, "138 0000", "", "", 0, 1),
			 ArInvalidParam);
	assert_int_equal(core_make_call(H.core, x, "1380", "", "", 0, 7),
			 ArInvalidParam);
	assert_int_equal(core_make_call(H.core, x,
		"123456789012345678901234567890123", "", "", 0, 1),
		ArInvalidParam);
	y = h_signin("2003", "1883", "示例", &owner);
	core_set_busy(H.core, y);
	assert_int_equal(core_make_call(H.core, x, "2003", "", "", 0, 0),
			 ArAgentStatusIsWrong);      /* not Ready */
	/* in a call already */
	assert_int_equal(core_make_call(H.core, x, "138", "", "", 0, 1),
			 ArSuccess);
	assert_int_equal(core_make_call(H.core, x, "139", "", "", 0, 1),
			 ArAgentStatusIsWrong);
	assert_int_equal(core_set_idle(H.core, x), ArAgentStatusIsWrong);
	assert_int_equal(core_signout(H.core, x), ArAgentStatusIsWrong);
	/* X cancels while its own phone rings */
	assert_int_equal(core_release_call(H.core, x), ArSuccess);
	assert_int_equal(h_last("2002")->reason, CerIdleErrorSelfHangup);
}

static void internal_target_refuses(void **state)
{
	struct agent *x, *y;
	struct h_leg *ly;

	(void)state;
	x = h_signin("2002", "1889", "示例", &owner);
	y = h_signin("2003", "1883", "示例", &owner);
	assert_int_equal(core_make_call(H.core, x, "2003", "", "", 0, 0),
			 ArSuccess);
	h_event(SW_EV_ANSWERED, h_leg_to("1889")->id, SW_CAUSE_NORMAL);
	ly = h_leg_to("1883");
	h_event(SW_EV_ALERTING, ly->id, SW_CAUSE_NORMAL);
	h_event(SW_EV_FAILED, ly->id, SW_CAUSE_BUSY);
	assert_int_equal(agent_status(y), AsBusyState);
	assert_int_equal(h_last("2003")->reason, CerCallDestBusy);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerCallDestBusy);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(external_call),
		T(customer_tag_prefix),
		T(dest_failures),
		T(own_phone_not_answering),
		T(offhook_keeps_phone),
		T(internal_call),
		T(internal_target_checks),
		T(internal_target_refuses),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
