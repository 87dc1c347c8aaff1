/*
 * nodec.c — the tests' raw switch-node client (nodec.h), framing with the
 * daemon's own codec (lib/common/swframe.c).
 */
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "itest.h"
#include "nodec.h"
#include "swframe.h"

struct nodec {
	int fd;
	struct swframe_dec dec;
	uint8_t buf[4096];       /* read but not yet decoded */
	size_t off, len;
	bool eof;
	long long seq;
};

struct nodec *nodec_connect(uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	struct nodec *c = calloc(1, sizeof(*c));

	if (!c)
		fail_msg("nodec: no memory");
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)))
		fail_msg("nodec: connect to port %u: %s", port,
			 strerror(errno));
	return c;
}

void nodec_close(struct nodec *c)
{
	if (!c)
		return;
	close(c->fd);
	swframe_dec_reset(&c->dec);
	free(c);
}

void nodec_send_raw(struct nodec *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fail_msg("nodec: send: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

void nodec_send(struct nodec *c, json_t *f)
{
	uint8_t *buf;
	size_t len;
	int err = swframe_encode(f, &buf, &len);

	json_decref(f);
	if (err)
		fail_msg("nodec: encode: %s", strerror(err));
	nodec_send_raw(c, buf, len);
	free(buf);
}

/* The next frame, pings included; NULL on timeout, EOF or a bad frame. */
static json_t *next_frame(struct nodec *c, int64_t end)
{
	for (;;) {
		const uint8_t *p = c->buf + c->off;
		size_t n = c->len - c->off;
		struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
		int64_t left;
		json_t *f;
		ssize_t r;

		if (swframe_read(&c->dec, &p, &n, &f))
			return NULL;
		c->off = c->len - n;
		if (f)
			return f;
		if (c->eof)
			return NULL;
		left = end - itest_now_ms();
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return NULL;
		r = recv(c->fd, c->buf, sizeof(c->buf), 0);
		if (r <= 0) {
			c->eof = true;
			return NULL;
		}
		c->off = 0;
		c->len = (size_t)r;
	}
}

json_t *nodec_read(struct nodec *c, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	json_t *f;

	while ((f = next_frame(c, end))) {
		if (strcmp(json_string_value(json_object_get(f, "t")),
			   "ping"))
			return f;
		json_decref(f);
	}
	return NULL;
}

json_t *nodec_hello(struct nodec *c, const char *role, long long token)
{
	nodec_send(c, json_pack("{s:s, s:i, s:s, s:I}", "t", "hello", "v",
				SWFRAME_VERSION, "role", role, "token",
				(json_int_t)token));
	return nodec_read(c, ITEST_TIMEOUT_MS);
}

json_t *nodec_ctl(struct nodec *c, const char *op, json_t *params)
{
	int64_t end = itest_now_ms() + ITEST_TIMEOUT_MS;
	json_t *f = params ? params : json_object();
	long long seq = ++c->seq;

	json_object_set_new(f, "t", json_string("ctl"));
	json_object_set_new(f, "op", json_string(op));
	json_object_set_new(f, "seq", json_integer(seq));
	nodec_send(c, f);
	while ((f = nodec_read(c, (int)(end - itest_now_ms())))) {
		if (!strcmp(json_string_value(json_object_get(f, "t")),
			    "reply") &&
		    json_integer_value(json_object_get(f, "seq")) == seq)
			return f;
		json_decref(f);
	}
	fail_msg("nodec: no reply to %s", op);
	return NULL;
}

size_t nodec_leg_count(struct nodec *c)
{
	json_t *r = nodec_ctl(c, "legs", NULL);
	size_t n = json_array_size(json_object_get(r, "legs"));

	json_decref(r);
	return n;
}

bool nodec_wait_legs(struct nodec *c, size_t n, int ms)
{
	int64_t end = itest_now_ms() + ms;

	while (nodec_leg_count(c) != n) {
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(50);
	}
	return true;
}

struct nodec *nodec_control(uint16_t port)
{
	struct nodec *c = nodec_connect(port);
	json_t *w = nodec_hello(c, "control", 0);

	assert_non_null(w);
	assert_string_equal(json_string_value(json_object_get(w, "t")),
			    "welcome");
	json_decref(w);
	return c;
}

bool nodec_wait_closed(struct nodec *c, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	json_t *f;

	while (!c->eof && itest_now_ms() < end) {
		f = next_frame(c, end);
		json_decref(f);
		if (!f && !c->eof)
			return false;
	}
	return c->eof;
}
