/*
 * inbound.c — the inbound call: a customer calls an access number, the
 * route sends it to a queue (queue.c) or an IVR flow, the router offers it
 * to one agent (or several, for ring-all), and it is bridged to the one who
 * answers; then it ends from either side. A transferred outbound call waits
 * and rings like an inbound one, so it is this feature's too.
 */
#include <errno.h>
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

/* ---- offering to agents ------------------------------------------------ */

static void ring_timeout(void *arg);

int call_offer(struct call *call, struct agent **agents, size_t n)
{
	struct core *core = call->core;
	struct rskill *sk = call->req->skill;
	int ring_timeout_s = sk ? sk->cfg.ring_timeout :
		core->cfg.phone_timeout;
	size_t i, rung = 0;

	tmr_cancel(&call->tmr);
	request_take(call->req);   /* out of the queue, kept for requeue */
	call->state = CALL_OFFERED;

	for (i = 0; i < n && i < CALL_OFFERS; i++) {
		struct agent *a = agents[i];
		struct party *p = &call->offers[rung];
		struct sw_originate o = {
			.kind = SW_DEST_PHONE, .dest = a->dn,
			.caller = call_shown_ani(call),
			.auto_answer = a->auto_answer,
			.near = party_near_leg(call),
		};

		if (sw_originate(core->sw, &p->leg, &o)) {
			log_warn("call %s: cannot ring %s", call->id, a->dn);
			continue;
		}
		p->agent = a;
		p->offer_time = now_us();
		a->call = call;
		++a->call_times;
		++rung;
		agent_set_status(a, AsLockState, CeInboundCallNormalCall,
				 CerSuccess);
	}
	if (!rung) {
		call_requeue(call);
		return ENODEV;
	}
	tmr_start(&call->tmr, (uint64_t)(ring_timeout_s > 0 ?
					 ring_timeout_s : 20) * 1000,
		  ring_timeout, call);
	return 0;
}

/* Takes offer p out of the call: its agent leaves the call and gets the
 * given state; hangup_by is who ended the offer, for its CDR row. */
static void offer_drop(struct call *call, struct party *p, int status,
		       int reason, const char *hangup_by)
{
	struct agent *a = p->agent;

	if (p->leg)
		sw_hangup(call->core->sw, p->leg, SW_CAUSE_NORMAL);
	p->leg = 0;
	call_write_cdr(call, p, reason, hangup_by);
	memset(p, 0, sizeof(*p));
	if (!a)
		return;
	if (call->core->resetting == a)
		a->call = NULL;
	else
		agent_leave_call(a, status, CeUnKnownEvent, reason);
}

/* Drops every offer but keep (NULL: all); returns how many are left. */
static size_t offers_drop(struct call *call, const struct party *keep,
			  int status, int reason, const char *hangup_by)
{
	size_t i, n = 0;

	for (i = 0; i < CALL_OFFERS; i++) {
		struct party *p = &call->offers[i];

		if (p == keep)
			++n;
		else if (p->agent)
			offer_drop(call, p, status, reason, hangup_by);
	}
	return n;
}

static size_t live_offers(const struct call *call)
{
	size_t i, n = 0;

	for (i = 0; i < CALL_OFFERS; i++)
		n += call->offers[i].agent != NULL;
	return n;
}

static void ring_timeout(void *arg)
{
	struct call *call = arg;

	offers_drop(call, NULL, AsBusyState, CerCallNoAnswer, "system");
	call_requeue(call);
}

static void offer_answered(struct call *call, struct party *win)
{
	struct core *core = call->core;
	struct sw *sw = core->sw;
	struct agent *a;

	tmr_cancel(&call->tmr);
	offers_drop(call, win, AsReadyState, CerIdleUnlock, "system");
	party_move(&call->x, win);
	call->x.answered = true;
	call->x.answer_time = now_us();
	a = call->x.agent;
	skill_count_answered(call->req);
	request_remove(call->req);

	sw_play(sw, call->far.leg, SW_TONE_NONE);
	sw_join(sw, call->id, call->far.leg, SW_HEAR | SW_SPEAK);
	sw_join(sw, call->id, call->x.leg, party_media(&call->x));
	call->state = CALL_TALKING;
	++a->answer_times;
	agent_set_status(a, AsConnectedState, CeThisPartyAnsweredNormalCall,
			 CerTalkOtherCreat);
	call_talk_begins(call);
}

