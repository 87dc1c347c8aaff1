/*
 * m_call.c — the call-control methods of this issue: MakeCall, Answer,
 * ReleaseCall (manual 3.2.12 - 3.2.14) and the number queries of the
 * current call, GetCallingNo ... GetOrgCalledNo (3.2.48 - 3.2.51).
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

static const struct pspec makecall_params[] = {
	{.name = "dest", .type = PT_STR, .required = true,
	 .maxlen = API_NUMBER_MAX},
	{.name = "showANI", .type = PT_STR, .maxlen = API_NUMBER_MAX},
	{.name = "showDest", .type = PT_STR, .maxlen = API_NUMBER_MAX},
	{.name = "isOffhook", .type = PT_BOOL},
	{.name = "type", .type = PT_INT, .required = true, .min = 0,
	 .max = 1},
	{NULL},
};

static json_t *m_make_call(struct rpc_call *c)
{
	return result_code(core_make_call(c->api->core, c->s->agent,
					  c->v[0].s, c->v[1].s, c->v[2].s,
					  (int)c->v[3].i, (int)c->v[4].i));
}

static json_t *m_answer(struct rpc_call *c)
{
	return result_code(core_answer(c->api->core, c->s->agent));
}

static json_t *m_release_call(struct rpc_call *c)
{
	return result_code(core_release_call(c->api->core, c->s->agent));
}

static json_t *m_calling_no(struct rpc_call *c)
{
	return result_data(0, agent_calling_no(c->s->agent));
}

static json_t *m_org_calling_no(struct rpc_call *c)
{
	return result_data(0, agent_org_calling_no(c->s->agent));
}

static json_t *m_called_no(struct rpc_call *c)
{
	return result_data(0, agent_called_no(c->s->agent));
}

static json_t *m_org_called_no(struct rpc_call *c)
{
	return result_data(0, agent_org_called_no(c->s->agent));
}

const struct rpc_method m_call_methods[] = {
	{"MakeCall", m_make_call, NEEDS_AGENT, makecall_params},
	{"Answer", m_answer, NEEDS_AGENT, NULL},
	{"ReleaseCall", m_release_call, NEEDS_AGENT, NULL},
	{"GetCallingNo", m_calling_no, NEEDS_AGENT, NULL},
	{"GetOrgCallingNo", m_org_calling_no, NEEDS_AGENT, NULL},
	{"GetCalledNo", m_called_no, NEEDS_AGENT, NULL},
	{"GetOrgCalledNo", m_org_called_no, NEEDS_AGENT, NULL},
	{NULL, NULL, NEEDS_NONE, NULL},
};
