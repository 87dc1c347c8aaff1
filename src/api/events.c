/*
 * events.c — the core's handlers: agent events become JSON-RPC
 * notifications on the agent's connection (AGENTBAR-API.md §2), and a kick
 * closes the connection once the OnUnLogin before it has been sent.
 */
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"
#include "log.h"

static void state_h(void *owner, const struct core_state_event *ev,
		    void *arg)
{
	struct session *s = owner;
	json_t *params;

	(void)arg;
	if (!s)
		return;
	params = shape_state_event(ev);
	if (!params) {
		log_error("event %s for %s: cannot encode it",
			  ab_StatusEventName(ev->status), ev->agent_id);
		return;
	}
	session_send(s, rpc_notification(ab_StatusEventName(ev->status),
					 params));
	/* Signed out (by itself, forced, or replaced by a newer sign-in):
	 * the core no longer keeps the agent for this connection. */
	if (ev->status == AsUnLoginState) {
		s->agent = NULL;
		s->kind = SESSION_NONE;
	}
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
	s->agent = NULL;
	s->kind = SESSION_NONE;
	session_close_after_flush(s);
}

/* Nothing subscribes to queue changes until Monitor.Subscribe exists. */
static void queue_changed_h(const char *skill, void *arg)
{
	(void)arg;
	log_debug("queue of %s changed", skill);
}

void api_core_handlers(struct api *api, struct core_handlers *h)
{
	h->state = state_h;
	h->other = other_h;
	h->kick = kick_h;
	h->queue_changed = queue_changed_h;
	h->arg = api;
}
