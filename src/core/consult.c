/*
 * consult.c — Consult, Reconnect, Transfer, Conference and
 * SingleStepTransfer: the operations where an agent X brings a third party
 * C (another agent Y, or an outside number) to the customer's call.
 *
 * Media: during a consult the customer hears music and X talks to C in a
 * bridge of their own (call->cbridge); Transfer and Conference move C into
 * the call's main bridge. A call whose customer ends up talking to an
 * outside number with no agent left is "unattended": it ends when either
 * side hangs up.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

static bool valid_number(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789*#+abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", *s))
			return false;
	return true;
}

/* The destination checks shared by Consult and SingleStepTransfer: an
 * agent id (type 0) must exist; a number must be dialable. */
static int check_dest(struct core *core, const struct agent *a,
		      const char *num, int type, struct agent **yp)
{
	struct dir_agent d;
	int err;

	*yp = NULL;
	if (!num || !*num)
		return type == 0 ? ArDestIdIsEmpty : ArDestDnIsEmpty;
	if (strlen(num) > 32)
		return ArInvalidParam;
	if (type != 0)
		return valid_number(num) ? ArSuccess : ArInvalidParam;
	err = dir_code(store_agent_get(core->st, num, &d),
		       ArDestAgentIdNotExist, "agent", num);
	if (err)
		return err;
	if (0 == strcmp(num, a->id))
		return ArInvalidParam;
	*yp = core_agent_by_id(core, num);
	return ArSuccess;
}

static void consult_timeout(void *arg);

int core_consult(struct core *core, struct agent *a, const char *consultNum,
		 const char *showANI, const char *showDest, int consultType)
{
	struct call *call = a->call;
	struct agent *y;
	char number[80];
	struct sw_originate o = {0};
	int err;

	if (!call || call->x.agent != a || !call->far.leg || call->c.leg ||
	    call->conf || (a->status != AsConnectedState &&
			   a->status != AsSuspendedState))
		return ArAgentStatusIsWrong;
	err = check_dest(core, a, consultNum, consultType, &y);
	if (err)
		return err;
	if (consultType == 0) {
		if (!y || y->status != AsReadyState || y->call || y->lost)
			return ArAgentStatusIsWrong;
		o.kind = SW_DEST_PHONE;
		o.dest = y->dn;
		o.caller = showANI && *showANI ? showANI : a->id;
		o.auto_answer = y->auto_answer;
	}
	else {
		if (consultType == 1)
			re_snprintf(number, sizeof(number), "%s%s",
				    a->customer_tag, consultNum);
		else   /* a special call type: "<type>#<number>" */
			re_snprintf(number, sizeof(number), "%d#%s",
				    consultType, consultNum);
		o.kind = SW_DEST_NUMBER;
		o.dest = number;
		o.caller = showDest && *showDest ? showDest : a->dn;
		o.timeout_ms = (uint32_t)core->cfg.outbound_timeout * 1000;
	}
	memset(&call->c, 0, sizeof(call->c));
	o.near = party_near_leg(call);
	if (sw_originate(core->sw, &call->c.leg, &o))
		return ArFailed;
	str_ncpy(call->cdest, consultNum, sizeof(call->cdest));
	re_snprintf(call->cbridge, sizeof(call->cbridge), "%s#c", call->id);
	call->c.offer_time = now_us();

	if (!call->held)
		call_hold_media(call);
	sw_play(core->sw, call->x.leg, SW_TONE_RINGBACK);
	if (y) {
		call->c.agent = y;
		y->call = call;
		++y->call_times;
		agent_set_status(y, AsLockState, CeInboundCallInternalCall,
				 CerSuccess);
	}
	agent_set_status(a, AsConsultConnectingState, CeDestSeizedConsultCall,
			 CerSuccess);
	tmr_start(&call->ctmr, (uint64_t)(y ? core->cfg.phone_timeout :
					   core->cfg.outbound_timeout) * 1000,
		  consult_timeout, call);
	return ArSuccess;
}