/* ---- ending ------------------------------------------------------------- */

/* The agent's side of a talking inbound call ends: CDR, legs down, the
 * after-call state (its event still carries the call's fields), and the
 * call is freed. */
static void inbound_end(struct call *call, int eventID, int reason,
			const char *hangup_by)
{
	struct agent *a = call->x.agent;
	struct rskill *sk = NULL;
	struct sw *sw = call->core->sw;

	skill_get(call->core, call->skill, &sk);
	call_x_leaves(call);
	call_write_cdr(call, &call->x, reason, hangup_by);
	if (call->x.leg)
		sw_hangup(sw, call->x.leg, SW_CAUSE_NORMAL);
	if (call->far.leg)
		sw_hangup(sw, call->far.leg, SW_CAUSE_NORMAL);
	call->x.leg = call->far.leg = 0;
	call->x.agent = NULL;
	if (a)
		agent_after_call(a, eventID, reason, sk);
	call_free(call);
}

/* The customer's leg ended: hung up (SW_CAUSE_NORMAL), or lost with its
 * switch node (any other cause: the CDR says the system ended it). */
static void inbound_far_hangup(struct call *call, enum sw_cause cause)
{
	bool lost = cause != SW_CAUSE_NORMAL;

	call->far.leg = 0;   /* already gone */
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
		offers_drop(call, NULL, AsReadyState, CerIdleErrorOtherHangup,
			    "customer");
		call_free(call);
		break;
	case CALL_TALKING:
		if (call_far_gone(call))
			break;
		inbound_end(call, CeOtherPartyDisconnectedNormalCall,
			    lost ? CerIdleErrorOtherHangup :
			    CerIdleNormalOtherHangup,
			    lost ? "system" : "customer");
		break;
	default:
		call_free(call);
		break;
	}
}

static void offer_leg_event(struct call *call, struct party *p,
			    const struct sw_event *ev)
{
	switch (ev->type) {
	case SW_EV_ALERTING:
		if (p->agent->status == AsLockState)
			agent_set_status(p->agent, AsAlertingState,
					 CeInboundCallNormalCall, CerSuccess);
		break;
	case SW_EV_ANSWERED:
		offer_answered(call, p);
		break;
	case SW_EV_FAILED:
	case SW_EV_HANGUP:
		p->leg = 0;
		offer_drop(call, p, AsBusyState, ev->type == SW_EV_HANGUP ?
			   CerCallDestBusy : cause_reason(ev->cause), "agent");
		if (!live_offers(call))
			call_requeue(call);
		break;
	default:
		break;
	}
}

/* The customer's, X's and the offered agents' legs of a call that is
 * inbound, or waits and rings like one. */
static bool inbound_leg_event(struct call *call, const struct sw_event *ev)
{
	struct party *p = call_party_by_leg(call, ev->leg);
	bool down = ev->type == SW_EV_HANGUP || ev->type == SW_EV_FAILED;

	if (call->dir != CALL_INBOUND && call->state != CALL_QUEUED &&
	    call->state != CALL_OFFERED)
		return false;
	if (p == &call->far) {
		if (down)
			inbound_far_hangup(call, ev->cause);
	}
	else if (p == &call->x) {
		if (down) {
			call->x.leg = 0;
			if (!call_x_release(call, true))
				inbound_end(call,
					    CeThisPartyDisconnectedNormalCall,
					    CerIdleNormalSelfHangup, "agent");
		}
	}
	else if (p && p->agent && party_role(call, p) == PARTY_OFFER) {
		offer_leg_event(call, p, ev);
	}
	return true;
}

/* ---- entry points --------------------------------------------------------- */

/* A customer calls an access number: the route sends it to a skill queue,
 * an agent's private queue or an IVR flow. */
/* Where the dialled number goes: 0 with its route (and skill, for a skill
 * route), ENOENT when it has none or its target is gone, or the store's
 * error. */
