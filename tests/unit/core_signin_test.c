/*
 * core_signin_test.c — SignIn checks in their documented order, ForceSignIn
 * both ways, the password lock-out, the settable states, ResetSkill, the
 * ResumeStatus extension, and what happens when a bar goes away.
 */
#include <string.h>
#include <sqlite3.h>
#include "core_harness.h"
#include "core/core_internal.h"

static int owner_a, owner_b;

static void signin_checks(void **state)
{
	(void)state;
	assert_int_equal(h_signin_code("", "x", "1881", "示例", true, NULL),
			 ArAgentIdIsEmpty);
	assert_int_equal(h_signin_code("9999", "x", "1881", "示例", true,
				       NULL), ArAgentIdNotExist);
	assert_int_equal(h_signin_code("2002", "wrong", "1881", "示例", true,
				       NULL), ArAgentPasswordError);
	assert_int_equal(h_signin_code("2002", "2002123", "", "示例", true,
				       NULL), ArAgentDnIsEmpty);
	assert_int_equal(h_signin_code("2002", "2002123", "7777", "示例", true,
				       NULL), ArDestAgentDnNotExist);
	assert_int_equal(h_signin_code("2002", "2002123", "1881", "", true,
				       NULL), ArSkillIsEmpty);
	assert_int_equal(h_signin_code("2002", "2002123", "1881", "nosuch",
				       true, NULL), ArSkillNotExist);
	assert_int_equal(h_signin_code("2002", "2002123", "1881", "示例=x",
				       true, NULL), ArInvalidParam);
	assert_int_equal(store_perm_del(H.st, "2002", "投诉"), 0);
	assert_int_equal(h_signin_code("2002", "2002123", "1881",
				       "示例=3;投诉=1", true, NULL),
			 ArAgentSkillError);
	assert_null(core_agent_by_id(H.core, "2002"));
	assert_int_equal(H.nevents, 0);
}

static void signin_success_events(void **state)
{
	struct agent *a;
	struct agent_info info;

	(void)state;
	a = h_signin("2002", "1889", "示例=3,咨询", &owner_a);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(H.nevents, 1);
	assert_int_equal(H.events[0].status, AsReadyState);
	assert_int_equal(H.events[0].reason, CerIdleSelfLogin);
	assert_ptr_equal(H.events[0].owner, &owner_a);
	assert_ptr_equal(core_agent_by_dn(H.core, "1889"), a);

	core_agent_info(H.core, a, &info);
	assert_string_equal(info.agentId, "2002");
	assert_string_equal(info.agentDn, "1889");
	assert_int_equal(info.currStatus, AsReadyState);
	assert_true(info.loginTime > 0);

	/* StatusChangeType 1 signs in Busy */
	{
		struct signin_req r = {.AgentID = "2003", .PassWord = "2003123",
				       .DN = "1883", .StatusChangeType = 1,
				       .ForceSignIn = true,
				       .ServiceList = "投诉"};
		struct agent *b;

		assert_int_equal(core_signin(H.core, &owner_b, &r, &b),
				 ArSuccess);
		assert_int_equal(h_last("2003")->status, AsBusyState);
		assert_int_equal(h_last("2003")->reason, CerIdleSelfLogin);
	}
}

static void dn_occupied_and_force(void **state)
{
	(void)state;
	h_signin("2002", "1889", "示例", &owner_a);
	assert_int_equal(h_signin_code("2003", "2003123", "1889", "示例", true,
				       &owner_b), ArAgentDnBeOccupied);
	/* ForceSignIn=0 refuses a second session */
	assert_int_equal(h_signin_code("2002", "2002123", "1888", "示例",
				       false, &owner_b), ArHasSigned);
	assert_int_equal(H.nkicked, 0);
	/* ForceSignIn=1: the old bar gets OnUnLogin(resignin), is kicked */
	h_clear_events();
	assert_int_equal(h_signin_code("2002", "2002123", "1888", "示例",
				       true, &owner_b), ArSuccess);
	assert_int_equal(H.nkicked, 1);
	assert_ptr_equal(H.kicked[0], &owner_a);
	assert_int_equal(H.events[0].status, AsUnLoginState);
	assert_int_equal(H.events[0].reason, CerUnloginResignin);
	assert_ptr_equal(H.events[0].owner, &owner_a);
	assert_int_equal(H.events[1].status, AsReadyState);
	assert_ptr_equal(H.events[1].owner, &owner_b);
	assert_string_equal(agent_dn(core_agent_by_id(H.core, "2002")),
			    "1888");
}

