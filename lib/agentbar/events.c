/*
 * events.c — the manual's events (3.3): decoding the server's notifications,
 * tracking the agent's state from them, and delivering them in order, on
 * the bar's event thread (DispatchMode "thread") or on the thread that
 * calls ab_Dispatch (DispatchMode "manual").
 *
 * The event thread lives from ab_Create to ab_Destroy, so UnInitial may be
 * called from inside a callback: it never has to join the event thread.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bar.h"

enum shape { SHAPE_STATE, SHAPE_RECORD, SHAPE_QUEUE };

struct abi_event {
	struct abi_event *next;
	int kind;       /* AgentStatusT for the 19 state events, else
			   AS_STATE_COUNT + index in others[] */
	bool tracked;   /* a state event about this bar's agent */
	int eventID, otherPartyAttribute, reason;
	long long contactID, partyNum, timestamp;
	char *callID, *otherParty, *originatingParty, *originalANI,
	     *originalDNIS, *filename;
};

#define HANDLER(name) offsetof(AgentBarEvents, name)

/* The handler of each state's event (the names live in codes.c). */
static const size_t state_handlers[AS_STATE_COUNT] = {
	[AsUnLoginState] = HANDLER(OnUnLogin),
	[AsReadyState] = HANDLER(OnReady),
	[AsBusyState] = HANDLER(OnBusy),
	[AsRestState] = HANDLER(OnRest),
	[AsLockState] = HANDLER(OnLock),
	[AsAlertingState] = HANDLER(OnAlerting),
	[AsHalfAlertingState] = HANDLER(OnHarfAlerting),
	[AsConnectingState] = HANDLER(OnConnecting),
	[AsConnectedState] = HANDLER(OnConnected),
	[AsHalfConnectedState] = HANDLER(OnHarfConnected),
	[AsInternalConnectedState] = HANDLER(OnInternalConnected),
	[AsSuspendedState] = HANDLER(OnSuspended),
	[AsConsultConnectingState] = HANDLER(OnConsultConnecting),
	[AsConsultConnectedState] = HANDLER(OnConsultConnected),
	[AsConferenceState] = HANDLER(OnConference),
	[AsMonitorState] = HANDLER(OnMonitor),
	[AsInsertState] = HANDLER(OnInsert),
	[AsMonitoredState] = HANDLER(OnMonitored),
	[AsInsertedState] = HANDLER(OnInserted),
};

/* The other events (3.3.20 - 3.3.26). */
static const struct {
	const char *name;
	enum shape shape;
	size_t handler;
} others[] = {
	{"OnBeginRecord", SHAPE_RECORD, HANDLER(OnBeginRecord)},
	{"OnEndRecord", SHAPE_RECORD, HANDLER(OnEndRecord)},
	{"OnInprivatequeue", SHAPE_QUEUE, HANDLER(OnInprivatequeue)},
	{"OnOutprivatequeue", SHAPE_QUEUE, HANDLER(OnOutprivatequeue)},
	{"OnCTIDisconnect", SHAPE_QUEUE, HANDLER(OnCTIDisconnect)},
	{"OnMasterChanged", SHAPE_QUEUE, HANDLER(OnMasterChanged)},
	{"OnOperationFailed", SHAPE_QUEUE, HANDLER(OnOperationFailed)},
};

#define NOTHERS ((int)(sizeof(others) / sizeof(others[0])))

static __thread int callback_depth;

bool abi_in_callback(void)
{
	return callback_depth > 0;
}

void abi_callback_enter(void)
{
	callback_depth++;
}

void abi_callback_leave(void)
{
	callback_depth--;
}

static const char *event_name(int kind)
{
	return kind < AS_STATE_COUNT ? ab_StatusEventName(kind)
				     : others[kind - AS_STATE_COUNT].name;
}

static void event_free(struct abi_event *ev)
{
	if (!ev)
		return;
	free(ev->callID);
	free(ev->otherParty);
	free(ev->originatingParty);
	free(ev->originalANI);
	free(ev->originalDNIS);
	free(ev->filename);
	free(ev);
}

/* A string field; a server that sends a number gets it as text. */
static char *field_str(json_t *params, const char *key)
{
	json_t *v = json_object_get(params, key);
	char num[32];

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		return strdup(num);
	}
	return strdup(json_is_string(v) ? json_string_value(v) : "");
}

