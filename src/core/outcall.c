/*
 * outcall.c — MakeCall: the agent's own phone is rung first (HalfAlerting,
 * HalfConnected), then the destination is dialled (Connecting), then both
 * are bridged: Connected for an outside number, InternalConnected on both
 * sides for another agent. With isOffhook the agent's phone leg is kept
 * off-hook after the call, and the next MakeCall skips the first step.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

static bool valid_number(const char *s)
{
	for (; *s; s++) {
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || *s == '*' || *s == '#' ||
		      *s == '+'))
			return false;
	}
	return true;
}

/*
 * Ends an outbound or internal call. x_reason/x_event go to the caller X,
 * y_* to the called agent Y; y_status -1 means Y's after-call state (it
 * talked), otherwise the state Y gets (it was only rung). X's phone leg
 * stays off-hook when the call was placed with isOffhook and X did not
 * hang the phone up.
 */
static void outcall_end(struct call *call, int x_event, int x_reason,
			int y_status, int y_event, int y_reason,
			const char *hangup_by, bool keep_x_leg)
{
	struct core *core = call->core;
	struct agent *x = call->x.agent, *y = call->y.agent;

	tmr_cancel(&call->tmr);
	call_x_leaves(call);
	call_write_cdr(call, &call->x, x_reason, hangup_by);
	call_write_cdr(call, &call->y, y_reason, hangup_by);
	if (call->far.leg)
		sw_hangup(core->sw, call->far.leg, SW_CAUSE_NORMAL);
	if (call->y.leg)
		sw_hangup(core->sw, call->y.leg, SW_CAUSE_NORMAL);
	call->far.leg = call->y.leg = 0;
	if (call->x.leg) {
		if (keep_x_leg && call->x.offhook && call->x.answered && x) {
			sw_leave(core->sw, call->x.leg);
			sw_play(core->sw, call->x.leg, SW_TONE_NONE);
			if (x->phone_leg)
				sw_hangup(core->sw, x->phone_leg,
					  SW_CAUSE_NORMAL);
			x->phone_leg = call->x.leg;
		}
		else {
			sw_hangup(core->sw, call->x.leg, SW_CAUSE_NORMAL);
		}
		call->x.leg = 0;
	}
	call->x.agent = call->y.agent = NULL;
	if (y && y_status < 0)
		agent_after_call(y, y_event, y_reason, NULL);
	else if (y)
		agent_leave_call(y, y_status, y_event, y_reason);
	if (x)
		agent_after_call(x, x_event, x_reason, NULL);
	call_free(call);
}

static void fail(struct call *call, int reason)
{
	int y_status = call->y.agent ? (reason == CerCallDestBusy ||
					reason == CerCallNoAnswer ?
					AsBusyState : AsReadyState) : -1;

	outcall_end(call, CeUnKnownEvent, reason, y_status, CeUnKnownEvent,
		    reason, "system", true);
}

static void phone_timeout(void *arg)
{
	fail(arg, CerCallNoAnswer);
}

static void dest_timeout(void *arg)
{
	fail(arg, CerCallNoAnswer);
}

/* Step 2: X's phone is up; dial the destination. */
static void dial_dest(struct call *call)
{
	struct core *core = call->core;
	struct agent *x = call->x.agent;
	char number[STORE_ID_SIZE * 2];

	call->state = CALL_DIALLING;
	if (call->dir == CALL_OUTBOUND) {
		struct sw_originate o = {
			.kind = SW_DEST_NUMBER, .dest = number,
			.caller = call->show_dest[0] ? call->show_dest : x->dn,
			.timeout_ms = (uint32_t)core->cfg.outbound_timeout *
				1000,
			.near = call->x.leg,
		};

		re_snprintf(number, sizeof(number), "%s%s", x->customer_tag,
			    call->dest);
		if (sw_originate(core->sw, &call->far.leg, &o)) {
			fail(call, CerCallDestInvalid);
			return;
		}
		sw_play(core->sw, call->x.leg, SW_TONE_RINGBACK);
		agent_set_status(x, AsConnectingState, CeDestSeizedNormalCall,
				 CerSuccess);
		return;
	}

	/* internal: the called agent must still be free */
	{
		struct agent *y = core_agent_by_id(core, call->dest);
		struct sw_originate o = {
			.kind = SW_DEST_PHONE,
			.caller = call->show_dest[0] ? call->show_dest : x->id,
			.near = call->x.leg,
		};

		if (!y || y->status != AsReadyState || y->call) {
			fail(call, CerCallDestBusy);
			return;
		}
		o.dest = y->dn;
		o.auto_answer = y->auto_answer;
		if (sw_originate(core->sw, &call->y.leg, &o)) {
			fail(call, CerCallDestInvalid);
			return;
		}
		call->y.agent = y;
		call->y.offer_time = now_us();
		y->call = call;
		++y->call_times;
		sw_play(core->sw, call->x.leg, SW_TONE_RINGBACK);
		agent_set_status(y, AsLockState, CeInboundCallInternalCall,
				 CerSuccess);
		agent_set_status(x, AsConnectingState,
				 CeDestSeizedInternalCall, CerSuccess);
		tmr_start(&call->tmr, (uint64_t)core->cfg.phone_timeout * 1000,
			  dest_timeout, call);
	}
}

