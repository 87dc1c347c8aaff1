/*
 * output.c — what the `agentbar` CLI prints: one line per method result
 * and one `EVENT ...` line per event, whole and flushed, whichever thread
 * prints (events arrive on the SDK's event thread).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;

void out_line(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&out_mu);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	pthread_mutex_unlock(&out_mu);
}

void out_result(const char *method, int code, const char *data)
{
	if (data)
		out_line("%s -> %d %s %s %s", method, code, ab_ResultName(code),
			 ab_PromptText(code), data);
	else
		out_line("%s -> %d %s %s", method, code, ab_ResultName(code),
			 ab_PromptText(code));
}

#define STATE_EVENT(N, S) \
	static void on_##N(void *ctx, int eventID, const char *callID, \
		long long contactID, long long partyNum, const char *other, \
		int attr, const char *orig, const char *ani, \
		const char *dnis, int reason, long long ts) \
	{ \
		(void)ctx; (void)partyNum; (void)attr; (void)orig; (void)ts; \
		out_line("EVENT " #N " state=%s reason=%s eventID=%s " \
			 "callID=%s contact=%lld other=%s ani=%s dnis=%s", \
			 ab_StatusName(S), ab_ReasonName(reason), \
			 ab_EventIdName(eventID), callID, contactID, other, \
			 ani, dnis); \
	}
AB_STATE_EVENT_LIST(STATE_EVENT)

#define RECORD_EVENT(N) \
	static void on_##N(void *ctx, const char *callID, \
		long long contactID, const char *filename, int reason, \
		long long ts) \
	{ \
		(void)ctx; (void)ts; \
		out_line("EVENT " #N " reason=%d callID=%s contact=%lld " \
			 "filename=%s", reason, callID, contactID, filename); \
	}
RECORD_EVENT(OnBeginRecord)
RECORD_EVENT(OnEndRecord)

#define QUEUE_EVENT(N) \
	static void on_##N(void *ctx, const char *callID, \
		long long contactID, const char *ani, const char *dnis, \
		int reason, long long ts) \
	{ \
		(void)ctx; (void)ts; \
		out_line("EVENT " #N " reason=%s callID=%s contact=%lld " \
			 "ani=%s dnis=%s", reason ? ab_ReasonName(reason) : "0", \
			 callID, contactID, ani, dnis); \
	}
QUEUE_EVENT(OnInprivatequeue)
QUEUE_EVENT(OnOutprivatequeue)
QUEUE_EVENT(OnCTIDisconnect)
QUEUE_EVENT(OnMasterChanged)
QUEUE_EVENT(OnOperationFailed)

/* The CLI blocks no number: IsCallOut stays as it is (1). */
static void on_OnBeforeOutCall(void *ctx, const char *other, int attr,
			       const char *ani, const char *dnis, int reason,
			       long long ts)
{
	(void)ctx; (void)attr; (void)ani; (void)dnis; (void)ts;
	out_line("EVENT OnBeforeOutCall reason=%d other=%s", reason, other);
}

void out_events(AgentBarEvents *ev)
{
	AB_SET_HANDLERS(ev);
}
