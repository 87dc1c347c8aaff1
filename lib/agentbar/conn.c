/*
 * conn.c — the link to the CTI server (AGENTBAR-API.md section 2): TCP,
 * one JSON-RPC 2.0 object per line, requests matched to answers by id,
 * a Heartbeat every few seconds.
 *
 * One I/O thread per initialised bar owns the socket. A caller queues its
 * line, wakes the I/O thread through a pipe and waits on conn.cond for its
 * answer, so a caller may be any thread, including the event thread inside
 * a callback. Lines are framed by lib/common/linebuf, as on the server.
 * Reconnecting is failover.c's job.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bar.h"
#include "linebuf.h"

/* The protocol's limit of a line, newline included. */
enum { MAX_LINE = 64 * 1024 };

int abi_conn_init(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	pthread_condattr_t attr;
	int err;

	c->fd = -1;
	c->wake[0] = c->wake[1] = -1;
	c->next_id = 1;
	if (pthread_condattr_init(&attr))
		return -1;
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	err = pthread_cond_init(&c->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (err)
		return -1;
	if (pthread_mutex_init(&c->mu, NULL)) {
		pthread_cond_destroy(&c->cond);
		return -1;
	}
	return 0;
}

void abi_conn_destroy(AgentBar *bar)
{
	pthread_mutex_destroy(&bar->conn.mu);
	pthread_cond_destroy(&bar->conn.cond);
}

static void wake_io(struct abi_conn *c)
{
	char b = 1;

	if (c->wake[1] >= 0)
		(void)!write(c->wake[1], &b, 1);
}

static void drain_wake(struct abi_conn *c)
{
	char buf[64];

	while (read(c->wake[0], buf, sizeof(buf)) > 0)
		;
}

static bool stopping(struct abi_conn *c)
{
	bool stop;

	pthread_mutex_lock(&c->mu);
	stop = c->stop;
	pthread_mutex_unlock(&c->mu);
	return stop;
}

/* ---- servers and sockets ------------------------------------------------ */

static bool parse_port(const char *s, int *port)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

/* "host", "host:port", "[v6]" or "[v6]:port"; a port here overrides
 * CTIPort (an extension: main and back may listen on different ports). */
static int parse_server(const char *spec, int defport, struct abi_server *srv)
{
	const char *host = spec, *end, *colon;
	int port = defport;
	size_t hlen;

	if (spec[0] == '[') {
		end = strchr(spec, ']');
		if (!end)
			return -1;
		host = spec + 1;
		hlen = (size_t)(end - host);
		if (end[1] == ':' ? !parse_port(end + 2, &port) : end[1] != 0)
			return -1;
	} else if ((colon = strchr(spec, ':')) && !strchr(colon + 1, ':')) {
		hlen = (size_t)(colon - spec);
		if (!parse_port(colon + 1, &port))
			return -1;
	} else {
		hlen = strlen(spec);
	}
	if (!hlen)
		return -1;
	srv->host = strndup(host, hlen);
	if (!srv->host)
		return -1;
	srv->port = port;
	return 0;
}

static int wait_connected(int fd, int wakefd, long long deadline)
{
	struct pollfd p[2] = {{fd, POLLOUT, 0}, {wakefd, POLLIN, 0}};
	socklen_t len = sizeof(int);
	int n, soerr = 0;

	do {
		long long left = deadline - abi_mono_ms();
		if (left <= 0)
			return -1;
		n = poll(p, wakefd >= 0 ? 2 : 1, (int)left);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	if (wakefd >= 0 && p[1].revents)
		return -2;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) || soerr)
		return -1;
	return 0;
}