/* The consult party leaves. An agent that talked gets its after-call
 * state; one that was only rung gets status. */
static void target_leave(struct call *call, int status, int eventID,
			 int reason)
{
	struct agent *y = call->c.agent;

	tmr_cancel(&call->ctmr);
	call_write_cdr(call, &call->c, reason, "agent");
	if (call->c.leg)
		sw_hangup(call->core->sw, call->c.leg, SW_CAUSE_NORMAL);
	memset(&call->c, 0, sizeof(call->c));
	call->cbridge[0] = '\0';
	if (!y)
		return;
	if (status < 0) {
		agent_after_call(y, eventID, reason, NULL);
		return;
	}
	agent_leave_call(y, status, eventID, reason);
}

/* The target did not answer, refused, or could not be reached: X is back
 * with the held customer. */
static void consult_fail(struct call *call, int reason)
{
	struct agent *x = call->x.agent;

	target_leave(call, reason == CerCallDestBusy ||
		     reason == CerCallNoAnswer ? AsBusyState : AsReadyState,
		     CeUnKnownEvent, reason);
	sw_play(call->core->sw, call->x.leg, SW_TONE_NONE);
	if (x)
		agent_set_status(x, AsSuspendedState,
				 CeThisPartyDisconnectedConsultCall, reason);
}

static void consult_timeout(void *arg)
{
	consult_fail(arg, CerCallNoAnswer);
}

static void consult_answered(struct call *call)
{
	struct sw *sw = call->core->sw;
	struct agent *x = call->x.agent, *y = call->c.agent;

	tmr_cancel(&call->ctmr);
	call->c.answered = true;
	call->c.answer_time = now_us();
	sw_play(sw, call->x.leg, SW_TONE_NONE);
	sw_join(sw, call->cbridge, call->x.leg, party_media(&call->x));
	sw_join(sw, call->cbridge, call->c.leg, SW_HEAR | SW_SPEAK);
	if (y) {
		++y->answer_times;
		agent_set_status(y, AsInternalConnectedState,
				 CeThisPartyAnsweredInternalCall,
				 CerTalkOtherCreat);
	}
	agent_set_status(x, AsConsultConnectedState,
			 CeOtherPartyAnsweredConsultCall, CerTalkSelfCreat);
}

int core_reconnect(struct core *core, struct agent *a)
{
	struct call *call = a->call;
	bool answered;

	(void)core;
	if (!call || call->x.agent != a || !call->c.leg || call->conf)
		return ArAgentStatusIsWrong;
	answered = call->c.answered;
	target_leave(call, answered ? -1 : AsReadyState,
		     answered ? CeOtherPartyDisconnectedInternalCall :
		     CeUnKnownEvent, answered ? CerIdleNormalOtherHangup :
		     CerIdleErrorOtherHangup);
	call_unhold(call);
	agent_set_status(a, AsConnectedState, CeThisPartyRetrievedNormalCall,
			 CerTalkSelfRetrieve);
	return ArSuccess;
}

/* X leaves the customer (transfer, or leaving a conference): the target
 * becomes the call's agent (Connected, y_event), or, for an outside
 * target, the call goes on unattended. */
static void x_hands_over(struct call *call, int x_event, int y_event)
{
	struct sw *sw = call->core->sw;
	struct agent *x = call->x.agent, *y = call->c.agent;
	struct party target;

	/* the target out of its slot first: X leaving must not drop it */
	party_move(&target, &call->c);
	call->cbridge[0] = '\0';
	tmr_cancel(&call->ctmr);
	call_x_leaves(call);
	call_write_cdr(call, &call->x, CerIdleNormalSelfHangup, "agent");
	if (call->x.leg)
		sw_hangup(sw, call->x.leg, SW_CAUSE_NORMAL);
	call->conf = false;
	call->held = false;
	call->x = target;
	sw_play(sw, call->far.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->far.leg, SW_HEAR | SW_SPEAK);
	sw_join(sw, call->id, target.leg, party_media(&target));
	if (!target.agent) {
		call->state = CALL_UNATTENDED;
		str_ncpy(call->cdest, "", sizeof(call->cdest));
		call_note(call);   /* no agent's state will say it */
	}
	if (x)
		agent_after_call(x, x_event, CerIdleNormalSelfHangup, NULL);
	if (y)
		agent_set_status(y, AsConnectedState, y_event, CerSuccess);
}

