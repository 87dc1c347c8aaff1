/*
 * ui_actions.c — what each button of the terminal toolbar does: an SDK
 * method at once, or a prompt first (numbers, digits, call data, rest
 * reasons) and the method on Enter. Every result goes to the log with its
 * code and the manual's text; a greyed button calls nothing.
 */
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* index = the method's type parameter (manual 3.2.12, 3.2.17, 3.2.20) */
static const char *const call_kinds[] = {"内线", "外线", NULL};
static const char *const consult_kinds[] = {"坐席工号", "外部号码", NULL};
static const char *const transfer_kinds[] = {"坐席工号", "外部号码",
					     "IVR 接入码", NULL};

enum { DATA_KEY_MAX = 32, DATA_VALUE_MAX = 1023 };   /* manual 3.2.23 */

void ui_result(struct ui *ui, int button, const char *method,
		   const char *arg, int code)
{
	ui_log(ui, "%s %s(%s) -> %d %s %s", ui_button(button)->label, method,
	       arg, code, ab_ResultName(code), ab_PromptText(code));
}

static void sign_in(struct ui *ui)
{
	int rc;

	/* after a failed start (no server yet) the button tries again */
	if (!ab_GetIsInitial(ui->bar)) {
		rc = ab_Initial(ui->bar);
		ui_result(ui, UB_SIGNIN, "Initial", "", rc);
		if (rc)
			return;
	}
	ui_result(ui, UB_SIGNIN, "SignIn", ui->agent, ab_SignIn(ui->bar));
}

static void ask_rest_reason(struct ui *ui)
{
	char *list = ab_GetRestReason(ui->bar);
	int rc = ab_LastError(ui->bar);

	prompt_open(ui, UB_REST, PM_CHOICE, "休息原因", NULL, 0);
	if (list && prompt_choices(&ui->prompt, list))
		return;
	if (rc)
		ui_result(ui, UB_REST, "GetRestReason", "", rc);
	else
		ui_log(ui, "休息: 服务器没有配置休息原因 (GetRestReason)");
	prompt_close(&ui->prompt);
}

void ui_press(struct ui *ui, int button)
{
	AgentBar *bar = ui->bar;
	int rc;

	if (!ui_button_enabled(button, ui->state)) {
		ui_log(ui, "%s: %s 状态下不可用", ui_button(button)->label,
		       ui_state_name(ui->state));
		return;
	}
	switch (button) {
	case UB_SIGNIN:
		sign_in(ui);
		break;
	case UB_SIGNOUT:
		ui_result(ui, button, "SignOut", "", ab_SignOut(bar));
		break;
	case UB_READY:
		ui_result(ui, button, "SetIdle", "", ab_SetIdle(bar));
		break;
	case UB_BUSY:
		ui_result(ui, button, "SetBusy", "", ab_SetBusy(bar));
		break;
	case UB_REST:
		ask_rest_reason(ui);
		break;
	case UB_CALL:
		prompt_open(ui, button, PM_NUMBER, "外呼号码", call_kinds, 1);
		break;
	case UB_ANSWER:
		ui_result(ui, button, "Answer", "", ab_Answer(bar));
		break;
	case UB_HANGUP:
		ui_result(ui, button, "ReleaseCall", "", ab_ReleaseCall(bar));
		break;
	case UB_HOLD:
		ui_result(ui, button, "Hold", "", ab_Hold(bar));
		break;
	case UB_RETRIEVE:
		ui_result(ui, button, "Retrieve", "", ab_Retrieve(bar));
		break;
	case UB_CONSULT:
		prompt_open(ui, button, PM_NUMBER, "咨询号码", consult_kinds, 0);
		break;
	case UB_RECONNECT:
		ui_result(ui, button, "Reconnect", "", ab_Reconnect(bar));
		break;
	case UB_TRANSFER:
		ui_result(ui, button, "Transfer", "", ab_Transfer(bar));
		break;
	case UB_CONFERENCE:
		ui_result(ui, button, "Conference", "", ab_Conference(bar));
		break;
	case UB_SSTRANSFER:
		prompt_open(ui, button, PM_NUMBER, "转移到", transfer_kinds, 0);
		break;
	case UB_TRANSIVR:
		prompt_open(ui, button, PM_NUMBER, "IVR 接入码", NULL, 0);
		break;
	case UB_DTMF:
		prompt_open(ui, button, PM_DIGITS, "二次拨号", NULL, 0);
		break;
	case UB_MUTE:
		rc = ui->muted ? ab_MuteOff(bar) : ab_MuteOn(bar);
		ui_result(ui, button, ui->muted ? "MuteOff" : "MuteOn", "", rc);
		if (rc == 0)
			ui->muted = !ui->muted;
		break;
	case UB_CALLDATA:
		prompt_open(ui, button, PM_TEXT, "随路数据 键 (键=值 则设置)",
			    NULL, 0);
		break;
	}
}

