/*
 * query.c — the live statistics behind the Get* queries: agents by skill,
 * skill queues, system totals. Read-only walks over the core's lists.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

void core_agents_foreach(struct core *core, core_agent_h *h, void *arg)
{
	struct le *le = list_head(&core->agents);

	while (le) {
		struct agent *a = le->data;

		le = le->next;
		h(a, arg);
	}
}

/* The skill a query names, as the code the client gets. */
static int skill_of(struct core *core, const char *skill, struct rskill **skp)
{
	if (!skill || !*skill)
		return ArSkillIsEmpty;
	return dir_code(skill_get(core, skill, skp), ArSkillNotExist, "skill",
			skill);
}

int core_agents_by_skill(struct core *core, const char *skill,
			 core_agent_h *h, void *arg)
{
	struct rskill *sk;
	struct le *le;
	int err;

	err = skill_of(core, skill, &sk);
	if (err)
		return err;
	LIST_FOREACH(&core->agents, le) {
		struct agent *a = le->data;

		if (agent_has_skill(a, skill, NULL))
			h(a, arg);
	}
	return ArSuccess;
}

int core_skill_waiting(struct core *core, const char *skill,
		       int *queuenumber, int *freenumber)
{
	struct rskill *sk;
	int err;

	err = skill_of(core, skill, &sk);
	if (err)
		return err;
	*queuenumber = (int)list_count(&sk->queue);
	*freenumber = skill_ready_count(core, sk);
	return ArSuccess;
}

static void fill_queue_info(const struct request *req, int64_t now,
			    struct queue_info *q)
{
	const struct call *call = req->call;

	memset(q, 0, sizeof(*q));
	str_ncpy(q->callId, call->id, sizeof(q->callId));
	q->contactId = call->contact_id;
	q->requestId = req->id;
	str_ncpy(q->origCaller, call->ani, sizeof(q->origCaller));
	str_ncpy(q->origCallee, call->dnis, sizeof(q->origCallee));
	q->startTime = req->start;
	q->currTime = now;
	q->changeTime = req->change;
}

int core_skill_queue(struct core *core, const char *skill, core_queue_h *h,
		     void *arg)
{
	struct rskill *sk;
	struct le *le;
	int64_t now = now_us();
	int err;

	err = skill_of(core, skill, &sk);
	if (err)
		return err;
	LIST_FOREACH(&sk->queue, le) {
		struct queue_info q;

		fill_queue_info(le->data, now, &q);
		h(&q, arg);
	}
	return ArSuccess;
}

int core_private_queue(struct core *core, const char *agent_id,
		       core_queue_h *h, void *arg)
{
	struct dir_agent d;
	struct le *le;
	int64_t now = now_us();
	int err;

	if (!agent_id || !*agent_id)
		return ArAgentIdIsEmpty;
	err = dir_code(store_agent_get(core->st, agent_id, &d),
		       ArAgentIdNotExist, "agent", agent_id);
	if (err)
		return err;
	LIST_FOREACH(&core->privq, le) {
		const struct request *req = le->data;
		struct queue_info q;

		if (strcmp(req->agent, agent_id))
			continue;
		fill_queue_info(req, now, &q);
		h(&q, arg);
	}
	return ArSuccess;
}

/* JumptheQueue: to the head of its queue; for a private queue, ahead of
 * every other call waiting for that agent. */
int core_jump_queue(struct core *core, int64_t request_id)
{
	struct le *le;
	struct rskill *sk;

	LIST_FOREACH(&core->privq, le) {
		struct request *req = le->data;

		if (req->id == request_id) {
			list_unlink(&req->le);
			list_prepend(&core->privq, &req->le, req);
			req->change = now_us();
			router_schedule(core);
			return ArSuccess;
		}
	}
	LIST_FOREACH(&core->skills, le) {
		struct le *qe;

		sk = le->data;
		LIST_FOREACH(&sk->queue, qe) {
			struct request *req = qe->data;

			if (req->id != request_id)
				continue;
			list_unlink(&req->le);
			list_prepend(&sk->queue, &req->le, req);
			req->change = now_us();
			if (core->h.queue_changed)
				core->h.queue_changed(sk->cfg.name,
						      core->h.arg);
			router_schedule(core);
			return ArSuccess;
		}
	}
	return ArRouteRequestNotExist;
}

