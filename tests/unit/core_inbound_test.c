/*
 * core_inbound_test.c — the inbound flow of CALL-FLOWS.md step by step:
 * queue, Lock, Alerting, Connected, the two hangups, ring timeout and
 * requeue at the head, refusal, abandon in queue and while ringing, queue
 * limits and overflow, wrap-up, Answer and ReleaseCall, Reset.
 */
#include <string.h>
#include "core_harness.h"

static int owner;

static void inbound_connected_customer_hangs_up(void **state)
{
	struct agent *a;
	sw_leg_t cust, phone;
	struct h_leg *cl;
	size_t at = 0;
	int i;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-7", "13800000001", "4000");
	cl = h_leg(cust);
	assert_true(cl->answered_by_core);
	assert_int_equal(cl->tone, SW_TONE_MOH);
	h_pump(5);

	i = h_find("2002", AsLockState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].eventID, CeInboundCallNormalCall);
	assert_string_equal(H.events[i].callID, "sim-7");
	assert_non_null(h_leg_to("1889"));
	assert_string_equal(h_leg_to("1889")->caller, "13800000001");

	phone = h_leg_to("1889")->id;
	h_event(SW_EV_ALERTING, phone, SW_CAUSE_NORMAL);
	i = h_find("2002", AsAlertingState, &at);
	assert_true(i >= 0);
	assert_string_equal(H.events[i].otherParty, "13800000001");
	assert_int_equal(H.events[i].otherPartyAttribute, PaNormal);

	h_event(SW_EV_ANSWERED, phone, SW_CAUSE_NORMAL);
	i = h_find("2002", AsConnectedState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].eventID, CeThisPartyAnsweredNormalCall);
	assert_int_equal(H.events[i].reason, CerTalkOtherCreat);
	assert_int_equal(H.events[i].partyNum, 2);
	assert_string_equal(cl->bridge, "sim-7");
	assert_string_equal(h_leg(phone)->bridge, "sim-7");
	assert_int_equal(cl->tone, SW_TONE_NONE);
	assert_string_equal(agent_calling_no(a), "13800000001");
	assert_string_equal(agent_called_no(a), "4000");

	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	i = h_find("2002", AsReadyState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].reason, CerIdleNormalOtherHangup);
	assert_string_equal(H.events[i].callID, "sim-7");
	assert_true(h_leg(phone)->hung_up);
	assert_int_equal(h_cdr_count(), 1);
	assert_string_equal(agent_calling_no(a), "");
	{
		struct agent_info info;

		core_agent_info(H.core, a, &info);
		assert_int_equal(info.callTimes, 1);
		assert_int_equal(info.answerTimes, 1);
	}
}

static void agent_releases(void **state)
{
	struct agent *a;
	sw_leg_t cust;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(core_release_call(H.core, a), ArSuccess);
	assert_int_equal(h_last("2002")->status, AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerIdleNormalSelfHangup);
	assert_true(h_leg(cust)->hung_up);
	assert_int_equal(core_release_call(H.core, a), ArAgentStatusIsWrong);
}

static void agent_phone_hangs_up(void **state)
{
	sw_leg_t cust, phone;

	(void)state;
	h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	phone = h_answer_phone("1889");
	h_event(SW_EV_HANGUP, phone, SW_CAUSE_NORMAL);
	assert_int_equal(h_last("2002")->reason, CerIdleNormalSelfHangup);
	assert_true(h_leg(cust)->hung_up);
}