static long long field_int(json_t *params, const char *key)
{
	json_t *v = json_object_get(params, key);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static long long event_timestamp(AgentBar *bar)
{
	long long offset;

	pthread_mutex_lock(&bar->mu);
	offset = bar->cti_offset_us;
	pthread_mutex_unlock(&bar->mu);
	return abi_now_us() + offset;
}

static struct abi_event *event_decode(int kind, json_t *params)
{
	struct abi_event *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return NULL;
	ev->kind = kind;
	ev->eventID = (int)field_int(params, "eventID");
	ev->contactID = field_int(params, "contactID");
	ev->partyNum = field_int(params, "partyNum");
	ev->otherPartyAttribute = (int)field_int(params, "otherPartyAttribute");
	ev->reason = (int)field_int(params, "reason");
	ev->timestamp = field_int(params, "timestamp");
	ev->callID = field_str(params, "callID");
	ev->otherParty = field_str(params, "otherParty");
	ev->originatingParty = field_str(params, "originatingParty");
	ev->originalANI = field_str(params, "originalANI");
	ev->originalDNIS = field_str(params, "originalDNIS");
	ev->filename = field_str(params, "filename");
	if (!ev->callID || !ev->otherParty || !ev->originatingParty ||
	    !ev->originalANI || !ev->originalDNIS || !ev->filename) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

static void push(AgentBar *bar, struct abi_event *ev)
{
	struct abi_evq *q = &bar->evq;

	pthread_mutex_lock(&q->mu);
	if (q->tail)
		q->tail->next = ev;
	else
		q->head = ev;
	q->tail = ev;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->mu);
}

/* OnUnLogin because the server goes down (CerUnloginElse) or hands over
 * to its backup (CerUnloginBackup) is followed by a lost link: the agent
 * is signed back in after the reconnect. Signing out, being forced out or
 * signed in elsewhere is not undone. */
static bool resumable(json_t *params)
{
	json_t *reason = json_object_get(params, "reason");

	return json_is_integer(reason) &&
	       (json_integer_value(reason) == CerUnloginElse ||
		json_integer_value(reason) == CerUnloginBackup);
}

/* State events tell the SDK the agent's state, for its client-side checks
 * (checks.c) and to know whether to sign back in after a failover. */
static bool track_state(AgentBar *bar, int status, json_t *params)
{
	const char *agent = json_string_value(json_object_get(params,
							      "agentId"));
	json_t *reported = json_object_get(params, "agentStatus");
	const char *mine;

	if (json_is_integer(reported) && json_integer_value(reported) != status)
		abi_log(bar, ABI_WARN, "%s carries agentStatus %" 
			JSON_INTEGER_FORMAT "; using %s",
			ab_StatusEventName(status), json_integer_value(reported),
			ab_StatusName(status));
	pthread_mutex_lock(&bar->mu);
	mine = json_string_value(json_object_get(bar->signin_params,
						 "AgentID"));
	if (agent && *agent && mine && strcmp(agent, mine)) {
		/* another agent's event (a supervisor's view) */
		pthread_mutex_unlock(&bar->mu);
		return false;
	}
	bar->status = status;
	abi_resume_track(bar, status, (int)json_integer_value(
				 json_object_get(params, "reason")),
			 resumable(params));
	if (status == AsUnLoginState) {
		bar->signed_in = false;
		if (!resumable(params)) {
			json_decref(bar->signin_params);
			bar->signin_params = NULL;
		}
	}
	pthread_mutex_unlock(&bar->mu);
	return true;
}

void abi_event_from_wire(AgentBar *bar, const char *method, json_t *params)
{
	int status = ab_StatusByEventName(method);
	struct abi_event *ev;
	int kind = -1;

	if (status > 0) {
		kind = status;
	} else {
		for (int i = 0; i < NOTHERS; i++) {
			if (!strcmp(others[i].name, method))
				kind = AS_STATE_COUNT + i;
		}
	}
	if (kind < 0) {
		abi_log(bar, ABI_WARN, "ignored unknown event %s", method);
		return;
	}
	ev = event_decode(kind, params);
	if (!ev) {
		abi_log(bar, ABI_ERROR, "out of memory: lost event %s", method);
		return;
	}
	if (status > 0)
		ev->tracked = track_state(bar, status, params);
	if (status > 0)
		abi_log(bar, ABI_TRACE, "%s reason=%s eventID=%s callID=%s",
			method, ab_ReasonName(ev->reason),
			ab_EventIdName(ev->eventID), ev->callID);
	else
		abi_log(bar, ABI_TRACE, "%s reason=%d callID=%s", method,
			ev->reason, ev->callID);
	push(bar, ev);
}

void abi_event_raise(AgentBar *bar, const char *name, int reason)
{
	struct abi_event *ev = NULL;

	for (int i = 0; i < NOTHERS && !ev; i++) {
		if (!strcmp(others[i].name, name))
			ev = event_decode(AS_STATE_COUNT + i, NULL);
	}
	if (!ev) {
		abi_log(bar, ABI_ERROR, "lost event %s", name);
		return;
	}
	ev->reason = reason;
	ev->timestamp = event_timestamp(bar);
	abi_log(bar, ABI_TRACE, "%s reason=%s", name, ab_ReasonName(reason));
	push(bar, ev);
}

static void deliver(AgentBar *bar, struct abi_event *ev)
{
	size_t off = ev->kind < AS_STATE_COUNT ? state_handlers[ev->kind]
		     : others[ev->kind - AS_STATE_COUNT].handler;
	enum shape shape = ev->kind < AS_STATE_COUNT ? SHAPE_STATE
			   : others[ev->kind - AS_STATE_COUNT].shape;
	void (*fn)(void);        /* cast back to the handler's own type */
	void *ctx;

	pthread_mutex_lock(&bar->mu);
	memcpy(&fn, (const char *)&bar->events + off, sizeof(fn));
	ctx = bar->ctx;
	if (ev->tracked)
		bar->shown_status = ev->kind;
	pthread_mutex_unlock(&bar->mu);
	if (!fn) {
		abi_log(bar, ABI_DEBUG, "no handler for %s",
			event_name(ev->kind));
		return;
	}
	abi_callback_enter();
	switch (shape) {
	case SHAPE_STATE:
		((AgentBarStateEvent *)fn)(ctx, ev->eventID, ev->callID,
			ev->contactID, ev->partyNum, ev->otherParty,
			ev->otherPartyAttribute, ev->originatingParty,
			ev->originalANI, ev->originalDNIS, ev->reason,
			ev->timestamp);
		break;
	case SHAPE_RECORD:
		((AgentBarRecordEvent *)fn)(ctx, ev->callID, ev->contactID,
			ev->filename, ev->reason, ev->timestamp);
		break;
	case SHAPE_QUEUE:
		((AgentBarQueueEvent *)fn)(ctx, ev->callID, ev->contactID,
			ev->originalANI, ev->originalDNIS, ev->reason,
			ev->timestamp);
		break;
	}
	abi_callback_leave();
}

/* Deliver the oldest event if the mode matches who asks. The delivery
 * lock keeps events in order when the mode changes between threads. */
static bool deliver_next(AgentBar *bar, bool manual)
{
	struct abi_evq *q = &bar->evq;
	struct abi_event *ev = NULL;

	pthread_mutex_lock(&q->deliver);
	pthread_mutex_lock(&q->mu);
	if (q->head && q->manual == manual) {
		ev = q->head;
		q->head = ev->next;
		if (!q->head)
			q->tail = NULL;
	}
	pthread_mutex_unlock(&q->mu);
	if (ev)
		deliver(bar, ev);
	pthread_mutex_unlock(&q->deliver);
	event_free(ev);
	return ev != NULL;
}

static void *event_main(void *arg)
{
	AgentBar *bar = arg;
	struct abi_evq *q = &bar->evq;
	bool stop;

	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (!q->stop && (!q->head || q->manual))
			pthread_cond_wait(&q->cond, &q->mu);
		stop = q->stop;
		pthread_mutex_unlock(&q->mu);
		if (stop)
			return NULL;
		deliver_next(bar, false);
	}
}

