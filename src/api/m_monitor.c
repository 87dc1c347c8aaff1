/*
 * m_monitor.c — Monitor.Subscribe {"skills": [names]} and
 * Monitor.Unsubscribe: a supervisor's view of every agent's state and of
 * the queues (monitor.c does the fan-out). Allowed on an admin connection
 * (every skill) and on the connection of an agent with role monitor, for
 * the skills the directory says it supervises (monitor_skills): a skill
 * named outside them is refused, and no names means all of them.
 */
#include <errno.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "api/skillset.h"
#include "core/core.h"

static const struct pspec subscribe_params[] = {
	{.name = "skills", .type = PT_ARR},
	{NULL},
};

static bool may_monitor(const struct session *s)
{
	return s->kind == SESSION_ADMIN ||
	       (s->agent && agent_role(s->agent) == ROLE_MONITOR);
}

static json_t *not_monitor(void)
{
	return result_msg(ArPermissionDenied,
			  "needs a monitor agent or Admin.Login");
}

/* The skills a monitor supervises, read into a set that must hold all
 * of them: a subscription silently short of some would show a wall with
 * queues missing. */
struct supervised {
	struct skillset *ss;
	bool over;          /* more than SKILLSET_MAX */
};

static void add_supervised(const struct dir_monskill *m, void *arg)
{
	struct supervised *sv = arg;

	if (sv->ss->n == SKILLSET_MAX) {
		sv->over = true;
		return;
	}
	str_ncpy(sv->ss->name[sv->ss->n++], m->skill, sizeof(sv->ss->name[0]));
}

/* A monitor agent's set: the names it asked for if it supervises each,
 * else its supervised skills; 0 or a code with msg. */
static int supervised_only(struct rpc_call *c, struct skillset *ss,
			   char *msg, size_t size)
{
	const char *id = agent_id(c->s->agent);
	struct supervised sv = {ss, false};
	struct dir_monskill m;
	int err = 0;

	for (size_t i = 0; !err && i < ss->n; i++) {
		err = store_monskill_get(c->api->st, id, ss->name[i], &m);
		if (err == ENOENT)
			re_snprintf(msg, size, "monitor %s does not supervise "
				    "skill %s", id, ss->name[i]);
	}
	if (!ss->n) {
		err = store_monskill_list(c->api->st, id, add_supervised, &sv);
		if (!err && sv.over) {
			re_snprintf(msg, size, "monitor %s supervises more than "
				    "%d skills: name the ones to watch", id,
				    SKILLSET_MAX);
			return ArInvalidParam;
		}
		if (!err && !ss->n) {
			re_snprintf(msg, size, "monitor %s supervises no "
				    "skill", id);
			err = ENOENT;
		}
	}
	if (err && err != ENOENT)
		re_snprintf(msg, size, "database error");
	return !err ? 0 : err == ENOENT ? ArPermissionDenied : ArFailed;
}

static json_t *m_subscribe(struct rpc_call *c)
{
	struct skillset *ss;
	char msg[160];
	json_t *r = NULL;
	int err;

	if (!may_monitor(c->s))
		return not_monitor();
	/* too big for the stack of a handler */
	ss = mem_alloc(sizeof(*ss), NULL);
	if (!ss)
		return result_code(ArFailed);
	err = skillset_from_json(ss, c->v[0].j, msg, sizeof(msg));
	if (err < 0) {
		session_fill_error(c->s, c->slot, err, msg);
		c->slot = NULL;
		goto out;
	}
	if (err) {
		r = result_msg(err, msg);
		goto out;
	}
	for (size_t i = 0; i < ss->n; i++) {
		int q, f;

		if (core_skill_waiting(c->api->core, ss->name[i], &q, &f)) {
			re_snprintf(msg, sizeof(msg), "no skill %s",
				    ss->name[i]);
			r = result_msg(ArSkillNotExist, msg);
			goto out;
		}
	}
	if (c->s->kind != SESSION_ADMIN) {
		err = supervised_only(c, ss, msg, sizeof(msg));
		if (err) {
			r = result_msg(err, msg);
			goto out;
		}
	}
	r = result_code(monitor_subscribe(c->s, ss) ? ArFailed : ArSuccess);
 out:
	mem_deref(ss);
	return r;
}

static json_t *m_unsubscribe(struct rpc_call *c)
{
	if (!may_monitor(c->s))
		return not_monitor();
	monitor_unsubscribe(c->s);
	return result_code(ArSuccess);
}

const struct rpc_method m_monitor_methods[] = {
	{"Monitor.Subscribe", m_subscribe, NEEDS_ANY, subscribe_params},
	{"Monitor.Unsubscribe", m_unsubscribe, NEEDS_ANY, NULL},
	{NULL, NULL, NEEDS_NONE, NULL},
};
