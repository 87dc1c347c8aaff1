/*
 * client.c — a raw JSON-RPC-over-TCP client for integration tests (see
 * itest.h): line framing, request/reply matching by id, a queue for the
 * notifications that arrive while a test waits for something else, and
 * raw access for malformed-input tests; over TLS (tlsc.c) for the agent
 * TLS port. Every wait is bounded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "itest.h"

struct rc {
	int fd;
	SSL *ssl;             /* the agent TLS port; NULL: plain TCP */
	char *buf;
	size_t len, cap;
	bool eof;             /* the server closed (or reset) the connection */
	json_t *events;       /* queued notifications, oldest first */
	json_int_t next_id;
	int last_error;
	char last_message[256];
};

struct rc *rc_connect(uint16_t port)
{
	return rc_connect_to("127.0.0.1", port);
}

struct rc *rc_connect_to(const char *ip, uint16_t port)
{
	return rc_connect_from(NULL, ip, port);
}

struct rc *rc_connect_from(const char *src, const char *ip, uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	struct sockaddr_in from = {.sin_family = AF_INET};
	struct rc *c = calloc(1, sizeof(*c));
	int one = 1;

	if (!c)
		fail_msg("out of memory");
	if (inet_pton(AF_INET, ip, &sin.sin_addr) != 1 ||
	    (src && inet_pton(AF_INET, src, &from.sin_addr) != 1))
		fail_msg("not an IPv4 address: %s", ip);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd >= 0 && src &&
	    bind(c->fd, (struct sockaddr *)&from, sizeof(from)))
		fail_msg("bind to %s: %s", src, strerror(errno));
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sin,
				 sizeof(sin)))
		fail_msg("connect to %s:%u: %s", ip, port, strerror(errno));
	/* a request is one write; do not let Nagle delay the next one */
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->events = json_array();
	return c;
}

struct rc *rc_connect_tls(uint16_t port, const char *ca_file)
{
	struct rc *c = calloc(1, sizeof(*c));

	if (!c)
		fail_msg("out of memory");
	c->fd = itest_tcp_connect(port);
	c->ssl = itest_tls(c->fd, ca_file, 0);
	if (!c->ssl)
		fail_msg("TLS handshake with port %u failed", port);
	c->events = json_array();
	return c;
}

void rc_close(struct rc *c)
{
	if (!c)
		return;
	itest_tls_close(c->ssl);
	close(c->fd);
	json_decref(c->events);
	free(c->buf);
	free(c);
}

