/*
 * fuzz_rpc.c — libFuzzer target: JSON-RPC request lines into a real daemon
 * (fuzz_daemon.h: store with the demo directory, sim switch, core, API).
 *
 * The input is lines, sent one by one over a TCP connection to the agent
 * port, as a bar or an admin console sends them: the session's framing,
 * the envelope, method lookup, parameter validation, the permission
 * checks and every handler down into the core and the sim switch. After
 * each line the loop turns until the server has read it and a few turns
 * more, so the sim's events (a call offered, answered) arrive between
 * lines as they would between a client's requests; the replies and
 * events are read and thrown away.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "api/api_int.h"
#include "fuzz_daemon.h"
#include "fuzz_loop.h"

/* Turns after a line is read: the sim delivers its events on a timer
 * due at once, and an event may cause the next. */
enum { SETTLE_TURNS = 4, READ_TURNS = 50 };

struct conn {
	struct api *api;
	int fd;          /* the client's end */
};

/* The server's end: the only session. NULL until accepted, or closed. */
static struct session *server(const struct conn *c)
{
	struct session *s = list_ledata(list_head(&c->api->sessions));

	return s && session_tcp(s) ? s : NULL;
}

static bool accepted(void *arg)
{
	return server(arg) != NULL;
}

/* All the client wrote has been read by the server (or it is gone). */
static bool read_all(void *arg)
{
	struct conn *c = arg;
	struct session *s = server(c);
	int unread = 0;

	(void)fuzz_drain(c->fd);
	if (!s || ioctl(tcp_conn_fd(session_tcp(s)), FIONREAD, &unread))
		return true;
	return unread == 0;
}

/* Writes all of p, turning the loop while the socket is full. */
static bool send_all(struct conn *c, const uint8_t *p, size_t n)
{
	unsigned stuck = 0;

	while (n && stuck < READ_TURNS) {
		ssize_t w = write(c->fd, p, n);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			stuck = 0;
			continue;
		}
		stuck++;
		fuzz_pump(1);
		if (!server(c))
			return false;
	}
	return n == 0;
}

static void feed(struct conn *c, const uint8_t *data, size_t size)
{
	while (size && server(c)) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) + 1 : size;

		if (!send_all(c, data, n))
			return;
		fuzz_pump_until(READ_TURNS, read_all, c);
		fuzz_pump(SETTLE_TURNS);
		(void)fuzz_drain(c->fd);
		data += n;
		size -= n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_daemon d;
	struct conn c;

	fuzz_daemon_start(&d);
	c.api = d.api;
	c.fd = fuzz_connect(api_agent_port(d.api));
	if (c.fd < 0)
		abort();
	fuzz_pump_until(READ_TURNS, accepted, &c);
	feed(&c, data, size);
	close(c.fd);
	fuzz_daemon_stop(&d);
	return 0;
}
