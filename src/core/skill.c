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

/* The runtime skill for a directory skill, created on first use; NULL if
 * the directory has no such skill. */
struct rskill *skill_get(struct core *core, const char *name)
{
	struct rskill *sk;
	struct le *le;

	if (!name || !*name)
		return NULL;
	LIST_FOREACH(&core->skills, le) {
		sk = le->data;
		if (0 == strcmp(sk->cfg.name, name))
			return sk;
	}
	sk = mem_zalloc(sizeof(*sk), rskill_destructor);
	if (!sk)
		return NULL;
	if (store_skill_get(core->st, name, &sk->cfg)) {
		mem_deref(sk);
		return NULL;
	}
	list_init(&sk->queue);
	list_append(&core->skills, &sk->le, sk);
	return sk;
}

static void request_destructor(void *arg)
{
	struct request *req = arg;

	list_unlink(&req->le);
}

int request_enqueue(struct rskill *sk, struct call *call, bool at_head)
{
	struct core *core = call->core;
	struct request *req = call->req;
	int64_t now = now_us();

	if (!req) {
		req = mem_zalloc(sizeof(*req), request_destructor);
		if (!req)
			return ENOMEM;
		req->id = ++core->next_request;
		req->start = now;
		req->call = call;
		call->req = req;
	}
	else {
		list_unlink(&req->le);
	}
	req->skill = sk;
	req->change = now;
	if (at_head)
		list_prepend(&sk->queue, &req->le, req);
	else
		list_append(&sk->queue, &req->le, req);
	if (core->h.queue_changed)
		core->h.queue_changed(sk->cfg.name, core->h.arg);
	return 0;
}

void request_remove(struct request *req)
{
	struct core *core;
	const char *skill;

	if (!req)
		return;
	core = req->call->core;
	skill = req->skill ? req->skill->cfg.name : NULL;
	req->call->req = NULL;
	mem_deref(req);
	if (skill && core->h.queue_changed)
		core->h.queue_changed(skill, core->h.arg);
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

void core_directory_changed(struct core *core)
{
	struct le *le = list_head(&core->skills);

	while (le) {
		struct rskill *sk = le->data;

		le = le->next;
		if (store_skill_get(core->st, sk->cfg.name, &sk->cfg)) {
			/* Deleted: keep serving what already waits, but
			 * forget the skill once its queue is empty. */
			if (list_isempty(&sk->queue))
				mem_deref(sk);
		}
	}
	router_schedule(core);
}
