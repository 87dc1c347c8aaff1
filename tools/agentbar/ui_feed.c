/*
 * ui_feed.c — how the SDK's threads reach the terminal toolbar without
 * touching curses: each event becomes a log line queued under a mutex (a
 * state event also updates the state kept beside the queue, so a full
 * queue loses lines, never the state), and a byte in a pipe wakes the UI
 * thread's poll(). The SDK's own log (stderr) is a pipe too while the
 * screen is up, read by the UI thread into the same log. The UI thread's
 * own lines (results of buttons) go through the queue too, so that the
 * log keeps the order in which things happened: OnBeforeOutCall, raised
 * inside MakeCall, comes before MakeCall's result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ui.h"

long long feed_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Both ends non-blocking: a writer never waits for the UI thread (a full
 * wake pipe means it is awake already; a full stderr pipe costs log lines,
 * not a stalled SDK thread), the reader drains until EAGAIN. */
static bool open_pipe(int fds[2])
{
	return pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0;
}

struct feed *feed_new(int state)
{
	struct feed *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	pthread_mutex_init(&f->mu, NULL);
	f->wake[0] = f->wake[1] = f->err[0] = f->err[1] = -1;
	f->saved_err = -1;
	if (!open_pipe(f->wake) || !open_pipe(f->err)) {
		feed_free(f);
		return NULL;
	}
	f->state = state;
	f->since_ms = feed_now_ms();
	return f;
}

void feed_free(struct feed *f)
{
	if (!f)
		return;
	feed_restore_stderr(f);
	for (int i = 0; i < 2; i++) {
		if (f->wake[i] >= 0)
			close(f->wake[i]);
		if (f->err[i] >= 0)
			close(f->err[i]);
	}
	pthread_mutex_destroy(&f->mu);
	free(f);
}

bool feed_capture_stderr(struct feed *f)
{
	fflush(stderr);
	f->saved_err = dup(2);
	if (f->saved_err < 0)
		return false;
	if (dup2(f->err[1], 2) < 0) {
		close(f->saved_err);
		f->saved_err = -1;
		return false;
	}
	return true;
}

void feed_restore_stderr(struct feed *f)
{
	if (f->saved_err < 0)
		return;
	fflush(stderr);
	dup2(f->saved_err, 2);
	close(f->saved_err);
	f->saved_err = -1;
}

/* A full pipe (EAGAIN) means the UI thread is awake already. */
static void wake(struct feed *f)
{
	char c = 0;

	while (write(f->wake[1], &c, 1) < 0 && errno == EINTR)
		;
}

/* Any thread: one log line, and the state if state >= 0. */
static void vpost(struct feed *f, int state, const char *call_id,
		  const char *other, const char *fmt, va_list ap)
{
	char line[UI_LINE_MAX];
	struct tm tm;
	time_t now = time(NULL);
	size_t n;

	localtime_r(&now, &tm);
	n = strftime(line, sizeof(line), "%H:%M:%S ", &tm);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);

	pthread_mutex_lock(&f->mu);
	if (state >= 0) {
		f->state = state;
		f->since_ms = feed_now_ms();
		f->changes++;
		snprintf(f->call_id, sizeof(f->call_id), "%s", call_id);
		snprintf(f->other, sizeof(f->other), "%s", other);
	}
	if (f->count == FEED_MAX) {
		f->head = (f->head + 1) % FEED_MAX;
		f->count--;
		f->dropped++;
	}
	memcpy(f->lines[(f->head + f->count) % FEED_MAX], line, sizeof(line));
	f->count++;
	pthread_mutex_unlock(&f->mu);
	wake(f);
}

