/*
 * fake_server.h — test support for the SDK tests: an in-process fake CTI
 * server speaking the wire protocol of AGENTBAR-API.md section 2 on
 * 127.0.0.1, and a recorder of the events a bar delivers.
 *
 * CMake builds each tests/sdk/NAME_test.c alone, so the shared code lives in
 * this header as static functions rather than in a separate .c file.
 *
 * The fake answers every request with {"code":0} (SignIn also with
 * "agentStatus":2) unless the test scripted another answer, logs every
 * request it received, and lets the test send events or drop the client.
 * Started with an OpenSSL server context (fake_start_tls) it speaks TLS,
 * as the daemon's agent_tls_port does; fake_tls.h makes its certificates.
 */
#ifndef SDK_FAKE_SERVER_H
#define SDK_FAKE_SERVER_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/ssl.h>

#include "agentbar.h"

#define FAKE_FN static __attribute__((unused))

/* Upper bound of any wait in the tests; reaching it fails the test. */
#define WAIT_MS 5000

struct fake {
	int lfd, port;
	int wake[2];
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	bool stop;
	bool drop;              /* close the client (done by the fake's thread) */
	bool hold;              /* read nothing from the client for now */
	int cfd;                /* the connected client, -1 none */
	SSL_CTX *tls;           /* TLS server context, NULL plain */
	SSL *ssl;               /* the client's TLS session */
	int connections;        /* accepted so far (TLS: handshake done) */
	int refused;            /* TLS handshakes that failed */
	json_t *log;            /* [{"method", "params", "id"}] in order */
	json_t *script;         /* method -> [answers]; the last one stays */
	char in[70000];
	size_t inlen;
};

FAKE_FN long long fake_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

FAKE_FN void fake_deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* The client's socket (blocking), plain or TLS: bytes moved, <= 0 when
 * the client is gone. */
FAKE_FN ssize_t fake_send(struct fake *f, const char *buf, size_t len)
{
	size_t n = 0;

	if (!f->ssl)
		return send(f->cfd, buf, len, MSG_NOSIGNAL);
	return SSL_write_ex(f->ssl, buf, len, &n) ? (ssize_t)n : -1;
}

FAKE_FN ssize_t fake_recv(struct fake *f, char *buf, size_t size)
{
	size_t n = 0;

	if (!f->ssl)
		return recv(f->cfd, buf, size, 0);
	return SSL_read_ex(f->ssl, buf, size, &n) ? (ssize_t)n : -1;
}

/* with f->mu held */
FAKE_FN void fake_close_client_locked(struct fake *f)
{
	if (f->cfd < 0)
		return;
	SSL_free(f->ssl);
	f->ssl = NULL;
	shutdown(f->cfd, SHUT_RDWR);
	close(f->cfd);
	f->cfd = -1;
	f->inlen = 0;
}

