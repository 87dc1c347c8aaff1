/*
 * supervisor.c — what a supervisor (role monitor) does to other agents:
 * ForceOut / ForceIdle / ForceBusy, and Listen / Insert / Switch / Stop /
 * Break on an agent's call. The supervisor's own phone is rung first
 * (HalfAlerting, HalfConnected), then joined to the call's bridge:
 * hearing only (Listen) or hearing and heard (Insert).
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

/* Common checks: M is a monitor, Y is an agent of the directory that M
 * supervises (Y holds a permission on a skill M supervises: docs/
 * decisions.md), signed in, and not M. */
static int target(struct core *core, const struct agent *m, const char *id,
		  struct agent **yp)
{
	struct dir_agent d;
	struct agent *y;
	int err;

	if (m->role != ROLE_MONITOR)
		return ArPermissionDenied;
	if (!id || !*id)
		return ArDestIdIsEmpty;
	err = dir_code(store_agent_get(core->st, id, &d),
		       ArDestAgentIdNotExist, "agent", id);
	if (!err && strcmp(m->id, id))
		err = dir_code(store_supervises(core->st, m->id, id),
			       ArPermissionDenied, "supervised agent", id);
	if (err)
		return err;
	y = core_agent_by_id(core, id);
	if (!y)
		return ArNoSignin;
	if (y == m)
		return ArInvalidParam;
	*yp = y;
	return ArSuccess;
}

static int force(struct core *core, struct agent *m, const char *id,
		 int state)
{
	struct agent *y;
	void *owner;
	int err = target(core, m, id, &y);

	if (err)
		return err;
	if (y->call || agent_in_call_state(y->status))
		return ArAgentStatusIsWrong;
	if (state == AsReadyState && y->phone_down)
		return ArImsError;
	tmr_cancel(&y->wrapup_tmr);
	if (state != AsUnLoginState) {
		agent_set_status(y, state, CeUnKnownEvent, CerIdleOtherSet);
		return ArSuccess;
	}
	owner = y->owner;
	agent_signout(y, CerUnloginOtherForceout);
	if (owner && core->h.kick)
		core->h.kick(owner, core->h.arg);
	return ArSuccess;
}

int core_force_out(struct core *core, struct agent *m, const char *id)
{
	return force(core, m, id, AsUnLoginState);
}

int core_force_idle(struct core *core, struct agent *m, const char *id)
{
	return force(core, m, id, AsReadyState);
}

int core_force_busy(struct core *core, struct agent *m, const char *id)
{
	return force(core, m, id, AsBusyState);
}

static bool monitorable(int status)
{
	return status == AsConnectedState ||
	       status == AsInternalConnectedState ||
	       status == AsConferenceState;
}

static void monitor_phone_timeout(void *arg);
static void monitor_drop(struct call *call, int reason);

static int start(struct core *core, struct agent *m, const char *id,
		 const char *showANI, bool insert)
{
	struct agent *y;
	struct call *call;
	int err = target(core, m, id, &y);
	struct sw_originate o = {.kind = SW_DEST_PHONE};

	if (err)
		return err;
	call = y->call;
	if (!call || !monitorable(y->status) || call->m.agent)
		return ArAgentStatusIsWrong;
	if (m->call || (m->status != AsReadyState &&
			m->status != AsBusyState && m->status != AsRestState))
		return ArAgentStatusIsWrong;
	o.dest = m->dn;
	o.caller = showANI && *showANI ? showANI : y->id;
	o.auto_answer = m->auto_answer;
	memset(&call->m, 0, sizeof(call->m));
	o.near = party_near_leg(call);
	if (sw_originate(core->sw, &call->m.leg, &o))
		return ArFailed;
	tmr_cancel(&m->wrapup_tmr);
	call->m.agent = m;
	call->m.offer_time = now_us();
	call->m_target = y;
	call->m_insert = insert;
	call->m_joined = false;
	m->call = call;
	agent_set_status(m, AsHalfAlertingState, CeInboundCallInternalCall,
			 CerSuccess);
	tmr_start(&call->mtmr, (uint64_t)core->cfg.phone_timeout * 1000,
		  monitor_phone_timeout, call);
	return ArSuccess;
}

