/*
 * dispatch.c — from one request line to its reply: envelope, method lookup,
 * parameter validation, who may call it, then the method's handler.
 *
 * Errors of the envelope (-32700, -32600) are always answered; a client
 * notification (no id) is executed and never answered, even on error, as
 * JSON-RPC 2.0 says. The connection stays usable after any error.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "log.h"

static const struct rpc_method *const tables[] = {
	m_agent_methods, m_call_methods, m_callctl_methods, m_consult_methods,
	m_supervisor_methods, m_monitor_methods, m_query_methods,
	m_admin_methods, m_admin_skill_methods, m_admin_route_methods,
	m_admin_ivr_methods,
	m_admin_cdr_methods, m_sim_methods, NULL,
};

/* NULL when the connection may call m, else the result to answer. */
static json_t *refused(const struct session *s, const struct api *api,
		       const struct rpc_method *m)
{
	switch (m->needs) {
	case NEEDS_NONE:
		return NULL;
	case NEEDS_AGENT:
		return s->agent ? NULL : result_code(ArNoSignin);
	case NEEDS_ANY:
		return s->kind != SESSION_NONE ? NULL :
			result_code(ArNoSignin);
	case NEEDS_ADMIN:
		return s->kind == SESSION_ADMIN ? NULL :
			result_msg(ArPermissionDenied, "needs Admin.Login");
	case NEEDS_SIM:
		if (s->kind != SESSION_ADMIN)
			return result_msg(ArPermissionDenied,
					  "needs Admin.Login");
		return api->sim ? NULL :
			result_msg(ArFailed, "Sim.* needs switch = sim");
	}
	return result_code(ArFailed);
}

void dispatch_line(struct session *s, const char *line, size_t len)
{
	struct rpc_call c;
	struct rpc_req req;
	char msg[160], safe[160];
	json_t *r;
	int err;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.api = s->api;
	err = rpc_parse(&req, line, len, msg, sizeof(msg));
	if (err) {
		log_debug("connection %s: %s", s->peer,
			  shape_printable(safe, sizeof(safe), msg));
		session_send(s, rpc_error(req.id, err, msg));
		goto out;
	}
	c.m = rpc_method_find(tables, req.method);
	if (!c.m) {
		log_debug("connection %s: unknown method %s", s->peer,
			  shape_printable(safe, sizeof(safe), req.method));
		if (req.id)
			session_send(s, rpc_error(req.id, RPC_METHOD_NOT_FOUND,
						  "method not found"));
		goto out;
	}
	err = params_parse(req.params, c.m->params, c.v, msg, sizeof(msg));
	if (err < 0) {
		log_debug("connection %s: %s: %s", s->peer, c.m->name,
			  shape_printable(safe, sizeof(safe), msg));
		if (req.id)
			session_send(s, rpc_error(req.id, err, msg));
		goto out;
	}
	c.slot = session_slot(s, req.id);
	if (req.id && !c.slot) {
		session_send(s, rpc_error(req.id, RPC_INTERNAL_ERROR,
					  "out of memory"));
		goto out;
	}
	if (err > 0) {
		/* a limit the manual answers with an AcResultT */
		session_fill(s, c.slot, result_msg(err, msg));
		goto out;
	}
	r = refused(s, s->api, c.m);
	if (!r)
		r = c.m->h(&c);
	if (r)
		session_fill(s, c.slot, r);
	else if (c.slot)   /* the handler neither answered nor deferred */
		session_fill_error(s, c.slot, RPC_INTERNAL_ERROR,
				   "internal error");
 out:
	rpc_req_reset(&req);
}
