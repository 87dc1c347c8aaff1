/*
 * m_query.c — the manual's query methods (3.2.36 - 3.2.47 but
 * GetRecordFileName): allowed on agent and admin connections. As in the
 * manual, JSON results travel as a JSON *string* in "data" (AgentInfoT,
 * QueueInfoT, SysInfoT keys exactly as AGENTBAR-API.md §5); errors give
 * "data": "" (the manual's empty string).
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

/* Wraps v (stolen) as {"code": 0, "data": "<compact JSON text>"}. */
static json_t *data_json(json_t *v)
{
	char *text = v ? shape_text(v) : NULL;
	json_t *r = text ? result_data(0, text) : NULL;

	free(text);
	json_decref(v);
	return r;
}

static json_t *agent_json(struct api *api, const struct agent *a)
{
	struct agent_info ai;

	core_agent_info(api->core, a, &ai);
	return shape_agent_info(&ai);
}

static const struct pspec id_params[] = {
	{.name = "AgentID", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_by_id(struct rpc_call *c)
{
	struct agent *a = core_agent_by_id(c->api->core, c->v[0].s);

	if (!a)
		return result_data(ArAgentIdNotExist, "");
	return data_json(agent_json(c->api, a));
}

static const struct pspec dn_params[] = {
	{.name = "AgentDN", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_by_dn(struct rpc_call *c)
{
	struct agent *a = core_agent_by_dn(c->api->core, c->v[0].s);

	if (!a)
		return result_data(ArDestAgentDnNotExist, "");
	return data_json(agent_json(c->api, a));
}

struct collect {
	struct api *api;
	json_t *arr;
	bool by_dn;
};

static void collect_item(const char *item, void *arg)
{
	struct collect *cl = arg;
	struct agent *a = cl->by_dn ? core_agent_by_dn(cl->api->core, item) :
		core_agent_by_id(cl->api->core, item);

	if (a)
		json_array_append_new(cl->arr, agent_json(cl->api, a));
}

static json_t *by_list(struct rpc_call *c, bool by_dn)
{
	struct collect cl = {c->api, json_array(), by_dn};

	if (!cl.arr)
		return NULL;
	params_list_foreach(c->v[0].s, collect_item, &cl);
	return data_json(cl.arr);
}

static const struct pspec ids_params[] = {
	{.name = "AgentIDs", .type = PT_STR, .required = true,
	 .maxlen = API_LIST_MAX},
	{NULL},
};

static json_t *m_by_ids(struct rpc_call *c)
{
	return by_list(c, false);
}

static const struct pspec dns_params[] = {
	{.name = "AgentDNs", .type = PT_STR, .required = true,
	 .maxlen = API_LIST_MAX},
	{NULL},
};

static json_t *m_by_dns(struct rpc_call *c)
{
	return by_list(c, true);
}

static const struct pspec skill_params[] = {
	{.name = "skill", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static void count_agent(struct agent *a, void *arg)
{
	(void)a;
	++*(int *)arg;
}

static json_t *m_agent_n(struct rpc_call *c)
{
	int n = 0;
	int code = core_agents_by_skill(c->api->core, c->v[0].s, count_agent,
					&n);

	if (code)
		return result_code(code);
	return json_pack("{s:i, s:i}", "code", 0, "value", n);
}

static void append_agent(struct agent *a, void *arg)
{
	struct collect *cl = arg;

	json_array_append_new(cl->arr, agent_json(cl->api, a));
}

static json_t *m_by_skill(struct rpc_call *c)
{
	struct collect cl = {c->api, json_array(), false};
	int code;

	if (!cl.arr)
		return NULL;
	code = core_agents_by_skill(c->api->core, c->v[0].s, append_agent,
				    &cl);
	if (code) {
		json_decref(cl.arr);
		return result_data(code, "");
	}
	return data_json(cl.arr);
}

static json_t *m_waiting_number(struct rpc_call *c)
{
	int queued = 0, free_ = 0;
	int code = core_skill_waiting(c->api->core, c->v[0].s, &queued,
				      &free_);

	if (code)
		return result_data(code, "");
	return data_json(json_pack("{s:i, s:i}", "queuenumber", queued,
				   "freenumber", free_));
}

static void append_queue(const struct queue_info *q, void *arg)
{
	json_array_append_new(arg, shape_queue_info(q));
}

static json_t *m_waiting_calls(struct rpc_call *c)
{
	json_t *arr = json_array();
	int code;

	if (!arr)
		return NULL;
	code = core_skill_queue(c->api->core, c->v[0].s, append_queue, arr);
	if (code) {
		json_decref(arr);
		return result_data(code, "");
	}
	return data_json(arr);
}

static json_t *m_private_queue(struct rpc_call *c)
{
	json_t *arr = json_array();
	int code;

	if (!arr)
		return NULL;
	code = core_private_queue(c->api->core, c->v[0].s, append_queue, arr);
	if (code) {
		json_decref(arr);
		return result_data(code, "");
	}
	return data_json(arr);
}

static json_t *m_sys_info(struct rpc_call *c)
{
	struct sys_info si;

	core_sys_info(c->api->core, &si);
	return data_json(shape_sys_info(&si));
}

static json_t *m_rest_reason(struct rpc_call *c)
{
	char buf[4096];

	if (store_rest_reasons(c->api->st, buf, sizeof(buf)))
		return result_data(ArFailed, "");
	return result_data(0, buf);
}

const struct rpc_method m_query_methods[] = {
	{"GetAgentDetailByAgentID", m_by_id, NEEDS_ANY, id_params},
	{"GetAgentDetailByAgentDN", m_by_dn, NEEDS_ANY, dn_params},
	{"GetAgentDetailsByAgentIDs", m_by_ids, NEEDS_ANY, ids_params},
	{"GetAgentDetailsByAgentDNs", m_by_dns, NEEDS_ANY, dns_params},
	/* the manual's function declarations spell these without the s */
	{"GetAgentDetailByAgentIDs", m_by_ids, NEEDS_ANY, ids_params},
	{"GetAgentDetailByAgentDNs", m_by_dns, NEEDS_ANY, dns_params},
	{"GetAgentNBySkill", m_agent_n, NEEDS_ANY, skill_params},
	{"GetAgentDetailsBySkill", m_by_skill, NEEDS_ANY, skill_params},
	{"GetSkillWaitingNumber", m_waiting_number, NEEDS_ANY, skill_params},
	{"GetSkillWaitingCallInfo", m_waiting_calls, NEEDS_ANY, skill_params},
	{"GetPrivateQueue", m_private_queue, NEEDS_ANY, id_params},
	{"GetSysInfo", m_sys_info, NEEDS_ANY, NULL},
	{"GetRestReason", m_rest_reason, NEEDS_ANY, NULL},
	{NULL, NULL, NEEDS_NONE, NULL},
};
