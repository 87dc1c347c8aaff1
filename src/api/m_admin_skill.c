/*
 * m_admin_skill.c — Admin.* for skills (queues) and rest reasons.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"

static void list_skill(const struct dir_skill *s, void *arg)
{
	json_array_append_new(arg, json_pack(
		"{s:s, s:s, s:i, s:i, s:i, s:s, s:i, s:b, s:i}",
		"name", s->name, "strategy", strategy_name(s->strategy),
		"ringTimeout", s->ring_timeout, "maxWait", s->max_wait,
		"maxWaitNoAgent", s->max_wait_noagent, "overflow", s->overflow,
		"wrapup", s->wrapup, "record", s->record,
		"priority", s->priority));
}

static json_t *m_list_skills(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_skill_list(c->api->st, list_skill, arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

static const struct pspec skill_params[] = {
	{.name = "name", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{.name = "strategy", .type = PT_STR, .maxlen = 32},
	{.name = "ringTimeout", .type = PT_INT, .min = 1, .max = 600,
	 .def = 20},
	{.name = "maxWait", .type = PT_INT, .min = 0, .max = 86400},
	{.name = "maxWaitNoAgent", .type = PT_INT, .min = 0, .max = 86400},
	{.name = "overflow", .type = PT_STR, .maxlen = API_NAME_MAX},
	{.name = "wrapup", .type = PT_INT, .min = 0, .max = 3600},
	{.name = "record", .type = PT_BOOL},
	{.name = "priority", .type = PT_INT, .min = -1000, .max = 1000},
	{NULL},
};

/* "" (none), "hangup", "skill:NAME" or "ivr:NUM" (struct dir_skill). */
static bool overflow_ok(const char *o)
{
	if (!*o || !strcmp(o, "hangup"))
		return true;
	if (!strncmp(o, "skill:", 6))
		return admin_key_ok(o + 6);
	if (!strncmp(o, "ivr:", 4))
		return admin_key_ok(o + 4);
	return false;
}

static json_t *put_skill(struct rpc_call *c, bool update)
{
	const struct pval *v = c->v;
	struct dir_skill sk;
	int err;

	if (!admin_key_ok(v[0].s))
		return admin_invalid("skill name '%s' is empty or has one of "
				     ",;= or control characters", v[0].s);
	memset(&sk, 0, sizeof(sk));
	if (update) {
		err = store_skill_get(c->api->st, v[0].s, &sk);
		if (err)
			return admin_store_result(c->api, err,
						  ArSkillNotExist, "skill");
	} else {
		admin_copy(sk.name, sizeof(sk.name), v[0].s);
		sk.strategy = STRATEGY_LEVEL_LONGEST_IDLE;
	}
	if (v[1].set) {
		int st = strategy_parse(v[1].s);

		if (st < 0)
			return admin_invalid("unknown strategy '%s'", v[1].s);
		sk.strategy = (enum skill_strategy)st;
	}
	if (v[2].set || !update)
		sk.ring_timeout = (int)v[2].i;
	if (v[3].set || !update)
		sk.max_wait = (int)v[3].i;
	if (v[4].set || !update)
		sk.max_wait_noagent = (int)v[4].i;
	if (v[5].set) {
		if (!overflow_ok(v[5].s))
			return admin_invalid("overflow '%s' is not \"\", "
					     "hangup, skill:NAME or ivr:NUM",
					     v[5].s);
		admin_copy(sk.overflow, sizeof(sk.overflow), v[5].s);
	}
	if (v[6].set || !update)
		sk.wrapup = (int)v[6].i;
	if (v[7].set || !update)
		sk.record = v[7].i;
	if (v[8].set || !update)
		sk.priority = (int)v[8].i;
	err = store_skill_put(c->api->st, &sk, update);
	return admin_store_result(c->api, err, 0, "skill");
}

static json_t *m_add_skill(struct rpc_call *c)
{
	return put_skill(c, false);
}

static json_t *m_update_skill(struct rpc_call *c)
{
	return put_skill(c, true);
}

static const struct pspec name_params[] = {
	{.name = "name", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_delete_skill(struct rpc_call *c)
{
	return admin_store_result(c->api, store_skill_del(c->api->st,
							   c->v[0].s),
				  ArSkillNotExist, "skill");
}

/* ---- rest reasons ----------------------------------------------------- */

static void add_reason(const char *item, void *arg)
{
	json_array_append_new(arg, json_string(item));
}

static json_t *m_list_reasons(struct rpc_call *c)
{
	char buf[4096];
	json_t *arr;

	if (store_rest_reasons(c->api->st, buf, sizeof(buf)))
		return result_msg(ArFailed, "database error");
	arr = json_array();
	if (arr)
		params_list_foreach(buf, add_reason, arr);
	return admin_data(arr);
}

static const struct pspec reason_params[] = {
	{.name = "reason", .type = PT_STR, .required = true,
	 .maxlen = API_NAME_MAX},
	{NULL},
};

static json_t *m_add_reason(struct rpc_call *c)
{
	if (!admin_key_ok(c->v[0].s))
		return admin_invalid("rest reason '%s' is empty or has one of "
				     ",;= or control characters", c->v[0].s);
	return admin_store_result(c->api,
				  store_rest_reason_add(c->api->st, c->v[0].s),
				  0, "rest reason");
}

static json_t *m_delete_reason(struct rpc_call *c)
{
	return admin_store_result(c->api,
				  store_rest_reason_del(c->api->st, c->v[0].s),
				  0, "rest reason");
}

const struct rpc_method m_admin_skill_methods[] = {
	{"Admin.ListSkills", m_list_skills, NEEDS_ADMIN, NULL},
	{"Admin.AddSkill", m_add_skill, NEEDS_ADMIN, skill_params},
	{"Admin.UpdateSkill", m_update_skill, NEEDS_ADMIN, skill_params},
	{"Admin.DeleteSkill", m_delete_skill, NEEDS_ADMIN, name_params},
	{"Admin.ListRestReasons", m_list_reasons, NEEDS_ADMIN, NULL},
	{"Admin.AddRestReason", m_add_reason, NEEDS_ADMIN, reason_params},
	{"Admin.DeleteRestReason", m_delete_reason, NEEDS_ADMIN,
	 reason_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
