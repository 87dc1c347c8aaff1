/*
 * m_admin_monitor.c — which skills each monitor supervises (the directory's
 * monitor_skills): Admin.ListMonitorSkills, Admin.SetMonitorSkill and
 * Admin.DeleteMonitorSkill, in the style of the permissions' methods. A
 * monitor acts only on agents of these skills and watches only them
 * (docs/security.md "Supervisors, admins and demo credentials").
 */
#include "api/api_int.h"
#include "api/shape.h"

static void list_one(const struct dir_monskill *m, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s}",
					     "monitor", m->monitor,
					     "skill", m->skill));
}

static const struct pspec list_params[] = {
	{.name = "monitor", .type = PT_STR, .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_list(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_monskill_list(c->api->st,
				       c->v[0].set ? c->v[0].s : NULL,
				       list_one, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec row_params[] = {
	{.name = "monitor", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "skill", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_set(struct rpc_call *c)
{
	struct dir_agent a;
	json_t *refused = admin_agent_skill(c, &a);

	if (refused)
		return refused;
	/* an agent's row would do nothing: only a monitor supervises */
	if (a.role != ROLE_MONITOR)
		return admin_invalid("agent %s has role agent, not monitor",
				     a.id);
	return admin_store_result(c->api, store_monskill_put(c->api->st,
							      c->v[0].s,
							      c->v[1].s),
				  0, "monitor skill");
}

static json_t *m_delete(struct rpc_call *c)
{
	return admin_store_result(c->api, store_monskill_del(c->api->st,
							      c->v[0].s,
							      c->v[1].s),
				  0, "monitor skill");
}

const struct rpc_method m_admin_monitor_methods[] = {
	{"Admin.ListMonitorSkills", m_list, NEEDS_ADMIN, list_params},
	{"Admin.SetMonitorSkill", m_set, NEEDS_ADMIN, row_params},
	{"Admin.DeleteMonitorSkill", m_delete, NEEDS_ADMIN, row_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
