/*
 * m_admin.c — the agents and their skill permissions, and the helpers the
 * other Admin.* files share. Admin results carry "data" as a real JSON
 * value (unlike the manual's query strings); password hashes are never
 * returned.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"

json_t *admin_store_result(struct api *api, int err, int notfound,
			   const char *what)
{
	char msg[160];

	switch (err) {
	case 0:
		core_directory_changed(api->core);
		return result_code(0);
	case ENOENT:
		if (notfound)
			return result_code(notfound);
		snprintf(msg, sizeof(msg), "%s does not exist", what);
		return result_msg(ArFailed, msg);
	case EEXIST:
		snprintf(msg, sizeof(msg), "%s already exists", what);
		return result_msg(ArFailed, msg);
	case EINVAL:
		snprintf(msg, sizeof(msg), "%s: invalid field", what);
		return result_msg(ArInvalidParam, msg);
	default:
		return result_msg(ArFailed, "database error");
	}
}

json_t *admin_data(json_t *data)
{
	return data ? json_pack("{s:i, s:o}", "code", 0, "data", data) : NULL;
}

json_t *admin_invalid(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return result_msg(ArInvalidParam, msg);
}

bool admin_key_ok(const char *s)
{
	if (!*s || *s == ' ' || s[strlen(s) - 1] == ' ')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || strchr(",;=", *s))
			return false;
	return true;
}

/* Every caller validated the length against the field's size. */
void admin_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* ---- agents --------------------------------------------------------- */

static const char *role_name(enum agent_role r)
{
	return r == ROLE_MONITOR ? "monitor" : "agent";
}

static int role_parse(const char *s)
{
	if (!strcmp(s, "agent"))
		return ROLE_AGENT;
	if (!strcmp(s, "monitor"))
		return ROLE_MONITOR;
	return -1;
}

static void list_agent(const struct dir_agent *a, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "id", a->id,
					     "name", a->name,
					     "role", role_name(a->role)));
}

static json_t *m_list_agents(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_agent_list(c->api->st, list_agent, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec agent_params[] = {
	{.name = "id", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "name", .type = PT_STR, .maxlen = API_NAME_MAX},
	{.name = "role", .type = PT_STR, .maxlen = 16},
	{.name = "password", .type = PT_STR, .maxlen = API_PASSWORD_MAX},
	{NULL},
};

/* Add (update=false) or update the agent described by c's params. */
static json_t *put_agent(struct rpc_call *c, bool update)
{
	struct dir_agent a;
	const char *password = NULL;
	int role, err;

	if (!admin_key_ok(c->v[0].s))
		return admin_invalid("agent id '%s' is empty or has one of "
				     ",;= or control characters", c->v[0].s);
	memset(&a, 0, sizeof(a));
	if (update) {
		err = store_agent_get(c->api->st, c->v[0].s, &a);
		if (err)
			return admin_store_result(c->api, err,
						  ArAgentIdNotExist, "agent");
	} else {
		admin_copy(a.id, sizeof(a.id), c->v[0].s);
	}
	if (c->v[1].set)
		admin_copy(a.name, sizeof(a.name), c->v[1].s);
	if (c->v[2].set) {
		role = role_parse(c->v[2].s);
		if (role < 0)
			return admin_invalid("role '%s' is not agent or "
					     "monitor", c->v[2].s);
		a.role = (enum agent_role)role;
	}
	if (c->v[3].set || !update) {
		if (!*c->v[3].s)
			return result_msg(ArInvalidParam,
					  "password must not be empty");
		password = c->v[3].s;
	}
	err = store_agent_put(c->api->st, &a, password, update);
	return admin_store_result(c->api, err, 0, "agent");
}

static json_t *m_add_agent(struct rpc_call *c)
{
	return put_agent(c, false);
}

static json_t *m_update_agent(struct rpc_call *c)
{
	return put_agent(c, true);
}

static const struct pspec id_params[] = {
	{.name = "id", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_delete_agent(struct rpc_call *c)
{
	return admin_store_result(c->api, store_agent_del(c->api->st,
							   c->v[0].s),
				  ArAgentIdNotExist, "agent");
}

/* ---- permissions (which skills an agent may sign in with) ------------ */

static void list_perm(const struct dir_perm *p, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:i}",
					     "agent", p->agent,
					     "skill", p->skill,
					     "level", p->level));
}

static const struct pspec perm_list_params[] = {
	{.name = "agent", .type = PT_STR, .maxlen = API_ID_MAX},
	{NULL},
};

static json_t *m_list_perms(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_perm_list(c->api->st, c->v[0].set ? c->v[0].s : NULL,
				   list_perm, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec perm_params[] = {
	{.name = "agent", .type = PT_STR, .required = true,
	 .maxlen = API_ID_MAX},
	{.name = "skill", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{.name = "level", .type = PT_INT, .min = 0, .max = 100, .def = 1},
	{NULL},
};

json_t *admin_agent_skill(struct rpc_call *c, struct dir_agent *a)
{
	struct dir_skill sk;
	int err;

	err = store_agent_get(c->api->st, c->v[0].s, a);
	if (err)
		return admin_store_result(c->api, err, ArAgentIdNotExist,
					  "agent");
	err = store_skill_get(c->api->st, c->v[1].s, &sk);
	if (err)
		return admin_store_result(c->api, err, ArSkillNotExist,
					  "skill");
	return NULL;
}

static json_t *m_set_perm(struct rpc_call *c)
{
	struct dir_agent a;
	struct dir_perm p;
	json_t *refused = admin_agent_skill(c, &a);

	if (refused)
		return refused;
	memset(&p, 0, sizeof(p));
	admin_copy(p.agent, sizeof(p.agent), c->v[0].s);
	admin_copy(p.skill, sizeof(p.skill), c->v[1].s);
	p.level = (int)c->v[2].i;
	return admin_store_result(c->api, store_perm_put(c->api->st, &p), 0,
				  "permission");
}

static json_t *m_delete_perm(struct rpc_call *c)
{
	return admin_store_result(c->api, store_perm_del(c->api->st,
							  c->v[0].s,
							  c->v[1].s),
				  0, "permission");
}

const struct rpc_method m_admin_methods[] = {
	{"Admin.ListAgents", m_list_agents, NEEDS_ADMIN, NULL},
	{"Admin.AddAgent", m_add_agent, NEEDS_ADMIN, agent_params},
	{"Admin.UpdateAgent", m_update_agent, NEEDS_ADMIN, agent_params},
	{"Admin.DeleteAgent", m_delete_agent, NEEDS_ADMIN, id_params},
	{"Admin.ListPermissions", m_list_perms, NEEDS_ADMIN, perm_list_params},
	{"Admin.SetPermission", m_set_perm, NEEDS_ADMIN, perm_params},
	{"Admin.DeletePermission", m_delete_perm, NEEDS_ADMIN, perm_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
