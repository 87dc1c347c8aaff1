/*
 * ui_buttons.c — the terminal toolbar's buttons and, in one table, the
 * AgentStatusT states in which each one is enabled (greyed elsewhere).
 *
 * The states come from CALL-FLOWS.md and the manual (3.2); where they are
 * silent the table follows what the server accepts (src/core), so that a
 * lit button is one the server would take. tests/sdk/ui_buttons_test.c
 * checks the table against CALL-FLOWS.md.
 */
#include <ctype.h>

#include "ui.h"

#define S(state) (1u << (state))
/* CALL-FLOWS "Sign-in and agent state": only these are settable, and only
 * outside a call; MakeCall and SignOut are allowed from them too. */
#define IDLE (S(AsReadyState) | S(AsBusyState) | S(AsRestState))
/* every state with a call leg: Alerting .. Inserted */
#define IN_CALL (((1u << AS_STATE_COUNT) - 1) & ~(S(AsAlertingState) - 1))
/* the agent's voice reaches someone: where MuteOn and SendDTMF work */
#define TALKING (S(AsConnectedState) | S(AsInternalConnectedState) | \
		 S(AsConsultConnectedState) | S(AsConferenceState) | \
		 S(AsInsertState) | S(AsMonitoredState) | S(AsInsertedState))
/* Consult (CALL-FLOWS: "from Connected or Suspended"), and the blind
 * hand-offs, which the server allows "talking or holding, no consult" */
#define HAND_OFF (S(AsConnectedState) | S(AsSuspendedState))

/* label, label when toggled on, key, F-key, the states that allow it */
static const struct ui_button_def buttons[UB_COUNT] = {
	[UB_SIGNIN] = {"签入", NULL, 'i', 1,
		       S(AsUnLoginState) | S(AsUnknownState)},
	[UB_SIGNOUT] = {"签出", NULL, 'o', 2, IDLE},
	[UB_READY] = {"示闲", NULL, 'r', 3, S(AsBusyState) | S(AsRestState)},
	[UB_BUSY] = {"示忙", NULL, 'b', 4, S(AsReadyState) | S(AsRestState)},
	[UB_REST] = {"休息", NULL, 'e', 5, S(AsReadyState) | S(AsBusyState)},
	[UB_CALL] = {"外呼", NULL, 'c', 6, IDLE},
	/* X's DN rings (inbound), or X's own phone first (outbound) */
	[UB_ANSWER] = {"应答", NULL, 'a', 7,
		       S(AsAlertingState) | S(AsHalfAlertingState)},
	/* a ringing call is refused, a locked one released */
	[UB_HANGUP] = {"挂断", NULL, 'h', 8, S(AsLockState) | IN_CALL},
	[UB_HOLD] = {"保持", NULL, 'l', 9, S(AsConnectedState)},
	[UB_RETRIEVE] = {"取回", NULL, 't', 0, S(AsSuspendedState)},
	[UB_CONSULT] = {"咨询", NULL, 'n', 0, HAND_OFF},
	[UB_RECONNECT] = {"接回", NULL, 'k', 0, S(AsConsultConnectingState) |
			  S(AsConsultConnectedState)},
	/* both need the consulted party to have answered */
	[UB_TRANSFER] = {"转移", NULL, 'x', 0, S(AsConsultConnectedState)},
	[UB_CONFERENCE] = {"会议", NULL, 'f', 0, S(AsConsultConnectedState)},
	[UB_SSTRANSFER] = {"单步转移", NULL, 's', 0, HAND_OFF},
	[UB_TRANSIVR] = {"转IVR", NULL, 'v', 0, HAND_OFF},
	[UB_DTMF] = {"二次拨号", NULL, 'd', 0, TALKING},
	[UB_MUTE] = {"静音", "取消静音", 'm', 0, TALKING},
	/* data belongs to the contact: any call */
	[UB_CALLDATA] = {"随路数据", NULL, 'g', 0, IN_CALL},
};

/* The manual's comments on enum AgentStatusT (3.2.8). */
static const char *const state_names[AS_STATE_COUNT] = {
	"未知状态", "未登录", "空闲", "忙", "休息", "预占", "振铃状态",
	"硬电话振铃", "对方振铃状态", "通话状态", "硬电话接通",
	"内部通话状态", "保持状态", "咨询呼叫状态", "咨询通话状态",
	"会议状态", "监听状态", "强插状态", "被监听状态", "被强插状态",
};

const struct ui_button_def *ui_button(int button)
{
	return button >= 0 && button < UB_COUNT ? &buttons[button] : NULL;
}

bool ui_button_enabled(int button, int state)
{
	return button >= 0 && button < UB_COUNT && state >= 0 &&
	       state < AS_STATE_COUNT && (buttons[button].states & S(state));
}

int ui_button_by_key(int key)
{
	if (key < 0 || key > 255)
		return -1;
	for (int b = 0; b < UB_COUNT; b++) {
		if (buttons[b].key == tolower(key))
			return b;
	}
	return -1;
}

int ui_button_by_fkey(int n)
{
	for (int b = 0; b < UB_COUNT; b++) {
		if (n > 0 && buttons[b].fkey == n)
			return b;
	}
	return -1;
}

const char *ui_state_name(int state)
{
	return state >= 0 && state < AS_STATE_COUNT ? state_names[state]
						     : "?";
}

bool ui_state_in_call(int state)
{
	return state >= AsLockState && state < AS_STATE_COUNT;
}