static void password_lockout(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		assert_int_equal(h_signin_code("2004", "bad", "1884", "示例",
					       true, NULL),
				 ArAgentPasswordError);
	/* locked now, even with the right password */
	assert_int_equal(h_signin_code("2004", "2004123", "1884", "示例", true,
				       NULL), ArTooManyAttempts);
	/* other agents are not affected */
	assert_int_equal(h_signin_code("2005", "2005123", "1885", "示例", true,
				       NULL), ArSuccess);
}

static void settable_states(void **state)
{
	struct agent *a;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner_a);
	assert_int_equal(core_set_busy(H.core, a), ArSuccess);
	assert_int_equal(h_last("2002")->status, AsBusyState);
	assert_int_equal(h_last("2002")->reason, CerIdleSelfSet);
	assert_int_equal(core_set_rest(H.core, a, "午饭"), ArSuccess);
	assert_int_equal(h_last("2002")->status, AsRestState);
	assert_int_equal(core_set_rest(H.core, a, "not a reason"),
			 ArInvalidParam);
	assert_int_equal(core_set_rest(H.core, a, ""), ArInvalidParam);
	assert_int_equal(core_set_agent_status(H.core, a, AsLockState, ""),
			 ArAgentStatusIsWrong);
	assert_int_equal(core_set_agent_status(H.core, a, 99, ""),
			 ArInvalidParam);
	assert_int_equal(core_set_agent_status(H.core, a, AsReadyState, ""),
			 ArSuccess);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(core_reset_skill(H.core, a, "nosuch"),
			 ArSkillNotExist);
	assert_int_equal(core_reset_skill(H.core, a, "投诉=2;咨询=1"), ArSuccess);
	assert_int_equal(core_signout(H.core, a), ArSuccess);
	assert_int_equal(h_last("2002")->status, AsUnLoginState);
	assert_int_equal(h_last("2002")->reason, CerUnloginLogout);
	assert_null(core_agent_by_id(H.core, "2002"));
}

static void counters_accumulate(void **state)
{
	struct agent *a;
	struct agent_info info;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner_a);
	h_pump(1100);
	core_set_busy(H.core, a);
	h_pump(1100);
	core_set_rest(H.core, a, "培训");
	h_pump(1100);
	core_agent_info(H.core, a, &info);
	assert_true(info.freeTotalTime >= 1);
	assert_true(info.busyTotalTime >= 1);
	assert_true(info.resetTotalTime >= 1);
	assert_int_equal(info.callTimes, 0);
}

static void owner_lost_idle(void **state)
{
	struct agent *a;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner_a);
	core_owner_lost(H.core, a);
	assert_null(core_agent_by_id(H.core, "2002"));
	assert_int_equal(h_last("2002")->status, AsUnLoginState);
	assert_int_equal(h_last("2002")->reason, CerUnloginOtherForceout);
}

static void owner_lost_in_call_then_resume(void **state)
{
	struct agent *a;
	sw_leg_t cust;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner_a);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	assert_int_equal(agent_status(a), AsConnectedState);
	core_owner_lost(H.core, a);
	/* still there, still talking */
	assert_ptr_equal(core_agent_by_id(H.core, "2002"), a);
	assert_int_equal(agent_status(a), AsConnectedState);
	/* the bar comes back: resumed, not a new login */
	assert_int_equal(h_signin_code("2002", "2002123", "1889", "示例",
				       false, &owner_b), ArSuccess);
	assert_ptr_equal(core_agent_by_id(H.core, "2002"), a);
	assert_ptr_equal(agent_owner(a), &owner_b);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(a), AsReadyState);
}