int outcall_make(struct agent *a, const char *dest, const char *showANI,
		 const char *showDest, int isOffhook, int type)
{
	struct core *core = a->core;
	struct call *call;
	struct dir_agent d;

	if (a->call || (a->status != AsReadyState &&
			a->status != AsBusyState && a->status != AsRestState))
		return ArAgentStatusIsWrong;
	if (type != 0 && type != 1)
		return ArInvalidParam;
	if (!dest || !*dest)
		return type == 0 ? ArDestIdIsEmpty : ArDestDnIsEmpty;
	if (strlen(dest) >= STORE_ID_SIZE - 1 ||
	    (showANI && strlen(showANI) >= STORE_ID_SIZE) ||
	    (showDest && strlen(showDest) >= STORE_ID_SIZE))
		return ArInvalidParam;
	if (type == 1 && !valid_number(dest))
		return ArInvalidParam;
	if (type == 0) {
		struct agent *y;

		int err = dir_code(store_agent_get(core->st, dest, &d),
				   ArDestAgentIdNotExist, "agent", dest);

		if (err)
			return err;
		if (0 == strcmp(dest, a->id))
			return ArInvalidParam;
		y = core_agent_by_id(core, dest);
		if (!y || y->status != AsReadyState || y->call)
			return ArAgentStatusIsWrong;
	}

	if (call_alloc(&call, core, type == 0 ? CALL_INTERNAL : CALL_OUTBOUND,
		       NULL))
		return ArFailed;
	str_ncpy(call->dest, dest, sizeof(call->dest));
	str_ncpy(call->show_dest, showDest ? showDest : "",
		 sizeof(call->show_dest));
	str_ncpy(call->originator, a->id, sizeof(call->originator));
	str_ncpy(call->ani, type == 0 ? a->id :
		 (call->show_dest[0] ? call->show_dest : a->dn),
		 sizeof(call->ani));
	str_ncpy(call->dnis, dest, sizeof(call->dnis));
	call->x.offhook = isOffhook != 0;
	call->x.agent = a;
	call->x.offer_time = now_us();
	a->call = call;
	++a->call_times;
	tmr_cancel(&a->wrapup_tmr);

	if (call->x.offhook && a->phone_leg) {
		/* "常摘机": the phone is still up from the last call. */
		call->x.leg = a->phone_leg;
		call->x.answered = true;
		call->x.answer_time = now_us();
		a->phone_leg = 0;
		dial_dest(call);
		return ArSuccess;
	}
	if (a->phone_leg) {
		sw_hangup(core->sw, a->phone_leg, SW_CAUSE_NORMAL);
		a->phone_leg = 0;
	}
	{
		struct sw_originate o = {
			.kind = SW_DEST_PHONE, .dest = a->dn,
			.caller = showANI && *showANI ? showANI : dest,
			.auto_answer = a->auto_answer,
		};

		if (sw_originate(core->sw, &call->x.leg, &o)) {
			a->call = NULL;
			call->x.agent = NULL;
			call_free(call);
			return ArFailed;
		}
	}
	call->state = CALL_SELF_DIAL;
	agent_set_status(a, AsHalfAlertingState, CeInboundCallInternalCall,
			 CerSuccess);
	tmr_start(&call->tmr, (uint64_t)core->cfg.phone_timeout * 1000,
		  phone_timeout, call);
	return ArSuccess;
}

static void talk(struct call *call)
{
	struct sw *sw = call->core->sw;
	struct agent *x = call->x.agent, *y = call->y.agent;
	int64_t now = now_us();

	tmr_cancel(&call->tmr);
	call->state = CALL_TALKING;
	sw_play(sw, call->x.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->x.leg, SW_HEAR | SW_SPEAK);
	++x->answer_times;
	if (call->dir == CALL_OUTBOUND) {
		call->far.answered = true;
		sw_join(sw, call->id, call->far.leg, SW_HEAR | SW_SPEAK);
		agent_set_status(x, AsConnectedState,
				 CeOtherPartyAnsweredNormalCall,
				 CerTalkSelfCreat);
		return;
	}
	call->y.answered = true;
	call->y.answer_time = now;
	++y->answer_times;
	sw_join(sw, call->id, call->y.leg, SW_HEAR | SW_SPEAK);
	agent_set_status(x, AsInternalConnectedState,
			 CeOtherPartyAnsweredInternalCall, CerTalkSelfCreat);
	agent_set_status(y, AsInternalConnectedState,
			 CeThisPartyAnsweredInternalCall, CerTalkOtherCreat);
}

