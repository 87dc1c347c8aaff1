/*
 * bphone_ctl.c — driving a baresip test phone over ctrl_tcp (see
 * bphone.h): JSON in netstrings, each command answered with its token,
 * events pushed at any time and queued here; calls, DTMF, registration.
 */
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "bphone_int.h"
#include "itest.h"

void bphone_ctl_close(struct bphone *p)
{
	if (p->ctl >= 0)
		close(p->ctl);
	p->ctl = -1;
	p->len = 0;
	p->eof = false;
}

bool bphone_ctl_connect(struct bphone *p)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(p->base + BPHONE_CTL_PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return false;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return false;
	}
	p->ctl = fd;
	return true;
}

/* Reads what is there (waiting until deadline); false on timeout/EOF. */
static bool fill(struct bphone *p, int64_t deadline)
{
	struct pollfd pfd = {.fd = p->ctl, .events = POLLIN};
	int64_t left = deadline - itest_now_ms();
	ssize_t n;

	if (p->eof || left <= 0 || poll(&pfd, 1, (int)left) <= 0)
		return false;
	if (p->len + 4096 > p->cap) {
		char *nb = realloc(p->buf, p->cap = p->len + 65536);

		if (!nb)
			fail_msg("bphone: out of memory");
		p->buf = nb;
	}
	n = read(p->ctl, p->buf + p->len, p->cap - p->len);
	if (n <= 0) {
		p->eof = true;
		return false;
	}
	p->len += (size_t)n;
	return true;
}

/* The next netstring ("<len>:<json>,") parsed, NULL on timeout/EOF. */
static json_t *read_msg(struct bphone *p, int64_t deadline)
{
	for (;;) {
		char *colon = p->len ? memchr(p->buf, ':', p->len) : NULL;

		if (colon) {
			size_t n = strtoul(p->buf, NULL, 10);
			size_t head = (size_t)(colon - p->buf) + 1;

			if (p->len >= head + n + 1) {
				json_t *msg = json_loadb(p->buf + head, n, 0,
							 NULL);

				p->len -= head + n + 1;
				memmove(p->buf, p->buf + head + n + 1, p->len);
				if (!msg)
					fail_msg("bphone %s: bad message from"
						 " ctrl_tcp", p->user);
				return msg;
			}
		}
		if (!fill(p, deadline))
			return NULL;
	}
}

/* Queues an event; true if msg was one (msg is then taken). */
static bool queue_event(struct bphone *p, json_t *msg)
{
	if (!json_is_true(json_object_get(msg, "event")))
		return false;
	json_array_append_new(p->events, msg);
	return true;
}

json_t *bphone_ctl_command(struct bphone *p, const char *command,
			   const char *params, int64_t deadline)
{
	char token[16], *text;
	json_t *req, *msg;
	bool sent;

	snprintf(token, sizeof(token), "%u", ++p->token);
	req = json_pack("{s:s, s:s, s:s}", "command", command, "params",
			params ? params : "", "token", token);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!text)
		fail_msg("bphone: out of memory");
	sent = dprintf(p->ctl, "%zu:%s,", strlen(text), text) > 0;
	free(text);
	if (!sent)
		return NULL;
	while ((msg = read_msg(p, deadline))) {
		if (queue_event(p, msg))
			continue;
		if (!strcmp(itest_str(msg, "token"), token))
			return msg;
		json_decref(msg);   /* an answer given up on earlier */
	}
	return NULL;
}

json_t *bphone_command(struct bphone *p, const char *command,
		       const char *params)
{
	json_t *r = bphone_ctl_command(p, command, params,
				  itest_now_ms() + BPHONE_TIMEOUT_MS);

	if (!r) {
		itest_print_tail(p->log);
		fail_msg("bphone %s: no answer to \"%s\" within %d ms",
			 p->user, command, BPHONE_TIMEOUT_MS);
	}
	return r;
}

static void command_ok(struct bphone *p, const char *command,
		       const char *params)
{
	json_t *r = bphone_command(p, command, params);
	bool ok = json_is_true(json_object_get(r, "ok"));
	char data[256];

	snprintf(data, sizeof(data), "%s", itest_str(r, "data"));
	json_decref(r);
	if (!ok)
		fail_msg("bphone %s: \"%s %s\" failed: %s", p->user, command,
			 params ? params : "", data);
}

bool bphone_wait_registered(struct bphone *p, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;

	do {
		json_t *r = bphone_ctl_command(p, "reginfo", NULL, end);
		/* "> sip:1882@127.0.0.1:5060  OK  callcloud Expires 60s" */
		bool ok = strstr(itest_str(r, "data"), "OK ") != NULL;

		json_decref(r);
		if (ok)
			return true;
		itest_sleep_ms(BPHONE_POLL_MS);
	} while (itest_now_ms() < end);
	return false;
}

void bphone_dial(struct bphone *p, const char *number)
{
	char uri[256];

	if (!strncmp(number, "sip:", 4))
		snprintf(uri, sizeof(uri), "%s", number);
	else if (!p->sip_port)
		fail_msg("bphone %s: dialling %s needs sip_port", p->user,
			 number);
	else
		snprintf(uri, sizeof(uri), "sip:%s@127.0.0.1:%u%s", number,
			 p->sip_port, p->tls ? ";transport=tls" : "");
	command_ok(p, "dial", uri);
}

void bphone_accept(struct bphone *p)
{
	command_ok(p, "accept", NULL);
}

void bphone_hangup(struct bphone *p)
{
	command_ok(p, "hangup", NULL);
}

void bphone_send_dtmf(struct bphone *p, const char *digits)
{
	command_ok(p, "sndcode", digits);
}

static json_t *take_event(struct bphone *p, const char *type)
{
	size_t i;
	json_t *ev;

	json_array_foreach(p->events, i, ev) {
		const char *t = json_string_value(json_object_get(ev, "type"));

		if (t && !strcmp(t, type)) {
			json_incref(ev);
			json_array_remove(p->events, i);
			return ev;
		}
	}
	return NULL;
}

json_t *bphone_wait_event(struct bphone *p, const char *type,
			  int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	json_t *ev = take_event(p, type), *msg;

	while (!ev && (msg = read_msg(p, end))) {
		if (!queue_event(p, msg))
			json_decref(msg);
		ev = take_event(p, type);
	}
	return ev;
}

void bphone_expect_event(struct bphone *p, const char *type)
{
	json_t *ev = bphone_wait_event(p, type, BPHONE_TIMEOUT_MS);

	if (!ev) {
		itest_print_tail(p->log);
		fail_msg("bphone %s: no %s within %d ms", p->user, type,
			 BPHONE_TIMEOUT_MS);
	}
	json_decref(ev);
}

void bphone_drain(struct bphone *p)
{
	json_t *msg;

	while ((msg = read_msg(p, itest_now_ms())))
		json_decref(msg);
	json_array_clear(p->events);
}
