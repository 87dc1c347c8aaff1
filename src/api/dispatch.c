/*
 * dispatch.c — from one request line to its reply: envelope, method lookup,
 * parameter validation, who may call it, then the method's handler.
 *
 * Errors of the envelope (-32700, -32600) are always answered; a client
 * notification (no id) is executed and never answered, even on error, as
 * JSON-RPC 2.0 says. The connection stays usable after any error.
 *
 * Every request is counted for /metrics under its method, or "unknown"
 * when it names none of the tables (or cannot be read): only the tables'
 * names become labels, whatever clients send. An error is a JSON-RPC error
 * or a result whose code is not 0, answered or not.
 *
 * The tables are the API's own (m_*.c), then those registered from
 * outside (ext.c), in api->tables.
 */
#include <errno.h>
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "log.h"

static const struct rpc_method *const builtin[] = {
	m_agent_methods, m_call_methods, m_callctl_methods, m_consult_methods,
	m_supervisor_methods, m_monitor_methods, m_query_methods,
	m_admin_methods, m_admin_skill_methods, m_admin_route_methods,
	m_admin_ivr_methods, m_admin_cdr_methods, m_admin_monitor_methods,
	m_admin_account_methods,
};

int dispatch_tables_alloc(struct api *api)
{
	size_t n = ARRAY_SIZE(builtin);

	api->tables = mem_zalloc((n + 1) * sizeof(*api->tables), NULL);
	if (!api->tables)
		return ENOMEM;
	memcpy(api->tables, builtin, sizeof(builtin));
	return 0;
}

int dispatch_add_table(struct api *api, const struct rpc_method *tab)
{
	size_t n = 0;
	const struct rpc_method **t;

	while (api->tables[n])
		n++;
	t = mem_realloc(api->tables, (n + 2) * sizeof(*t));
	if (!t)
		return ENOMEM;
	t[n] = tab;
	t[n + 1] = NULL;
	api->tables = t;
	return 0;
}

size_t dispatch_methods(const struct api *api)
{
	size_t n = 0;

	for (const struct rpc_method *const *t = api->tables; *t; t++)
		for (const struct rpc_method *m = *t; m->name; m++)
			n++;
	return n;
}

const char *dispatch_method_name(const struct api *api, size_t i)
{
	for (const struct rpc_method *const *t = api->tables; *t; t++)
		for (const struct rpc_method *m = *t; m->name; m++)
			if (!i--)
				return m->name;
	return NULL;
}

/* The counter slot of m; NULL (unknown) gets the last one. */
static size_t method_slot(const struct api *api, const struct rpc_method *m)
{
	size_t i = 0;

	for (const struct rpc_method *const *t = api->tables; *t; t++)
		for (const struct rpc_method *k = *t; k->name; k++, i++)
			if (k == m)
				return i;
	return i;
}

static void count_error(struct api *api, const struct rpc_method *m)
{
	++api->stats.rpc_errors[method_slot(api, m)];
}

void dispatch_count_result(const struct rpc_call *c, const json_t *result)
{
	if (json_integer_value(json_object_get(result, "code")))
		count_error(c->api, c->m);
}

/* NULL when the connection may call m, else the result to answer. */
static json_t *refused(const struct session *s, const struct rpc_method *m)
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
	}
	return result_code(ArFailed);
}

/* A parse error as the log may say it: without the text the parser
 * quotes ("near '...'"), which may be the password of a broken SignIn
 * (docs/security.md "What is logged"). The reply keeps it. */
static const char *parse_error_logged(char *buf, size_t size,
				      const char *msg)
{
	char *near;

	shape_printable(buf, size, msg);
	near = strstr(buf, " near ");
	if (near)
		*near = '\0';
	return buf;
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
	c.m = err ? NULL : rpc_method_find(c.api->tables, req.method);
	++c.api->stats.rpc_requests[method_slot(c.api, c.m)];
	if (err) {
		log_debug("connection %s: %s", s->peer,
			  parse_error_logged(safe, sizeof(safe), msg));
		count_error(c.api, NULL);
		session_send(s, rpc_error(req.id, err, msg));
		goto out;
	}
	if (!c.m) {
		count_error(c.api, NULL);
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
		count_error(c.api, c.m);
		if (req.id)
			session_send(s, rpc_error(req.id, err, msg));
		goto out;
	}
	c.slot = session_slot(s, req.id);
	if (req.id && !c.slot) {
		count_error(c.api, c.m);
		session_send(s, rpc_error(req.id, RPC_INTERNAL_ERROR,
					  "out of memory"));
		goto out;
	}
	if (err > 0) {
		/* a limit the manual answers with an AcResultT */
		count_error(c.api, c.m);
		session_fill(s, c.slot, result_msg(err, msg));
		goto out;
	}
	r = refused(s, c.m);
	if (!r)
		r = c.m->h(&c);   /* deferring, it counts its own result */
	if (r) {
		dispatch_count_result(&c, r);
		session_fill(s, c.slot, r);
	}
	else if (c.slot) {   /* the handler neither answered nor deferred */
		count_error(c.api, c.m);
		session_fill_error(s, c.slot, RPC_INTERNAL_ERROR,
				   "internal error");
	}
 out:
	rpc_req_reset(&req);
}
