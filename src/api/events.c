/*
 * events.c — the core's handlers: agent events become JSON-RPC
 * notifications on the agent's connection (AGENTBAR-API.md §2) and on the
 * connections subscribed with Monitor.Subscribe (monitor.c), queue changes
 * become OnQueueChanged for those, and a kick closes the connection once
 * the OnUnLogin before it has been sent.
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"
#include "log.h"

/* The connection no longer carries an agent (signed out, forced out,
 * replaced): nor may it go on monitoring as that agent. */
static void agent_gone(struct session *s)
{
	s->agent = NULL;
	s->kind = SESSION_NONE;
	monitor_unsubscribe(s);
}

static void state_h(void *owner, const struct core_state_event *ev,
		    void *arg)
{
	struct api *api = arg;
	struct session *s = owner;
	const char *method = ab_StatusEventName(ev->status);
	json_t *params = shape_state_event(ev);

	if (!params) {
		log_error("event %s for %s: cannot encode it", method,
			  ev->agent_id);
		return;
	}
	if (s) {
		session_send(s, rpc_notification(method, json_incref(params)));
		/* Signed out (by itself, forced, or replaced by a newer
		 * sign-in): the core no longer keeps the agent for this
		 * connection. */
		if (ev->status == AsUnLoginState)
			agent_gone(s);
	}
	if (!ev->notice_only)
		monitor_state(api, s, method, params, ev->agent_id);
	json_decref(params);
}

static void other_h(void *owner, const struct core_other *ev, void *arg)
{
	struct session *s = owner;
	const char *method = shape_other_method(ev->type);
	json_t *params;

	(void)arg;
	if (!s || !method)
		return;
	params = shape_other_event(ev);
	if (!params) {
		log_error("event %s for %s: cannot encode it", method,
			  ev->agent_id);
		return;
	}
	session_send(s, rpc_notification(method, params));
}

static void kick_h(void *owner, void *arg)
{
	struct session *s = owner;

	(void)arg;
	if (!s)
		return;
	log_trace("connection %s: agent signed out by the server, closing",
		  s->peer);
	agent_gone(s);
	session_close_after_flush(s);
}

static void queue_changed_h(const char *skill, void *arg)
{
	monitor_queue_changed(arg, skill);
}

void api_core_handlers(struct api *api, struct core_handlers *h)
{
	h->state = state_h;
	h->other = other_h;
	h->kick = kick_h;
	h->queue_changed = queue_changed_h;
	h->arg = api;
}
