/*
 * call.c — a call's life: creation, lookup by leg, the event fields each
 * agent sees, CDR rows, and the end. What happens in between belongs to
 * the features (inbound.c, outcall.c, consult.c, supervisor.c, ivr.c,
 * record.c): call.c walks core->features at each moment of the call and
 * knows none of them by name.
 *
 * Invariants:
 * - a call is in core->calls from its first leg to its last; it is freed
 *   (call_free) only once no agent points at it;
 * - an agent points at a call (a->call) exactly while it has a party in it;
 * - a party slot not in use is all zero (party walks rely on it);
 * - every leg the call holds is hung up by the call before it is freed.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

static void call_destructor(void *arg)
{
	struct call *call = arg;

	tmr_cancel(&call->tmr);
	tmr_cancel(&call->ctmr);
	tmr_cancel(&call->mtmr);
	list_flush(&call->data);
	list_unlink(&call->le);
}

int call_alloc(struct call **callp, struct core *core, enum call_dir dir,
	       const char *id)
{
	struct call *call = mem_zalloc(sizeof(*call), call_destructor);

	if (!call)
		return ENOMEM;
	call->core = core;
	call->dir = dir;
	call->contact_id = ++core->next_contact;
	call->start = now_us();
	tmr_init(&call->tmr);
	tmr_init(&call->ctmr);
	tmr_init(&call->mtmr);
	list_init(&call->data);
	if (id)
		str_ncpy(call->id, id, sizeof(call->id));
	else
		re_snprintf(call->id, sizeof(call->id), "cc-%llu",
			    (unsigned long long)++core->next_call);
	list_append(&core->calls, &call->le, call);
	*callp = call;
	return 0;
}

static void write_row(const struct call *call, const struct party *p,
		      int reason, const char *hangup_by);

/* Hangs up the legs still held and frees the call. */
void call_free(struct call *call)
{
	const struct call_feature *const *f;
	size_t i;

	for (i = 0; i < CALL_PARTIES; i++)
		if (call->parties[i].leg)
			sw_hangup(call->core->sw, call->parties[i].leg,
				  SW_CAUSE_NORMAL);
	for (f = call->core->features; *f; f++)
		if ((*f)->free)
			(*f)->free(call);
	/* An inbound call no agent answered (abandoned in the queue or while
	 * ringing, served by the IVR alone) still gets a row, without agent,
	 * so every contact is in the CDR: abandon counts and survey answers
	 * need it. */
	if (call->dir == CALL_INBOUND && !call->agent_answered &&
	    !call->x.agent && !call->core->letting_go)
		write_row(call, &call->x, CerIdleElse,
			  call->far.leg ? "system" : "customer");
	for (i = 0; i < CALL_PARTIES; i++) {
		struct agent *a = call->parties[i].agent;

		if (a && a->call == call)
			a->call = NULL;
	}
	mem_deref(call);
}

/* dst takes src's party (its agent, leg and times); src's slot is free. */
void party_move(struct party *dst, struct party *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

const char *call_shown_ani(const struct call *call)
{
	return call->show_ani[0] ? call->show_ani : call->ani;
}

/* The one place the event fields of a call are made, for agent a. */
void call_fill_event(const struct call *call, const struct agent *a,
		     struct core_state_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->callID = call->id;
	ev->contactID = call->contact_id;
	ev->partyNum = (long long)party_count(call);
	ev->originatingParty = call->originator;
	ev->originalANI = call->ani;
	ev->originalDNIS = call->dnis;
	/* Who the agent talks to: a consulted agent and a supervisor see the
	 * agent who brought them in; X in a consult sees the target. */
	if (a && a == call->c.agent) {
		ev->otherParty = call->x.agent ? call->x.agent->id : "";
		ev->otherPartyAttribute = PaInternal;
		return;
	}
	if (a && a == call->m.agent) {
		ev->otherParty = call->m_target ? call->m_target->id : "";
		ev->otherPartyAttribute = PaInternal;
		return;
	}
	if (a && a == call->x.agent && call->c.leg && !call->conf) {
		ev->otherParty = call->cdest;
		ev->otherPartyAttribute = call->c.agent ? PaInternal : PaNormal;
		return;
	}
	switch (call->dir) {
	case CALL_INBOUND:
		ev->otherParty = call_shown_ani(call);
		ev->otherPartyAttribute = PaNormal;
		break;
	case CALL_OUTBOUND:
		ev->otherParty = call->dest;
		ev->otherPartyAttribute = PaNormal;
		break;
	case CALL_INTERNAL:
		ev->otherParty = (a == call->y.agent) ? call->x.agent->id :
			call->dest;
		ev->otherPartyAttribute = PaInternal;
		break;
	}
}

/* A CDR row of the call for party p; without an agent it is the row of
 * the contact itself (call_free). */
static void write_row(const struct call *call, const struct party *p,
		      int reason, const char *hangup_by)
{
	static const char *const dir_name[] = {"inbound", "outbound",
					       "internal"};
	static struct cdr c;   /* large (call data): not on the stack */
	int64_t now = now_us();

	memset(&c, 0, sizeof(c));
	str_ncpy(c.call_id, call->id, sizeof(c.call_id));
	c.contact_id = call->contact_id;
	if (p->agent) {
		str_ncpy(c.agent, p->agent->id, sizeof(c.agent));
		str_ncpy(c.dn, p->agent->dn, sizeof(c.dn));
	}
	str_ncpy(c.ani, call->ani, sizeof(c.ani));
	str_ncpy(c.dnis, call->dnis, sizeof(c.dnis));
	str_ncpy(c.direction, dir_name[call->dir], sizeof(c.direction));
	str_ncpy(c.skill, call->skill, sizeof(c.skill));
	if (call->queued && p->offer_time)
		c.queue_wait_ms = (p->offer_time - call->queued) / 1000;
	if (p->offer_time)
		c.ring_ms = ((p->answered ? p->answer_time : now) -
			     p->offer_time) / 1000;
	if (p->answered)
		c.talk_ms = (now - p->answer_time) / 1000;
	str_ncpy(c.end_reason, ab_ReasonName(reason), sizeof(c.end_reason));
	str_ncpy(c.hangup_by, hangup_by, sizeof(c.hangup_by));
	c.start_us = p->offer_time ? p->offer_time : call->start;
	c.answer_us = p->answered ? p->answer_time : 0;
	c.end_us = now;
	calldata_cdr(call, c.call_data, sizeof(c.call_data));
	if (store_cdr_write(call->core->st, &c))
		log_error("cdr: could not write the row of call %s agent %s",
			  call->id, c.agent);
}

/* The CDR row of one agent's leg, written when that leg ends. */
void call_write_cdr(struct call *call, const struct party *p, int reason,
		    const char *hangup_by)
{
	if (!p->agent)
		return;
	call->agent_answered |= p->answered;
	write_row(call, p, reason, hangup_by);
}

struct call *call_by_leg(struct core *core, sw_leg_t leg)
{
	struct le *le;

	LIST_FOREACH(&core->calls, le)
		if (call_party_by_leg(le->data, leg))
			return le->data;
	return NULL;
}

int cause_reason(enum sw_cause cause)
{
	switch (cause) {
	case SW_CAUSE_BUSY:     return CerCallDestBusy;
	case SW_CAUSE_NOANSWER: return CerCallNoAnswer;
	case SW_CAUSE_INVALID:  return CerCallDestInvalid;
	case SW_CAUSE_TIMEOUT:  return CerCallTimeout;
	default:                return CerCallDestUnknown;
	}
}

/* ---- the features' moments ---------------------------------------------- */

/* Walks the features for a moment with a bool hook: the first that takes
 * it ends the walk (it may have freed the call). */
#define TAKEN_BY(call, hook, ...) do {                                   \
		const struct call_feature *const *f_;                    \
		for (f_ = (call)->core->features; *f_; f_++)             \
			if ((*f_)->hook && (*f_)->hook(__VA_ARGS__))     \
				return true;                             \
		return false;                                            \
	} while (0)

