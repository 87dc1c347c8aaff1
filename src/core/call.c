/*
 * call.c — the inbound call model: a customer calls an access number, waits
 * in a skill queue hearing music, is offered to one agent (or several, for
 * ring-all), and is bridged to the one who answers. Also what every call
 * shares: lookup by leg, the event fields seen by each agent, CDR rows.
 *
 * Invariants:
 * - a call is in core->calls from its first leg to its last; it is freed
 *   (call_free) only once no agent points at it;
 * - an agent points at a call (a->call) exactly while it has a party in it;
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
	request_remove(call->req);
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
	struct sw *sw = call->core->sw;
	size_t i;

	if (call->far_leg)
		sw_hangup(sw, call->far_leg, SW_CAUSE_NORMAL);
	if (call->x.leg)
		sw_hangup(sw, call->x.leg, SW_CAUSE_NORMAL);
	if (call->y.leg)
		sw_hangup(sw, call->y.leg, SW_CAUSE_NORMAL);
	if (call->c.leg)
		sw_hangup(sw, call->c.leg, SW_CAUSE_NORMAL);
	if (call->m.leg)
		sw_hangup(sw, call->m.leg, SW_CAUSE_NORMAL);
	ivr_stop(call);
	record_stop(call);
	/* An inbound call no agent answered (abandoned in the queue or while
	 * ringing, served by the IVR alone) still gets a row, without agent,
	 * so every contact is in the CDR: abandon counts and survey answers
	 * need it. */
	if (call->dir == CALL_INBOUND && !call->agent_answered &&
	    !call->x.agent)
		write_row(call, &call->x, CerIdleElse,
			  call->far_leg ? "system" : "customer");
	for (i = 0; i < call->noffers; i++) {
		if (call->offers[i].leg)
			sw_hangup(sw, call->offers[i].leg, SW_CAUSE_NORMAL);
		if (call->offers[i].agent &&
		    call->offers[i].agent->call == call)
			call->offers[i].agent->call = NULL;
	}
	if (call->x.agent && call->x.agent->call == call)
		call->x.agent->call = NULL;
	if (call->y.agent && call->y.agent->call == call)
		call->y.agent->call = NULL;
	if (call->c.agent && call->c.agent->call == call)
		call->c.agent->call = NULL;
	if (call->m.agent && call->m.agent->call == call)
		call->m.agent->call = NULL;
	mem_deref(call);
}

static size_t party_count(const struct call *call)
{
	size_t n = 0, i;

	n += call->far_leg != 0;
	n += call->x.leg != 0;
	n += call->y.leg != 0;
	n += call->c.leg != 0;
	n += call->m.leg != 0;
	for (i = 0; i < call->noffers; i++)
		n += call->offers[i].leg != 0;
	return n;
}

const char *call_shown_ani(const struct call *call)
{
	return call->show_ani[0] ? call->show_ani : call->ani;
}

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
	size_t i;

	LIST_FOREACH(&core->calls, le) {
		struct call *call = le->data;

		if (call->far_leg == leg || call->x.leg == leg ||
		    call->y.leg == leg || call->c.leg == leg ||
		    call->m.leg == leg)
			return call;
		for (i = 0; i < call->noffers; i++)
			if (call->offers[i].leg == leg)
				return call;
	}
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

/* ---- queueing ---------------------------------------------------------- */

static void queue_timeout(void *arg);

/* Arms the queue limit: a skill's max wait, and the shorter max wait that
 * applies while nobody with the skill is signed in; a private queue's
 * private_max_wait. */
static void queue_arm(struct call *call)
{
	const struct rskill *sk = call->req ? call->req->skill : NULL;
	int64_t now = now_us(), due = 0, t;

	tmr_cancel(&call->tmr);
	if (!call->req)
		return;
	if (!sk) {
		if (call->core->cfg.private_max_wait > 0)
			due = call->queued +
				(int64_t)call->core->cfg.private_max_wait *
				1000000;
	}
	else if (sk->cfg.max_wait > 0)
		due = call->queued + (int64_t)sk->cfg.max_wait * 1000000;
	if (sk && sk->cfg.max_wait_noagent > 0 &&
	    !skill_signed_in_count(call->core, sk)) {
		t = call->queued + (int64_t)sk->cfg.max_wait_noagent * 1000000;
		if (!due || t < due)
			due = t;
	}
	if (due)
		tmr_start(&call->tmr, due > now ? (uint64_t)(due - now) / 1000
			  : 0, queue_timeout, call);
}

