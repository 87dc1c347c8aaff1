/*
 * monitor.c — Monitor.Subscribe's fan-out: a subscribed connection (a
 * monitor agent's or an admin's) also receives every agent's state events
 * and OnQueueChanged for the skills it asked for (all when none).
 *
 * A subscription belongs to its session and goes when the session closes,
 * its agent signs out or it unsubscribes, so nothing here outlives a
 * session. A subscriber that does not read fast enough is dropped rather
 * than buffered without bound: every agent's events are many more than
 * one agent's.
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "api/skillset.h"
#include "core/core.h"
#include "log.h"

/* Unsent bytes (ours and the socket layer's) a subscriber may have. */
enum { MONITOR_BACKLOG_MAX = 256 * 1024 };

struct monsub {
	struct le le;              /* in api->monitors */
	struct session *s;
	struct skillset skills;
};

static void destructor(void *data)
{
	struct monsub *m = data;

	list_unlink(&m->le);
}

int monitor_subscribe(struct session *s, const struct skillset *skills)
{
	struct monsub *m = s->mon;

	if (!m) {
		m = mem_zalloc(sizeof(*m), destructor);
		if (!m)
			return ENOMEM;
		m->s = s;
		list_append(&s->api->monitors, &m->le, m);
		s->mon = m;
	}
	m->skills = *skills;
	return 0;
}

void monitor_unsubscribe(struct session *s)
{
	s->mon = mem_deref(s->mon);
}

/* Sends method(params), params borrowed, unless the subscriber has fallen
 * behind; then it is unsubscribed and its connection dropped. */
static void deliver(struct monsub *m, const char *method, json_t *params)
{
	struct session *s = m->s;
	size_t backlog;

	if (!session_tcp(s) || s->closing)
		return;
	backlog = s->outq_bytes + tcp_conn_txqsz(session_tcp(s));
	if (backlog > MONITOR_BACKLOG_MAX) {
		char why[96];

		re_snprintf(why, sizeof(why), "monitor subscriber has %zu "
			    "bytes unsent", backlog);
		monitor_unsubscribe(s);
		session_drop(s, why);
		return;
	}
	events_send(s, method, json_incref(params));
}

void monitor_state(struct api *api, const void *owner, const char *method,
		   json_t *params, const char *agent_id)
{
	struct agent *a = NULL;
	bool looked_up = false;
	struct le *le, *next;

	for (le = list_head(&api->monitors); le; le = next) {
		struct monsub *m = le->data;

		next = le->next;
		if (m->s == owner)   /* it had the event as the agent's own */
			continue;
		if (m->skills.n) {
			bool covered = false;

			if (!looked_up) {
				a = core_agent_by_id(api->core, agent_id);
				looked_up = true;
			}
			for (size_t i = 0; a && i < m->skills.n; i++)
				covered = covered || agent_in_skill(a,
							m->skills.name[i]);
			if (!covered)
				continue;
		}
		deliver(m, method, params);
	}
}

void monitor_queue_changed(struct api *api, const char *skill)
{
	json_t *params = NULL;
	struct le *le, *next;

	for (le = list_head(&api->monitors); le; le = next) {
		struct monsub *m = le->data;

		next = le->next;
		if (!skillset_covers(&m->skills, skill))
			continue;
		if (!params) {
			int queued = 0, free_agents = 0;
			int err = core_skill_waiting(api->core, skill, &queued,
						     &free_agents);

			if (err) {
				log_debug("queue of %s changed: %s", skill,
					  ab_ResultName(err));
				return;
			}
			params = json_pack("{s:s, s:i, s:i}", "skill", skill,
					   "queuenumber", queued,
					   "freenumber", free_agents);
			if (!params) {
				log_error("OnQueueChanged for %s: cannot "
					  "encode it", skill);
				return;
			}
		}
		deliver(m, "OnQueueChanged", params);
	}
	json_decref(params);
}