int core_listen(struct core *core, struct agent *m, const char *id,
		const char *showANI, const char *showDest)
{
	(void)showDest;
	return start(core, m, id, showANI, false);
}

int core_insert(struct core *core, struct agent *m, const char *id,
		const char *showANI, const char *showDest)
{
	(void)showDest;
	return start(core, m, id, showANI, true);
}

/* Both sides' states for the current mode. */
static void show_mode(struct call *call)
{
	struct agent *m = call->m.agent, *y = call->m_target;

	if (call->m_insert) {
		agent_set_status(m, AsInsertState,
				 CeThisPartyConferencedIntrudeCall, CerSuccess);
		if (y)
			agent_set_status(y, AsInsertedState,
					 CeOtherPartyConferencedIntrudeCall,
					 CerSuccess);
	}
	else {
		agent_set_status(m, AsMonitorState,
				 CeThisPartyConferencedMonitorCall,
				 CerSuccess);
		if (y)
			agent_set_status(y, AsMonitoredState,
					 CeOtherPartyConferencedMonitorCall,
					 CerSuccess);
	}
}

/* M's phone answered: join the call. */
static void monitor_join(struct call *call)
{
	struct sw *sw = call->core->sw;
	struct agent *y = call->m_target;

	tmr_cancel(&call->mtmr);
	call->m.answered = true;
	call->m.answer_time = now_us();
	agent_set_status(call->m.agent, AsHalfConnectedState,
			 CeThisPartyAnsweredInternalCall, CerSuccess);
	if (!y || y->call != call || !monitorable(y->status)) {
		/* the call moved on while M's phone rang */
		monitor_drop(call, CerCallDestUnknown);
		return;
	}
	call->m_prev_status = y->status;
	call->m_joined = true;
	sw_join(sw, call->id, call->m.leg,
		call->m_insert ? SW_HEAR | SW_SPEAK : SW_HEAR);
	show_mode(call);
}

/*
 * The supervisor leaves (Stop*, ReleaseCall, its phone hung up, or the call
 * ended): M gets its after-call state with reason, the monitored agent its
 * talking state back.
 */
static void monitor_drop(struct call *call, int reason)
{
	struct agent *m = call->m.agent, *y = call->m_target;
	bool was_joined = call->m_joined;
	bool insert = call->m_insert;

	if (!m)
		return;
	tmr_cancel(&call->mtmr);
	call_write_cdr(call, &call->m, reason, "agent");
	if (call->m.leg)
		sw_hangup(call->core->sw, call->m.leg, SW_CAUSE_NORMAL);
	memset(&call->m, 0, sizeof(call->m));
	call->m_target = NULL;
	call->m_joined = false;
	if (was_joined && y && y->call == call &&
	    (y->status == AsMonitoredState || y->status == AsInsertedState))
		agent_set_status(y, call->m_prev_status, insert ?
				 CeOtherPartyDisconnectIntrudeCall :
				 CeOtherPartyDisconnectMonitorCall,
				 CerSuccess);
	m->call = call;   /* the after-call event carries the call */
	agent_after_call(m, insert ? CeThisPartyDisconnectIntrudeCall :
			 CeThisPartyDisconnectMonitorCall, reason, NULL);
}

static void monitor_phone_timeout(void *arg)
{
	monitor_drop(arg, CerCallNoAnswer);
}

/* Switch events on the supervisor's leg; true if it was that leg. */
static bool monitor_leg_event(struct call *call, const struct sw_event *ev)
{
	if (!call->m.agent || ev->leg != call->m.leg)
		return false;
	switch (ev->type) {
	case SW_EV_ANSWERED:
		if (!call->m.answered)
			monitor_join(call);
		break;
	case SW_EV_FAILED:
		call->m.leg = 0;
		monitor_drop(call, cause_reason(ev->cause));
		break;
	case SW_EV_HANGUP:
		call->m.leg = 0;
		monitor_drop(call, CerIdleNormalSelfHangup);
		break;
	default:
		break;
	}
	return true;
}