int abi_tcp_connect(const struct abi_server *srv, int timeout_ms, int wakefd)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM};
	long long deadline = abi_mono_ms() + timeout_ms;
	struct addrinfo *res, *ai;
	char port[8];
	int fd = -1, one = 1;

	snprintf(port, sizeof(port), "%d", srv->port);
	if (getaddrinfo(srv->host, port, &hints, &res))
		return -1;
	for (ai = res; ai; ai = ai->ai_next) {
		int rc = 0;

		fd = socket(ai->ai_family,
			    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
			rc = errno == EINPROGRESS ?
			     wait_connected(fd, wakefd, deadline) : -1;
		if (rc == 0)
			break;
		close(fd);
		fd = -1;
		if (rc == -2) {
			fd = -2;
			break;
		}
	}
	freeaddrinfo(res);
	if (fd >= 0)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

/* ---- requests ----------------------------------------------------------- */

static char *request_line(struct abi_req *req)
{
	json_t *msg = json_pack("{s:s, s:I, s:s, s:O}", "jsonrpc", "2.0",
				"id", (json_int_t)req->id, "method",
				req->method, "params", req->params);
	char *line;

	if (!msg)
		return NULL;
	line = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	return line;
}

/* with c->mu held */
static int out_append(struct abi_conn *c, const char *line)
{
	size_t len = strlen(line);

	if (c->outlen + len + 1 > c->outcap) {
		size_t cap = c->outcap ? c->outcap : 4096;
		char *p;

		while (cap < c->outlen + len + 1)
			cap *= 2;
		p = realloc(c->out, cap);
		if (!p)
			return -1;
		c->out = p;
		c->outcap = cap;
	}
	memcpy(c->out + c->outlen, line, len);
	c->out[c->outlen + len] = '\n';
	c->outlen += len + 1;
	return 0;
}

/* with c->mu held: take req out of the pending list, if it is there */
static bool unlink_req(struct abi_conn *c, struct abi_req *req)
{
	for (struct abi_req **pp = &c->pending; *pp; pp = &(*pp)->next) {
		if (*pp == req) {
			*pp = req->next;
			return true;
		}
	}
	return false;
}

static struct abi_req *unlink_id(struct abi_conn *c, long long id)
{
	for (struct abi_req **pp = &c->pending; *pp; pp = &(*pp)->next) {
		struct abi_req *req = *pp;
		if (req->id == id) {
			*pp = req->next;
			return req;
		}
	}
	return NULL;
}

/* Serialise and queue a request; the caller holds nothing. */
static int queue_request(AgentBar *bar, struct abi_req *req, bool internal)
{
	struct abi_conn *c = &bar->conn;
	char *line;
	int rc = 0;

	req->id = __atomic_fetch_add(&c->next_id, 1, __ATOMIC_RELAXED);
	line = request_line(req);
	if (!line)
		return ArFailed;
	if (strlen(line) >= MAX_LINE) {
		abi_log(bar, ABI_WARN, "%s: request longer than %d bytes",
			req->method, MAX_LINE);
		free(line);
		return ArInvalidParam;
	}
	abi_log(bar, ABI_DEBUG, "-> %.300s", line);
	pthread_mutex_lock(&c->mu);
	if (!internal && (!c->ready || c->stop))
		rc = AGENTBARERROR_BGCC_EXCEPTION;
	else if (out_append(c, line) < 0)
		rc = ArFailed;
	else {
		req->next = c->pending;
		c->pending = req;
	}
	pthread_mutex_unlock(&c->mu);
	free(line);
	return rc;
}

static void free_internal(struct abi_req *req)
{
	json_decref(req->params);
	free(req);
}

int abi_conn_send_internal(AgentBar *bar, struct abi_req *req)
{
	int rc = req->params ? queue_request(bar, req, true) : ArFailed;

	if (rc)
		free_internal(req);
	return rc;
}

static void deadline_ts(long ms, struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int abi_call(AgentBar *bar, const char *method, json_t *params,
	     abi_apply_fn *apply, json_t **result)
{
	struct abi_conn *c = &bar->conn;
	struct abi_req req = {.method = method, .params = params,
			      .apply = apply};
	long timeout = abi_get_long(bar, ABI_L_TimeOut);
	struct timespec ts;
	bool expired = false;
	int rc;

	if (result)
		*result = NULL;
	if (!params)
		return ArFailed;
	rc = queue_request(bar, &req, false);
	if (rc) {
		if (rc == AGENTBARERROR_BGCC_EXCEPTION)
			abi_log(bar, ABI_WARN, "%s: not connected to the CTI "
				"server", method);
		json_decref(params);
		return rc;
	}
	wake_io(c);
	deadline_ts(timeout, &ts);
	pthread_mutex_lock(&c->mu);
	while (!req.finished) {
		if (expired) {
			/* the answer is being applied right now */
			pthread_cond_wait(&c->cond, &c->mu);
			continue;
		}
		if (pthread_cond_timedwait(&c->cond, &c->mu, &ts) != ETIMEDOUT ||
		    req.finished)
			continue;
		expired = true;
		if (unlink_req(c, &req)) {
			req.finished = true;
			req.err = AGENTBARERROR_BGCC_EXCEPTION;
			abi_log(bar, ABI_WARN, "%s: no answer within %ld ms",
				method, timeout);
		}
	}
	pthread_mutex_unlock(&c->mu);
	json_decref(params);
	if (req.err)
		return req.err;
	rc = (int)json_integer_value(json_object_get(req.result, "code"));
	if (result)
		*result = req.result;
	else
		json_decref(req.result);
	return rc;
}

/* ---- the I/O thread ------------------------------------------------------ */

static bool valid_result(json_t *result)
{
	json_t *code = json_object_get(result, "code");
	json_int_t v;

	if (!json_is_object(result) || !json_is_integer(code))
		return false;
	v = json_integer_value(code);
	return v >= 0 && v <= INT_MAX;
}

static void on_response(AgentBar *bar, json_t *msg, long long id)
{
	struct abi_conn *c = &bar->conn;
	json_t *result = json_object_get(msg, "result");
	struct abi_req *req;
	int err = 0;

	pthread_mutex_lock(&c->mu);
	req = unlink_id(c, id);
	pthread_mutex_unlock(&c->mu);
	if (!req) {
		abi_log(bar, ABI_DEBUG, "answer to request %lld that is no "
			"longer waited for", id);
		return;
	}
	if (json_object_get(msg, "error")) {
		abi_log(bar, ABI_WARN, "%s: the server rejected the request "
			"(JSON-RPC error)", req->method);
		err = AGENTBARERROR_JSON_READERERROR;
	} else if (!valid_result(result)) {
		abi_log(bar, ABI_WARN, "%s: answer without a result code",
			req->method);
		err = AGENTBARERROR_JSON_READERERROR;
	}
	if (!err && req->apply)
		req->apply(bar, req, result);
	if (req->done) {
		req->done(bar, req, err, err ? NULL : result);
		free_internal(req);
		return;
	}
	/* hand the result over detached from msg, which this thread frees */
	if (!err) {
		json_incref(result);
		json_object_del(msg, "result");
	}
	pthread_mutex_lock(&c->mu);
	req->err = err;
	req->result = err ? NULL : result;
	req->finished = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->mu);
}

static void on_line(AgentBar *bar, const char *line, size_t len)
{
	json_error_t jerr;
	json_t *msg, *id;
	const char *method;

	abi_log(bar, ABI_DEBUG, "<- %.*s", len > 300 ? 300 : (int)len, line);
	msg = json_loadb(line, len, 0, &jerr);
	if (!json_is_object(msg)) {
		abi_log(bar, ABI_WARN, "ignored a line from the server that "
			"is not a JSON object: %s", msg ? "" : jerr.text);
		json_decref(msg);
		return;
	}
	id = json_object_get(msg, "id");
	method = json_string_value(json_object_get(msg, "method"));
	if (method && (!id || json_is_null(id))) {
		json_t *params = json_object_get(msg, "params");
		abi_event_from_wire(bar, method,
				    json_is_object(params) ? params : NULL);
	} else if (json_is_integer(id) && !method) {
		on_response(bar, msg, json_integer_value(id));
	} else {
		abi_log(bar, ABI_WARN, "ignored a message from the server that "
			"is neither an answer nor an event");
	}
	json_decref(msg);
}

static int line_h(const char *line, size_t len, void *arg)
{
	AgentBar *bar = arg;

	on_line(bar, line, len);
	/* an answer's done() may have dropped the link (failover.c's
	 * relogin_done does): the rest of what it sent is not read */
	return bar->conn.fd < 0;
}

/* Returns -1 when the link is gone (or was dropped while handling). */
static int read_in(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	char buf[16384];   /* any size: the linebuf keeps partial lines */
	ssize_t n;
	int err;

	n = recv(c->fd, buf, sizeof(buf), 0);
	if (n == 0) {
		abi_log(bar, ABI_WARN, "the CTI server closed the connection");
		return -1;
	}
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		abi_log(bar, ABI_WARN, "reading from the CTI server: %s",
			strerror(errno));
		return -1;
	}
	err = linebuf_feed(c->in, (const uint8_t *)buf, (size_t)n, line_h, bar);
	while (err == E2BIG) {
		/* skip it, not the link: the lines after it are good */
		abi_log(bar, ABI_ERROR, "skipped a line longer than %d bytes "
			"from the CTI server", MAX_LINE);
		err = linebuf_feed(c->in, NULL, 0, line_h, bar);
	}
	if (err == ENOMEM)
		abi_log(bar, ABI_ERROR, "out of memory reading from the CTI "
			"server");
	return err ? -1 : 0;
}