int ab_Dispatch(AgentBar *bar, int timeout_ms)
{
	struct abi_evq *q;
	struct timespec ts;
	int n = 0;

	if (!bar)
		return 0;
	q = &bar->evq;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (timeout_ms > 0) {
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (timeout_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&q->mu);
	while (timeout_ms > 0 && q->manual && !q->head && !q->stop) {
		if (pthread_cond_timedwait(&q->cond, &q->mu, &ts) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&q->mu);
	while (deliver_next(bar, true))
		n++;
	return n;
}

void abi_evq_set_manual(AgentBar *bar, bool manual)
{
	pthread_mutex_lock(&bar->evq.mu);
	bar->evq.manual = manual;
	pthread_cond_broadcast(&bar->evq.cond);
	pthread_mutex_unlock(&bar->evq.mu);
}

bool abi_evq_is_manual(AgentBar *bar)
{
	bool v;

	pthread_mutex_lock(&bar->evq.mu);
	v = bar->evq.manual;
	pthread_mutex_unlock(&bar->evq.mu);
	return v;
}

int abi_evq_init(AgentBar *bar)
{
	struct abi_evq *q = &bar->evq;
	pthread_mutexattr_t mattr;
	pthread_condattr_t cattr;

	if (pthread_mutexattr_init(&mattr))
		return -1;
	pthread_mutexattr_settype(&mattr, PTHREAD_MUTEX_RECURSIVE);
	if (pthread_mutex_init(&q->deliver, &mattr)) {
		pthread_mutexattr_destroy(&mattr);
		return -1;
	}
	pthread_mutexattr_destroy(&mattr);
	if (pthread_mutex_init(&q->mu, NULL))
		goto fail_mu;
	if (pthread_condattr_init(&cattr))
		goto fail_cond;
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	if (pthread_cond_init(&q->cond, &cattr)) {
		pthread_condattr_destroy(&cattr);
		goto fail_cond;
	}
	pthread_condattr_destroy(&cattr);
	if (pthread_create(&q->thread, NULL, event_main, bar))
		goto fail_thread;
	return 0;

fail_thread:
	pthread_cond_destroy(&q->cond);
fail_cond:
	pthread_mutex_destroy(&q->mu);
fail_mu:
	pthread_mutex_destroy(&q->deliver);
	return -1;
}

void abi_evq_destroy(AgentBar *bar)
{
	struct abi_evq *q = &bar->evq;
	struct abi_event *ev, *next;

	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	for (ev = q->head; ev; ev = next) {
		next = ev->next;
		event_free(ev);
	}
	q->head = q->tail = NULL;
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->mu);
	pthread_mutex_destroy(&q->deliver);
}
