/*
 * agent.c — a signed-in agent: its state, the per-login counters of
 * AgentInfoT, and the state events sent to its bar.
 *
 * Every state change goes through agent_set_status(), which closes the time
 * spent in the old state into the right counter and emits exactly one event
 * (the new state's event, e.g. OnReady), so counters and events can never
 * disagree.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

static void agent_destructor(void *arg)
{
	struct agent *a = arg;

	tmr_cancel(&a->wrapup_tmr);
	list_flush(&a->skills);
	list_unlink(&a->le);
}

int agent_alloc(struct agent **ap, struct core *core,
		const struct dir_agent *d, const char *dn)
{
	struct agent *a = mem_zalloc(sizeof(*a), agent_destructor);

	if (!a)
		return ENOMEM;
	a->core = core;
	str_ncpy(a->id, d->id, sizeof(a->id));
	str_ncpy(a->dn, dn, sizeof(a->dn));
	a->role = d->role;
	a->status = AsUnLoginState;
	a->status_since = a->login_time = now_us();
	a->rr_seq = ++core->next_seq;
	tmr_init(&a->wrapup_tmr);
	list_init(&a->skills);
	list_append(&core->agents, &a->le, a);
	*ap = a;
	return 0;
}

/* States in which the agent is part of a call (Lock included: it is
 * reserved for one). */
bool agent_in_call_state(int status)
{
	return status >= AsLockState && status < AS_STATE_COUNT;
}

static bool talking_state(int status)
{
	return status == AsConnectedState ||
	       (status >= AsInternalConnectedState &&
		status < AS_STATE_COUNT);
}

/* Add the time spent in the current state, up to now, to its counters. */
void agent_account(const struct agent *a, int64_t now, struct agent_times *t)
{
	int64_t dt = now - a->status_since;

	if (dt < 0)
		dt = 0;
	switch (a->status) {
	case AsReadyState: t->free += dt; break;
	case AsBusyState:  t->busy += dt; break;
	case AsRestState:  t->rest += dt; break;
	default:
		if (agent_in_call_state(a->status))
			t->call += dt;
		if (talking_state(a->status))
			t->answer += dt;
		break;
	}
}

/* Sends one state event to a bar (owner may differ from a->owner when the
 * old session of a re-signed-in agent is told it was signed out). */
void agent_emit_state(struct agent *a, void *owner, int status, int eventID,
		      int reason)
{
	struct core *core = a->core;
	struct core_state_event ev;

	if (a->call) {
		call_fill_event(a->call, a, &ev);
	}
	else {
		memset(&ev, 0, sizeof(ev));
		ev.callID = ev.otherParty = ev.originatingParty = "";
		ev.originalANI = ev.originalDNIS = "";
	}
	ev.agent_id = a->id;
	ev.status = status;
	ev.eventID = eventID;
	ev.reason = reason;
	ev.timestamp = now_us();
	ev.notice_only = owner != a->owner;
	if (core->h.state)
		core->h.state(owner, &ev, core->h.arg);
}

/*
 * Invariant: an agent whose phone is down is never Ready, whoever asks
 * (after a call, wrap-up, Reset, a supervisor); it is Busy instead, marked
 * parked so that the phone coming back makes it Ready again.
 */
void agent_set_status(struct agent *a, int status, int eventID, int reason)
{
	int64_t now = now_us();

	a->phone_parked = status == AsReadyState && a->phone_down;
	if (a->phone_parked)
		status = AsBusyState;

	agent_account(a, now, &a->totals);
	a->status = status;
	a->status_since = now;
	if (status == AsReadyState)
		a->idle_since = now;
	if (talking_state(status) && !a->answer_start)
		a->answer_start = now;
	else if (!talking_state(status))
		a->answer_start = 0;

	log_trace("agent %s -> %s (%s, %s)", a->id, ab_StatusName(status),
		  ab_EventIdName(eventID), ab_ReasonName(reason));
	if (a->call)
		call_note(a->call);
	agent_emit_state(a, a->owner, status, eventID, reason);

	if (status == AsReadyState)
		router_schedule(a->core);
}

static void wrapup_done(void *arg)
{
	struct agent *a = arg;

	if (a->status == AsBusyState && !a->call)
		agent_set_status(a, AsReadyState, CeUnKnownEvent, CerIdleIdle);
}

/*
 * After a call: Ready, or Busy for StatusChangeType 1. A skill with wrap-up
 * time keeps a Ready-bound agent Busy that long first. An agent whose bar
 * was lost during the call is signed out now instead. The caller leaves
 * a->call pointing at the ending call so the event carries its fields;
 * this clears it.
 */
