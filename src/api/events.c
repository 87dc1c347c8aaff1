/*
 * events.c — the core's handlers: agent events become JSON-RPC
 * notifications on the agent's connection (AGENTBAR-API.md §2) and on the
 * connections subscribed with Monitor.Subscribe (monitor.c), queue changes
 * become OnQueueChanged for those, and a kick closes the connection once
 * the OnUnLogin before it has been sent. Every notification sent is
 * counted by name for /metrics.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"
#include "log.h"

/* After the state events (indexed by AgentStatusT), in this order. */
static const char *const other_events[API_EVENT_OTHERS] = {
	"OnBeginRecord", "OnEndRecord", "OnInprivatequeue",
	"OnOutprivatequeue", "OnQueueChanged",
};

const char *events_name(size_t i)
{
	if (i < AS_STATE_COUNT)
		return i == AsUnknownState ? NULL : ab_StatusEventName((int)i);
	return i < API_EVENTS ? other_events[i - AS_STATE_COUNT] : NULL;
}

static void count(struct api *api, const char *method)
{
	int state = ab_StatusByEventName(method);

	if (state > 0) {
		++api->stats.events[state];
		return;
	}
	for (size_t i = 0; i < API_EVENT_OTHERS; i++) {
		if (!strcmp(other_events[i], method)) {
			++api->stats.events[AS_STATE_COUNT + i];
			return;
		}
	}
}

void events_send(struct session *s, const char *method, json_t *params)
{
	count(s->api, method);
	session_send(s, rpc_notification(method, params));
}

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
		events_send(s, method, json_incref(params));
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
	events_send(s, method, params);
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