static void after_call_busy_and_wrapup(void **state)
{
	struct signin_req r = {.AgentID = "2003", .PassWord = "2003123",
			       .DN = "1883", .StatusChangeType = 1,
			       .ForceSignIn = true, .ServiceList = "示例"};
	struct agent *b, *a;
	struct dir_skill sk;
	sw_leg_t cust;

	(void)state;
	/* StatusChangeType 1: Busy after the call */
	assert_int_equal(core_signin(H.core, &owner, &r, &b), ArSuccess);
	core_set_idle(H.core, b);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1883");
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(h_last("2003")->status, AsBusyState);
	assert_int_equal(h_last("2003")->reason, CerIdleNormalOtherHangup);
	core_signout(H.core, b);

	/* wrap-up: Busy for the skill's wrap-up, then Ready */
	assert_int_equal(store_skill_get(H.st, "示例", &sk), 0);
	sk.wrapup = 1;
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
	a = h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-2", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(a), AsBusyState);
	h_pump(1200);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerIdleIdle);
}

static void ring_timeout_requeues_at_head(void **state)
{
	struct dir_skill sk;
	struct agent *a, *b;
	size_t at = 0;
	int i;

	(void)state;
	assert_int_equal(store_skill_get(H.st, "示例", &sk), 0);
	sk.ring_timeout = 1;
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);

	a = h_signin("2002", "1889", "示例", &owner);
	h_inbound("sim-1", "13800000001", "4000");
	h_inbound("sim-2", "13800000002", "4000");
	h_pump(5);
	/* first call rings 2002; it never answers */
	assert_string_equal(h_leg_to("1889")->caller, "13800000001");
	h_pump(1200);
	i = h_find("2002", AsBusyState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].reason, CerCallNoAnswer);
	assert_true(h_leg_to("1889")->hung_up);
	/* an absent agent is not rung again; the next agent gets the first
	 * call again, which is still at the head */
	b = h_signin("2003", "1883", "示例", &owner);
	h_pump(5);
	assert_string_equal(h_leg_to("1883")->caller, "13800000001");
	assert_int_equal(agent_status(a), AsBusyState);
	assert_int_equal(agent_status(b), AsLockState);
}

static void refusal_and_abandons(void **state)
{
	struct agent *a, *b;
	sw_leg_t cust, phone;
	int queued, free_n;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	/* the phone refuses (busy): Busy, call back in the queue */
	phone = h_leg_to("1889")->id;
	h_event(SW_EV_FAILED, phone, SW_CAUSE_BUSY);
	assert_int_equal(agent_status(a), AsBusyState);
	assert_int_equal(h_last("2002")->reason, CerCallDestBusy);
	assert_int_equal(core_skill_waiting(H.core, "示例", &queued, &free_n),
			 ArSuccess);
	assert_int_equal(queued, 1);
	assert_int_equal(free_n, 0);
	/* abandoned in queue */
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	core_skill_waiting(H.core, "示例", &queued, &free_n);
	assert_int_equal(queued, 0);

	/* abandoned while ringing */
	b = h_signin("2003", "1883", "示例", &owner);
	cust = h_inbound("sim-2", "13800000002", "4000");
	h_pump(5);
	h_event(SW_EV_ALERTING, h_leg_to("1883")->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(b), AsAlertingState);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(b), AsReadyState);
	assert_int_equal(h_last("2003")->reason, CerIdleErrorOtherHangup);
	assert_true(h_leg_to("1883")->hung_up);
	{
		struct sys_info si;

		core_sys_info(H.core, &si);
		assert_int_equal(si.totalCalls, 0);
		assert_int_equal(si.totalAgents, 2);
	}
	/* each abandoned contact: the offer's row, and its own without an
	 * agent saying the customer left */
	{
		static struct cdr c;

		assert_true(h_cdr_find("sim-1", "2002", &c));
		assert_int_equal(c.answer_us, 0);
		assert_true(h_cdr_find("sim-1", "", &c));
		assert_string_equal(c.hangup_by, "customer");
		assert_string_equal(c.direction, "inbound");
		assert_string_equal(c.skill, "示例");
		assert_string_equal(c.ani, "13800000001");
		assert_int_equal(c.answer_us, 0);
		assert_true(h_cdr_find("sim-2", "2003", &c));
		assert_true(h_cdr_find("sim-2", "", &c));
		assert_string_equal(c.hangup_by, "customer");
		assert_int_equal(h_cdr_count(), 4);
	}
}

