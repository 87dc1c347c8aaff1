/*
 * core_supervisor_test.c — supervisor operations on the scripted switch:
 * ForceOut / ForceIdle / ForceBusy, Listen / Insert / Switch / Stop,
 * Break with and without the supervisor inserted; and the IVR engine with
 * the demo survey (4100), reached by route and by TransIVR.
 */
#include <string.h>
#include "core_harness.h"

static int owner_m, owner_y;

static struct agent *monitor(void)
{
	return h_signin("2001", "1881", "示例", &owner_m);
}

static void force_ops(void **state)
{
	struct agent *m = monitor(), *y, *z;

	(void)state;
	y = h_signin("2003", "1883", "示例", &owner_y);
	z = h_signin("2004", "1884", "示例", &owner_y);
	assert_int_equal(core_force_busy(H.core, z, "2003"),
			 ArPermissionDenied);
	assert_int_equal(core_force_busy(H.core, m, "9999"),
			 ArDestAgentIdNotExist);
	assert_int_equal(core_force_busy(H.core, m, "2005"), ArNoSignin);
	assert_int_equal(core_force_busy(H.core, m, "2003"), ArSuccess);
	assert_int_equal(agent_status(y), AsBusyState);
	assert_int_equal(h_last("2003")->reason, CerIdleOtherSet);
	assert_int_equal(core_force_idle(H.core, m, "2003"), ArSuccess);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(core_force_out(H.core, m, "2003"), ArSuccess);
	assert_null(core_agent_by_id(H.core, "2003"));
	assert_int_equal(h_last("2003")->reason, CerUnloginOtherForceout);
	assert_int_equal(H.nkicked, 1);
	assert_ptr_equal(H.kicked[0], &owner_y);
}

/* Y (2003 on 1883) talks to customer "sim-1"; M rings and joins. */
static struct agent *monitored(struct agent *m, bool insert, sw_leg_t *cp)
{
	struct agent *y = h_signin("2003", "1883", "投诉", &owner_y);
	sw_leg_t cust = h_inbound("sim-1", "13800000001", "4001");
	struct h_leg *lm;

	h_pump(5);
	h_answer_phone("1883");
	assert_int_equal(agent_status(y), AsConnectedState);
	assert_int_equal(insert ? core_insert(H.core, m, "2003", "", "") :
			 core_listen(H.core, m, "2003", "", ""), ArSuccess);
	assert_int_equal(agent_status(m), AsHalfAlertingState);
	lm = h_leg_to("1881");
	h_event(SW_EV_ANSWERED, lm->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(m), insert ? AsInsertState :
			 AsMonitorState);
	assert_int_equal(agent_status(y), insert ? AsInsertedState :
			 AsMonitoredState);
	assert_string_equal(lm->bridge, "sim-1");
	assert_int_equal(lm->flags, insert ? (SW_HEAR | SW_SPEAK) : SW_HEAR);
	*cp = cust;
	return y;
}

static void listen_switch_stop(void **state)
{
	struct agent *m = monitor(), *y;
	sw_leg_t cust;

	(void)state;
	assert_int_equal(core_listen(H.core, m, "2003", "", ""), ArNoSignin);
	y = monitored(m, false, &cust);
	assert_string_equal(h_last("2001")->otherParty, "2003");
	assert_int_equal(core_switch_insert_listen(H.core, m, "2003"),
			 ArSuccess);
	assert_int_equal(agent_status(m), AsInsertState);
	assert_int_equal(agent_status(y), AsInsertedState);
	assert_int_equal(h_leg_to("1881")->flags, SW_HEAR | SW_SPEAK);
	assert_int_equal(core_stop_listen(H.core, m, "2003"),
			 ArAgentStatusIsWrong);
	assert_int_equal(core_stop_insert(H.core, m, "2003"), ArSuccess);
	assert_int_equal(agent_status(m), AsReadyState);
	assert_int_equal(agent_status(y), AsConnectedState);
	assert_true(h_leg_to("1881")->hung_up);
	assert_false(h_leg(cust)->hung_up);
}

static void call_end_releases_monitor(void **state)
{
	struct agent *m = monitor();
	sw_leg_t cust;

	(void)state;
	monitored(m, false, &cust);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(m), AsReadyState);
	assert_int_equal(h_last("2001")->reason, CerIdleNormalOtherHangup);
}