void rc_send_raw(struct rc *c, const void *data, size_t len)
{
	const char *p = data;
	int64_t end = itest_now_ms() + ITEST_TIMEOUT_MS;

	while (len && !c->eof) {
		struct pollfd pfd = {.fd = c->fd, .events = POLLOUT};
		ssize_t n;

		if (itest_now_ms() >= end)
			fail_msg("send: timed out");
		if (c->ssl) {   /* blocking, bounded by SO_SNDTIMEO */
			if (!itest_tls_write(c->ssl, p, len))
				c->eof = true;
			return;
		}
		if (poll(&pfd, 1, (int)(end - itest_now_ms())) <= 0)
			continue;
		n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			/* the server may close while we still send */
			if (errno == EPIPE || errno == ECONNRESET) {
				c->eof = true;
				return;
			}
			fail_msg("send: %s", strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
}

void rc_send_str(struct rc *c, const char *s)
{
	rc_send_raw(c, s, strlen(s));
}

/* Reads what is available, waiting until deadline; false on timeout or
 * once the connection is closed. */
static bool fill(struct rc *c, int64_t deadline)
{
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
	int64_t left = deadline - itest_now_ms();
	ssize_t n;

	/* TLS may hold a record read already, which poll() cannot see */
	if (c->eof || left <= 0 || ((!c->ssl || !SSL_pending(c->ssl)) &&
				    poll(&pfd, 1, (int)left) <= 0))
		return false;
	if (c->cap - c->len < 65536) {
		c->cap = c->cap ? c->cap * 2 : 131072;
		c->buf = realloc(c->buf, c->cap);
		if (!c->buf)
			fail_msg("out of memory");
	}
	if (c->ssl) {
		n = itest_tls_read(c->ssl, c->buf + c->len, c->cap - c->len);
		if (n < 0)    /* only a ticket: poll again */
			return true;
	} else {
		n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
	}
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return true;
		c->eof = true;
		return false;
	}
	c->len += (size_t)n;
	return true;
}

static char *take_line(struct rc *c)
{
	char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
	size_t n;
	char *line;

	if (!nl)
		return NULL;
	n = (size_t)(nl - c->buf);
	line = malloc(n + 1);
	if (!line)
		fail_msg("out of memory");
	memcpy(line, c->buf, n);
	line[n] = '\0';
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	memmove(c->buf, nl + 1, c->len - n - 1);
	c->len -= n + 1;
	return line;
}

static char *line_until(struct rc *c, int64_t deadline)
{
	char *line;

	while (!(line = take_line(c)))
		if (!fill(c, deadline))
			return NULL;
	return line;
}

char *rc_read_line(struct rc *c, int timeout_ms)
{
	return line_until(c, itest_now_ms() + timeout_ms);
}

static json_t *msg_until(struct rc *c, int64_t deadline)
{
	char *line = line_until(c, deadline);
	json_error_t err;
	json_t *msg;

	if (!line)
		return NULL;
	msg = json_loads(line, 0, &err);
	if (!json_is_object(msg))
		fail_msg("the server sent a line that is not a JSON object: "
			 "%s (%s)", line, err.text);
	free(line);
	return msg;
}

json_t *rc_read_msg(struct rc *c, int timeout_ms)
{
	return msg_until(c, itest_now_ms() + timeout_ms);
}

bool rc_wait_closed(struct rc *c, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;

	while (!c->eof) {
		c->len = 0;   /* whatever still comes is not looked at */
		if (!fill(c, end) && !c->eof)
			return false;
	}
	return true;
}

static bool is_notification(const json_t *msg)
{
	return json_object_get(msg, "method") && !json_object_get(msg, "id");
}

json_t *rc_call_timeout(struct rc *c, const char *method, json_t *params,
			int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	json_int_t id = ++c->next_id;
	json_t *req, *msg, *r;
	char *text;

	req = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", id,
			"method", method);
	if (params)
		json_object_set_new(req, "params", params);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!text || !(text = realloc(text, strlen(text) + 2)))
		fail_msg("rc_call %s: cannot encode the request", method);
	strcat(text, "\n");
	rc_send_str(c, text);
	free(text);

	c->last_error = 0;
	c->last_message[0] = '\0';
	for (;;) {
		msg = msg_until(c, end);
		if (!msg)
			fail_msg("rc_call %s: no reply within %d ms%s", method,
				 timeout_ms, c->eof ? " (connection closed)" :
				 "");
		if (is_notification(msg)) {
			json_array_append_new(c->events, msg);
			continue;
		}
		if (json_integer_value(json_object_get(msg, "id")) != id) {
			text = json_dumps(msg, JSON_COMPACT);
			fail_msg("rc_call %s: unexpected message %s", method,
				 text);
		}
		break;
	}
	r = json_object_get(msg, "result");
	if (r) {
		json_incref(r);
	} else {
		json_t *e = json_object_get(msg, "error");

		c->last_error = (int)json_integer_value(
			json_object_get(e, "code"));
		snprintf(c->last_message, sizeof(c->last_message), "%s",
			 json_string_value(json_object_get(e, "message")) ?
			 json_string_value(json_object_get(e, "message")) :
			 "");
		if (!c->last_error)
			fail_msg("rc_call %s: reply without result or error",
				 method);
	}
	json_decref(msg);
	return r;
}

json_t *rc_call(struct rc *c, const char *method, json_t *params)
{
	return rc_call_timeout(c, method, params, ITEST_TIMEOUT_MS);
}

int rc_last_error(const struct rc *c)
{
	return c->last_error;
}

const char *rc_last_error_message(const struct rc *c)
{
	return c->last_message;
}

int rc_code(const json_t *result)
{
	json_t *code = json_object_get(result, "code");

	return json_is_integer(code) ? (int)json_integer_value(code) : -1;
}

const char *rc_data(const json_t *result)
{
	const char *s = json_string_value(json_object_get(result, "data"));

	return s ? s : "";
}

json_t *rc_data_json(const json_t *result)
{
	return json_loads(rc_data(result), JSON_DECODE_ANY, NULL);
}

static json_t *take_event(struct rc *c, const char *method)
{
	size_t i;
	json_t *msg;

	json_array_foreach(c->events, i, msg) {
		const char *m = json_string_value(json_object_get(msg,
								  "method"));

		if (m && !strcmp(m, method)) {
			json_t *params = json_incref(json_object_get(msg,
								     "params"));

			json_array_remove(c->events, i);
			return params ? params : json_object();
		}
	}
	return NULL;
}

json_t *rc_wait_event(struct rc *c, const char *method, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	json_t *ev, *msg;

	while (!(ev = take_event(c, method))) {
		msg = msg_until(c, end);
		if (!msg)
			return NULL;
		if (is_notification(msg))
			json_array_append_new(c->events, msg);
		else
			json_decref(msg);   /* a reply nobody waits for */
	}
	return ev;
}

void rc_drain(struct rc *c, int ms)
{
	int64_t end = itest_now_ms() + ms;
	json_t *msg;

	json_array_clear(c->events);
	while ((msg = msg_until(c, end)))
		json_decref(msg);
}

size_t rc_pending_events(const struct rc *c)
{
	return json_array_size(c->events);
}
