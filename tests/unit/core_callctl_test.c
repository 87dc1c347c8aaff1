/*
 * core_callctl_test.c — the operations during a call, on the scripted
 * switch: hold/retrieve, consult with its three outcomes (reconnect,
 * transfer, conference) and its failures, single-step transfer to an agent
 * (private queue), call data, DTMF and mute, private queues and
 * JumptheQueue, recording.
 */
#include <string.h>
#include "core_harness.h"

static int owner;

/* 2002 on 1889 talking with customer 13800000001 on call "sim-1". */
static struct agent *talking(sw_leg_t *custp)
{
	struct agent *x = h_signin("2002", "1889", "示例", &owner);
	sw_leg_t cust = h_inbound("sim-1", "13800000001", "4000");

	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(agent_status(x), AsConnectedState);
	if (custp)
		*custp = cust;
	return x;
}

static void hold_retrieve(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust);
	struct h_leg *c = h_leg(cust);

	(void)state;
	assert_int_equal(core_retrieve(H.core, x), ArAgentStatusIsWrong);
	assert_int_equal(core_hold(H.core, x), ArSuccess);
	assert_int_equal(agent_status(x), AsSuspendedState);
	assert_int_equal(h_last("2002")->eventID,
			 CeThisPartySuspendedNormalCall);
	assert_int_equal(c->tone, SW_TONE_MOH);
	assert_int_equal(c->flags, 0);                 /* heard by nobody */
	assert_int_equal(core_hold(H.core, x), ArAgentStatusIsWrong);
	assert_int_equal(core_retrieve(H.core, x), ArSuccess);
	assert_int_equal(h_last("2002")->reason, CerTalkSelfRetrieve);
	assert_int_equal(c->tone, SW_TONE_NONE);
	assert_int_equal(c->flags, SW_HEAR | SW_SPEAK);
	/* a held customer who hangs up ends the call as usual */
	core_hold(H.core, x);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerIdleNormalOtherHangup);
}

/* X consults Y (2003 on 1883), who answers. */
static struct agent *consulted(struct agent *x, struct h_leg **lyp)
{
	struct agent *y = h_signin("2003", "1883", "示例", &owner);
	struct h_leg *ly;
	size_t at = H.nevents;
	int i;

	core_set_busy(H.core, y);
	assert_int_equal(core_consult(H.core, x, "2003", "", "", 0),
			 ArAgentStatusIsWrong);   /* Y not Ready */
	core_set_idle(H.core, y);
	h_pump(5);
	assert_int_equal(core_consult(H.core, x, "2003", "", "", 0), ArSuccess);
	i = h_find("2002", AsConsultConnectingState, &at);
	assert_true(i >= 0);
	assert_int_equal(H.events[i].eventID, CeDestSeizedConsultCall);
	ly = h_leg_to("1883");
	assert_non_null(ly);
	assert_string_equal(ly->caller, "2002");
	h_event(SW_EV_ALERTING, ly->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(y), AsAlertingState);
	h_event(SW_EV_ANSWERED, ly->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(x), AsConsultConnectedState);
	assert_int_equal(agent_status(y), AsInternalConnectedState);
	assert_string_equal(h_last("2003")->otherParty, "2002");
	*lyp = ly;
	return y;
}

static void consult_reconnect(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust), *y;
	struct h_leg *ly, *lx = h_leg_to("1889");

	(void)state;
	y = consulted(x, &ly);
	assert_int_equal(h_leg(cust)->tone, SW_TONE_MOH);
	assert_string_equal(lx->bridge, ly->bridge);
	assert_string_not_equal(lx->bridge, "sim-1");
	assert_int_equal(core_reconnect(H.core, x), ArSuccess);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(h_last("2003")->reason, CerIdleNormalOtherHangup);
	assert_int_equal(agent_status(x), AsConnectedState);
	assert_int_equal(h_last("2002")->reason, CerTalkSelfRetrieve);
	assert_true(ly->hung_up);
	assert_string_equal(lx->bridge, "sim-1");
	assert_int_equal(h_leg(cust)->tone, SW_TONE_NONE);
}