/* Shown in the call info: the latest value of each key, newest last; the
 * oldest key goes when there is no room. */
static void remember_data(struct ui *ui, const char *key, const char *value)
{
	size_t klen = strlen(key);
	int i;

	for (i = 0; i < ui->ndata; i++) {
		if (!strncmp(ui->data[i], key, klen) && ui->data[i][klen] == '=')
			break;
	}
	if (i == UI_DATA_MAX)
		i = 0;
	else if (i == ui->ndata)
		ui->ndata++;
	memmove(ui->data[i], ui->data[i + 1],
		(size_t)(ui->ndata - 1 - i) * sizeof(ui->data[0]));
	snprintf(ui->data[ui->ndata - 1], sizeof(ui->data[0]), "%s=%s", key,
		 value);
}

static void call_data(struct ui *ui, char *text)
{
	char *eq = strchr(text, '='), *value;
	int rc;

	if (eq)
		*eq = 0;
	if (!*text || strlen(text) > DATA_KEY_MAX ||
	    (eq && (!eq[1] || strlen(eq + 1) > DATA_VALUE_MAX))) {
		ui_log(ui, "随路数据: 键 1-%d 字节, 值 1-%d 字节",
		       DATA_KEY_MAX, DATA_VALUE_MAX);
		return;
	}
	if (eq) {
		rc = ab_SetCallData(ui->bar, text, eq + 1);
		ui_result(ui, UB_CALLDATA, "SetCallData", text, rc);
		if (rc == 0)
			remember_data(ui, text, eq + 1);
		return;
	}
	value = ab_GetCallData(ui->bar, text);
	rc = ab_LastError(ui->bar);
	ui_result(ui, UB_CALLDATA, "GetCallData", text, rc);
	if (value && rc == 0)
		remember_data(ui, text, value);
	ab_FreeString(value);
}

void ui_submit(struct ui *ui)
{
	struct prompt *p = &ui->prompt;
	AgentBar *bar = ui->bar;
	const char *kind = p->kinds ? p->kinds[p->sel] : "";
	char arg[UI_TEXT_MAX + 32];
	int rc;

	if (p->mode == PM_CHOICE) {
		ui_result(ui, p->button, "SetRest", p->choice[p->sel],
		       ab_SetRest(bar, p->choice[p->sel]));
		prompt_close(p);
		return;
	}
	if (!p->text[0]) {
		/* the prompt stays: type a number, or Esc */
		ui_log(ui, "%s: %s为空", ui_button(p->button)->label,
		       p->mode == PM_TEXT ? "键" : "号码");
		return;
	}
	snprintf(arg, sizeof(arg), "%s%s%s", p->text, *kind ? ", " : "", kind);
	switch (p->button) {
	case UB_CALL:
		rc = ab_MakeCall(bar, p->text, "", "", 0, p->sel);
		ui_result(ui, p->button, "MakeCall", arg, rc);
		break;
	case UB_CONSULT:
		rc = ab_Consult(bar, p->text, "", "", p->sel);
		ui_result(ui, p->button, "Consult", arg, rc);
		break;
	case UB_SSTRANSFER:
		rc = ab_SingleStepTransfer(bar, p->text, "", "", 0, p->sel);
		ui_result(ui, p->button, "SingleStepTransfer", arg, rc);
		break;
	case UB_TRANSIVR:
		rc = (int)ab_TransIVR(bar, p->text);
		ui_result(ui, p->button, "TransIVR", arg, rc);
		break;
	case UB_DTMF:
		rc = ab_SendDTMF(bar, p->text);
		ui_result(ui, p->button, "SendDTMF", arg, rc);
		break;
	case UB_CALLDATA:
		call_data(ui, p->text);
		break;
	}
	prompt_close(p);
}

static void fetch(struct ui *ui, char *(*get)(AgentBar *), char *out)
{
	char *s = get(ui->bar);

	snprintf(out, UI_FIELD_MAX, "%s", s ? s : "");
	ab_FreeString(s);
}

void ui_refresh_call(struct ui *ui)
{
	fetch(ui, ab_GetCallingNo, ui->calling);
	fetch(ui, ab_GetOrgCallingNo, ui->org_calling);
	fetch(ui, ab_GetOrgCalledNo, ui->org_called);
}