static void post(struct feed *f, int state, const char *call_id,
		 const char *other, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void post(struct feed *f, int state, const char *call_id,
		 const char *other, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpost(f, state, call_id, other, fmt, ap);
	va_end(ap);
}

void feed_vlog(struct feed *f, const char *fmt, va_list ap)
{
	vpost(f, -1, "", "", fmt, ap);
}

unsigned feed_take(struct feed *f, struct feed_state *st,
		   void (*add)(void *arg, const char *line), void *arg)
{
	char drain[64];
	unsigned dropped;

	while (read(f->wake[0], drain, sizeof(drain)) > 0)
		;
	pthread_mutex_lock(&f->mu);
	st->state = f->state;
	st->since_ms = f->since_ms;
	st->changes = f->changes;
	memcpy(st->call_id, f->call_id, sizeof(st->call_id));
	memcpy(st->other, f->other, sizeof(st->other));
	for (; f->count; f->count--, f->head = (f->head + 1) % FEED_MAX)
		add(arg, f->lines[f->head]);
	dropped = f->dropped;
	f->dropped = 0;
	pthread_mutex_unlock(&f->mu);
	return dropped;
}

void feed_take_stderr(struct feed *f, void (*add)(void *arg,
						   const char *line),
		      void *arg)
{
	char *buf = f->errbuf;
	size_t len = f->errlen;
	ssize_t n;

	while ((n = read(f->err[0], buf + len,
			  sizeof(f->errbuf) - 1 - len)) > 0) {
		char *start = buf, *nl;

		len += (size_t)n;
		buf[len] = 0;
		while ((nl = memchr(start, '\n', len - (size_t)(start - buf)))) {
			*nl = 0;
			add(arg, start);
			start = nl + 1;
		}
		len -= (size_t)(start - buf);
		memmove(buf, start, len);
		if (len == sizeof(f->errbuf) - 1) {   /* too long: cut it */
			buf[len] = 0;
			add(arg, buf);
			len = 0;
		}
	}
	f->errlen = len;
}

/* ---- the SDK's event handlers -------------------------------------------- */

static const char *attr_name(int attr)
{
	static const char *const names[] = {"PaUnknown", "PaInternal",
					    "PaNormal"};

	return attr >= 0 && attr <= PaNormal ? names[attr] : "?";
}

#define STATE_EVENT(N, S) \
	static void on_##N(void *ctx, int eventID, const char *callID, \
		long long contactID, long long partyNum, const char *other, \
		int attr, const char *orig, const char *ani, \
		const char *dnis, int reason, long long ts) \
	{ \
		post(ctx, S, callID, other, #N " %s reason=%s eventID=%s " \
		     "callID=%s contactID=%lld partyNum=%lld otherParty=%s " \
		     "attr=%s originatingParty=%s ANI=%s DNIS=%s ts=%lld", \
		     ui_state_name(S), ab_ReasonName(reason), \
		     ab_EventIdName(eventID), callID, contactID, partyNum, \
		     other, attr_name(attr), orig, ani, dnis, ts); \
	}
AB_STATE_EVENT_LIST(STATE_EVENT)

#define RECORD_EVENT(N) \
	static void on_##N(void *ctx, const char *callID, \
		long long contactID, const char *filename, int reason, \
		long long ts) \
	{ \
		post(ctx, -1, "", "", #N " reason=%d callID=%s " \
		     "contactID=%lld filename=%s ts=%lld", reason, callID, \
		     contactID, filename, ts); \
	}
RECORD_EVENT(OnBeginRecord)
RECORD_EVENT(OnEndRecord)

#define QUEUE_EVENT(N) \
	static void on_##N(void *ctx, const char *callID, \
		long long contactID, const char *ani, const char *dnis, \
		int reason, long long ts) \
	{ \
		post(ctx, -1, "", "", #N " reason=%s callID=%s " \
		     "contactID=%lld ANI=%s DNIS=%s ts=%lld", \
		     reason ? ab_ReasonName(reason) : "0", callID, contactID, \
		     ani, dnis, ts); \
	}
QUEUE_EVENT(OnInprivatequeue)
QUEUE_EVENT(OnOutprivatequeue)
QUEUE_EVENT(OnCTIDisconnect)
QUEUE_EVENT(OnMasterChanged)
QUEUE_EVENT(OnOperationFailed)

/* Runs on the UI thread, inside MakeCall / Consult / SingleStepTransfer.
 * The bar blocks no number: IsCallOut stays as it is (1). */
static void on_OnBeforeOutCall(void *ctx, const char *other, int attr,
			       const char *ani, const char *dnis, int reason,
			       long long ts)
{
	post(ctx, -1, "", "", "OnBeforeOutCall reason=%d otherParty=%s "
	     "attr=%s ANI=%s DNIS=%s ts=%lld", reason, other,
	     attr_name(attr), ani, dnis, ts);
}

void feed_events(AgentBarEvents *ev)
{
	AB_SET_HANDLERS(ev);
}