/* A call an agent answered has no row without agent. */
static void answered_call_has_agent_rows_only(void **state)
{
	static struct cdr c;
	sw_leg_t cust;

	(void)state;
	h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_true(h_cdr_find("sim-1", "2002", &c));
	assert_false(h_cdr_find("sim-1", "", &c));
	assert_int_equal(h_cdr_count(), 1);
}

static void release_while_alerting_is_refusal(void **state)
{
	struct agent *a;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_event(SW_EV_ALERTING, h_leg_to("1889")->id, SW_CAUSE_NORMAL);
	assert_int_equal(core_release_call(H.core, a), ArSuccess);
	assert_int_equal(agent_status(a), AsBusyState);
	assert_int_equal(h_last("2002")->reason, CerCallDestBusy);
}

static void answer_method(void **state)
{
	struct agent *a;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	assert_int_equal(core_answer(H.core, a), ArAgentStatusIsWrong);
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_event(SW_EV_ALERTING, h_leg_to("1889")->id, SW_CAUSE_NORMAL);
	H.answer_unsupported = true;
	assert_int_equal(core_answer(H.core, a),
			 AGENTBARERROR_BAR_ANSWERERROR);
	H.answer_unsupported = false;
	assert_int_equal(core_answer(H.core, a), ArSuccess);
	assert_true(h_leg_to("1889")->answered_by_core);
}

static void max_wait_overflow(void **state)
{
	struct dir_skill sk;
	int q, f;

	(void)state;
	assert_int_equal(store_skill_get(H.st, "示例", &sk), 0);
	sk.max_wait = 1;
	str_ncpy(sk.overflow, "skill:投诉", sizeof(sk.overflow));
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	core_skill_waiting(H.core, "示例", &q, &f);
	assert_int_equal(q, 1);
	h_pump(1200);
	core_skill_waiting(H.core, "示例", &q, &f);
	assert_int_equal(q, 0);
	core_skill_waiting(H.core, "投诉", &q, &f);
	assert_int_equal(q, 1);
	/* an agent of the overflow skill gets it */
	h_signin("2004", "1884", "投诉", &owner);
	h_pump(5);
	assert_int_equal(h_last("2004")->status, AsLockState);

	/* no-agent limit with "hangup" */
	assert_int_equal(store_skill_get(H.st, "咨询", &sk), 0);
	sk.max_wait_noagent = 1;
	str_ncpy(sk.overflow, "hangup", sizeof(sk.overflow));
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
	{
		sw_leg_t cust = h_inbound("sim-2", "13800000002", "4002");

		h_pump(1200);
		assert_true(h_leg(cust)->hung_up);
	}
}

static void unknown_route_rejected(void **state)
{
	sw_leg_t cust;
	struct sys_info si;

	(void)state;
	cust = h_inbound("sim-1", "13800000001", "9999");
	assert_true(h_leg(cust)->hung_up);
	core_sys_info(H.core, &si);
	assert_int_equal(si.totalCalls, 0);
}

static void reset_clears_call(void **state)
{
	struct agent *a;
	sw_leg_t cust;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	h_clear_events();
	assert_int_equal(core_reset(H.core, a), ArSuccess);
	assert_int_equal(H.nevents, 1);
	assert_int_equal(H.events[0].status, AsReadyState);
	assert_int_equal(H.events[0].reason, CerIdleElse);
	assert_true(h_leg(cust)->hung_up);
	assert_int_equal(h_cdr_count(), 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(inbound_connected_customer_hangs_up),
		T(agent_releases),
		T(agent_phone_hangs_up),
		T(after_call_busy_and_wrapup),
		T(ring_timeout_requeues_at_head),
		T(refusal_and_abandons),
		T(answered_call_has_agent_rows_only),
		T(release_while_alerting_is_refusal),
		T(answer_method),
		T(max_wait_overflow),
		T(unknown_route_rejected),
		T(reset_clears_call),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