static int flush_out(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	int rc = 0;

	pthread_mutex_lock(&c->mu);
	while (c->outlen) {
		ssize_t n = send(c->fd, c->out, c->outlen,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR) {
				abi_log(bar, ABI_WARN, "writing to the CTI "
					"server: %s", strerror(errno));
				rc = -1;
			}
			break;
		}
		c->outlen -= (size_t)n;
		memmove(c->out, c->out + n, c->outlen);
	}
	pthread_mutex_unlock(&c->mu);
	return rc;
}

static bool has_output(struct abi_conn *c)
{
	bool v;

	pthread_mutex_lock(&c->mu);
	v = c->outlen > 0;
	pthread_mutex_unlock(&c->mu);
	return v;
}

static void heartbeat_done(AgentBar *bar, struct abi_req *req, int err,
			   json_t *result)
{
	(void)req;
	(void)result;
	if (!err)
		bar->conn.unanswered = 0;
}

static void heartbeat_tick(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct abi_req *req;
	long long now = abi_mono_ms();

	if (now < c->next_heartbeat)
		return;
	if (c->unanswered >= bar->timers.heartbeat_misses) {
		abi_log(bar, ABI_WARN, "%d heartbeats without an answer",
			c->unanswered);
		abi_conn_drop(bar, true);
		return;
	}
	c->next_heartbeat = now + bar->timers.heartbeat_ms;
	req = calloc(1, sizeof(*req));
	if (!req)
		return;
	req->method = "Heartbeat";
	req->params = json_object();
	req->done = heartbeat_done;
	if (abi_conn_send_internal(bar, req) == 0)
		c->unanswered++;
}

