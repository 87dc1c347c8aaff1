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

int core_agents_by_skill(struct core *core, const char *skill,
			 core_agent_h *h, void *arg)
{
	struct le *le;

	if (!skill || !*skill)
		return ArSkillIsEmpty;
	if (!skill_get(core, skill))
		return ArSkillNotExist;
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

	if (!skill || !*skill)
		return ArSkillIsEmpty;
	sk = skill_get(core, skill);
	if (!sk)
		return ArSkillNotExist;
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

	if (!skill || !*skill)
		return ArSkillIsEmpty;
	sk = skill_get(core, skill);
	if (!sk)
		return ArSkillNotExist;
	LIST_FOREACH(&sk->queue, le) {
		struct queue_info q;

		fill_queue_info(le->data, now, &q);
		h(&q, arg);
	}
	return ArSuccess;
}

/* Private queues come with the next issue: until then every agent's is
 * empty, which is the truth. */
int core_private_queue(struct core *core, const char *agent_id,
		       core_queue_h *h, void *arg)
{
	struct dir_agent d;

	(void)h;
	(void)arg;
	if (!agent_id || !*agent_id)
		return ArAgentIdIsEmpty;
	if (store_agent_get(core->st, agent_id, &d))
		return ArAgentIdNotExist;
	return ArSuccess;
}

void core_sys_info(struct core *core, struct sys_info *o)
{
	struct le *le;

	memset(o, 0, sizeof(*o));
	o->totalAgents = (int32_t)list_count(&core->agents);
	LIST_FOREACH(&core->calls, le) {
		const struct call *call = le->data;

		++o->totalCalls;
		if (call->state == CALL_QUEUED)
			++o->queueCalls;
		else
			++o->agentCalls;
	}
}
