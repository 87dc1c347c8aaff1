/*
 * m_admin_route.c — Admin.* for the telephony side of the directory:
 * phones (agent DNs with their SIP password) and routes (access number →
 * skill, IVR flow or agent). SIP passwords are write-only: lists never
 * show them.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"

static void list_phone(const struct dir_phone *p, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s}", "dn", p->dn));
}

static json_t *m_list_phones(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_phone_list(c->api->st, list_phone, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec phone_params[] = {
	{.name = "dn", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "sipPassword", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_add_phone(struct rpc_call *c)
{
	struct dir_phone p;

	if (!admin_key_ok(c->v[0].s))
		return admin_invalid("dn '%s' is empty or has one of ,;= or "
				     "control characters", c->v[0].s);
	if (!*c->v[1].s)
		return result_msg(ArInvalidParam,
				  "sipPassword must not be empty");
	memset(&p, 0, sizeof(p));
	admin_copy(p.dn, sizeof(p.dn), c->v[0].s);
	admin_copy(p.sip_password, sizeof(p.sip_password), c->v[1].s);
	return admin_store_result(c->api, store_phone_put(c->api->st, &p,
							   false),
				  0, "phone");
}

static const struct pspec dn_params[] = {
	{.name = "dn", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_delete_phone(struct rpc_call *c)
{
	return admin_store_result(c->api, store_phone_del(c->api->st,
							   c->v[0].s),
				  0, "phone");
}

/* ---- routes ----------------------------------------------------------- */

static const char *const kind_names[] = {
	[ROUTE_SKILL] = "skill", [ROUTE_IVR] = "ivr", [ROUTE_AGENT] = "agent",
};

static void list_route(const struct dir_route *r, void *arg)
{
	const char *kind = (unsigned)r->kind < 3 ? kind_names[r->kind] : "?";

	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}",
					     "access", r->access,
					     "kind", kind,
					     "target", r->target));
}

static json_t *m_list_routes(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_route_list(c->api->st, list_route, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec route_params[] = {
	{.name = "access", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "kind", .type = PT_STR, .required = true, .maxlen = 8},
	{.name = "target", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_add_route(struct rpc_call *c)
{
	struct dir_route r;
	struct dir_skill sk;
	struct dir_agent a;
	struct dir_ivr flow;
	int kind = -1, err = 0;

	for (int i = 0; i < 3; i++)
		if (!strcmp(c->v[1].s, kind_names[i]))
			kind = i;
	if (kind < 0)
		return admin_invalid("kind '%s' is not skill, ivr or agent",
				     c->v[1].s);
	if (!admin_key_ok(c->v[0].s) || !admin_key_ok(c->v[2].s))
		return result_msg(ArInvalidParam, "access and target must not "
				  "be empty nor have ,;= or control "
				  "characters");
	/* a route to nothing would only be found when a customer calls */
	if (kind == ROUTE_SKILL)
		err = store_skill_get(c->api->st, c->v[2].s, &sk);
	else if (kind == ROUTE_AGENT)
		err = store_agent_get(c->api->st, c->v[2].s, &a);
	else
		err = store_ivr_get(c->api->st, c->v[2].s, &flow);
	if (err)
		return admin_store_result(c->api, err, kind == ROUTE_SKILL ?
					  ArSkillNotExist : kind == ROUTE_AGENT ?
					  ArAgentIdNotExist : ArInvalidParam,
					  "target");
	memset(&r, 0, sizeof(r));
	admin_copy(r.access, sizeof(r.access), c->v[0].s);
	r.kind = (enum route_kind)kind;
	admin_copy(r.target, sizeof(r.target), c->v[2].s);
	return admin_store_result(c->api, store_route_put(c->api->st, &r,
							   false),
				  0, "route");
}

static const struct pspec access_params[] = {
	{.name = "access", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_delete_route(struct rpc_call *c)
{
	return admin_store_result(c->api, store_route_del(c->api->st,
							   c->v[0].s),
				  0, "route");
}

const struct rpc_method m_admin_route_methods[] = {
	{"Admin.ListPhones", m_list_phones, NEEDS_ADMIN, NULL},
	{"Admin.AddPhone", m_add_phone, NEEDS_ADMIN, phone_params},
	{"Admin.DeletePhone", m_delete_phone, NEEDS_ADMIN, dn_params},
	{"Admin.ListRoutes", m_list_routes, NEEDS_ADMIN, NULL},
	{"Admin.AddRoute", m_add_route, NEEDS_ADMIN, route_params},
	{"Admin.DeleteRoute", m_delete_route, NEEDS_ADMIN, access_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