static void owner_lost_in_call_signed_out_after(void **state)
{
	struct agent *a;
	sw_leg_t cust;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner_a);
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	core_owner_lost(H.core, a);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_null(core_agent_by_id(H.core, "2002"));
	assert_int_equal(h_last("2002")->status, AsUnLoginState);
	assert_int_equal(h_last("2002")->reason, CerUnloginOtherForceout);
	assert_int_equal(h_cdr_count(), 1);
}

/* An unregistered DN cannot sign in; a registration lost makes a Ready
 * agent Busy, never Ready, and Ready again when the phone comes back. */
static void phone_registration(void **state)
{
	struct agent *a;
	sw_leg_t cust;

	(void)state;
	h_phone("1889", false);
	assert_int_equal(h_signin_code("2002", "2002123", "1889", "示例",
				       false, &owner_a), ArImsError);
	assert_null(core_agent_by_id(H.core, "2002"));
	h_phone("1889", true);
	a = h_signin("2002", "1889", "示例", &owner_a);
	assert_int_equal(agent_status(a), AsReadyState);

	h_phone("1889", false);
	assert_int_equal(agent_status(a), AsBusyState);
	assert_int_equal(h_last("2002")->reason, CerIdleElse);
	assert_int_equal(core_set_idle(H.core, a), ArImsError);
	assert_int_equal(core_force_idle(H.core,
					 h_signin("2001", "1880", "投诉",
						  &owner_b), "2002"),
			 ArImsError);
	assert_int_equal(agent_status(a), AsBusyState);
	/* no call is offered to it */
	cust = h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	assert_null(h_leg_to("1889"));
	h_phone("1889", true);
	assert_int_equal(h_last("2002")->reason, CerIdleElse);
	h_pump(5);
	/* Ready again, and the waiting call comes to it */
	assert_non_null(h_leg_to("1889"));
	h_answer_phone("1889");
	assert_int_equal(agent_status(a), AsConnectedState);

	/* lost during a call: the call goes on, Busy after it */
	h_phone("1889", false);
	assert_int_equal(agent_status(a), AsConnectedState);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(a), AsBusyState);

	/* a Busy the agent chose is not undone by the phone coming back */
	h_phone("1889", true);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(core_set_busy(H.core, a), ArSuccess);
	h_phone("1889", false);
	h_phone("1889", true);
	assert_int_equal(agent_status(a), AsBusyState);
}

/* SignIn of 2002 on 1889 by owner_b, resuming status (and reason). */
static int signin_resuming(int status, const char *reason)
{
	struct signin_req r = {.AgentID = "2002", .PassWord = "2002123",
			       .DN = "1889", .ForceSignIn = true,
			       .ServiceList = "示例", .resume = true,
			       .ResumeStatus = status, .ResumeReason = reason};
	struct agent *a;

	return core_signin(H.core, &owner_b, &r, &a);
}

/* A fresh session enters the resumed state with the one event of a sign-in
 * (CerIdleSelfLogin); a waiting call is offered only to a Ready agent. */
static void resume_fresh_session(void **state)
{
	static const int states[] = {AsBusyState, AsRestState, AsReadyState};
	struct agent *a;
	size_t i;

	(void)state;
	h_inbound("sim-1", "13800000001", "4000");
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		h_clear_events();
		assert_int_equal(signin_resuming(states[i], "午饭"), ArSuccess);
		a = core_agent_by_id(H.core, "2002");
		assert_int_equal(H.nevents, 1);
		assert_int_equal(H.events[0].status, states[i]);
		assert_int_equal(H.events[0].reason, CerIdleSelfLogin);
		h_pump(5);
		if (states[i] == AsRestState)
			assert_string_equal(a->rest_reason, "午饭");
		if (states[i] != AsReadyState) {
			assert_null(h_leg_to("1889"));
			assert_int_equal(core_signout(H.core, a), ArSuccess);
		}
	}
	assert_non_null(h_leg_to("1889"));
	assert_int_equal(agent_status(a), AsLockState);
}

/* A bad ResumeStatus or rest reason is ArInvalidParam, like SetRest's;
 * nothing is signed in. */
