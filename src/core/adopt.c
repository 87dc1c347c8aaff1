/*
 * adopt.c — a CTI that takes over a switch node rebuilds its calls from
 * the node's legs (SW_EV_ADOPT). Each leg carries the last note the
 * previous master put on it (call_note): the legs of one call share its
 * id, and each says which party it is. What comes back:
 *
 *   - a customer talking with an agent (an inbound call, or an agent's
 *     MakeCall to a number), held or not, and two agents on an internal
 *     call: the call with its id, contact id, numbers, data and times; its
 *     agents re-attached if their bars signed in again already, else kept
 *     as bars lost during a call (docs/decisions.md): the bar's next
 *     SignIn resumes the call, or the agent is signed out when it ends;
 *   - a customer handed on to an outside number (unattended): as it was;
 *   - customers waiting in a skill's queue: queued again, all of them in
 *     the order they first queued (over all the nodes), keeping their
 *     waiting time;
 *   - any other customer (in the IVR, in an agent's private queue, or
 *     never noted: it came in just before the crash): routed again by its
 *     number, as a new call keeping its contact id (an IVR starts over).
 *
 * Every other leg is hung up: agents' phones that were ringing, consult
 * targets and supervisors, a MakeCall still dialling. Those agents find
 * their state again through their bars; no customer is hung up.
 */
#include <stdlib.h>
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

/* The legs of one call, by party; other legs are hung up. */
struct group {
	const struct sw_live *far, *x, *y;
	const struct sw_live *legs[CALL_PARTIES];
	size_t n;
};

static void hang_up(struct core *core, const struct sw_live *l)
{
	log_trace("adopt: leg %llu (%s of call %s) hung up",
		  (unsigned long long)l->leg, l->note.party, l->note.call);
	sw_hangup(core->sw, l->leg, SW_CAUSE_NORMAL);
}

static void hang_up_rest(struct core *core, const struct group *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->legs[i] != g->far && g->legs[i] != g->x &&
		    g->legs[i] != g->y)
			hang_up(core, g->legs[i]);
}

static enum call_dir dir_of(const char *name)
{
	return !strcmp(name, "out") ? CALL_OUTBOUND :
		!strcmp(name, "internal") ? CALL_INTERNAL : CALL_INBOUND;
}

/* A call as the note of one of its legs describes it. */
static int call_from_note(struct call **callp, struct core *core,
			  const struct sw_note *n)
{
	struct call *call;
	size_t i;
	int err = call_alloc(&call, core, dir_of(n->dir),
			     n->call[0] ? n->call : NULL);

	if (err)
		return err;
	if (n->contact_id > 0)
		call->contact_id = n->contact_id;
	if (n->start_us > 0)
		call->start = n->start_us;
	call->queued = n->queued_us;
	str_ncpy(call->ani, n->ani, sizeof(call->ani));
	str_ncpy(call->dnis, n->dnis, sizeof(call->dnis));
	str_ncpy(call->originator, n->ani, sizeof(call->originator));
	str_ncpy(call->skill, n->skill, sizeof(call->skill));
	for (i = 0; i < n->ndata; i++)
		calldata_set(call, n->data[i].key, n->data[i].value);
	*callp = call;
	return 0;
}

/*
 * The agent of a talking party: the one signed in already (its bar was
 * quicker than the node), or one kept for its bar, signed in on the DN
 * its phone leg rang. NULL when neither can be (no such agent any more,
 * the DN is someone else's, the agent is on another call).
 */
static struct agent *agent_for(struct core *core, const struct sw_live *l)
{
	struct agent *a = core_agent_by_id(core, l->note.agent);
	struct agent *dn_user = core_agent_by_dn(core, l->dest);
	struct dir_agent d;

	if (a)
		return !a->call && !agent_in_call_state(a->status) &&
			!strcmp(a->dn, l->dest) ? a : NULL;
	if (dn_user || !l->dest[0] ||
	    dir_code(store_agent_get(core->st, l->note.agent, &d),
		     ArAgentIdNotExist, "agent", l->note.agent) ||
	    agent_alloc(&a, core, &d, l->dest))
		return NULL;
	a->lost = true;
	log_trace("adopt: agent %s kept on DN %s for its bar", a->id, a->dn);
	return a;
}

static void set_party(struct party *p, const struct sw_live *l)
{
	p->leg = l->leg;
	p->answered = l->answered;
	p->answer_time = l->note.answered_us > 0 ? l->note.answered_us :
		now_us();
	p->offer_time = p->answer_time;
}

/* Two parties talk: far and X (X an agent or, unattended, a number), or
 * X and Y (internal). */