/* with f->mu held */
/* One send per line: a separate "\n" would wait for a delayed ACK. */
FAKE_FN void fake_write_locked(struct fake *f, const char *line)
{
	size_t len = strlen(line), off = 0;
	char *buf;

	if (f->cfd < 0 || !(buf = malloc(len + 1)))
		return;
	memcpy(buf, line, len);
	buf[len++] = '\n';
	while (off < len) {
		ssize_t n = fake_send(f, buf + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(buf);
}

FAKE_FN void fake_send_json_locked(struct fake *f, json_t *msg)
{
	char *line = json_dumps(msg, JSON_COMPACT);

	if (line)
		fake_write_locked(f, line);
	free(line);
	json_decref(msg);
}

/* The answer to a request: the script's first entry (kept when last). */
FAKE_FN json_t *fake_answer_locked(struct fake *f, const char *method)
{
	json_t *list = json_object_get(f->script, method);

	if (json_array_size(list) > 1) {
		json_t *a = json_incref(json_array_get(list, 0));
		json_array_remove(list, 0);
		return a;
	}
	if (json_array_size(list) == 1)
		return json_incref(json_array_get(list, 0));
	if (!strcmp(method, "SignIn"))
		return json_pack("{s:{s:i, s:i}}", "result", "code", 0,
				 "agentStatus", AsReadyState);
	return json_pack("{s:{s:i}}", "result", "code", 0);
}

FAKE_FN void fake_on_line(struct fake *f, const char *line, size_t len)
{
	json_t *msg = json_loadb(line, len, 0, NULL);
	json_t *id = json_object_get(msg, "id");
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *answer, *reply;

	pthread_mutex_lock(&f->mu);
	if (!method) {
		json_array_append_new(f->log, json_pack("{s:s}", "method",
							"<bad>"));
		goto out;
	}
	json_array_append_new(f->log, json_pack("{s:s, s:O?, s:O?}",
		"method", method, "params", json_object_get(msg, "params"),
		"id", id));
	answer = fake_answer_locked(f, method);
	if (!json_object_get(answer, "silent")) {
		reply = json_pack("{s:s, s:O}", "jsonrpc", "2.0", "id", id);
		json_object_update(reply, answer);
		fake_send_json_locked(f, reply);
	}
	json_decref(answer);
out:
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->mu);
	json_decref(msg);
}

/* A TLS session is not to be read and written at once: its reads take
 * the mutex the writers hold. Returns true when TLS decrypted more than
 * the buffer took (poll cannot see that): read again. */
FAKE_FN bool fake_read(struct fake *f)
{
	ssize_t n;
	size_t start = 0;
	bool more;

	pthread_mutex_lock(&f->mu);
	n = fake_recv(f, f->in + f->inlen, sizeof(f->in) - f->inlen);
	if (n <= 0) {
		fake_close_client_locked(f);
		pthread_cond_broadcast(&f->cond);
		pthread_mutex_unlock(&f->mu);
		return false;
	}
	more = f->ssl && SSL_pending(f->ssl) > 0;
	pthread_mutex_unlock(&f->mu);
	f->inlen += (size_t)n;
	for (size_t i = 0; i < f->inlen; i++) {
		if (f->in[i] == '\n') {
			fake_on_line(f, f->in + start, i - start);
			start = i + 1;
		}
	}
	memmove(f->in, f->in + start, f->inlen - start);
	f->inlen -= start;
	return more;
}

/* A new client: with TLS, the handshake first (blocking, bounded by the
 * socket's time-outs); a failed one is counted and closed. */
FAKE_FN void fake_accept(struct fake *f)
{
	struct timeval tv = {WAIT_MS / 1000, 0};
	int fd = accept4(f->lfd, NULL, NULL, SOCK_CLOEXEC);
	SSL *ssl = NULL;

	if (fd < 0)
		return;
	if (f->tls) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		ssl = SSL_new(f->tls);
		if (!ssl || !SSL_set_fd(ssl, fd) || SSL_accept(ssl) != 1) {
			SSL_free(ssl);
			close(fd);
			pthread_mutex_lock(&f->mu);
			f->refused++;
			pthread_cond_broadcast(&f->cond);
			pthread_mutex_unlock(&f->mu);
			return;
		}
	}
	pthread_mutex_lock(&f->mu);
	fake_close_client_locked(f);
	f->cfd = fd;
	f->ssl = ssl;
	f->connections++;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->mu);
}

FAKE_FN void *fake_main(void *arg)
{
	struct fake *f = arg;

	for (;;) {
		struct pollfd p[3] = {{f->wake[0], POLLIN, 0},
				      {f->lfd, POLLIN, 0}, {-1, POLLIN, 0}};
		pthread_mutex_lock(&f->mu);
		if (f->stop) {
			pthread_mutex_unlock(&f->mu);
			return NULL;
		}
		if (f->drop)
			fake_close_client_locked(f);
		f->drop = false;
		pthread_cond_broadcast(&f->cond);
		p[2].fd = f->hold ? -1 : f->cfd;
		pthread_mutex_unlock(&f->mu);
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			return NULL;
		if (p[0].revents) {
			char buf[16];
			(void)!read(f->wake[0], buf, sizeof(buf));
		}
		if (p[1].revents & POLLIN) {
			fake_accept(f);
			continue;
		}
		if (p[2].fd >= 0 && p[2].revents)
			while (fake_read(f))
				;
	}
}

/* Listen on 127.0.0.1:port (0: any free port) and serve, over TLS with
 * the server context tls (kept by the caller) unless NULL. */
FAKE_FN int fake_start_tls(struct fake *f, int port, SSL_CTX *tls)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	socklen_t len = sizeof(sa);
	int one = 1;

	memset(f, 0, sizeof(*f));
	f->cfd = -1;
	f->tls = tls;
	f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (f->lfd < 0)
		return -1;
	setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(f->lfd, 8) ||
	    getsockname(f->lfd, (struct sockaddr *)&sa, &len) ||
	    pipe2(f->wake, O_CLOEXEC | O_NONBLOCK)) {
		close(f->lfd);
		return -1;
	}
	f->port = ntohs(sa.sin_port);
	f->log = json_array();
	f->script = json_object();
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cond, NULL);
	return pthread_create(&f->thread, NULL, fake_main, f) ? -1 : 0;
}

