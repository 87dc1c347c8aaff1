/*
 * callctl.c — what an agent does to the call it is talking on: Hold and
 * Retrieve, MuteOn / MuteOff, SendDTMF, and handing the customer on blind
 * (SingleStepTransfer, TransIVR). The media side is only bridge
 * membership and tones on the switch (switch.h), so the same code drives
 * the sim and the SIP switch.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

enum { DTMF_MAX = 32 };

int core_hold(struct core *core, struct agent *a)
{
	struct call *call = a->call;

	(void)core;
	if (!call || call->x.agent != a || a->status != AsConnectedState ||
	    !call->far.leg || call->state != CALL_TALKING)
		return ArAgentStatusIsWrong;
	call_hold_media(call);
	agent_set_status(a, AsSuspendedState, CeThisPartySuspendedNormalCall,
			 CerSuccess);
	return ArSuccess;
}

/* The held customer stays in the bridge, hearing music and heard by no
 * one (so Sim.Parties shows it); X hears nothing. */
void call_hold_media(struct call *call)
{
	struct sw *sw = call->core->sw;

	sw_join(sw, call->id, call->far.leg, 0);
	sw_play(sw, call->far.leg, SW_TONE_MOH);
	sw_join(sw, call->id, call->x.leg, 0);
	call->held = true;
}

/* Customer back in the main bridge with the agent X. */
void call_unhold(struct call *call)
{
	struct sw *sw = call->core->sw;

	sw_play(sw, call->far.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->far.leg, SW_HEAR | SW_SPEAK);
	sw_play(sw, call->x.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->x.leg, party_media(&call->x));
	call->held = false;
}

int core_retrieve(struct core *core, struct agent *a)
{
	struct call *call = a->call;

	(void)core;
	if (!call || call->x.agent != a || a->status != AsSuspendedState ||
	    !call->held)
		return ArAgentStatusIsWrong;
	call_unhold(call);
	agent_set_status(a, AsConnectedState, CeThisPartyRetrievedNormalCall,
			 CerTalkSelfRetrieve);
	return ArSuccess;
}

/* X may hand its customer on (blind): talking or holding, no consult. */
bool call_can_hand_off(const struct call *call, const struct agent *a)
{
	return call && call->x.agent == a && call->far.leg && !call->c.leg &&
	       !call->conf && (a->status == AsConnectedState ||
			       a->status == AsSuspendedState);
}

/* X is done with the call at once: its CDR row, its phone down, its
 * after-call state; the customer stays, out of any bridge. */
void call_x_hands_off(struct call *call)
{
	struct core *core = call->core;
	struct agent *a = call->x.agent;

	call_x_leaves(call);
	call_write_cdr(call, &call->x, CerIdleNormalSelfHangup, "agent");
	sw_hangup(core->sw, call->x.leg, SW_CAUSE_NORMAL);
	memset(&call->x, 0, sizeof(call->x));
	call->held = false;
	sw_leave(core->sw, call->far.leg);
	agent_after_call(a, CeThisPartyTransferredNormalCall,
			 CerIdleNormalSelfHangup, NULL);
}


static bool talking(const struct agent *a)
{
	switch (a->status) {
	case AsConnectedState:
	case AsInternalConnectedState:
	case AsConsultConnectedState:
	case AsConferenceState:
	case AsInsertState:
	case AsMonitoredState:
	case AsInsertedState:
		return true;
	default:
		return false;
	}
}

int core_mute(struct core *core, struct agent *a, bool on)
{
	struct call *call = a->call;
	struct party *p = call ? call_party_of(call, a) : NULL;

	if (!p || !p->leg || !talking(a))
		return ArAgentStatusIsWrong;
	p->muted = on;
	/* In a consult, X talks in the consult bridge. */
	sw_join(core->sw, p == &call->x && call->c.leg && !call->conf ?
		call->cbridge : call->id, p->leg, party_media(p));
	return ArSuccess;
}

static bool valid_digits(const char *d)
{
	for (; *d; d++)
		if (!strchr("0123456789*#ABCD", *d))
			return false;
	return true;
}

/* The digits go to the party the agent talks to: the customer or outside
 * party, the other agent of an internal call, the consult target. */
int core_send_dtmf(struct core *core, struct agent *a, const char *digits)
{
	struct call *call = a->call;
	sw_leg_t to = 0;

	if (!digits || !*digits)
		return ArDigitalsIsEmpty;
	if (strlen(digits) > DTMF_MAX || !valid_digits(digits))
		return ArInvalidParam;
	if (!call || !talking(a))
		return ArAgentStatusIsWrong;
	if (a->status == AsConsultConnectedState)
		to = call->c.leg;
	else if (call->y.agent == a)
		to = call->x.leg;
	else if (call->dir == CALL_INTERNAL)
		to = call->y.leg;
	else
		to = call->far.leg;
	if (!to || sw_send_dtmf(core->sw, to, digits))
		return ArFailed;
	return ArSuccess;
}