void call_queue_start(struct call *call, struct rskill *sk, bool at_head)
{
	call->state = CALL_QUEUED;
	if (!call->queued)
		call->queued = now_us();
	if (request_enqueue(sk, call, at_head)) {
		log_error("call %s: out of memory queueing", call->id);
		call_free(call);
		return;
	}
	queue_arm(call);
	router_schedule(call->core);
}

/* The call waits in the private queue of agent (CALL-FLOWS.md "Private
 * queue"); the router offers it before any skill call once the agent is
 * Ready. */
void call_queue_private(struct call *call, const char *agent, bool at_head)
{
	call->state = CALL_QUEUED;
	if (!call->queued)
		call->queued = now_us();
	if (request_enqueue_private(call->core, agent, call, at_head)) {
		log_error("call %s: out of memory queueing", call->id);
		call_free(call);
		return;
	}
	queue_arm(call);
	router_schedule(call->core);
}

/* Where a call goes when it waited too long: another skill, or away. */
static void overflow(struct call *call)
{
	const struct rskill *from = call->req->skill;
	const char *target = from->cfg.overflow;
	struct rskill *to;

	if (0 == strncmp(target, "skill:", 6) &&
	    (to = skill_get(call->core, target + 6)) && to != from) {
		log_trace("call %s overflows from %s to %s", call->id,
			  from->cfg.name, to->cfg.name);
		str_ncpy(call->skill, to->cfg.name, sizeof(call->skill));
		call->queued = now_us();
		call_queue_start(call, to, false);
		return;
	}
	/* "hangup", and IVR targets until the IVR exists. */
	log_trace("call %s overflows from %s: released (%s)", call->id,
		  from->cfg.name, target);
	call_free(call);
}

static void queue_timeout(void *arg)
{
	struct call *call = arg;
	const struct rskill *sk;
	int64_t waited;

	if (call->state != CALL_QUEUED || !call->req)
		return;
	sk = call->req->skill;
	waited = now_us() - call->queued;
	if (!sk) {
		log_trace("call %s: max wait in the private queue of %s, "
			  "released", call->id, call->req->agent);
		call_free(call);
		return;
	}
	if ((sk->cfg.max_wait > 0 &&
	     waited >= (int64_t)sk->cfg.max_wait * 1000000 - 1000) ||
	    (sk->cfg.max_wait_noagent > 0 &&
	     !skill_signed_in_count(call->core, sk) &&
	     waited >= (int64_t)sk->cfg.max_wait_noagent * 1000000 - 1000)) {
		skill_count_overflowed(call->req);
		if (sk->cfg.overflow[0])
			overflow(call);
		else {
			log_trace("call %s: max wait in %s, released",
				  call->id, sk->cfg.name);
			call_free(call);
		}
		return;
	}
	queue_arm(call);
}

/* ---- offering to agents ------------------------------------------------ */

static void ring_timeout(void *arg);

int call_offer(struct call *call, struct agent **agents, size_t n)
{
	struct core *core = call->core;
	struct rskill *sk = call->req->skill;
	int ring_timeout_s = sk ? sk->cfg.ring_timeout :
		core->cfg.phone_timeout;
	size_t i;

	tmr_cancel(&call->tmr);
	request_take(call->req);   /* out of the queue, kept for requeue */
	call->state = CALL_OFFERED;
	call->noffers = 0;

	for (i = 0; i < n && i < ARRAY_SIZE(call->offers); i++) {
		struct agent *a = agents[i];
		struct party *p = &call->offers[call->noffers];
		struct sw_originate o = {
			.kind = SW_DEST_PHONE, .dest = a->dn,
			.caller = call_shown_ani(call),
			.auto_answer = a->auto_answer,
		};

		memset(p, 0, sizeof(*p));
		if (sw_originate(core->sw, &p->leg, &o)) {
			log_warn("call %s: cannot ring %s", call->id, a->dn);
			continue;
		}
		p->agent = a;
		p->offer_time = now_us();
		a->call = call;
		++a->call_times;
		++call->noffers;
		agent_set_status(a, AsLockState, CeInboundCallNormalCall,
				 CerSuccess);
	}
	if (!call->noffers) {
		call_requeue(call);
		return ENODEV;
	}
	tmr_start(&call->tmr, (uint64_t)(ring_timeout_s > 0 ?
					 ring_timeout_s : 20) * 1000,
		  ring_timeout, call);
	return 0;
}