static void resume_bad_input(void **state)
{
	(void)state;
	assert_int_equal(signin_resuming(99, ""), ArInvalidParam);
	assert_int_equal(signin_resuming(AsUnknownState, ""), ArInvalidParam);
	assert_int_equal(signin_resuming(AsLockState, ""), ArInvalidParam);
	assert_int_equal(signin_resuming(AsRestState, NULL), ArInvalidParam);
	assert_int_equal(signin_resuming(AsRestState, ""), ArInvalidParam);
	assert_int_equal(signin_resuming(AsRestState, "not a reason"),
			 ArInvalidParam);
	assert_null(core_agent_by_id(H.core, "2002"));
	assert_int_equal(H.nevents, 0);
}

/* Taking over a session that is not in a call makes a fresh one, in the
 * resumed state; a session in a call keeps the server's state. */
static void resume_over_old_session(void **state)
{
	struct agent *a;

	(void)state;
	a = h_signin("2002", "1889", "示例", &owner_a);
	assert_int_equal(core_set_busy(H.core, a), ArSuccess);
	h_clear_events();
	assert_int_equal(signin_resuming(AsBusyState, ""), ArSuccess);
	assert_int_equal(H.nevents, 2);
	assert_int_equal(H.events[0].status, AsUnLoginState);
	assert_int_equal(H.events[1].status, AsBusyState);
	assert_ptr_equal(H.events[1].owner, &owner_b);

	a = core_agent_by_id(H.core, "2002");
	assert_int_equal(core_set_idle(H.core, a), ArSuccess);
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	h_answer_phone("1889");
	core_owner_lost(H.core, a);
	assert_int_equal(signin_resuming(AsRestState, "午饭"), ArSuccess);
	assert_ptr_equal(core_agent_by_id(H.core, "2002"), a);
	assert_int_equal(agent_status(a), AsConnectedState);
}

/* A resumed Ready obeys the phone rules: no sign-in on an unregistered DN,
 * Busy while the phone is down. */
static void resume_ready_phone_down(void **state)
{
	(void)state;
	h_phone("1889", false);
	assert_int_equal(signin_resuming(AsReadyState, NULL), ArImsError);
	h_phone("1889", true);
	assert_int_equal(signin_resuming(AsReadyState, NULL), ArSuccess);
	h_phone("1889", false);
	assert_int_equal(agent_status(core_agent_by_id(H.core, "2002")),
			 AsBusyState);
}

/* Renames a directory table under the running core, so that the store's
 * statements on it fail as a broken database does. */
static void rename_table(const char *from, const char *to)
{
	char sql[128];
	sqlite3 *db;

	snprintf(sql, sizeof(sql), "ALTER TABLE %s RENAME TO %s", from, to);
	assert_int_equal(sqlite3_open(H.db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A failing directory is not the client's mistake: each lookup SignIn
 * makes answers ArFailed, never "no such agent / DN / skill". */
static void directory_fault_is_not_missing(void **state)
{
	static const char *const tables[] = {"agents", "phones", "skills",
					     "perms"};
	int queued, free_agents;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		rename_table(tables[i], "broken");
		assert_int_equal(h_signin_code("2002", "2002123", "1882",
					       "示例=1", false, NULL),
				 ArFailed);
		rename_table("broken", tables[i]);
	}
	/* a skill the core has not read yet */
	rename_table("skills", "broken");
	assert_int_equal(core_skill_waiting(H.core, "投诉", &queued,
					    &free_agents), ArFailed);
	rename_table("broken", "skills");
	assert_int_equal(core_skill_waiting(H.core, "投诉", &queued,
					    &free_agents), ArSuccess);

	assert_null(core_agent_by_id(H.core, "2002"));
	assert_int_equal(h_signin_code("2002", "2002123", "1882", "示例=1",
				       false, NULL), ArSuccess);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(signin_checks, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(signin_success_events, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(dn_occupied_and_force, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(password_lockout, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(settable_states, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(counters_accumulate, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(owner_lost_idle, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(owner_lost_in_call_then_resume,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(
			owner_lost_in_call_signed_out_after, h_setup,
			h_teardown),
		cmocka_unit_test_setup_teardown(phone_registration, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(resume_fresh_session, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(resume_bad_input, h_setup,
						h_teardown),
		cmocka_unit_test_setup_teardown(resume_over_old_session,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(resume_ready_phone_down,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(directory_fault_is_not_missing,
						h_setup_file, h_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
