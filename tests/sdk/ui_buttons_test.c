/*
 * ui_buttons_test.c — the terminal toolbar's state x button table
 * (tools/agentbar/ui_buttons.c) against CALL-FLOWS.md: for every button,
 * the states the design names, written down here apart from the table,
 * cell by cell for all 20 AgentStatusT; then what must hold of any bar
 * (a way out of every call, nothing but sign-in when signed out), the
 * keys and the manual's state names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui.h"

#define S(state) (1u << (state))
#define ALL_STATES ((1u << AS_STATE_COUNT) - 1)
#define IDLE (S(AsReadyState) | S(AsBusyState) | S(AsRestState))
#define CALL_STATES (ALL_STATES & ~(S(AsAlertingState) - 1))

/* Each line: the button, then the states CALL-FLOWS.md gives for it. */
static const struct {
	int button;
	unsigned states;
	const char *why;
} expected[] = {
	{UB_SIGNIN, S(AsUnLoginState) | S(AsUnknownState),
	 "SignIn: UnLogin -> after-call state (unknown: sign in again)"},
	{UB_SIGNOUT, IDLE, "SignOut: allowed when not in a call"},
	{UB_READY, S(AsBusyState) | S(AsRestState),
	 "only Ready, Busy, Rest are settable, and only when not in a call"},
	{UB_BUSY, S(AsReadyState) | S(AsRestState), "(the same)"},
	{UB_REST, S(AsReadyState) | S(AsBusyState), "(the same)"},
	{UB_CALL, IDLE, "Outbound call: Allowed from Ready, Busy or Rest"},
	{UB_ANSWER, S(AsAlertingState) | S(AsHalfAlertingState),
	 "X's DN rings: Alerting; outbound: X's own phone, HalfAlerting"},
	{UB_HANGUP, S(AsLockState) | CALL_STATES,
	 "ReleaseCall: X's leg hangs up (any call, a listen or insert)"},
	{UB_HOLD, S(AsConnectedState), "Hold: X Connected -> Suspended"},
	{UB_RETRIEVE, S(AsSuspendedState), "Retrieve: -> Connected"},
	{UB_CONSULT, S(AsConnectedState) | S(AsSuspendedState),
	 "Consult: from Connected or Suspended"},
	{UB_RECONNECT, S(AsConsultConnectingState) |
	 S(AsConsultConnectedState), "Reconnect: consult leg dropped"},
	{UB_TRANSFER, S(AsConsultConnectedState),
	 "Transfer (after Consult): customer joined to the target"},
	{UB_CONFERENCE, S(AsConsultConnectedState),
	 "Conference (after Consult): customer, X and target in one mix"},
	{UB_SSTRANSFER, S(AsConnectedState) | S(AsSuspendedState),
	 "SingleStepTransfer: blind transfer of the customer"},
	{UB_TRANSIVR, S(AsConnectedState) | S(AsSuspendedState),
	 "TransIVR: the customer goes to the IVR flow"},
	{UB_DTMF, S(AsConnectedState) | S(AsInternalConnectedState) |
	 S(AsConsultConnectedState) | S(AsConferenceState) |
	 S(AsInsertState) | S(AsMonitoredState) | S(AsInsertedState),
	 "SendDTMF: sent to the other party (X must be talking)"},
	{UB_MUTE, S(AsConnectedState) | S(AsInternalConnectedState) |
	 S(AsConsultConnectedState) | S(AsConferenceState) |
	 S(AsInsertState) | S(AsMonitoredState) | S(AsInsertedState),
	 "MuteOn / MuteOff: the other party stops / resumes hearing X"},
	{UB_CALLDATA, CALL_STATES, "SetCallData: data attached to the contact"},
};

static void table_matches_call_flows(void **state)
{
	(void)state;
	assert_int_equal(sizeof(expected) / sizeof(expected[0]), UB_COUNT);
	for (size_t i = 0; i < UB_COUNT; i++) {
		assert_int_equal(expected[i].button, (int)i);
		for (int s = 0; s < AS_STATE_COUNT; s++) {
			bool want = expected[i].states & S(s);

			if (ui_button_enabled(expected[i].button, s) != want)
				fail_msg("%s in %s: %s, but CALL-FLOWS: %s",
					 ui_button(expected[i].button)->label,
					 ab_StatusName(s),
					 want ? "greyed" : "enabled",
					 expected[i].why);
		}
	}
}

