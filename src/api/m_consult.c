/*
 * m_consult.c — bringing a third party to the customer's call (manual
 * 3.2.17 - 3.2.21): Consult, Reconnect, Transfer, SingleStepTransfer,
 * Conference. The core checks states and destinations.
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

#define NUM(n, req) {.name = n, .type = PT_STR, .required = req, \
		     .maxlen = API_NUMBER_MAX}

static const struct pspec consult_params[] = {
	NUM("consultNum", true), NUM("showANI", false), NUM("showDest", false),
	/* 0 agent id, 1 outside number, other: a "special call type"
	 * (AGENTBAR-API.md §4) */
	{.name = "consultType", .type = PT_INT, .required = true,
	 .min = INT32_MIN, .max = INT32_MAX},
	{NULL},
};

static json_t *m_consult(struct rpc_call *c)
{
	return result_code(core_consult(c->api->core, c->s->agent, c->v[0].s,
					c->v[1].s, c->v[2].s,
					(int)c->v[3].i));
}

static json_t *m_reconnect(struct rpc_call *c)
{
	return result_code(core_reconnect(c->api->core, c->s->agent));
}

static json_t *m_transfer(struct rpc_call *c)
{
	return result_code(core_transfer(c->api->core, c->s->agent));
}

static json_t *m_conference(struct rpc_call *c)
{
	return result_code(core_conference(c->api->core, c->s->agent));
}

static const struct pspec sst_params[] = {
	NUM("transferNum", true), NUM("showANI", false), NUM("showDest", false),
	{.name = "transferStyle", .type = PT_INT, .min = 0, .max = 1},
	{.name = "transferType", .type = PT_INT, .required = true, .min = 0,
	 .max = 2},
	{NULL},
};

static json_t *m_single_step_transfer(struct rpc_call *c)
{
	return result_code(core_single_step_transfer(c->api->core,
						     c->s->agent, c->v[0].s,
						     c->v[1].s, c->v[2].s,
						     (int)c->v[3].i,
						     (int)c->v[4].i));
}

const struct rpc_method m_consult_methods[] = {
	{"Consult", m_consult, NEEDS_AGENT, consult_params},
	{"Reconnect", m_reconnect, NEEDS_AGENT, NULL},
	{"Transfer", m_transfer, NEEDS_AGENT, NULL},
	{"Conference", m_conference, NEEDS_AGENT, NULL},
	{"SingleStepTransfer", m_single_step_transfer, NEEDS_AGENT,
	 sst_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