/* Takes offer i out of the call: its agent leaves the call and gets the
 * given state; hangup_by is who ended the offer, for its CDR row. */
static void offer_drop(struct call *call, size_t i, int status, int reason,
		       const char *hangup_by)
{
	struct party *p = &call->offers[i];
	struct agent *a = p->agent;

	if (p->leg)
		sw_hangup(call->core->sw, p->leg, SW_CAUSE_NORMAL);
	p->leg = 0;
	call_write_cdr(call, p, reason, hangup_by);
	p->agent = NULL;
	if (!a)
		return;
	if (call->core->resetting != a)
		agent_set_status(a, status, CeUnKnownEvent, reason);
	a->call = NULL;
	if (a->lost && call->core->resetting != a)
		agent_signout(a, CerUnloginOtherForceout);
}

static size_t live_offers(const struct call *call)
{
	size_t i, n = 0;

	for (i = 0; i < call->noffers; i++)
		n += call->offers[i].agent != NULL;
	return n;
}

/* No agent took the call: back to the head of its queue. */
void call_requeue(struct call *call)
{
	struct request *req = call->req;

	call->noffers = 0;
	if (!req) {
		call_free(call);
		return;
	}
	if (req->skill)
		call_queue_start(call, req->skill, true);
	else
		call_queue_private(call, req->agent, true);
}

static void ring_timeout(void *arg)
{
	struct call *call = arg;
	size_t i;

	for (i = 0; i < call->noffers; i++)
		if (call->offers[i].agent)
			offer_drop(call, i, AsBusyState, CerCallNoAnswer,
				   "system");
	call_requeue(call);
}

static void offer_answered(struct call *call, size_t win)
{
	struct core *core = call->core;
	struct sw *sw = core->sw;
	struct agent *a;
	size_t i;

	tmr_cancel(&call->tmr);
	for (i = 0; i < call->noffers; i++)
		if (i != win && call->offers[i].agent)
			offer_drop(call, i, AsReadyState, CerIdleUnlock,
				   "system");
	call->x = call->offers[win];
	call->noffers = 0;
	call->x.answered = true;
	call->x.answer_time = now_us();
	a = call->x.agent;
	skill_count_answered(call->req);
	request_remove(call->req);

	sw_play(sw, call->far_leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->far_leg, SW_HEAR | SW_SPEAK);
	sw_join(sw, call->id, call->x.leg, party_media(&call->x));
	call->state = CALL_TALKING;
	++a->answer_times;
	agent_set_status(a, AsConnectedState, CeThisPartyAnsweredNormalCall,
			 CerTalkOtherCreat);
	record_start(call);
}

/* ---- ending ------------------------------------------------------------- */

/* The agent's side of a talking inbound call ends: CDR, legs down, the
 * after-call state (its event still carries the call's fields), and the
 * call is freed. */
static void inbound_end(struct call *call, int eventID, int reason,
			const char *hangup_by)
{
	struct agent *a = call->x.agent;
	struct rskill *sk = skill_get(call->core, call->skill);
	struct sw *sw = call->core->sw;

	monitor_drop(call, CerIdleNormalOtherHangup);
	consult_abort(call);
	record_stop(call);
	call_write_cdr(call, &call->x, reason, hangup_by);
	if (call->x.leg)
		sw_hangup(sw, call->x.leg, SW_CAUSE_NORMAL);
	if (call->far_leg)
		sw_hangup(sw, call->far_leg, SW_CAUSE_NORMAL);
	call->x.leg = call->far_leg = 0;
	call->x.agent = NULL;
	if (a)
		agent_after_call(a, eventID, reason, sk);
	call_free(call);
}

static void inbound_far_hangup(struct call *call)
{
	size_t i;

	call->far_leg = 0;   /* already gone */
	switch (call->state) {
	case CALL_QUEUED:
		++call->core->abandoned;
		skill_count_abandoned(call->req);
		log_trace("call %s abandoned in queue", call->id);
		call_free(call);
		break;
	case CALL_OFFERED:
		++call->core->abandoned;
		skill_count_abandoned(call->req);
		for (i = 0; i < call->noffers; i++)
			if (call->offers[i].agent)
				offer_drop(call, i, AsReadyState,
					   CerIdleErrorOtherHangup, "customer");
		call_free(call);
		break;
	case CALL_TALKING:
		if (consult_far_gone(call))
			break;
		inbound_end(call, CeOtherPartyDisconnectedNormalCall,
			    CerIdleNormalOtherHangup, "customer");
		break;
	default:
		call_free(call);
		break;
	}
}