static int route_of(struct core *core, const char *dnis,
		    struct dir_route *route, struct rskill **skp)
{
	struct dir_agent agent;
	struct dir_ivr flow;
	int err;

	if (!dnis)
		return ENOENT;
	err = store_route_get(core->st, dnis, route);
	if (!err) {
		switch (route->kind) {
		case ROUTE_SKILL:
			err = skill_get(core, route->target, skp);
			break;
		case ROUTE_AGENT:
			err = store_agent_get(core->st, route->target, &agent);
			break;
		case ROUTE_IVR:
			err = store_ivr_get(core->st, route->target, &flow);
			break;
		default:
			err = ENOENT;
		}
	}
	/* a key the store cannot hold names nothing */
	return err == EINVAL ? ENOENT : err;
}

void inbound_call(struct core *core, const struct sw_event *ev)
{
	struct dir_route route;
	struct rskill *sk = NULL;
	struct call *call;
	size_t i;
	int err;

	err = route_of(core, ev->dnis, &route, &sk);
	if (err) {
		/* a number with no route is the caller's mistake; a
		 * directory that fails is ours (logged by the store) */
		log_warn("inbound %s from %s to %s: %s",
			 ev->call_id ? ev->call_id : "?",
			 ev->ani ? ev->ani : "?", ev->dnis ? ev->dnis : "?",
			 err == ENOENT ? "no usable route" : strerror(err));
		sw_hangup(core->sw, ev->leg, err == ENOENT ?
			  SW_CAUSE_INVALID : SW_CAUSE_FAILED);
		return;
	}
	if (call_alloc(&call, core, CALL_INBOUND, ev->call_id)) {
		sw_hangup(core->sw, ev->leg, SW_CAUSE_FAILED);
		return;
	}
	call->far.leg = ev->leg;
	str_ncpy(call->ani, ev->ani ? ev->ani : "", sizeof(call->ani));
	str_ncpy(call->dnis, ev->dnis, sizeof(call->dnis));
	str_ncpy(call->originator, call->ani, sizeof(call->originator));
	for (i = 0; i < ev->ndata; i++)
		calldata_set(call, ev->data[i].key, ev->data[i].value);
	sw_answer(core->sw, call->far.leg);
	if (route.kind == ROUTE_IVR) {
		ivr_start(call, route.target);
		return;
	}
	sw_play(core->sw, call->far.leg, SW_TONE_MOH);
	if (sk) {
		str_ncpy(call->skill, sk->cfg.name, sizeof(call->skill));
		log_trace("call %s from %s to %s queued in %s", call->id,
			  call->ani, call->dnis, sk->cfg.name);
		call_queue_start(call, sk, false);
	}
	else {
		log_trace("call %s from %s to %s queued for agent %s",
			  call->id, call->ani, call->dnis, route.target);
		call_queue_private(call, route.target, false);
	}
}

/* ReleaseCall (or Reset) on an inbound call. */
static bool inbound_release(struct call *call, struct agent *a, bool reset)
{
	struct party *p = call_party_of(call, a);

	(void)reset;
	if (call->dir != CALL_INBOUND)
		return false;
	if (p && party_role(call, p) == PARTY_OFFER) {
		/* Releasing a ringing offer is a refusal. */
		offer_drop(call, p, AsBusyState, CerCallDestBusy, "agent");
		if (!live_offers(call))
			call_requeue(call);
	}
	else if (p == &call->x) {
		inbound_end(call, CeThisPartyDisconnectedNormalCall,
			    CerIdleNormalSelfHangup, "agent");
	}
	return true;
}

/* Break (supervisor) of X. */
static bool inbound_cut(struct call *call, struct agent *a)
{
	if (call->dir != CALL_INBOUND)
		return false;
	if (call->x.agent == a)
		inbound_end(call, CeThisPartyDisconnectedNormalCall,
			    CerIdleErrorOtherHangup, "system");
	return true;
}

const struct call_feature inbound_feature = {
	.name = "inbound",
	.leg_event = inbound_leg_event,
	.release = inbound_release,
	.cut = inbound_cut,
};