static void consult_transfer(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust), *y;
	struct h_leg *ly;
	const char *v = NULL;

	(void)state;
	assert_int_equal(core_set_call_data(H.core, x, "order", "A-42"),
			 ArSuccess);
	y = consulted(x, &ly);
	assert_int_equal(core_transfer(H.core, x), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerIdleNormalSelfHangup);
	assert_int_equal(h_last("2002")->eventID,
			 CeThisPartyTransferredConsultCall);
	assert_int_equal(agent_status(y), AsConnectedState);
	assert_int_equal(h_last("2003")->eventID,
			 CeOtherPartyTransferredConsultCall);
	assert_string_equal(h_last("2003")->otherParty, "13800000001");
	assert_string_equal(ly->bridge, "sim-1");
	assert_string_equal(h_leg(cust)->bridge, "sim-1");
	assert_true(h_leg_to("1889")->hung_up);
	/* the contact's data followed the customer */
	assert_int_equal(core_get_call_data(H.core, y, "order", &v), ArSuccess);
	assert_string_equal(v, "A-42");
	assert_string_equal(agent_org_calling_no(y), "13800000001");
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(h_cdr_count(), 2);
}

static void conference_and_its_endings(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust), *y;
	struct h_leg *ly;

	(void)state;
	y = consulted(x, &ly);
	assert_int_equal(core_conference(H.core, x), ArSuccess);
	assert_int_equal(agent_status(x), AsConferenceState);
	assert_int_equal(agent_status(y), AsConferenceState);
	assert_string_equal(ly->bridge, "sim-1");
	assert_string_equal(h_leg_to("1889")->bridge, "sim-1");
	assert_int_equal(h_leg(cust)->tone, SW_TONE_NONE);
	/* X leaves: Y and the customer stay */
	assert_int_equal(core_release_call(H.core, x), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(agent_status(y), AsConnectedState);
	assert_false(h_leg(cust)->hung_up);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(y), AsReadyState);
}

static void conference_customer_leaves(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust), *y;
	struct h_leg *ly;

	(void)state;
	y = consulted(x, &ly);
	core_conference(H.core, x);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(x), AsInternalConnectedState);
	assert_int_equal(agent_status(y), AsInternalConnectedState);
	assert_int_equal(core_release_call(H.core, y), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(agent_status(y), AsReadyState);
}

static void conference_target_leaves(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust), *y;
	struct h_leg *ly;

	(void)state;
	y = consulted(x, &ly);
	core_conference(H.core, x);
	assert_int_equal(core_release_call(H.core, y), ArSuccess);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(agent_status(x), AsConnectedState);
	assert_int_equal(h_last("2002")->eventID,
			 CeOtherPartyDisconnectConferenceCall);
	assert_true(ly->hung_up);
	assert_false(h_leg(cust)->hung_up);
	assert_string_equal(h_leg_to("1889")->bridge, "sim-1");
}

static void single_step_to_number_and_ivr(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust);
	struct h_leg *l;
	struct sys_info si;

	(void)state;
	assert_int_equal(core_single_step_transfer(H.core, x, "13900000000",
						   "", "", 0, 1), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	l = h_leg_to("13900000000");
	assert_non_null(l);
	assert_string_equal(l->caller, "13800000001");   /* pass-through */
	assert_int_equal(h_leg(cust)->tone, SW_TONE_RINGBACK);
	h_event(SW_EV_ANSWERED, l->id, SW_CAUSE_NORMAL);
	assert_string_equal(l->bridge, h_leg(cust)->bridge);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_true(l->hung_up);
	core_sys_info(H.core, &si);
	assert_int_equal(si.totalCalls, 0);

	/* type 2: an IVR access code */
	cust = h_inbound("sim-2", "13800000002", "4000");
	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(core_single_step_transfer(H.core, x, "nosuch", "", "",
						   0, 2), ArInvalidParam);
	assert_int_equal(core_single_step_transfer(H.core, x, "4100", "", "",
						   0, 2), ArSuccess);
	h_pump(5);
	assert_int_equal(h_leg(cust)->tone, SW_TONE_PROMPT);
	core_sys_info(H.core, &si);
	assert_int_equal(si.ivrCalls, 1);
}

