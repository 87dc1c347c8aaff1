/*
 * m_admin_ivr.c — Admin.* for the IVR flows of the directory: list, set
 * (create or replace) and delete. A script is checked by the core's parser
 * before it is stored, so a flow that is stored always runs.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

static void list_flow(const struct dir_ivr *f, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s}", "name", f->name,
					     "script", f->script));
}

static json_t *m_list_flows(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_ivr_list(c->api->st, list_flow, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec flow_params[] = {
	{.name = "name", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "script", .type = PT_STR, .required = true,
	 .maxlen = STORE_SCRIPT_SIZE - 1},
	{NULL},
};

static json_t *m_set_flow(struct rpc_call *c)
{
	struct dir_ivr f;
	char why[160];

	if (!admin_key_ok(c->v[0].s))
		return admin_invalid("name '%s' is empty or has one of ,;= or "
				     "control characters", c->v[0].s);
	if (!core_ivr_script_ok(c->v[1].s, why, sizeof(why)))
		return admin_invalid("script: %s", why);
	memset(&f, 0, sizeof(f));
	admin_copy(f.name, sizeof(f.name), c->v[0].s);
	admin_copy(f.script, sizeof(f.script), c->v[1].s);
	return admin_store_result(c->api, store_ivr_put(c->api->st, &f, true),
				  0, "IVR flow");
}

static const struct pspec name_params[] = {
	{.name = "name", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_delete_flow(struct rpc_call *c)
{
	return admin_store_result(c->api, store_ivr_del(c->api->st,
							 c->v[0].s),
				  0, "IVR flow");
}

const struct rpc_method m_admin_ivr_methods[] = {
	{"Admin.ListIvrFlows", m_list_flows, NEEDS_ADMIN, NULL},
	{"Admin.SetIvrFlow", m_set_flow, NEEDS_ADMIN, flow_params},
	{"Admin.DeleteIvrFlow", m_delete_flow, NEEDS_ADMIN, name_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