/* Internal requests past their deadline fail; returns ms to the next. */
static long long expire_internal(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	long long now = abi_mono_ms(), next = -1;
	struct abi_req *req;

	for (;;) {
		struct abi_req *due = NULL;

		pthread_mutex_lock(&c->mu);
		for (req = c->pending; req; req = req->next) {
			if (!req->done || !req->deadline)
				continue;
			if (req->deadline <= now) {
				due = req;
				break;
			}
			if (next < 0 || req->deadline - now < next)
				next = req->deadline - now;
		}
		if (due)
			unlink_req(c, due);
		pthread_mutex_unlock(&c->mu);
		if (!due)
			return next;
		abi_log(bar, ABI_WARN, "%s: no answer in time", due->method);
		due->done(bar, due, AGENTBARERROR_BGCC_EXCEPTION, NULL);
		free_internal(due);
		if (c->fd < 0)
			return -1;
	}
}

static void io_connected_step(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct pollfd p[2] = {{c->fd, POLLIN, 0}, {c->wake[0], POLLIN, 0}};
	long long timeout = c->next_heartbeat - abi_mono_ms();
	long long expiry = expire_internal(bar);

	if (c->fd < 0)
		return;
	if (expiry >= 0 && expiry < timeout)
		timeout = expiry;
	if (has_output(c))
		p[0].events |= POLLOUT;
	if (poll(p, 2, timeout < 0 ? 0 : (int)timeout) < 0 && errno != EINTR) {
		abi_conn_drop(bar, true);
		return;
	}
	if (p[1].revents)
		drain_wake(c);
	if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
		if (read_in(bar) < 0) {
			if (c->fd >= 0)
				abi_conn_drop(bar, true);
			return;
		}
	}
	if ((p[0].events & POLLOUT) && flush_out(bar) < 0) {
		abi_conn_drop(bar, true);
		return;
	}
	heartbeat_tick(bar);
}

static void *io_main(void *arg)
{
	AgentBar *bar = arg;
	struct abi_conn *c = &bar->conn;

	while (!stopping(c)) {
		if (c->fd < 0)
			abi_failover_step(bar);
		else
			io_connected_step(bar);
	}
	return NULL;
}

