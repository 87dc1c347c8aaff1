/*
 * skill.c — runtime skills: each skill of the directory that has been used
 * gets a queue of route requests. Settings (strategy, timeouts, overflow)
 * are re-read from the store whenever the directory changes, so an
 * Admin.UpdateSkill takes effect for the next routing decision.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

static void rskill_destructor(void *arg)
{
	struct rskill *sk = arg;

	list_unlink(&sk->le);
}

/* The runtime skill for a directory skill, created on first use: 0, or
 * ENOENT when the directory has no such skill, or the store's error. */
int skill_get(struct core *core, const char *name, struct rskill **skp)
{
	struct rskill *sk;
	struct le *le;
	int err;

	if (!name || !*name)
		return ENOENT;
	LIST_FOREACH(&core->skills, le) {
		sk = le->data;
		if (0 == strcmp(sk->cfg.name, name)) {
			*skp = sk;
			return 0;
		}
	}
	sk = mem_zalloc(sizeof(*sk), rskill_destructor);
	if (!sk)
		return ENOMEM;
	err = store_skill_get(core->st, name, &sk->cfg);
	if (err) {
		mem_deref(sk);
		return err;
	}
	list_init(&sk->queue);
	list_append(&core->skills, &sk->le, sk);
	*skp = sk;
	return 0;
}

static void request_destructor(void *arg)
{
	struct request *req = arg;

	list_unlink(&req->le);
}

static void queue_event(struct request *req, bool in)
{
	struct core *core = req->call->core;
	struct agent *a;

	if (req->skill) {
		if (core->h.queue_changed)
			core->h.queue_changed(req->skill->cfg.name,
					      core->h.arg);
		return;
	}
	a = core_agent_by_id(core, req->agent);
	if (a)
		agent_emit_call_other(a, req->call, in ?
				      CORE_EV_IN_PRIVATE_QUEUE :
				      CORE_EV_OUT_PRIVATE_QUEUE, NULL, 0);
}

/* The call's request, created on first use (it keeps its id and first
 * queue time however often it is requeued or moved). */
static struct request *request_of(struct call *call)
{
	struct request *req = call->req;

	if (req) {
		request_take(req);
		return req;
	}
	req = mem_zalloc(sizeof(*req), request_destructor);
	if (!req)
		return NULL;
	req->id = ++call->core->next_request;
	/* the call's queue time, kept across a takeover (adopt.c) */
	req->start = call->queued ? call->queued : now_us();
	req->call = call;
	call->req = req;
	return req;
}

static void request_put(struct request *req, struct list *queue,
			bool at_head)
{
	req->change = now_us();
	req->waiting = true;
	if (at_head)
		list_prepend(queue, &req->le, req);
	else
		list_append(queue, &req->le, req);
	queue_event(req, true);
}

int request_enqueue(struct rskill *sk, struct call *call, bool at_head)
{
	/* Back after a ring timeout it is the same offer; new to the skill
	 * (first queueing, an overflow, from a private queue) it is one. */
	bool offered = !call->req || call->req->skill != sk;
	struct request *req = request_of(call);

	if (!req)
		return ENOMEM;
	if (offered) {
		req->entered = now_us();
		++sk->n.offered;
	}
	req->skill = sk;
	req->agent[0] = '\0';
	request_put(req, &sk->queue, at_head);
	return 0;
}

/* A takeover re-queues calls node by node: each goes where the time it
 * first queued puts it among the waiting ones, not at the tail. */
void request_sort_in(struct request *req)
{
	struct list *q = &req->skill->queue;
	struct le *le;

	list_unlink(&req->le);
	for (le = q->head; le; le = le->next) {
		const struct request *r = le->data;

		if (r->start > req->start) {
			list_insert_before(q, le, &req->le, req);
			return;
		}
	}
	list_append(q, &req->le, req);
}

int request_enqueue_private(struct core *core, const char *agent,
			    struct call *call, bool at_head)
{
	struct request *req = request_of(call);

	if (!req)
		return ENOMEM;
	req->skill = NULL;
	if (agent != req->agent)   /* a requeue passes the request's own */
		str_ncpy(req->agent, agent, sizeof(req->agent));
	request_put(req, &core->privq, at_head);
	return 0;
}

/* Out of its queue (being offered, or leaving), the request kept. */
void request_take(struct request *req)
{
	if (!req || !req->waiting)
		return;
	list_unlink(&req->le);
	req->waiting = false;
	queue_event(req, false);
}

void request_remove(struct request *req)
{
	if (!req)
		return;
	request_take(req);
	req->call->req = NULL;
	mem_deref(req);
}

void skill_count_answered(struct request *req)
{
	struct rskill *sk = req ? req->skill : NULL;
	int64_t wait;

	if (!sk)
		return;
	wait = now_us() - req->entered;
	if (wait < 0)   /* the wall clock was set back */
		wait = 0;
	++sk->n.answered;
	sk->n.answer_wait_us += (uint64_t)wait;
	if (wait <= (int64_t)req->call->core->cfg.service_level_seconds *
	    1000000)
		++sk->n.answered_in_sl;
}

void skill_count_abandoned(struct request *req)
{
	if (req && req->skill)
		++req->skill->n.abandoned;
}

void skill_count_overflowed(struct request *req)
{
	if (req && req->skill)
		++req->skill->n.overflowed;
}

int private_count(struct core *core, const char *agent)
{
	struct le *le;
	int n = 0;

	LIST_FOREACH(&core->privq, le) {
		const struct request *req = le->data;

		n += 0 == strcmp(req->agent, agent);
	}
	return n;
}

int skill_ready_count(struct core *core, const struct rskill *sk)
{
	struct le *le;
	int n = 0;

	LIST_FOREACH(&core->agents, le) {
		const struct agent *a = le->data;

		if (a->status == AsReadyState &&
		    agent_has_skill(a, sk->cfg.name, NULL))
			++n;
	}
	return n;
}

int skill_signed_in_count(struct core *core, const struct rskill *sk)
{
	struct le *le;
	int n = 0;

	LIST_FOREACH(&core->agents, le) {
		if (agent_has_skill(le->data, sk->cfg.name, NULL))
			++n;
	}
	return n;
}

/* Does a call's request still point at sk: waiting in its queue, or out
 * of it while offered (a ring timeout puts it back, an answer counts in
 * the skill)? */
static bool skill_referenced(struct core *core, const struct rskill *sk)
{
	struct le *le;

	LIST_FOREACH(&core->calls, le) {
		const struct call *call = le->data;

		if (call->req && call->req->skill == sk)
			return true;
	}
	return false;
}

void core_directory_changed(struct core *core)
{
	struct le *le = list_head(&core->skills);

	while (le) {
		struct rskill *sk = le->data;

		le = le->next;
		struct dir_skill cfg;
		int err = store_skill_get(core->st, sk->cfg.name, &cfg);

		if (!err) {
			sk->cfg = cfg;
		}
		else if (err == ENOENT) {
			/* Deleted: keep serving the calls it has, but
			 * forget the skill once none is left. */
			if (!skill_referenced(core, sk))
				mem_deref(sk);
		}
		/* else the store failed (logged): keep the settings we
		 * had rather than drop a skill that may still exist */
	}
	router_schedule(core);
}
