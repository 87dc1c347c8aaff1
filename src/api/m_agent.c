/*
 * m_agent.c — sign-in and agent state (manual 3.2.3 - 3.2.11) plus the
 * connection-level Heartbeat and SynchronizeCTITime (3.2.52).
 */
#include <limits.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"
#include "log.h"

static const struct pspec signin_params[] = {
	{.name = "AgentID", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "PassWord", .type = PT_STR, .required = true,
	 .maxlen = API_PASSWORD_MAX},
	{.name = "DN", .type = PT_STR, .required = true, .maxlen = API_ID_MAX},
	{.name = "StatusChangeType", .type = PT_INT, .min = 0, .max = 1},
	{.name = "AutoAnswer", .type = PT_BOOL, .def = 1},
	{.name = "ForceSignIn", .type = PT_BOOL, .def = 1},
	{.name = "ServiceList", .type = PT_STR, .required = true,
	 .maxlen = API_LIST_MAX},
	{.name = "AgentTag", .type = PT_STR, .maxlen = API_ID_MAX},
	{.name = "CustomerTag", .type = PT_STR, .maxlen = API_ID_MAX},
	/* extension: a bar signing its agent back in (core_signin checks) */
	{.name = "ResumeStatus", .type = PT_INT, .min = INT_MIN,
	 .max = INT_MAX},
	{.name = "ResumeReason", .type = PT_STR, .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *signin_result(int code, int status)
{
	json_t *r = result_code(code);

	if (r && json_object_set_new(r, "agentStatus", json_integer(status)))
		r = (json_decref(r), NULL);
	return r;
}

static json_t *m_signin(struct rpc_call *c)
{
	struct session *s = c->s;
	struct signin_req req = {
		.AgentID = c->v[0].s, .PassWord = c->v[1].s, .DN = c->v[2].s,
		.StatusChangeType = (int)c->v[3].i,
		.AutoAnswer = c->v[4].i, .ForceSignIn = c->v[5].i,
		.ServiceList = c->v[6].s, .AgentTag = c->v[7].s,
		.CustomerTag = c->v[8].s, .resume = c->v[9].set,
		.ResumeStatus = (int)c->v[9].i, .ResumeReason = c->v[10].s,
	};
	struct agent *a = NULL;
	json_t *r;
	int code;

	if (s->agent)
		return signin_result(ArHasSigned, agent_status(s->agent));
	if (s->kind == SESSION_ADMIN) {
		r = signin_result(ArHasSigned, AsUnLoginState);
		json_object_set_new(r, "message",
				    json_string("this is an admin connection"));
		return r;
	}
	if (!c->api->ha.master) {
		/* a standby: the bar moves to its BackCTIIP, the master now;
		 * a CTI not synced with its node yet: the bar tries again */
		r = signin_result(ArNotMaster, AsUnLoginState);
		json_object_set_new(r, "message", json_string(
			c->api->ha.pair ? "this CTI is the standby: sign in "
			"on the master" : "this CTI is not yet in touch with "
			"its switch node: try again shortly"));
		return r;
	}
	if (pwguard_locked(s, NULL)) {
		log_debug("connection %s: SignIn refused, address locked out",
			  s->peer);
		return signin_result(ArTooManyAttempts, AsUnLoginState);
	}
	code = core_signin(c->api->core, s, &req, &a);
	if (code == ArSuccess) {
		s->agent = a;
		s->kind = SESSION_AGENT;
		log_trace("connection %s: agent %s signed in", s->peer,
			  agent_id(a));
		return signin_result(0, agent_status(a));
	}
	r = signin_result(code, AsUnLoginState);
	if (code == ArAgentPasswordError) {
		pwguard_failed(s, NULL);
		/* slows password guessing without blocking the loop */
		session_reply_later(c, r, c->api->conf.signin_fail_delay_ms);
		return NULL;
	}
	return r;
}

static json_t *m_signout(struct rpc_call *c)
{
	int code = core_signout(c->api->core, c->s->agent);

	if (code == ArSuccess) {
		c->s->agent = NULL;
		c->s->kind = SESSION_NONE;
	}
	return result_code(code);
}

static json_t *m_set_idle(struct rpc_call *c)
{
	return result_code(core_set_idle(c->api->core, c->s->agent));
}

static json_t *m_set_busy(struct rpc_call *c)
{
	return result_code(core_set_busy(c->api->core, c->s->agent));
}

static const struct pspec rest_params[] = {
	{.name = "reason", .type = PT_STR, .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_set_rest(struct rpc_call *c)
{
	return result_code(core_set_rest(c->api->core, c->s->agent,
					 c->v[0].s));
}

static const struct pspec status_params[] = {
	{.name = "AgentState", .type = PT_INT, .required = true,
	 .min = 0, .max = AS_STATE_COUNT - 1},
	{.name = "Reason", .type = PT_STR, .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_set_agent_status(struct rpc_call *c)
{
	return result_code(core_set_agent_status(c->api->core, c->s->agent,
						 (int)c->v[0].i, c->v[1].s));
}

static json_t *m_get_agent_status(struct rpc_call *c)
{
	return json_pack("{s:i, s:i}", "code", 0, "value",
			 agent_status(c->s->agent));
}

static const struct pspec skill_params[] = {
	{.name = "SkillList", .type = PT_STR, .required = true,
	 .maxlen = API_LIST_MAX},
	{NULL},
};

static json_t *m_reset_skill(struct rpc_call *c)
{
	return result_code(core_reset_skill(c->api->core, c->s->agent,
					    c->v[0].s));
}

static json_t *m_reset(struct rpc_call *c)
{
	return result_code(core_reset(c->api->core, c->s->agent));
}

static json_t *m_heartbeat(struct rpc_call *c)
{
	(void)c;
	return result_code(0);
}

static json_t *m_sync_time(struct rpc_call *c)
{
	(void)c;
	return json_pack("{s:i, s:I}", "code", 0, "time",
			 (json_int_t)now_us());
}

const struct rpc_method m_agent_methods[] = {
	{"SignIn", m_signin, NEEDS_NONE, signin_params},
	{"SignOut", m_signout, NEEDS_AGENT, NULL},
	{"SetIdle", m_set_idle, NEEDS_AGENT, NULL},
	{"SetBusy", m_set_busy, NEEDS_AGENT, NULL},
	{"SetRest", m_set_rest, NEEDS_AGENT, rest_params},
	{"SetAgentStatus", m_set_agent_status, NEEDS_AGENT, status_params},
	{"GetAgentStatus", m_get_agent_status, NEEDS_AGENT, NULL},
	{"ResetSkill", m_reset_skill, NEEDS_AGENT, skill_params},
	{"Reset", m_reset, NEEDS_AGENT, NULL},
	{"Heartbeat", m_heartbeat, NEEDS_NONE, NULL},
	{"SynchronizeCTITime", m_sync_time, NEEDS_NONE, NULL},
	{NULL, NULL, NEEDS_NONE, NULL},
};