int core_transfer(struct core *core, struct agent *a)
{
	struct call *call = a->call;

	(void)core;
	if (!call || call->x.agent != a || !call->c.leg ||
	    !call->c.answered || call->conf)
		return ArAgentStatusIsWrong;
	x_hands_over(call, CeThisPartyTransferredConsultCall,
		     CeOtherPartyTransferredConsultCall);
	return ArSuccess;
}

int core_conference(struct core *core, struct agent *a)
{
	struct call *call = a->call;
	struct sw *sw = core->sw;

	if (!call || call->x.agent != a || !call->c.leg ||
	    !call->c.answered || call->conf)
		return ArAgentStatusIsWrong;
	call->conf = true;
	call->held = false;
	sw_play(sw, call->far.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->far.leg, SW_HEAR | SW_SPEAK);
	sw_join(sw, call->id, call->x.leg, party_media(&call->x));
	sw_join(sw, call->id, call->c.leg, party_media(&call->c));
	call->cbridge[0] = '\0';
	agent_set_status(a, AsConferenceState,
			 CeThisPartyConferencedConferenceCall, CerSuccess);
	if (call->c.agent)
		agent_set_status(call->c.agent, AsConferenceState,
				 CeOtherPartyConferencedConferenceCall,
				 CerSuccess);
	return ArSuccess;
}

/* ---- events and departures during a consult or conference ----------- */

static void unattended_event(struct call *call, const struct sw_event *ev);
static void consult_target_gone(struct call *call);

/* The consult target's leg, and the legs of an unattended call. */
static bool consult_leg_event(struct call *call, const struct sw_event *ev)
{
	struct agent *x = call->x.agent, *y = call->c.agent;

	if (call->state == CALL_UNATTENDED) {
		unattended_event(call, ev);
		return true;
	}
	if (!call->c.leg || ev->leg != call->c.leg)
		return false;
	switch (ev->type) {
	case SW_EV_ALERTING:
		if (y && y->status == AsLockState)
			agent_set_status(y, AsAlertingState,
					 CeInboundCallInternalCall, CerSuccess);
		break;
	case SW_EV_ANSWERED:
		if (!call->c.answered && x)
			consult_answered(call);
		break;
	case SW_EV_FAILED:
		call->c.leg = 0;
		consult_fail(call, cause_reason(ev->cause));
		break;
	case SW_EV_HANGUP:
		call->c.leg = 0;
		consult_target_gone(call);
		break;
	default:
		break;
	}
	return true;
}

/* The consult target hung up (or released). */
static void consult_target_gone(struct call *call)
{
	struct agent *x = call->x.agent;
	bool conf = call->conf;

	call->conf = false;
	target_leave(call, -1, conf ? CeThisPartyDisconnectConferenceCall :
		     CeThisPartyDisconnectedInternalCall,
		     CerIdleNormalSelfHangup);
	if (!x)
		return;
	if (conf) {
		agent_set_status(x, AsConnectedState,
				 CeOtherPartyDisconnectConferenceCall,
				 CerSuccess);
		return;
	}
	sw_play(call->core->sw, call->x.leg, SW_TONE_NONE);
	agent_set_status(x, AsSuspendedState,
			 CeOtherPartyDisconnectedConsultCall,
			 CerIdleNormalOtherHangup);
}

/*
 * The customer hung up during a consult or conference. If the target
 * answered, X and it go on as a two-party call (internal, or X with the
 * outside number); if it was still ringing, it is dropped and X's call
 * ends. Returns false when there was no consult.
 */