static void inbound_leg_event(struct call *call, const struct sw_event *ev)
{
	size_t i;

	if (ev->leg == call->far_leg) {
		if (ev->type == SW_EV_HANGUP || ev->type == SW_EV_FAILED)
			inbound_far_hangup(call);
		return;
	}
	if (ev->leg == call->x.leg) {
		if (ev->type == SW_EV_HANGUP || ev->type == SW_EV_FAILED) {
			call->x.leg = 0;
			if (consult_x_release(call, true))
				return;
			inbound_end(call, CeThisPartyDisconnectedNormalCall,
				    CerIdleNormalSelfHangup, "agent");
		}
		return;
	}
	for (i = 0; i < call->noffers; i++) {
		struct party *p = &call->offers[i];

		if (ev->leg != p->leg || !p->agent)
			continue;
		switch (ev->type) {
		case SW_EV_ALERTING:
			if (p->agent->status == AsLockState)
				agent_set_status(p->agent, AsAlertingState,
						 CeInboundCallNormalCall,
						 CerSuccess);
			break;
		case SW_EV_ANSWERED:
			offer_answered(call, i);
			break;
		case SW_EV_FAILED:
		case SW_EV_HANGUP:
			p->leg = 0;
			offer_drop(call, i, AsBusyState,
				   ev->type == SW_EV_HANGUP ? CerCallDestBusy :
				   cause_reason(ev->cause), "agent");
			if (!live_offers(call))
				call_requeue(call);
			break;
		default:
			break;
		}
		return;
	}
}

/* ---- entry points --------------------------------------------------------- */

/* A customer calls an access number: the route sends it to a skill queue,
 * an agent's private queue or an IVR flow. */
static void inbound_new(struct core *core, const struct sw_event *ev)
{
	struct dir_route route;
	struct dir_agent target;
	struct rskill *sk = NULL;
	struct call *call;
	size_t i;

	if (!ev->dnis || store_route_get(core->st, ev->dnis, &route) ||
	    !((route.kind == ROUTE_SKILL &&
	       (sk = skill_get(core, route.target))) ||
	      (route.kind == ROUTE_AGENT &&
	       !store_agent_get(core->st, route.target, &target)) ||
	      (route.kind == ROUTE_IVR && ivr_exists(core, route.target)))) {
		log_warn("inbound %s from %s to %s: no usable route",
			 ev->call_id ? ev->call_id : "?",
			 ev->ani ? ev->ani : "?", ev->dnis ? ev->dnis : "?");
		sw_hangup(core->sw, ev->leg, SW_CAUSE_INVALID);
		return;
	}
	if (call_alloc(&call, core, CALL_INBOUND, ev->call_id)) {
		sw_hangup(core->sw, ev->leg, SW_CAUSE_FAILED);
		return;
	}
	call->far_leg = ev->leg;
	str_ncpy(call->ani, ev->ani ? ev->ani : "", sizeof(call->ani));
	str_ncpy(call->dnis, ev->dnis, sizeof(call->dnis));
	str_ncpy(call->originator, call->ani, sizeof(call->originator));
	for (i = 0; i < ev->ndata; i++)
		calldata_set(call, ev->data[i].key, ev->data[i].value);
	sw_answer(core->sw, call->far_leg);
	if (route.kind == ROUTE_IVR) {
		ivr_start(call, route.target);
		return;
	}
	sw_play(core->sw, call->far_leg, SW_TONE_MOH);
	if (sk) {
		str_ncpy(call->skill, sk->cfg.name, sizeof(call->skill));
		log_trace("call %s from %s to %s queued in %s", call->id,
			  call->ani, call->dnis, sk->cfg.name);
		call_queue_start(call, sk, false);
	}
	else {
		log_trace("call %s from %s to %s queued for agent %s",
			  call->id, call->ani, call->dnis, target.id);
		call_queue_private(call, target.id, false);
	}
}