static void break_listening(void **state)
{
	struct agent *m = monitor(), *y;
	sw_leg_t cust;

	(void)state;
	y = monitored(m, false, &cust);
	assert_int_equal(core_break(H.core, m, "2003"), ArSuccess);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(h_last("2003")->reason, CerIdleErrorOtherHangup);
	assert_true(h_leg(cust)->hung_up);           /* released too */
	assert_int_equal(agent_status(m), AsReadyState);
}

static void break_inserted_takes_over(void **state)
{
	struct agent *m = monitor(), *y;
	sw_leg_t cust;

	(void)state;
	y = monitored(m, true, &cust);
	assert_int_equal(core_break(H.core, m, "2003"), ArSuccess);
	assert_int_equal(agent_status(y), AsReadyState);
	assert_int_equal(h_last("2003")->reason, CerIdleErrorOtherHangup);
	assert_int_equal(agent_status(m), AsConnectedState);
	assert_false(h_leg(cust)->hung_up);
	assert_true(h_leg_to("1883")->hung_up);
	assert_int_equal(core_release_call(H.core, m), ArSuccess);
	assert_true(h_leg(cust)->hung_up);
}

static void survey_by_route(void **state)
{
	sw_leg_t cust;
	struct sys_info si;
	struct sw_event ev = {.type = SW_EV_DTMF, .digits = "4"};

	(void)state;
	cust = h_inbound("sim-9", "13800000009", "4100");
	h_pump(5);
	assert_int_equal(h_leg(cust)->tone, SW_TONE_PROMPT);
	core_sys_info(H.core, &si);
	assert_int_equal(si.ivrCalls, 1);
	h_pump(1100);                    /* the prompt, then collect */
	ev.leg = cust;
	core_switch_event(&ev, H.core);
	h_pump(1100);                    /* thanks, then hangup */
	assert_true(h_leg(cust)->hung_up);
	core_sys_info(H.core, &si);
	assert_int_equal(si.ivrCalls, 0);
	assert_int_equal(si.totalCalls, 0);
}

/* if:KEY=VALUE reads call data the agent set before TransIVR */
static void ivr_reads_call_data(void **state)
{
	static const struct dir_ivr flow = {
		"vip", "if:tier=gold;skill:投诉;skill:咨询",
	};
	struct agent *x = h_signin("2002", "1889", "示例", &owner_y);
	char why[160];
	int q, f;

	(void)state;
	assert_true(core_ivr_script_ok(flow.script, why, sizeof(why)));
	assert_false(core_ivr_script_ok("if:tier", why, sizeof(why)));
	assert_int_equal(store_ivr_put(H.st, &flow, false), 0);
	h_inbound("sim-3", "13800000003", "4000");
	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(core_set_call_data(H.core, x, "tier", "gold"),
			 ArSuccess);
	assert_int_equal(core_trans_ivr(H.core, x, NULL, "vip"), ArSuccess);
	h_pump(20);
	core_skill_waiting(H.core, "投诉", &q, &f);
	assert_int_equal(q, 1);                     /* gold: 投诉 */

	h_inbound("sim-4", "13800000004", "4000");
	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(core_trans_ivr(H.core, x, NULL, "vip"), ArSuccess);
	h_pump(20);
	core_skill_waiting(H.core, "咨询", &q, &f);
	assert_int_equal(q, 1);                     /* no tier: 咨询 */
}

static void grab_call_data(const struct cdr *c, void *arg)
{
	str_ncpy(arg, c->call_data, 64);
}

static void survey_after_transivr(void **state)
{
	struct agent *x = h_signin("2002", "1889", "示例", &owner_y);
	sw_leg_t cust = h_inbound("sim-2", "13800000002", "4000");
	struct sw_event ev = {.type = SW_EV_DTMF, .digits = "5"};
	char data[64] = "";

	(void)state;
	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(core_trans_ivr(H.core, x, NULL, "nosuch"),
			 ArInvalidParam);
	assert_int_equal(core_trans_ivr(H.core, x, NULL, "4100"), ArSuccess);
	assert_int_equal(agent_status(x), AsReadyState);
	assert_int_equal(h_cdr_count(), 1);
	h_pump(1100);
	ev.leg = cust;
	core_switch_event(&ev, H.core);
	h_pump(1100);
	assert_true(h_leg(cust)->hung_up);
	/* the digit reached the agent's CDR row as call data */
	store_cdr_list(H.st, 1, grab_call_data, data);
	assert_string_equal(data, "{\"satisfaction\":\"5\"}");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(force_ops),
		T(listen_switch_stop),
		T(call_end_releases_monitor),
		T(break_listening),
		T(break_inserted_takes_over),
		T(survey_by_route),
		T(survey_after_transivr),
		T(ivr_reads_call_data),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
