/*
 * queue.c — a call waiting for an agent: in a skill's queue hearing music,
 * or in an agent's private queue, with the queue's wait limits and the
 * overflow to another skill when the wait runs out. The router (router.c)
 * takes calls out of the queues; a call that no agent took comes back to
 * the head of its queue (call_requeue).
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

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
	if (!call->queued) {
		call->queued = now_us();
		call_note(call);
	}
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
	if (!call->queued) {
		call->queued = now_us();
		call_note(call);
	}
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
	    !skill_get(call->core, target + 6, &to) && to != from) {
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

/* No agent took the call: back to the head of its queue. */
void call_requeue(struct call *call)
{
	struct request *req = call->req;

	if (!req) {
		call_free(call);
		return;
	}
	if (req->skill)
		call_queue_start(call, req->skill, true);
	else
		call_queue_private(call, req->agent, true);
}

/* A call that ends leaves its queue (and the queue's watchers see it). */
static void queue_leave(struct call *call)
{
	request_remove(call->req);
}

const struct call_feature queue_feature = {
	.name = "queue",
	.free = queue_leave,
};
