/*
 * io.c — the I/O thread, one per initialised bar. It owns the socket:
 * writes the lines callers queue (they wake it through a pipe), hands each
 * line the server sends to its request (an answer) or to the event queue
 * (an event), and runs heartbeats and time-outs in between. While the link
 * is down it runs failover.c instead.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "linebuf.h"

void abi_io_wake(struct abi_conn *c)
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

/* ---- writing ---------------------------------------------------------- */

int abi_io_queue(struct abi_conn *c, const char *line)
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

static int flush_out(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	int rc = 0;

	pthread_mutex_lock(&c->mu);
	while (c->outlen) {
		ssize_t n = abi_link_write(bar, c->out, c->outlen);

		if (n <= 0) {
			rc = (int)n;    /* 0: the socket is full for now */
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

/* ---- reading ---------------------------------------------------------- */

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
		abi_req_answer(bar, msg, json_integer_value(id));
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

int abi_io_feed(AgentBar *bar, const char *buf, size_t n)
{
	struct abi_conn *c = &bar->conn;
	int err = linebuf_feed(c->in, (const uint8_t *)buf, n, line_h, bar);

	while (err == E2BIG) {
		/* skip it, not the link: the lines after it are good */
		abi_log(bar, ABI_ERROR, "skipped a line longer than %d bytes "
			"from the CTI server", ABI_MAX_LINE);
		err = linebuf_feed(c->in, NULL, 0, line_h, bar);
	}
	if (err == ENOMEM)
		abi_log(bar, ABI_ERROR, "out of memory reading from the CTI "
			"server");
	return err ? -1 : 0;
}

/* Returns -1 when the link is gone (or was dropped while handling).
 * What TLS decrypted beyond buf is read too: poll would not say so. */
static int read_in(AgentBar *bar)
{
	char buf[16384];   /* any size: the linebuf keeps partial lines */
	int rc;

	do {
		ssize_t n = abi_link_read(bar, buf, sizeof(buf));

		if (n <= 0)
			return (int)n;
		rc = abi_io_feed(bar, buf, (size_t)n);
	} while (rc == 0 && abi_link_pending(&bar->conn));
	return rc;
}

/* ---- the thread ------------------------------------------------------- */

static void io_connected_step(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct pollfd p[2] = {{c->fd, 0, 0}, {c->wake[0], POLLIN, 0}};
	long long timeout = abi_heartbeat_due_in(bar);
	long long expiry = abi_req_expire(bar);

	if (c->fd < 0)
		return;
	if (expiry >= 0 && expiry < timeout)
		timeout = expiry;
	p[0].events = abi_link_events(c, has_output(c));
	if (poll(p, 2, timeout < 0 ? 0 : (int)timeout) < 0 && errno != EINTR) {
		abi_conn_drop(bar, true);
		return;
	}
	if (p[1].revents)
		drain_wake(c);
	/* either way may be what a TLS read waits for (link.c): try it */
	if (p[0].revents) {
		if (read_in(bar) < 0) {
			if (c->fd >= 0)
				abi_conn_drop(bar, true);
			return;
		}
	}
	if (has_output(c) && flush_out(bar) < 0) {
		abi_conn_drop(bar, true);
		return;
	}
	abi_heartbeat_tick(bar);
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

/* Callers' requests are accepted while the thread runs. */
static void set_running(struct abi_conn *c, bool run)
{
	pthread_mutex_lock(&c->mu);
	c->stop = !run;
	c->ready = run;
	pthread_mutex_unlock(&c->mu);
}

/* On an attached link. */
int abi_io_start(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	set_running(c, true);
	if (pthread_create(&c->thread, NULL, io_main, bar))
		return -1;
	c->running = true;
	return 0;
}

void abi_io_stop(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	set_running(c, false);
	abi_io_wake(c);
	if (c->running)
		pthread_join(c->thread, NULL);
	c->running = false;
}