FAKE_FN int fake_start(struct fake *f, int port)
{
	return fake_start_tls(f, port, NULL);
}

FAKE_FN void fake_stop(struct fake *f)
{
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_mutex_unlock(&f->mu);
	(void)!write(f->wake[1], "x", 1);
	pthread_join(f->thread, NULL);
	/* listener first, so a reconnecting client is refused, not queued */
	close(f->lfd);
	fake_close_client_locked(f);
	close(f->wake[0]);
	close(f->wake[1]);
	json_decref(f->log);
	json_decref(f->script);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cond);
}

/* Script the next answer(s) to `method`: {"result": {...}},
 * {"error": {...}} or {"silent": true} (no answer). Takes answer. */
FAKE_FN void fake_script(struct fake *f, const char *method, json_t *answer)
{
	json_t *list;

	pthread_mutex_lock(&f->mu);
	list = json_object_get(f->script, method);
	if (!list) {
		list = json_array();
		json_object_set_new(f->script, method, list);
	}
	json_array_append_new(list, answer);
	pthread_mutex_unlock(&f->mu);
}

/* Replace whatever was scripted for `method` with one lasting answer. */
FAKE_FN void fake_always(struct fake *f, const char *method, json_t *answer)
{
	pthread_mutex_lock(&f->mu);
	json_object_set_new(f->script, method, json_pack("[o]", answer));
	pthread_mutex_unlock(&f->mu);
}

FAKE_FN void fake_send_raw(struct fake *f, const char *line)
{
	pthread_mutex_lock(&f->mu);
	fake_write_locked(f, line);
	pthread_mutex_unlock(&f->mu);
}

/* Send the event `method` with params (taken). */
FAKE_FN void fake_event(struct fake *f, const char *method, json_t *params)
{
	pthread_mutex_lock(&f->mu);
	fake_send_json_locked(f, json_pack("{s:s, s:s, s:o}", "jsonrpc",
					   "2.0", "method", method, "params",
					   params));
	pthread_mutex_unlock(&f->mu);
}

/* A state event as the server sends it. */
FAKE_FN void fake_state_event(struct fake *f, int status, int eventID,
			      const char *callID, const char *other,
			      int reason)
{
	fake_event(f, ab_StatusEventName(status), json_pack(
		"{s:s, s:i, s:i, s:s, s:I, s:i, s:s, s:i, s:s, s:s, s:s, "
		"s:i, s:I}", "agentId", "2002", "agentStatus", status,
		"eventID", eventID, "callID", callID, "contactID",
		(json_int_t)77, "partyNum", 2, "otherParty", other,
		"otherPartyAttribute", PaNormal, "originatingParty", other,
		"originalANI", other, "originalDNIS", "4000", "reason", reason,
		"timestamp", (json_int_t)1700000000000000LL));
}

/* Stop reading the client (its writes back up) or go on again. */
FAKE_FN void fake_hold(struct fake *f, bool hold)
{
	pthread_mutex_lock(&f->mu);
	f->hold = hold;
	pthread_mutex_unlock(&f->mu);
	(void)!write(f->wake[1], "x", 1);
}

/* Close the client's connection, as a dying server would; the fake's own
 * thread closes it (it may be reading it), this waits until it has. */
FAKE_FN void fake_drop(struct fake *f)
{
	struct timespec ts;

	fake_deadline(&ts, WAIT_MS);
	pthread_mutex_lock(&f->mu);
	f->drop = true;
	(void)!write(f->wake[1], "x", 1);
	while (f->drop && !pthread_cond_timedwait(&f->cond, &f->mu, &ts))
		;
	pthread_mutex_unlock(&f->mu);
}

FAKE_FN int fake_count(struct fake *f, const char *method)
{
	size_t i;
	json_t *e;
	int n = 0;

	pthread_mutex_lock(&f->mu);
	json_array_foreach(f->log, i, e) {
		if (!strcmp(json_string_value(json_object_get(e, "method")),
			    method))
			n++;
	}
	pthread_mutex_unlock(&f->mu);
	return n;
}

/* The params of the nth (1-based) `method` received, waiting for it up to
 * WAIT_MS; a new reference, NULL if it never came. */