void core_sys_info(struct core *core, struct sys_info *o)
{
	struct le *le;

	memset(o, 0, sizeof(*o));
	o->totalAgents = (int32_t)list_count(&core->agents);
	LIST_FOREACH(&core->calls, le) {
		const struct call *call = le->data;

		++o->totalCalls;
		if (call->state == CALL_IVR)
			++o->ivrCalls;
		else if (call->state == CALL_QUEUED && call->req &&
			 !call->req->skill)
			++o->privQueueCalls;
		else if (call->state == CALL_QUEUED)
			++o->queueCalls;
		else
			++o->agentCalls;
	}
}

int core_skill_stats(struct core *core, const char *skill,
		     struct skill_stats *out)
{
	struct rskill *sk;
	int64_t now = now_us(), oldest = now;
	struct le *le;
	int err;

	err = skill_of(core, skill, &sk);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	LIST_FOREACH(&sk->queue, le) {
		const struct request *req = le->data;

		++out->queued;
		if (req->entered < oldest)
			oldest = req->entered;
	}
	/* 0 when none waits, and when the wall clock was set back */
	out->oldest_wait_us = now > oldest ? now - oldest : 0;
	out->free_agents = skill_ready_count(core, sk);
	out->signed_in = skill_signed_in_count(core, sk);
	out->n = sk->n;
	return ArSuccess;
}

void core_call_counts(struct core *core, unsigned counts[CORE_CALLS_KINDS])
{
	struct le *le;

	memset(counts, 0, CORE_CALLS_KINDS * sizeof(counts[0]));
	LIST_FOREACH(&core->calls, le) {
		const struct call *call = le->data;

		switch (call->state) {
		case CALL_IVR:
			++counts[CORE_CALLS_IVR];
			break;
		case CALL_QUEUED:
			++counts[call->req && !call->req->skill ?
				 CORE_CALLS_PRIVATE_QUEUE : CORE_CALLS_QUEUED];
			break;
		case CALL_OFFERED:
			++counts[CORE_CALLS_RINGING];
			break;
		case CALL_SELF_DIAL:
		case CALL_DIALLING:
			++counts[CORE_CALLS_DIALLING];
			break;
		case CALL_TALKING:
			++counts[CORE_CALLS_TALKING];
			break;
		case CALL_UNATTENDED:
			++counts[CORE_CALLS_UNATTENDED];
			break;
		case CALL_ENDED:   /* not set: an ending call is freed */
			break;
		}
	}
}

void core_switch_stats(struct core *core, struct sw_stats *out)
{
	sw_stats(core->sw, out);
}

const char *core_switch_name(const struct core *core)
{
	return core->sw->ops->name;
}

void core_agent_info(struct core *core, const struct agent *a,
		     struct agent_info *o)
{
	struct agent_times t = a->totals;
	int64_t now = now_us();

	(void)core;
	agent_account(a, now, &t);
	memset(o, 0, sizeof(*o));
	str_ncpy(o->agentId, a->id, sizeof(o->agentId));
	str_ncpy(o->agentDn, a->dn, sizeof(o->agentDn));
	o->loginTime = a->login_time / 1000000;
	o->currStatus = a->status;
	o->currStatusTime = a->status_since / 1000000;
	o->answerTime = a->answer_start / 1000000;
	o->currTime = now / 1000000;
	if (a->call) {
		str_ncpy(o->origCaller, a->call->ani, sizeof(o->origCaller));
		str_ncpy(o->origCallee, a->call->dnis, sizeof(o->origCallee));
	}
	o->privQueueNum = private_count(a->core, a->id);
	o->callTimes = a->call_times;
	o->answerTimes = a->answer_times;
	o->freeTotalTime = (int32_t)(t.free / 1000000);
	o->busyTotalTime = (int32_t)(t.busy / 1000000);
	o->resetTotalTime = (int32_t)(t.rest / 1000000);
	o->callTotalTime = (int32_t)(t.call / 1000000);
	o->answerTotalTime = (int32_t)(t.answer / 1000000);
}