static bool consult_far_gone(struct call *call)
{
	struct sw *sw = call->core->sw;
	struct agent *x = call->x.agent, *y = call->c.agent;
	int ev = call->conf ? CeOtherPartyDisconnectConferenceCall :
		CeOtherPartyDisconnectedNormalCall;

	if (!call->c.leg)
		return false;
	if (!call->c.answered) {
		target_leave(call, AsReadyState, CeUnKnownEvent,
			     CerIdleErrorOtherHangup);
		return false;   /* the caller ends the call for X */
	}
	tmr_cancel(&call->ctmr);
	call->far.leg = 0;
	call->held = false;
	call->conf = false;
	sw_play(sw, call->x.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->x.leg, party_media(&call->x));
	sw_join(sw, call->id, call->c.leg, party_media(&call->c));
	call->cbridge[0] = '\0';
	if (y) {
		call->dir = CALL_INTERNAL;
		call->y = call->c;
		str_ncpy(call->dest, y->id, sizeof(call->dest));
		memset(&call->c, 0, sizeof(call->c));
		call->state = CALL_TALKING;
		agent_set_status(x, AsInternalConnectedState, ev, CerSuccess);
		agent_set_status(y, AsInternalConnectedState, ev, CerSuccess);
	}
	else {
		call->dir = CALL_OUTBOUND;
		call->far.leg = call->c.leg;
		call->far.answered = true;
		str_ncpy(call->dest, call->cdest, sizeof(call->dest));
		memset(&call->c, 0, sizeof(call->c));
		call->state = CALL_TALKING;
		agent_set_status(x, AsConnectedState, ev, CerSuccess);
	}
	return true;
}

/*
 * X releases (ReleaseCall) or hangs its phone up during a consult or a
 * conference. In a conference X leaves the others talking. In a consult,
 * ReleaseCall drops the consult leg (X stays with the held customer);
 * hanging the phone up transfers to an answered target, as desk phones do.
 * Returns false when there was no consult.
 */
static bool consult_x_release(struct call *call, bool phone_down)
{
	struct agent *x = call->x.agent;

	if (!call->c.leg)
		return false;
	if (call->conf) {
		if (phone_down)
			call->x.leg = 0;
		x_hands_over(call, CeThisPartyDisconnectConferenceCall,
			     CeOtherPartyDisconnectConferenceCall);
		return true;
	}
	if (phone_down) {
		call->x.leg = 0;
		if (call->c.answered) {
			x_hands_over(call, CeThisPartyTransferredConsultCall,
				     CeOtherPartyTransferredConsultCall);
			return true;
		}
		target_leave(call, AsReadyState, CeUnKnownEvent,
			     CerIdleErrorOtherHangup);
		return false;   /* the caller ends the call for X */
	}
	target_leave(call, call->c.answered ? -1 : AsReadyState,
		     call->c.answered ? CeOtherPartyDisconnectedInternalCall :
		     CeUnKnownEvent, call->c.answered ?
		     CerIdleNormalOtherHangup : CerIdleErrorOtherHangup);
	sw_play(call->core->sw, call->x.leg, SW_TONE_NONE);
	if (x)
		agent_set_status(x, AsSuspendedState,
				 CeThisPartyDisconnectedConsultCall,
				 CerSuccess);
	return true;
}

/* Ends a consult without events for X (X leaves: the call ends, or X is
 * cut off). */
static void consult_abort(struct call *call)
{
	if (!call->c.leg && !call->c.agent)
		return;
	target_leave(call, call->c.answered ? -1 : AsReadyState,
		     call->c.answered ? CeOtherPartyDisconnectedInternalCall :
		     CeUnKnownEvent, call->c.answered ?
		     CerIdleNormalOtherHangup : CerIdleErrorOtherHangup);
	call->conf = false;
}

/* An unattended call (customer and an outside number): either hangup ends
 * it. */