static void every_bar_can_go_on(void **state)
{
	(void)state;
	for (int s = 0; s < AS_STATE_COUNT; s++) {
		int lit = 0;

		for (int b = 0; b < UB_COUNT; b++)
			lit += ui_button_enabled(b, s);
		/* signed out: only signing in makes sense */
		if (s == AsUnLoginState) {
			assert_int_equal(lit, 1);
			assert_true(ui_button_enabled(UB_SIGNIN, s));
		}
		/* in a call: hanging up is always there */
		if (ui_state_in_call(s))
			assert_true(ui_button_enabled(UB_HANGUP, s));
		/* the agent's own state only changes outside a call */
		if (ui_state_in_call(s)) {
			assert_false(ui_button_enabled(UB_SIGNOUT, s));
			assert_false(ui_button_enabled(UB_READY, s));
			assert_false(ui_button_enabled(UB_BUSY, s));
			assert_false(ui_button_enabled(UB_REST, s));
		}
		assert_true(lit > 0);
	}
	for (int b = 0; b < UB_COUNT; b++) {
		bool somewhere = false;

		for (int s = 0; s < AS_STATE_COUNT; s++)
			somewhere |= ui_button_enabled(b, s);
		assert_true(somewhere);
	}
}

static void out_of_range_is_greyed(void **state)
{
	(void)state;
	assert_false(ui_button_enabled(-1, AsReadyState));
	assert_false(ui_button_enabled(UB_COUNT, AsReadyState));
	assert_false(ui_button_enabled(UB_SIGNOUT, -1));
	assert_false(ui_button_enabled(UB_SIGNOUT, AS_STATE_COUNT));
	assert_null(ui_button(UB_COUNT));
	assert_string_equal(ui_state_name(AS_STATE_COUNT), "?");
}

static void keys_are_unique(void **state)
{
	(void)state;
	for (int b = 0; b < UB_COUNT; b++) {
		const struct ui_button_def *d = ui_button(b);

		assert_non_null(d->label);
		/* q quits; the letter must lead back to its own button */
		assert_true(d->key >= 'a' && d->key <= 'z' && d->key != 'q');
		assert_int_equal(ui_button_by_key(d->key), b);
		assert_int_equal(ui_button_by_key(d->key - 'a' + 'A'), b);
		if (d->fkey) {
			/* F10 quits */
			assert_true(d->fkey >= 1 && d->fkey <= 9);
			assert_int_equal(ui_button_by_fkey(d->fkey), b);
		}
	}
	assert_int_equal(ui_button_by_key('q'), -1);
	assert_int_equal(ui_button_by_key('z'), -1);
	assert_int_equal(ui_button_by_key(0x4e2d), -1);
	assert_int_equal(ui_button_by_key(-1), -1);
	assert_int_equal(ui_button_by_fkey(10), -1);
	assert_int_equal(ui_button_by_fkey(0), -1);
	for (int n = 1; n <= 9; n++)
		assert_int_equal(ui_button_by_fkey(n), n - 1);
}

/* manual 3.2.8, enum AgentStatusT's comments */
static void state_names_are_the_manuals(void **state)
{
	(void)state;
	assert_string_equal(ui_state_name(AsUnknownState), "未知状态");
	assert_string_equal(ui_state_name(AsUnLoginState), "未登录");
	assert_string_equal(ui_state_name(AsReadyState), "空闲");
	assert_string_equal(ui_state_name(AsBusyState), "忙");
	assert_string_equal(ui_state_name(AsRestState), "休息");
	assert_string_equal(ui_state_name(AsLockState), "预占");
	assert_string_equal(ui_state_name(AsAlertingState), "振铃状态");
	assert_string_equal(ui_state_name(AsHalfAlertingState), "硬电话振铃");
	assert_string_equal(ui_state_name(AsConnectingState), "对方振铃状态");
	assert_string_equal(ui_state_name(AsConnectedState), "通话状态");
	assert_string_equal(ui_state_name(AsHalfConnectedState), "硬电话接通");
	assert_string_equal(ui_state_name(AsInternalConnectedState),
			    "内部通话状态");
	assert_string_equal(ui_state_name(AsSuspendedState), "保持状态");
	assert_string_equal(ui_state_name(AsConsultConnectingState),
			    "咨询呼叫状态");
	assert_string_equal(ui_state_name(AsConsultConnectedState),
			    "咨询通话状态");
	assert_string_equal(ui_state_name(AsConferenceState), "会议状态");
	assert_string_equal(ui_state_name(AsMonitorState), "监听状态");
	assert_string_equal(ui_state_name(AsInsertState), "强插状态");
	assert_string_equal(ui_state_name(AsMonitoredState), "被监听状态");
	assert_string_equal(ui_state_name(AsInsertedState), "被强插状态");
	assert_false(ui_state_in_call(AsRestState));
	assert_true(ui_state_in_call(AsLockState));
	assert_true(ui_state_in_call(AsInsertedState));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_matches_call_flows),
		cmocka_unit_test(every_bar_can_go_on),
		cmocka_unit_test(out_of_range_is_greyed),
		cmocka_unit_test(keys_are_unique),
		cmocka_unit_test(state_names_are_the_manuals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