FAKE_FN json_t *fake_wait(struct fake *f, const char *method, int nth)
{
	struct timespec ts;
	json_t *found = NULL;

	fake_deadline(&ts, WAIT_MS);
	pthread_mutex_lock(&f->mu);
	for (;;) {
		size_t i;
		json_t *e;
		int n = 0;

		json_array_foreach(f->log, i, e) {
			if (!strcmp(json_string_value(json_object_get(e,
					"method")), method) && ++n == nth) {
				found = json_incref(json_object_get(e,
								    "params"));
				break;
			}
		}
		if (found || pthread_cond_timedwait(&f->cond, &f->mu, &ts))
			break;
	}
	pthread_mutex_unlock(&f->mu);
	return found;
}

/* Wait until *counter (connections or refused) reaches n. */
FAKE_FN bool fake_wait_count(struct fake *f, const int *counter, int n)
{
	struct timespec ts;
	bool ok;

	fake_deadline(&ts, WAIT_MS);
	pthread_mutex_lock(&f->mu);
	while (*counter < n && !pthread_cond_timedwait(&f->cond, &f->mu, &ts))
		;
	ok = *counter >= n;
	pthread_mutex_unlock(&f->mu);
	return ok;
}

FAKE_FN bool fake_wait_connections(struct fake *f, int n)
{
	return fake_wait_count(f, &f->connections, n);
}

/* ---- the event recorder ------------------------------------------------ */

struct recorder {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	json_t *events;         /* [{"name", "reason", ...}] in order */
	pthread_t thread[64];   /* delivering thread of the first 64 */
	void (*hook)(struct recorder *r, const char *name);  /* optional */
	void *user;
};

/* The hook runs first, so a test that saw the event recorded also sees
 * what the hook did (the recorder's mutex orders the two). */
FAKE_FN void rec_add(struct recorder *r, const char *name, json_t *fields)
{
	if (r->hook)
		r->hook(r, name);
	json_object_set_new(fields, "name", json_string(name));
	pthread_mutex_lock(&r->mu);
	if (json_array_size(r->events) < 64)
		r->thread[json_array_size(r->events)] = pthread_self();
	json_array_append_new(r->events, fields);
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->mu);
}

#define REC_STATE(N) \
	FAKE_FN void rec_##N(void *ctx, int eventID, const char *callID, \
		long long contactID, long long partyNum, const char *other, \
		int attr, const char *orig, const char *ani, \
		const char *dnis, int reason, long long ts) \
	{ \
		rec_add(ctx, #N, json_pack("{s:i, s:s, s:I, s:I, s:s, s:i, " \
			"s:s, s:s, s:s, s:i, s:I}", "eventID", eventID, \
			"callID", callID, "contactID", (json_int_t)contactID, \
			"partyNum", (json_int_t)partyNum, "otherParty", other, \
			"otherPartyAttribute", attr, "originatingParty", orig, \
			"originalANI", ani, "originalDNIS", dnis, "reason", \
			reason, "timestamp", (json_int_t)ts)); \
	}
#define REC_RECORD(N) \
	FAKE_FN void rec_##N(void *ctx, const char *callID, \
		long long contactID, const char *filename, int reason, \
		long long ts) \
	{ \
		rec_add(ctx, #N, json_pack("{s:s, s:I, s:s, s:i, s:I}", \
			"callID", callID, "contactID", (json_int_t)contactID, \
			"filename", filename, "reason", reason, "timestamp", \
			(json_int_t)ts)); \
	}
#define REC_QUEUE(N) \
	FAKE_FN void rec_##N(void *ctx, const char *callID, \
		long long contactID, const char *ani, const char *dnis, \
		int reason, long long ts) \
	{ \
		rec_add(ctx, #N, json_pack("{s:s, s:I, s:s, s:s, s:i, s:I}", \
			"callID", callID, "contactID", (json_int_t)contactID, \
			"originalANI", ani, "originalDNIS", dnis, "reason", \
			reason, "timestamp", (json_int_t)ts)); \
	}

REC_STATE(OnUnLogin) REC_STATE(OnReady) REC_STATE(OnBusy) REC_STATE(OnRest)
REC_STATE(OnLock) REC_STATE(OnAlerting) REC_STATE(OnHarfAlerting)
REC_STATE(OnConnecting) REC_STATE(OnConnected) REC_STATE(OnHarfConnected)
REC_STATE(OnInternalConnected) REC_STATE(OnSuspended)
REC_STATE(OnConsultConnecting) REC_STATE(OnConsultConnected)
REC_STATE(OnConference) REC_STATE(OnMonitor) REC_STATE(OnInsert)
REC_STATE(OnMonitored) REC_STATE(OnInserted)
REC_RECORD(OnBeginRecord) REC_RECORD(OnEndRecord)
REC_QUEUE(OnInprivatequeue) REC_QUEUE(OnOutprivatequeue)
REC_QUEUE(OnCTIDisconnect) REC_QUEUE(OnMasterChanged)
REC_QUEUE(OnOperationFailed)