/* The caller X hangs up (phone or ReleaseCall). */
static void x_hangup(struct call *call, bool phone_down)
{
	bool internal = call->dir == CALL_INTERNAL;

	if (call->state == CALL_TALKING)
		outcall_end(call, internal ? CeThisPartyDisconnectedInternalCall
			    : CeThisPartyDisconnectedNormalCall,
			    CerIdleNormalSelfHangup, -1,
			    CeOtherPartyDisconnectedInternalCall,
			    CerIdleNormalOtherHangup, "agent", !phone_down);
	else
		outcall_end(call, CeUnKnownEvent, CerIdleErrorSelfHangup,
			    AsReadyState, CeUnKnownEvent,
			    CerIdleErrorOtherHangup, "agent", !phone_down);
}

static bool outcall_leg_event(struct call *call, const struct sw_event *ev)
{
	bool down = ev->type == SW_EV_HANGUP || ev->type == SW_EV_FAILED;

	if (ev->leg == call->x.leg) {
		if (ev->type == SW_EV_ANSWERED &&
		    call->state == CALL_SELF_DIAL) {
			tmr_cancel(&call->tmr);
			call->x.answered = true;
			call->x.answer_time = now_us();
			agent_set_status(call->x.agent, AsHalfConnectedState,
					 CeThisPartyAnsweredInternalCall,
					 CerSuccess);
			dial_dest(call);
		}
		else if (down) {
			call->x.leg = 0;
			if (call_x_release(call, true))
				return true;
			if (call->state == CALL_SELF_DIAL)
				fail(call, ev->type == SW_EV_FAILED ?
				     cause_reason(ev->cause) :
				     CerIdleErrorSelfHangup);
			else
				x_hangup(call, true);
		}
		return true;
	}
	if (ev->leg == call->far.leg) {
		if (ev->type == SW_EV_ANSWERED && call->state == CALL_DIALLING)
			talk(call);
		else if (ev->type == SW_EV_FAILED)
			fail(call, cause_reason(ev->cause));
		else if (ev->type == SW_EV_HANGUP) {
			call->far.leg = 0;
			if (call_far_gone(call))
				return true;
			outcall_end(call, CeOtherPartyDisconnectedNormalCall,
				    CerIdleNormalOtherHangup, -1, 0, 0,
				    "customer", true);
		}
		return true;
	}
	if (ev->leg == call->y.leg) {
		struct agent *y = call->y.agent;

		if (ev->type == SW_EV_ALERTING && y &&
		    y->status == AsLockState)
			agent_set_status(y, AsAlertingState,
					 CeInboundCallInternalCall, CerSuccess);
		else if (ev->type == SW_EV_ANSWERED &&
			 call->state == CALL_DIALLING)
			talk(call);
		else if (ev->type == SW_EV_FAILED) {
			call->y.leg = 0;
			fail(call, cause_reason(ev->cause));
		}
		else if (ev->type == SW_EV_HANGUP) {
			call->y.leg = 0;
			outcall_end(call, CeOtherPartyDisconnectedInternalCall,
				    CerIdleNormalOtherHangup, -1,
				    CeThisPartyDisconnectedInternalCall,
				    CerIdleNormalSelfHangup, "agent", true);
		}
		return true;
	}
	return false;
}

static bool outcall_release(struct call *call, struct agent *a, bool reset)
{
	if (call->x.agent == a) {
		x_hangup(call, reset);
		return true;
	}
	if (call->y.agent != a)
		return true;
	if (call->state == CALL_TALKING) {
		sw_hangup(a->core->sw, call->y.leg, SW_CAUSE_NORMAL);
		call->y.leg = 0;
		outcall_end(call, CeOtherPartyDisconnectedInternalCall,
			    CerIdleNormalOtherHangup, -1,
			    CeThisPartyDisconnectedInternalCall,
			    CerIdleNormalSelfHangup, "agent", true);
	}
	else {
		/* Y refuses the ringing internal call. */
		fail(call, CerCallDestBusy);
	}
	return true;
}

/* Break (supervisor) of one agent of an outbound or internal call. */
static bool outcall_cut(struct call *call, struct agent *y)
{
	if (call->dir == CALL_INBOUND)
		return false;
	if (call->x.agent == y)
		outcall_end(call, call->dir == CALL_INTERNAL ?
			    CeThisPartyDisconnectedInternalCall :
			    CeThisPartyDisconnectedNormalCall,
			    CerIdleErrorOtherHangup, -1,
			    CeOtherPartyDisconnectedInternalCall,
			    CerIdleNormalOtherHangup, "system", false);
	else if (call->y.agent == y)
		outcall_end(call, CeOtherPartyDisconnectedInternalCall,
			    CerIdleNormalOtherHangup, -1,
			    CeThisPartyDisconnectedInternalCall,
			    CerIdleErrorOtherHangup, "system", true);
	return true;
}

const struct call_feature outbound_feature = {
	.name = "outbound",
	.leg_event = outcall_leg_event,
	.release = outcall_release,
	.cut = outcall_cut,
};