static void consult_failures(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust);
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(h_dest_failures); i++) {
		struct h_leg *l;

		assert_int_equal(core_consult(H.core, x, "13900000000", "", "",
					      1), ArSuccess);
		l = h_leg_to("13900000000");
		assert_int_equal(l->kind, SW_DEST_NUMBER);
		h_event(SW_EV_FAILED, l->id, h_dest_failures[i].cause);
		assert_int_equal(agent_status(x), AsSuspendedState);
		assert_int_equal(h_last("2002")->reason,
				 h_dest_failures[i].reason);
		assert_int_equal(h_leg(cust)->tone, SW_TONE_MOH);
	}
	/* special call type: "<type>#<number>" */
	assert_int_equal(core_consult(H.core, x, "800", "", "", 5), ArSuccess);
	assert_non_null(h_leg_to("5#800"));
	/* drops the consultation */
	assert_int_equal(core_release_call(H.core, x), ArSuccess);
	assert_int_equal(agent_status(x), AsSuspendedState);
	assert_int_equal(core_retrieve(H.core, x), ArSuccess);
	assert_int_equal(core_consult(H.core, x, "", "", "", 0),
			 ArDestIdIsEmpty);
	assert_int_equal(core_consult(H.core, x, "9999", "", "", 0),
			 ArDestAgentIdNotExist);
}

static void consult_outside_then_transfer(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust);
	struct h_leg *l;
	struct sys_info si;

	(void)state;
	assert_int_equal(core_consult(H.core, x, "13900000000", "", "", 1),
			 ArSuccess);
	l = h_leg_to("13900000000");
	h_event(SW_EV_ANSWERED, l->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(x), AsConsultConnectedState);
	assert_int_equal(core_transfer(H.core, x), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_string_equal(l->bridge, "sim-1");
	assert_string_equal(h_leg(cust)->bridge, "sim-1");
	/* customer and outside party talk with no agent; either ends it */
	h_event(SW_EV_HANGUP, l->id, SW_CAUSE_NORMAL);
	assert_true(h_leg(cust)->hung_up);
	core_sys_info(H.core, &si);
	assert_int_equal(si.totalCalls, 0);
}