/* The supervisor m's monitoring of y, or NULL. */
static struct call *monitoring(struct core *core, struct agent *m,
			       const char *id, int *err)
{
	struct agent *y;

	*err = target(core, m, id, &y);
	if (*err)
		return NULL;
	if (!m->call || m->call->m.agent != m || m->call->m_target != y) {
		*err = ArAgentStatusIsWrong;
		return NULL;
	}
	return m->call;
}

int core_switch_insert_listen(struct core *core, struct agent *m,
			      const char *id)
{
	int err;
	struct call *call = monitoring(core, m, id, &err);

	if (!call)
		return err;
	if (!call->m_joined)
		return ArAgentStatusIsWrong;
	call->m_insert = !call->m_insert;
	sw_join(core->sw, call->id, call->m.leg,
		call->m_insert ? SW_HEAR | SW_SPEAK : SW_HEAR);
	show_mode(call);
	return ArSuccess;
}

static int stop(struct core *core, struct agent *m, const char *id,
		bool insert)
{
	int err;
	struct call *call = monitoring(core, m, id, &err);

	if (!call)
		return err;
	if (call->m_joined && call->m_insert != insert)
		return ArAgentStatusIsWrong;
	monitor_drop(call, CerIdleNormalSelfHangup);
	return ArSuccess;
}

int core_stop_listen(struct core *core, struct agent *m, const char *id)
{
	return stop(core, m, id, false);
}

int core_stop_insert(struct core *core, struct agent *m, const char *id)
{
	return stop(core, m, id, true);
}

static int monitor_takeover(struct call *call);

/*
 * Break: the agent's leg is hung up at once. An inserted supervisor takes
 * the call over; otherwise the customer is released too.
 */
int core_break(struct core *core, struct agent *m, const char *id)
{
	struct agent *y;
	struct call *call;
	int err = target(core, m, id, &y);

	if (err)
		return err;
	call = y->call;
	if (!call || !agent_in_call_state(y->status))
		return ArAgentStatusIsWrong;
	if (call->m.agent == m && call->m_joined && call->m_insert &&
	    call->x.agent == y && call->far.leg)
		return monitor_takeover(call);
	call_break_agent(call, y);
	return ArSuccess;
}

/* Break with the supervisor inserted: it takes the customer over. */
static int monitor_takeover(struct call *call)
{
	struct sw *sw = call->core->sw;
	struct agent *y = call->x.agent, *m = call->m.agent;
	struct party taker;

	tmr_cancel(&call->mtmr);
	/* M out of its slot first: X leaving must not drop it */
	party_move(&taker, &call->m);
	call->m_target = NULL;
	call->m_joined = false;
	call_x_leaves(call);
	call_write_cdr(call, &call->x, CerIdleErrorOtherHangup, "system");
	if (call->x.leg)
		sw_hangup(sw, call->x.leg, SW_CAUSE_NORMAL);
	call->x = taker;
	call->held = false;
	sw_play(sw, call->far.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->far.leg, SW_HEAR | SW_SPEAK);
	sw_join(sw, call->id, call->x.leg, party_media(&call->x));
	agent_after_call(y, CeThisPartyDisconnectedNormalCall,
			 CerIdleErrorOtherHangup, NULL);
	agent_set_status(m, AsConnectedState,
			 CeOtherPartyDisconnectIntrudeCall, CerTalkElse);
	return ArSuccess;
}

static bool monitor_release(struct call *call, struct agent *a, bool reset)
{
	(void)reset;
	if (call->m.agent != a)
		return false;
	monitor_drop(call, CerIdleNormalSelfHangup);
	return true;
}

/* X leaving, or the customer gone, takes the supervisor out. */
static void monitor_x_leave(struct call *call)
{
	monitor_drop(call, CerIdleNormalOtherHangup);
}

static bool monitor_far_gone(struct call *call)
{
	monitor_x_leave(call);
	return false;
}

const struct call_feature supervisor_feature = {
	.name = "supervisor",
	.leg_event = monitor_leg_event,
	.release = monitor_release,
	.far_gone = monitor_far_gone,
	.x_leave = monitor_x_leave,
};