/* Every event handler records into the recorder given as ctx. */
FAKE_FN void rec_events(AgentBarEvents *ev)
{
	memset(ev, 0, sizeof(*ev));
#define SET(N) ev->N = rec_##N;
	SET(OnUnLogin) SET(OnReady) SET(OnBusy) SET(OnRest) SET(OnLock)
	SET(OnAlerting) SET(OnHarfAlerting) SET(OnConnecting)
	SET(OnConnected) SET(OnHarfConnected) SET(OnInternalConnected)
	SET(OnSuspended) SET(OnConsultConnecting) SET(OnConsultConnected)
	SET(OnConference) SET(OnMonitor) SET(OnInsert) SET(OnMonitored)
	SET(OnInserted) SET(OnBeginRecord) SET(OnEndRecord)
	SET(OnInprivatequeue) SET(OnOutprivatequeue) SET(OnCTIDisconnect)
	SET(OnMasterChanged) SET(OnOperationFailed)
#undef SET
}

FAKE_FN void rec_init(struct recorder *r, AgentBarEvents *ev)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->events = json_array();
	rec_events(ev);
}

FAKE_FN void rec_free(struct recorder *r)
{
	json_decref(r->events);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cond);
}

/* Wait until n events were recorded (up to WAIT_MS). */
FAKE_FN bool rec_wait(struct recorder *r, size_t n)
{
	struct timespec ts;
	bool ok;

	fake_deadline(&ts, WAIT_MS);
	pthread_mutex_lock(&r->mu);
	while (json_array_size(r->events) < n &&
	       !pthread_cond_timedwait(&r->cond, &r->mu, &ts))
		;
	ok = json_array_size(r->events) >= n;
	pthread_mutex_unlock(&r->mu);
	return ok;
}

FAKE_FN size_t rec_count(struct recorder *r)
{
	size_t n;

	pthread_mutex_lock(&r->mu);
	n = json_array_size(r->events);
	pthread_mutex_unlock(&r->mu);
	return n;
}

/* The i-th event (0-based): a new reference. */
FAKE_FN json_t *rec_get(struct recorder *r, size_t i)
{
	json_t *e;

	pthread_mutex_lock(&r->mu);
	e = json_incref(json_array_get(r->events, i));
	pthread_mutex_unlock(&r->mu);
	return e;
}

FAKE_FN const char *rec_name(struct recorder *r, size_t i)
{
	json_t *e = rec_get(r, i);
	/* the recorder keeps e alive, so the name outlives this reference */
	const char *name = json_string_value(json_object_get(e, "name"));

	json_decref(e);
	return name ? name : "";
}

FAKE_FN int rec_int(struct recorder *r, size_t i, const char *key)
{
	json_t *e = rec_get(r, i);
	int v = (int)json_integer_value(json_object_get(e, key));

	json_decref(e);
	return v;
}

/* ---- a bar connected to a fake ----------------------------------------- */

FAKE_FN AgentBar *bar_for(struct fake *f, struct recorder *r)
{
	AgentBar *bar = ab_Create();
	AgentBarEvents ev;
	char port[16];

	if (!bar)
		return NULL;
	ab_SetProperty(bar, "LogLevel", getenv("AB_LOG") ? getenv("AB_LOG")
							  : "0");
	ab_SetMainCTIIP(bar, "127.0.0.1");
	snprintf(port, sizeof(port), "%d", f->port);
	ab_SetProperty(bar, "CTIPort", port);
	ab_SetTimeOut(bar, WAIT_MS);
	ab_SetAgentID(bar, "2002");
	ab_SetPassWord(bar, "2002123");
	ab_SetDN(bar, "1889");
	ab_SetServiceList(bar, "示例=3");
	if (r) {
		rec_init(r, &ev);
		ab_SetEvents(bar, &ev, r);
	}
	return bar;
}

/* A fake on any port and a bar on it whose events r records (the fixture
 * of the method and event tests): 0, or -1 when either failed. */
FAKE_FN int fake_open(struct fake *f, struct recorder *r, AgentBar **bar)
{
	if (fake_start(f, 0))
		return -1;
	*bar = bar_for(f, r);
	return *bar ? 0 : -1;
}

FAKE_FN void fake_close(struct fake *f, struct recorder *r, AgentBar *bar)
{
	ab_Destroy(bar);
	fake_stop(f);
	rec_free(r);
}

#endif