void call_switch_event(struct core *core, const struct sw_event *ev)
{
	struct call *call;
	struct le *le;

	if (ev->type == SW_EV_INCOMING) {
		inbound_new(core, ev);
		return;
	}
	call = call_by_leg(core, ev->leg);
	if (!call) {
		/* An agent's phone kept off-hook between calls. */
		LIST_FOREACH(&core->agents, le) {
			struct agent *a = le->data;

			if (a->phone_leg == ev->leg &&
			    (ev->type == SW_EV_HANGUP ||
			     ev->type == SW_EV_FAILED)) {
				a->phone_leg = 0;
				return;
			}
		}
		log_debug("switch event %d for unknown leg %llu", ev->type,
			  (unsigned long long)ev->leg);
		return;
	}
	if (monitor_leg_event(call, ev) || consult_leg_event(call, ev) ||
	    ivr_leg_event(call, ev))
		return;
	if (call->state == CALL_UNATTENDED)
		unattended_event(call, ev);
	else if (call->dir == CALL_INBOUND || call->state == CALL_QUEUED ||
		 call->state == CALL_OFFERED)
		/* a transferred outbound call waits and rings like an
		 * inbound one */
		inbound_leg_event(call, ev);
	else
		outcall_leg_event(call, ev);
}

/* ---- agent requests on an inbound call --------------------------------- */

int call_answer_by_agent(struct agent *a)
{
	struct call *call = a->call;
	sw_leg_t leg = 0;
	size_t i;
	int err;

	if (!call)
		return ArAgentStatusIsWrong;
	if (a->status == AsAlertingState) {
		for (i = 0; i < call->noffers; i++)
			if (call->offers[i].agent == a)
				leg = call->offers[i].leg;
		if (call->dir == CALL_INTERNAL && call->y.agent == a)
			leg = call->y.leg;
		/* an agent being consulted answers from its bar too */
		if (call->c.agent == a)
			leg = call->c.leg;
	}
	else if (a->status == AsHalfAlertingState && call->x.agent == a) {
		leg = call->x.leg;
	}
	else if (a->status == AsHalfAlertingState && call->m.agent == a) {
		leg = call->m.leg;   /* a supervisor's phone ringing to listen */
	}
	if (!leg)
		return ArAgentStatusIsWrong;
	err = sw_answer(a->core->sw, leg);
	if (err == ENOTSUP)
		return AGENTBARERROR_BAR_ANSWERERROR;
	return err ? ArFailed : ArSuccess;
}

/* ReleaseCall (or Reset) on an inbound call. */
static void inbound_release(struct agent *a)
{
	struct call *call = a->call;
	size_t i;

	for (i = 0; i < call->noffers; i++) {
		if (call->offers[i].agent != a)
			continue;
		/* Releasing a ringing offer is a refusal. */
		offer_drop(call, i, AsBusyState, CerCallDestBusy, "agent");
		if (!live_offers(call))
			call_requeue(call);
		return;
	}
	if (call->x.agent == a)
		inbound_end(call, CeThisPartyDisconnectedNormalCall,
			    CerIdleNormalSelfHangup, "agent");
}

void call_release_by_agent(struct agent *a, bool reset)
{
	struct call *call = a->call;

	if (!call)
		return;
	if (call->m.agent == a) {
		monitor_drop(call, CerIdleNormalSelfHangup);
		return;
	}
	if (call->c.agent == a) {
		if (call->c.answered)
			consult_target_gone(call);
		else   /* refusing the consult call */
			consult_x_refused(call);
		return;
	}
	if (call->x.agent == a && !reset && consult_x_release(call, false))
		return;
	if (call->dir == CALL_INBOUND)
		inbound_release(a);
	else
		outcall_release(a, reset);
}

void call_hangup_all(struct core *core)
{
	struct le *le;

	while ((le = list_head(&core->calls))) {
		struct call *call = le->data;
		size_t i;

		for (i = 0; i < call->noffers; i++)
			if (call->offers[i].agent) {
				call_write_cdr(call, &call->offers[i],
					       CerIdleElse, "system");
				call->offers[i].agent->call = NULL;
			}
		call_write_cdr(call, &call->x, CerIdleElse, "system");
		call_write_cdr(call, &call->y, CerIdleElse, "system");
		call_free(call);
	}
}

/* Break (supervisor): the agent's leg is cut; the rest of the call ends
 * with it (an inserted supervisor's takeover is call_takeover()). */
void call_break_agent(struct call *call, struct agent *y)
{
	if (call->c.agent == y) {
		consult_target_gone(call);
		return;
	}
	if (call->dir != CALL_INBOUND) {
		outcall_break(call, y);
		return;
	}
	if (call->x.agent == y)
		inbound_end(call, CeThisPartyDisconnectedNormalCall,
			    CerIdleErrorOtherHangup, "system");
}