static void unattended_event(struct call *call, const struct sw_event *ev)
{
	if (ev->type != SW_EV_HANGUP && ev->type != SW_EV_FAILED &&
	    ev->type != SW_EV_ANSWERED)
		return;
	if (ev->type == SW_EV_ANSWERED) {
		/* a single-step transfer to a number was answered */
		if (ev->leg == call->x.leg) {
			call->x.answered = true;
			call->x.answer_time = now_us();
			sw_play(call->core->sw, call->far.leg, SW_TONE_NONE);
			sw_join(call->core->sw, call->id, call->far.leg,
				SW_HEAR | SW_SPEAK);
			sw_join(call->core->sw, call->id, call->x.leg,
				SW_HEAR | SW_SPEAK);
			call_note(call);
		}
		return;
	}
	if (ev->leg == call->far.leg)
		call->far.leg = 0;
	if (ev->leg == call->x.leg)
		call->x.leg = 0;
	call_free(call);
}

/* ---- SingleStepTransfer, TransIVR ----------------------------------------- */

int core_single_step_transfer(struct core *core, struct agent *a,
			      const char *transferNum, const char *showANI,
			      const char *showDest, int transferStyle,
			      int transferType)
{
	struct call *call = a->call;
	struct agent *y;
	char number[80];
	int err;

	if (!call_can_hand_off(call, a))
		return ArAgentStatusIsWrong;
	if (transferType < 0 || transferType > 2 || transferStyle < 0 ||
	    transferStyle > 1)
		return ArInvalidParam;
	err = check_dest(core, a, transferNum, transferType == 0 ? 0 : 1, &y);
	if (err)
		return err;
	if (transferType == 2) {
		err = ivr_flow_code(core, transferNum);
		if (err)
			return err;
	}
	if (showANI && strlen(showANI) >= sizeof(call->show_ani))
		return ArInvalidParam;

	call_x_hands_off(call);
	/* what the target will see, not what X saw */
	if (transferStyle == 1 && showANI && *showANI)
		str_ncpy(call->show_ani, showANI, sizeof(call->show_ani));

	switch (transferType) {
	case 0:
		sw_play(core->sw, call->far.leg, SW_TONE_MOH);
		call->queued = 0;
		call_queue_private(call, transferNum, true);
		break;
	case 1: {
		struct sw_originate o = {
			.kind = SW_DEST_NUMBER, .dest = number,
			.caller = call_shown_ani(call),
			.timeout_ms = (uint32_t)core->cfg.outbound_timeout *
				1000,
			.near = call->far.leg,
		};

		(void)showDest;
		re_snprintf(number, sizeof(number), "%s%s", a->customer_tag,
			    transferNum);
		sw_play(core->sw, call->far.leg, SW_TONE_RINGBACK);
		call->state = CALL_UNATTENDED;
		if (sw_originate(core->sw, &call->x.leg, &o))
			call_free(call);
		break;
	}
	default:
		ivr_start(call, transferNum);
		break;
	}
	return ArSuccess;
}

/* ReleaseCall by the target (hang up, or refuse the ringing consult call)
 * or by X (drop the consult leg, or leave the conference). */
static bool consult_release(struct call *call, struct agent *a, bool reset)
{
	if (call->c.agent == a) {
		if (call->c.answered)
			consult_target_gone(call);
		else
			consult_fail(call, CerCallDestBusy);
		return true;
	}
	return call->x.agent == a && !reset && consult_x_release(call, false);
}

/* Break (supervisor) of the consulted agent. */
static bool consult_cut(struct call *call, struct agent *a)
{
	if (call->c.agent != a)
		return false;
	consult_target_gone(call);
	return true;
}

const struct call_feature consult_feature = {
	.name = "consult",
	.leg_event = consult_leg_event,
	.release = consult_release,
	.cut = consult_cut,
	.far_gone = consult_far_gone,
	.x_release = consult_x_release,
	.x_leave = consult_abort,
};
