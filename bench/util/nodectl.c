/*
 * nodectl.c — see nodectl.h. Frames with the daemon's own codec
 * (lib/common/swframe.c).
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "nodectl.h"
#include "swframe.h"

struct nodectl {
	int fd;
	struct swframe_dec dec;
	uint8_t buf[4096];       /* received, not yet decoded */
	size_t off, len;
	long long seq;
	size_t customers;
};

static void die(const char *what)
{
	fprintf(stderr, "node control connection: %s\n", what);
	exit(1);
}

static void send_frame(struct nodectl *c, json_t *f)
{
	uint8_t *buf;
	size_t len;

	if (swframe_encode(f, &buf, &len))
		die("cannot encode a frame");
	json_decref(f);
	if (send(c->fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
		die("send failed");
	free(buf);
}

/* The next frame, whatever its type. */
static json_t *next_frame(struct nodectl *c)
{
	for (;;) {
		const uint8_t *p = c->buf + c->off;
		size_t n = c->len - c->off;
		json_t *f;
		ssize_t r;

		if (swframe_read(&c->dec, &p, &n, &f))
			die("bad frame");
		c->off = c->len - n;
		if (f)
			return f;
		r = recv(c->fd, c->buf, sizeof(c->buf), 0);
		if (r <= 0)
			die("closed by the node");
		c->off = 0;
		c->len = (size_t)r;
	}
}

static bool is(const json_t *f, const char *member, const char *value)
{
	const char *s = json_string_value(json_object_get(f, member));

	return s && !strcmp(s, value);
}

/* Reads the welcome, the phones and legs, up to synced. */
static void read_view(struct nodectl *c)
{
	json_t *f = next_frame(c);

	if (!is(f, "t", "welcome"))
		die("no welcome");
	while (!is(f, "t", "synced")) {
		if (is(f, "t", "leg") && is(f, "dir", "in"))
			c->customers++;
		json_decref(f);
		f = next_frame(c);
	}
	json_decref(f);
}

struct nodectl *nodectl_open(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	struct nodectl *c = calloc(1, sizeof(*c));

	if (!c)
		die("no memory");
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("cannot connect");
	send_frame(c, json_pack("{s:s, s:i, s:s}", "t", "hello", "v",
				SWFRAME_VERSION, "role", "control"));
	read_view(c);
	return c;
}

void nodectl_close(struct nodectl *c)
{
	close(c->fd);
	swframe_dec_reset(&c->dec);
	free(c);
}

size_t nodectl_customers(const struct nodectl *c)
{
	return c->customers;
}

json_t *nodectl_op(struct nodectl *c, const char *op, json_t *params)
{
	json_t *f = params ? params : json_object();
	long long seq = ++c->seq;

	json_object_set_new(f, "t", json_string("ctl"));
	json_object_set_new(f, "op", json_string(op));
	json_object_set_new(f, "seq", json_integer(seq));
	send_frame(c, f);
	for (;;) {
		f = next_frame(c);
		if (is(f, "t", "reply") &&
		    json_integer_value(json_object_get(f, "seq")) == seq)
			return f;
		json_decref(f);
	}
}
