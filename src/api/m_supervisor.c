/*
 * m_supervisor.c — what a supervisor does to other agents (manual 3.2.24 -
 * 3.2.32): ForceOut, ForceIdle, ForceBusy, Listen, StopListen, Insert,
 * StopInsert, SwitchInsertorListen, Break; and JumptheQueue (3.2.54),
 * allowed on agent and admin connections.
 *
 * The core enforces the role (ArPermissionDenied) and the states; a forced
 * out agent's connection is closed by the kick handler (events.c).
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

#define ID(n) {.name = n, .type = PT_STR, .required = true, \
	       .maxlen = API_ID_MAX}
#define NUM(n) {.name = n, .type = PT_STR, .maxlen = API_NUMBER_MAX}

static const struct pspec agent_params[] = {
	ID("AgentID"),
	{NULL},
};

/* Listen, Insert, SwitchInsertorListen: the manual spells the id agentID
 * for the last two; names match case-insensitively. */
static const struct pspec listen_params[] = {
	ID("AgentID"), NUM("showANI"), NUM("showDest"),
	{NULL},
};

static json_t *m_force_out(struct rpc_call *c)
{
	return result_code(core_force_out(c->api->core, c->s->agent,
					  c->v[0].s));
}

static json_t *m_force_idle(struct rpc_call *c)
{
	return result_code(core_force_idle(c->api->core, c->s->agent,
					   c->v[0].s));
}

static json_t *m_force_busy(struct rpc_call *c)
{
	return result_code(core_force_busy(c->api->core, c->s->agent,
					   c->v[0].s));
}

static json_t *m_listen(struct rpc_call *c)
{
	return result_code(core_listen(c->api->core, c->s->agent, c->v[0].s,
				       c->v[1].s, c->v[2].s));
}

static json_t *m_insert(struct rpc_call *c)
{
	return result_code(core_insert(c->api->core, c->s->agent, c->v[0].s,
				       c->v[1].s, c->v[2].s));
}

static json_t *m_switch(struct rpc_call *c)
{
	return result_code(core_switch_insert_listen(c->api->core,
						     c->s->agent, c->v[0].s));
}

static json_t *m_stop_listen(struct rpc_call *c)
{
	return result_code(core_stop_listen(c->api->core, c->s->agent,
					    c->v[0].s));
}

static json_t *m_stop_insert(struct rpc_call *c)
{
	return result_code(core_stop_insert(c->api->core, c->s->agent,
					    c->v[0].s));
}

static json_t *m_break(struct rpc_call *c)
{
	return result_code(core_break(c->api->core, c->s->agent, c->v[0].s));
}

static const struct pspec jump_params[] = {
	{.name = "requestId", .type = PT_INT, .required = true, .min = 0,
	 .max = INT64_MAX},
	{NULL},
};

static json_t *m_jump_queue(struct rpc_call *c)
{
	return result_code(core_jump_queue(c->api->core, c->v[0].i));
}

const struct rpc_method m_supervisor_methods[] = {
	{"ForceOut", m_force_out, NEEDS_AGENT, agent_params},
	{"ForceIdle", m_force_idle, NEEDS_AGENT, agent_params},
	{"ForceBusy", m_force_busy, NEEDS_AGENT, agent_params},
	{"Listen", m_listen, NEEDS_AGENT, listen_params},
	{"StopListen", m_stop_listen, NEEDS_AGENT, agent_params},
	{"Insert", m_insert, NEEDS_AGENT, listen_params},
	{"StopInsert", m_stop_insert, NEEDS_AGENT, agent_params},
	{"SwitchInsertorListen", m_switch, NEEDS_AGENT, listen_params},
	{"Break", m_break, NEEDS_AGENT, agent_params},
	{"JumptheQueue", m_jump_queue, NEEDS_ANY, jump_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