void abi_conn_drop(AgentBar *bar, bool lost)
{
	struct abi_conn *c = &bar->conn;
	struct abi_req *req, *next, *internal = NULL;

	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	pthread_mutex_lock(&c->mu);
	c->ready = false;
	c->outlen = 0;
	for (req = c->pending; req; req = next) {
		next = req->next;
		if (req->done) {
			req->next = internal;
			internal = req;
		} else {
			req->err = AGENTBARERROR_BGCC_EXCEPTION;
			req->finished = true;
		}
	}
	c->pending = NULL;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->mu);
	for (req = internal; req; req = next) {
		next = req->next;
		req->done(bar, req, ABI_ERR_LINK_LOST, NULL);
		free_internal(req);
	}
	/* conn.in is left to abi_conn_attach: this may run inside one of its
	 * line handlers (an answer's done()), while linebuf_feed holds it */
	if (lost)
		abi_failover_lost(bar);
}

/* The link is up on server[index]: reset its per-connection state. */
void abi_conn_attach(AgentBar *bar, int fd, int index)
{
	struct abi_conn *c = &bar->conn;

	c->fd = fd;
	c->current = index;
	linebuf_reset(c->in);
	c->unanswered = 0;
	c->connected_at = abi_mono_ms();
	c->next_heartbeat = c->connected_at + bar->timers.heartbeat_ms;
	abi_log(bar, ABI_TRACE, "connected to %s:%d", c->server[index].host,
		c->server[index].port);
}

void abi_conn_set_ready(AgentBar *bar, bool ready)
{
	pthread_mutex_lock(&bar->conn.mu);
	bar->conn.ready = ready && !bar->conn.stop;
	pthread_mutex_unlock(&bar->conn.mu);
}

static void free_servers(struct abi_conn *c)
{
	for (int i = 0; i < c->nservers; i++)
		free(c->server[i].host);
	c->nservers = 0;
}

static void add_server(AgentBar *bar, enum abi_str_prop p, const char *name,
		       int port)
{
	struct abi_conn *c = &bar->conn;
	char *spec = abi_get_str(bar, p);

	if (spec && *spec) {
		if (parse_server(spec, port, &c->server[c->nservers]) == 0)
			c->nservers++;
		else
			abi_log(bar, ABI_ERROR, "%s \"%s\" is not host, "
				"host:port or [v6]:port", name, spec);
	}
	free(spec);
}

int abi_conn_open(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	int port = (int)abi_get_long(bar, ABI_L_CTIPort);
	int timeout = (int)abi_get_long(bar, ABI_L_TimeOut);
	int fd = -1, i;

	add_server(bar, ABI_S_MainCTIIP, "MainCTIIP", port);
	add_server(bar, ABI_S_BackCTIIP, "BackCTIIP", port);
	if (!c->nservers) {
		abi_log(bar, ABI_ERROR, "no CTI server: set MainCTIIP");
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	for (i = 0; i < c->nservers && fd < 0; i++) {
		fd = abi_tcp_connect(&c->server[i], timeout, -1);
		if (fd < 0)
			abi_log(bar, ABI_WARN, "cannot connect to %s:%d",
				c->server[i].host, c->server[i].port);
	}
	/* the limit excludes the '\n' */
	if (fd < 0 || linebuf_alloc(&c->in, MAX_LINE - 1) ||
	    pipe2(c->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		if (fd >= 0)
			close(fd);
		linebuf_free(c->in);
		c->in = NULL;
		free_servers(c);
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	abi_conn_attach(bar, fd, i - 1);
	c->recovering = false;
	c->backoff_ms = 0;
	c->notmaster_tries = 0;
	pthread_mutex_lock(&c->mu);
	c->stop = false;
	c->ready = true;
	pthread_mutex_unlock(&c->mu);
	if (pthread_create(&c->thread, NULL, io_main, bar)) {
		abi_conn_close(bar);
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	c->running = true;
	return 0;
}

void abi_conn_close(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	pthread_mutex_lock(&c->mu);
	c->stop = true;
	c->ready = false;
	pthread_mutex_unlock(&c->mu);
	wake_io(c);
	if (c->running)
		pthread_join(c->thread, NULL);
	c->running = false;
	abi_conn_drop(bar, false);
	for (int i = 0; i < 2; i++) {
		if (c->wake[i] >= 0)
			close(c->wake[i]);
		c->wake[i] = -1;
	}
	linebuf_free(c->in);
	c->in = NULL;
	free(c->out);
	c->out = NULL;
	c->outcap = 0;
	free_servers(c);
}