void agent_after_call(struct agent *a, int eventID, int reason,
		      const struct rskill *sk)
{
	if (a->core->resetting == a) {
		/* Reset() sets the final state itself, once. */
		a->call = NULL;
		return;
	}
	if (a->lost) {
		a->call = NULL;
		agent_signout(a, CerUnloginOtherForceout);
		return;
	}
	if (a->status_change_type == 1) {
		agent_set_status(a, AsBusyState, eventID, reason);
	}
	else if (sk && sk->cfg.wrapup > 0) {
		agent_set_status(a, AsBusyState, eventID, reason);
		tmr_start(&a->wrapup_tmr, (uint64_t)sk->cfg.wrapup * 1000,
			  wrapup_done, a);
	}
	else {
		agent_set_status(a, AsReadyState, eventID, reason);
	}
	a->call = NULL;
}

/* The switch says the agent's DN became (un)reachable: docs/operations.md
 * "Phones and agent state". */
void agent_phone_changed(struct agent *a, bool up)
{
	if (a->phone_down == !up)
		return;
	a->phone_down = !up;
	log_warn("agent %s: phone %s %s", a->id, a->dn,
		 up ? "registered again" : "no longer registered");
	if (a->call || agent_in_call_state(a->status))
		return;   /* the call goes on; agent_after_call decides */
	if (!up && a->status == AsReadyState) {
		/* asking for Ready parks it in Busy (agent_set_status) */
		tmr_cancel(&a->wrapup_tmr);
		agent_set_status(a, AsReadyState, CeUnKnownEvent, CerIdleElse);
	}
	else if (up && a->phone_parked && a->status == AsBusyState) {
		agent_set_status(a, AsReadyState, CeUnKnownEvent, CerIdleElse);
	}
}

bool agent_has_skill(const struct agent *a, const char *skill, int *level)
{
	struct le *le;

	LIST_FOREACH(&a->skills, le) {
		const struct agent_skill *s = le->data;

		if (0 == strcmp(s->name, skill)) {
			if (level)
				*level = s->level;
			return true;
		}
	}
	return false;
}

/* A record or private-queue event about call (which need not be the
 * agent's current call: a call waiting in its private queue). */
void agent_emit_call_other(struct agent *a, const struct call *call,
			   enum core_other_event type, const char *filename,
			   int reason)
{
	struct core *core = a->core;
	struct core_other ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.agent_id = a->id;
	ev.callID = call ? call->id : "";
	ev.contactID = call ? call->contact_id : 0;
	ev.filename = filename ? filename : "";
	ev.originalANI = call ? call->ani : "";
	ev.originalDNIS = call ? call->dnis : "";
	ev.reason = reason;
	ev.timestamp = now_us();
	if (core->h.other)
		core->h.other(a->owner, &ev, core->h.arg);
}

/* Signs the agent out and frees it: the last event is OnUnLogin. The
 * agent must not be in a call (callers release it first). */
void agent_signout(struct agent *a, int reason)
{
	struct core *core = a->core;

	if (a->phone_leg) {
		sw_hangup(core->sw, a->phone_leg, SW_CAUSE_NORMAL);
		a->phone_leg = 0;
	}
	agent_set_status(a, AsUnLoginState, CeUnKnownEvent, reason);
	log_trace("agent %s signed out (%s)", a->id, ab_ReasonName(reason));
	mem_deref(a);
}

/* ---- accessors (core.h) --------------------------------------------- */

const char *agent_id(const struct agent *a)   { return a->id; }
const char *agent_dn(const struct agent *a)   { return a->dn; }
int agent_status(const struct agent *a)       { return a->status; }
enum agent_role agent_role(const struct agent *a) { return a->role; }
void *agent_owner(const struct agent *a)      { return a->owner; }

bool agent_in_skill(const struct agent *a, const char *skill)
{
	return skill && agent_has_skill(a, skill, NULL);
}

/* The signed-in agent whose id (or DN) is key. */
static struct agent *find(struct core *core, const char *key, bool by_dn)
{
	struct le *le;

	if (!key)
		return NULL;
	LIST_FOREACH(&core->agents, le) {
		struct agent *a = le->data;

		if (0 == strcmp(by_dn ? a->dn : a->id, key))
			return a;
	}
	return NULL;
}

struct agent *core_agent_by_id(struct core *core, const char *id)
{
	return find(core, id, false);
}

struct agent *core_agent_by_dn(struct core *core, const char *dn)
{
	return find(core, dn, true);
}

/* The agent leaves a call it only rang for (or was refused): it gets
 * status, and a bar lost meanwhile signs it out now. */
void agent_leave_call(struct agent *a, int status, int eventID, int reason)
{
	agent_set_status(a, status, eventID, reason);
	a->call = NULL;
	if (a->lost)
		agent_signout(a, CerUnloginOtherForceout);
}