static void single_step_to_agent(void **state)
{
	sw_leg_t cust;
	struct agent *x = talking(&cust), *y;
	struct h_leg *ly;
	size_t at;

	(void)state;
	y = h_signin("2003", "1883", "示例", &owner);
	core_set_busy(H.core, y);
	h_clear_events();
	assert_int_equal(core_single_step_transfer(H.core, x, "2003", "95555",
						   "", 1, 0), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(h_last("2002")->eventID,
			 CeThisPartyTransferredNormalCall);
	/* Y is Busy: the call waits in its private queue */
	h_pump(5);
	{
		struct agent_info info;
		struct sys_info si;

		core_agent_info(H.core, y, &info);
		assert_int_equal(info.privQueueNum, 1);
		core_sys_info(H.core, &si);
		assert_int_equal(si.privQueueCalls, 1);
	}
	assert_int_equal(h_leg(cust)->tone, SW_TONE_MOH);
	at = H.nevents;
	core_set_idle(H.core, y);
	h_pump(5);
	assert_int_equal(agent_status(y), AsLockState);
	ly = h_leg_to("1883");
	assert_string_equal(ly->caller, "95555");        /* style 1 */
	h_event(SW_EV_ANSWERED, ly->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(y), AsConnectedState);
	assert_true(h_find("2003", AsConnectedState, &at) >= 0);
	assert_string_equal(h_last("2003")->otherParty, "95555");
	assert_string_equal(agent_org_calling_no(y), "13800000001");
}

static size_t nids;

static void collect_ids(const struct queue_info *q, void *arg)
{
	int64_t *ids = arg;

	if (nids < 2)
		ids[nids] = q->requestId;
	++nids;
}

static void private_queue_route_and_jump(void **state)
{
	struct dir_route r = {.access = "4200", .kind = ROUTE_AGENT};
	struct agent *y;
	int64_t ids[2];
	size_t n = 0;

	(void)state;
	str_ncpy(r.target, "2003", sizeof(r.target));
	assert_int_equal(store_route_put(H.st, &r, false), 0);
	h_inbound("p1", "13800000001", "4200");
	h_inbound("p2", "13800000002", "4200");
	h_inbound("s1", "13800000003", "4000");   /* a skill call */
	h_pump(5);
	{
		struct sys_info si;

		core_sys_info(H.core, &si);
		assert_int_equal(si.privQueueCalls, 2);
		assert_int_equal(si.queueCalls, 1);
	}
	/* GetPrivateQueue lists both, oldest first */
	assert_int_equal(core_private_queue(H.core, "2003", collect_ids,
					    ids), ArSuccess);
	n = nids;
	assert_int_equal(n, 2);
	assert_int_equal(core_jump_queue(H.core, ids[1]), ArSuccess);
	assert_int_equal(core_jump_queue(H.core, 987654),
			 ArRouteRequestNotExist);
	y = h_signin("2003", "1883", "示例", &owner);
	h_pump(5);
	/* private before skill, and the jumped one first */
	assert_int_equal(agent_status(y), AsLockState);
	assert_string_equal(h_leg_to("1883")->caller, "13800000002");
}

static void call_data_limits_and_dtmf_mute(void **state)
{
	sw_leg_t cust;
	struct agent *x;
	const char *v;
	char big[1100];

	(void)state;
	x = h_signin("2002", "1889", "示例", &owner);
	assert_int_equal(core_set_call_data(H.core, x, "k", "v"),
			 ArAgentStatusIsWrong);
	assert_int_equal(core_send_dtmf(H.core, x, "1"), ArAgentStatusIsWrong);
	core_signout(H.core, x);
	x = talking(&cust);
	assert_int_equal(core_set_call_data(H.core, x, "", "v"), ArKeyIsEmpty);
	assert_int_equal(core_set_call_data(H.core, x, "k", ""),
			 ArValueIsEmpty);
	assert_int_equal(core_set_call_data(H.core, x,
		"123456789012345678901234567890123", "v"), ArInvalidParam);
	memset(big, 'x', 1024);
	big[1024] = '\0';
	assert_int_equal(core_set_call_data(H.core, x, "k", big),
			 ArInvalidParam);
	big[1023] = '\0';
	assert_int_equal(core_set_call_data(H.core, x, "k", big), ArSuccess);
	assert_int_equal(core_get_call_data(H.core, x, "k", &v), ArSuccess);
	assert_int_equal(strlen(v), 1023);
	assert_int_equal(core_get_call_data(H.core, x, "none", &v), ArFailed);

	assert_int_equal(core_send_dtmf(H.core, x, ""), ArDigitalsIsEmpty);
	assert_int_equal(core_send_dtmf(H.core, x, "12x"), ArInvalidParam);
	assert_int_equal(core_send_dtmf(H.core, x,
		"123456789012345678901234567890123"), ArInvalidParam);
	assert_int_equal(core_send_dtmf(H.core, x, "*0#A"), ArSuccess);

	assert_int_equal(core_mute(H.core, x, true), ArSuccess);
	assert_int_equal(h_leg_to("1889")->flags, SW_HEAR);
	assert_int_equal(core_mute(H.core, x, false), ArSuccess);
	assert_int_equal(h_leg_to("1889")->flags, SW_HEAR | SW_SPEAK);
}

static void recording(void **state)
{
	struct dir_skill sk;
	struct agent *x;
	char path[300];

	(void)state;
	assert_int_equal(store_skill_get(H.st, "示例", &sk), 0);
	sk.record = true;
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
	x = talking(NULL);
	str_ncpy(path, agent_record_file(x), sizeof(path));
	assert_non_null(strstr(path, "sim-1-2002-"));
	assert_non_null(strstr(path, ".wav"));
	assert_int_equal(core_release_call(H.core, x), ArSuccess);
	assert_string_equal(agent_record_file(x), "");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(hold_retrieve),
		T(consult_reconnect),
		T(consult_transfer),
		T(conference_and_its_endings),
		T(conference_customer_leaves),
		T(conference_target_leaves),
		T(single_step_to_number_and_ivr),
		T(consult_failures),
		T(consult_outside_then_transfer),
		T(single_step_to_agent),
		T(private_queue_route_and_jump),
		T(call_data_limits_and_dtmf_mute),
		T(recording),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
