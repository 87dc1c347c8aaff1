/*
 * evrec.c — see evrec.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "evrec.h"

enum { EVREC_MAX = 1024 };

struct evrec {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct ev evs[EVREC_MAX];
	size_t n, next;
	AgentBar *bar;
	int callout;
	int beforeoutcalls;
};

struct evrec *evrec_new(void)
{
	struct evrec *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->callout = 1;
	return r;
}

void evrec_free(struct evrec *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	free(r);
}

static void put(struct evrec *r, const struct ev *e)
{
	pthread_mutex_lock(&r->mu);
	if (r->n < EVREC_MAX)
		r->evs[r->n++] = *e;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void state_ev(struct evrec *r, const char *name, int eventID,
		     const char *callID, long long contactID,
		     const char *otherParty, int attr, const char *ani,
		     const char *dnis, int reason, long long ts)
{
	struct ev e;

	memset(&e, 0, sizeof(e));
	copy(e.name, sizeof(e.name), name);
	e.eventID = eventID;
	copy(e.callID, sizeof(e.callID), callID);
	e.contactID = contactID;
	copy(e.otherParty, sizeof(e.otherParty), otherParty);
	e.otherPartyAttribute = attr;
	copy(e.originalANI, sizeof(e.originalANI), ani);
	copy(e.originalDNIS, sizeof(e.originalDNIS), dnis);
	e.reason = reason;
	e.timestamp = ts;
	put(r, &e);
}

#define STATE_CB(N)                                                        \
	static void cb_##N(void *ctx, int eventID, const char *callID,     \
			   long long contactID, long long partyNum,        \
			   const char *otherParty, int attr,               \
			   const char *orig, const char *ani,              \
			   const char *dnis, int reason, long long ts)     \
	{                                                                  \
		(void)partyNum;                                            \
		(void)orig;                                                \
		state_ev(ctx, #N, eventID, callID, contactID, otherParty,  \
			 attr, ani, dnis, reason, ts);                     \
	}
STATE_CB(OnUnLogin) STATE_CB(OnReady) STATE_CB(OnBusy) STATE_CB(OnRest)
STATE_CB(OnLock) STATE_CB(OnAlerting) STATE_CB(OnHarfAlerting)
STATE_CB(OnConnecting) STATE_CB(OnConnected) STATE_CB(OnHarfConnected)
STATE_CB(OnInternalConnected) STATE_CB(OnSuspended)
STATE_CB(OnConsultConnecting) STATE_CB(OnConsultConnected)
STATE_CB(OnConference) STATE_CB(OnMonitor) STATE_CB(OnInsert)
STATE_CB(OnMonitored) STATE_CB(OnInserted)

#define RECORD_CB(N)                                                       \
	static void cb_##N(void *ctx, const char *callID,                  \
			   long long contactID, const char *filename,      \
			   int reason, long long ts)                       \
	{                                                                  \
		struct ev e;                                               \
		memset(&e, 0, sizeof(e));                                  \
		copy(e.name, sizeof(e.name), #N);                          \
		copy(e.callID, sizeof(e.callID), callID);                  \
		e.contactID = contactID;                                   \
		copy(e.filename, sizeof(e.filename), filename);            \
		e.reason = reason;                                         \
		e.timestamp = ts;                                          \
		put(ctx, &e);                                              \
	}
RECORD_CB(OnBeginRecord) RECORD_CB(OnEndRecord)

#define QUEUE_CB(N)                                                        \
	static void cb_##N(void *ctx, const char *callID,                  \
			   long long contactID, const char *ani,           \
			   const char *dnis, int reason, long long ts)     \
	{                                                                  \
		state_ev(ctx, #N, 0, callID, contactID, "", 0, ani, dnis,  \
			 reason, ts);                                      \
	}
QUEUE_CB(OnInprivatequeue) QUEUE_CB(OnOutprivatequeue)
QUEUE_CB(OnCTIDisconnect) QUEUE_CB(OnMasterChanged)
QUEUE_CB(OnOperationFailed)

/* Manual 4.1: the handler decides, by setting IsCallOut, from inside the
 * event. */
static void cb_OnBeforeOutCall(void *ctx, const char *otherParty, int attr,
			       const char *ani, const char *dnis, int reason,
			       long long ts)
{
	struct evrec *r = ctx;
	int allow;

	pthread_mutex_lock(&r->mu);
	allow = r->callout;
	r->beforeoutcalls++;
	pthread_mutex_unlock(&r->mu);
	ab_SetIsCallOut(r->bar, allow);
	state_ev(r, "OnBeforeOutCall", 0, "", 0, otherParty, attr, ani, dnis,
		 reason, ts);
}

void evrec_attach(struct evrec *r, AgentBar *bar)
{
	AgentBarEvents e = {
#define S(N) .N = cb_##N
		S(OnUnLogin), S(OnReady), S(OnBusy), S(OnRest), S(OnLock),
		S(OnAlerting), S(OnHarfAlerting), S(OnConnecting),
		S(OnConnected), S(OnHarfConnected), S(OnInternalConnected),
		S(OnSuspended), S(OnConsultConnecting), S(OnConsultConnected),
		S(OnConference), S(OnMonitor), S(OnInsert), S(OnMonitored),
		S(OnInserted), S(OnBeginRecord), S(OnEndRecord),
		S(OnInprivatequeue), S(OnOutprivatequeue), S(OnCTIDisconnect),
		S(OnMasterChanged), S(OnOperationFailed), S(OnBeforeOutCall),
#undef S
	};

	r->bar = bar;
	ab_SetEvents(bar, &e, r);
}

const struct ev *evrec_wait(struct evrec *r, const char *name, int ms)
{
	struct timespec until;
	const struct ev *found = NULL;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&r->mu);
	for (;;) {
		size_t i;

		for (i = r->next; i < r->n; i++) {
			if (0 == strcmp(r->evs[i].name, name)) {
				found = &r->evs[i];
				r->next = i + 1;
				break;
			}
		}
		if (found || pthread_cond_timedwait(&r->cv, &r->mu, &until))
			break;
	}
	pthread_mutex_unlock(&r->mu);
	return found;
}

size_t evrec_count(struct evrec *r, const char *name)
{
	size_t i, n = 0;

	pthread_mutex_lock(&r->mu);
	for (i = 0; i < r->n; i++)
		n += 0 == strcmp(r->evs[i].name, name);
	pthread_mutex_unlock(&r->mu);
	return n;
}

void evrec_set_callout(struct evrec *r, int allow)
{
	pthread_mutex_lock(&r->mu);
	r->callout = allow;
	pthread_mutex_unlock(&r->mu);
}

int evrec_beforeoutcalls(struct evrec *r)
{
	int n;

	pthread_mutex_lock(&r->mu);
	n = r->beforeoutcalls;
	pthread_mutex_unlock(&r->mu);
	return n;
}

AgentBar *evrec_bar(struct evrec *r, uint16_t port, const char *agent,
		    const char *dn)
{
	AgentBar *bar = ab_Create();
	char pw[32];

	if (!bar)
		abort();
	snprintf(pw, sizeof(pw), "%s123", agent);
	ab_SetMainCTIIP(bar, "127.0.0.1");
	ab_SetCTIPort(bar, port);
	ab_SetLogLevel(bar, 0);
	ab_SetAgentID(bar, agent);
	ab_SetPassWord(bar, pw);
	ab_SetDN(bar, dn);
	ab_SetServiceList(bar, "示例=3");
	ab_SetAutoAnswer(bar, 0);
	evrec_attach(r, bar);
	return bar;
}