static void adopt_talk(struct core *core, const struct group *g)
{
	const struct sw_live *lead = g->far ? g->far : g->x;
	struct sw *sw = core->sw;
	struct agent *x = NULL, *y = NULL;
	struct call *call;
	bool held;

	if ((g->x->note.agent[0] && !(x = agent_for(core, g->x))) ||
	    (g->y && !(y = agent_for(core, g->y)))) {
		log_warn("adopt: call %s: its agent cannot be re-attached; "
			 "ended", g->x->note.call);
		goto drop;
	}
	if (call_from_note(&call, core, &lead->note))
		goto drop;
	held = g->far && g->far->note.held && x;
	call->state = x ? CALL_TALKING : CALL_UNATTENDED;
	call->agent_answered = x != NULL;
	call->held = held;
	set_party(&call->x, g->x);
	call->x.agent = x;
	if (g->far)
		set_party(&call->far, g->far);
	if (g->y) {
		set_party(&call->y, g->y);
		call->y.agent = y;
		y->call = call;
	}
	if (x)
		x->call = call;
	hang_up_rest(core, g);
	log_trace("adopt: call %s rebuilt, %s%s", call->id,
		 x ? "agent " : "unattended", x ? x->id : "");

	if (g->far) {
		sw_play(sw, call->far.leg, held ? SW_TONE_MOH : SW_TONE_NONE);
		sw_join(sw, call->id, call->far.leg,
			held ? 0 : SW_HEAR | SW_SPEAK);
	}
	sw_play(sw, call->x.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->x.leg, held ? 0 : SW_HEAR | SW_SPEAK);
	if (y) {
		sw_join(sw, call->id, call->y.leg, SW_HEAR | SW_SPEAK);
		agent_set_status(y, AsInternalConnectedState, CeUnKnownEvent,
				 CerSuccess);
	}
	if (x)
		agent_set_status(x, y ? AsInternalConnectedState :
				 held ? AsSuspendedState : AsConnectedState,
				 CeUnKnownEvent, CerSuccess);
	else
		call_note(call);
	return;
 drop:
	/* an agent kept for this call alone goes with it */
	if (x && x->lost && !x->call)
		agent_signout(x, CerUnloginElse);
	if (y && y->lost && !y->call)
		agent_signout(y, CerUnloginElse);
	for (size_t i = 0; i < g->n; i++)
		hang_up(core, g->legs[i]);
}

/* A customer no agent serves: routed again by its number. */
static void adopt_route(struct core *core, const struct sw_live *far)
{
	const struct sw_note *n = &far->note;
	struct sw_event ev = {
		.type = SW_EV_INCOMING, .leg = far->leg,
		.call_id = n->call[0] ? n->call : far->call_id,
		.ani = n->call[0] ? n->ani : far->ani,
		.dnis = n->call[0] ? n->dnis : far->dnis,
		.data = n->data, .ndata = n->ndata,
	};
	struct call *call;

	log_trace("adopt: call %s routed again", ev.call_id);
	inbound_call(core, &ev);
	call = call_by_leg(core, far->leg);
	if (call && n->contact_id > 0)
		call->contact_id = n->contact_id;
}

/* A customer waiting in a skill's queue: back in it (the caller goes
 * through the queued calls in the order they first queued). */
static void adopt_queued(struct core *core, const struct sw_live *far)
{
	struct rskill *sk;
	struct call *call;

	if (skill_get(core, far->note.skill, &sk)) {
		adopt_route(core, far);
		return;
	}
	if (call_from_note(&call, core, &far->note)) {
		hang_up(core, far);
		return;
	}
	set_party(&call->far, far);
	sw_play(core->sw, call->far.leg, SW_TONE_MOH);
	call_queue_start(call, sk, false);
	if (call->req) {
		/* its service level counts from the first time; other
		 * nodes' customers may have been queued again already */
		call->req->entered = call->queued;
		request_sort_in(call->req);
	}
	log_trace("adopt: call %s queued again in %s", call->id,
		 sk->cfg.name);
}

static void adopt_group(struct core *core, const struct group *g)
{
	bool agent_talks = g->x && g->x->answered &&
		((g->far && g->far->answered) ||
		 (g->y && g->y->answered && g->y->note.agent[0] &&
		  g->x->note.agent[0]));

	if (agent_talks) {
		adopt_talk(core, g);
		return;
	}
	hang_up_rest(core, g);
	if (g->x)
		hang_up(core, g->x);
	if (g->y)
		hang_up(core, g->y);
	if (!g->far)
		return;
	if (!g->far->inbound)
		hang_up(core, g->far);    /* a MakeCall still dialling */
	else if (g->far->note.queued_us > 0 && g->far->note.skill[0])
		adopt_queued(core, g->far);
	else
		adopt_route(core, g->far);
}

/* Sorting the groups: queued customers in the order they first queued,
 * the others after them. */
static int64_t queued_at(const struct group *g)
{
	return g->far && g->far->note.queued_us > 0 ?
		g->far->note.queued_us : INT64_MAX;
}

static int by_queue_time(const void *a, const void *b)
{
	int64_t qa = queued_at(a), qb = queued_at(b);

	return qa < qb ? -1 : qa > qb;
}

/* Puts l in its call's group (the call's id, or the leg alone when it
 * was never noted); false when it had to be hung up instead. */
static bool group_add(struct group *gs, size_t *ng, const struct sw_live *l)
{
	enum party_role role = PARTY_FAR;
	struct group *g = NULL;
	size_t i;

	if (l->note.call[0]) {
		if (!party_role_by_name(l->note.party, &role))
			return false;
		for (i = 0; i < *ng && !g; i++)
			if (!strcmp(gs[i].legs[0]->note.call, l->note.call))
				g = &gs[i];
	}
	else if (!l->inbound) {
		return false;   /* an agent's phone rung just before */
	}
	if (!g)
		g = &gs[(*ng)++];
	if (g->n == CALL_PARTIES)
		return false;
	g->legs[g->n++] = l;
	if (role == PARTY_FAR && !g->far)
		g->far = l;
	else if (role == PARTY_X && !g->x)
		g->x = l;
	else if (role == PARTY_Y && !g->y)
		g->y = l;
	return true;
}

void adopt_legs(struct core *core, const struct sw_live *live, size_t n)
{
	struct group *gs = mem_zalloc(n * sizeof(*gs) + 1, NULL);
	size_t i, ng = 0;

	if (!gs) {
		log_error("adopt: out of memory; the node's %zu legs hung up",
			  n);
		for (i = 0; i < n; i++)
			hang_up(core, &live[i]);
		return;
	}
	for (i = 0; i < n; i++)
		if (!group_add(gs, &ng, &live[i]))
			hang_up(core, &live[i]);
	qsort(gs, ng, sizeof(*gs), by_queue_time);
	for (i = 0; i < ng; i++)
		adopt_group(core, &gs[i]);
	mem_deref(gs);
}