static bool leg_event(struct call *call, const struct sw_event *ev)
{
	TAKEN_BY(call, leg_event, call, ev);
}

bool call_far_gone(struct call *call)
{
	TAKEN_BY(call, far_gone, call);
}

bool call_x_release(struct call *call, bool phone_down)
{
	TAKEN_BY(call, x_release, call, phone_down);
}

static bool release(struct call *call, struct agent *a, bool reset)
{
	TAKEN_BY(call, release, call, a, reset);
}

static bool cut(struct call *call, struct agent *a)
{
	TAKEN_BY(call, cut, call, a);
}

void call_talk_begins(struct call *call)
{
	const struct call_feature *const *f;

	for (f = call->core->features; *f; f++)
		if ((*f)->talk)
			(*f)->talk(call);
}

void call_x_leaves(struct call *call)
{
	const struct call_feature *const *f;

	for (f = call->core->features; *f; f++)
		if ((*f)->x_leave)
			(*f)->x_leave(call);
}

void call_switch_event(struct core *core, const struct sw_event *ev)
{
	struct call *call = call_by_leg(core, ev->leg);
	struct le *le;

	if (call) {
		if (!leg_event(call, ev))
			log_debug("call %s: switch event %d not taken",
				  call->id, ev->type);
		return;
	}
	/* An agent's phone kept off-hook between calls. */
	LIST_FOREACH(&core->agents, le) {
		struct agent *a = le->data;

		if (a->phone_leg == ev->leg && (ev->type == SW_EV_HANGUP ||
						ev->type == SW_EV_FAILED)) {
			a->phone_leg = 0;
			return;
		}
	}
	log_debug("switch event %d for unknown leg %llu", ev->type,
		  (unsigned long long)ev->leg);
}

/* ---- what an agent does to its call, whatever the call ---------------- */

/* Answer from the bar: the agent's own leg, while it rings toward it. */
int call_answer_by_agent(struct agent *a)
{
	struct party *p = a->call ? call_party_of(a->call, a) : NULL;
	int err;

	if (!p || !p->leg || p->answered ||
	    (a->status != AsAlertingState && a->status != AsHalfAlertingState))
		return ArAgentStatusIsWrong;
	err = sw_answer(a->core->sw, p->leg);
	if (err == ENOTSUP)
		return AGENTBARERROR_BAR_ANSWERERROR;
	return err ? ArFailed : ArSuccess;
}

/* ReleaseCall, or Reset (reset true). */
void call_release_by_agent(struct agent *a, bool reset)
{
	if (a->call && !release(a->call, a, reset))
		log_debug("call %s: release by %s not taken", a->call->id,
			  a->id);
}

/* Break (supervisor): the agent's leg is cut; the rest of the call ends
 * with it (an inserted supervisor's takeover is monitor_takeover()). */
void call_break_agent(struct call *call, struct agent *y)
{
	cut(call, y);
}

/* Shutdown: every agent still on a call gets its row, then the calls go;
 * calls a switch node keeps for the next master get no row (it writes
 * them when they end). */
void call_hangup_all(struct core *core)
{
	struct le *le;

	while ((le = list_head(&core->calls))) {
		struct call *call = le->data;
		size_t i;

		for (i = 0; i < CALL_PARTIES && !core->letting_go; i++)
			call_write_cdr(call, &call->parties[i], CerIdleElse,
				       "system");
		call_free(call);
	}
}
