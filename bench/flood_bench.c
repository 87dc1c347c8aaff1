/*
 * flood_bench.c — the floods of bench/flood.sh against a running daemon
 * on the sim switch, each while a legitimate agent signs in from an
 * address of its own and takes a call; prints what the daemon refused
 * and how long the agent took.
 *
 * usage: flood_bench AGENT_PORT HTTP_PORT FLOOD
 *   conns-many  2,000 connections from 50 addresses 127.1.0.x (40 each)
 *   conns-one   2,000 connections from 127.0.0.1
 *   unread      for 12 s, connection after connection writing 20,000
 *               Admin.ListAgents (an admin) or Heartbeats (a fresh
 *               one) and never reading
 *   slowloris   2,000 HTTP connections from 50 addresses 127.2.0.x, a
 *               header line every second, never the blank line
 * The flood runs in a child process; the agent (2002 on 1882, from
 * 127.3.0.1) signs in once it is under way, an admin offers it a call
 * (Sim.InboundCall), it answers: "legit" is the time from its connect to
 * OnConnected. The child reports how many of its connections the daemon
 * closed or refused; a held connection counts as closed once a read
 * sees the end.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util/rpc.h"

#define HEARTBEAT "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Heartbeat\"}\n"

enum {
	CONNS = 2000,
	SOURCES = 50,
	REQUESTS = 20000,
	FLOOD_MS = 12000,     /* how long held connections are watched */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A non-blocking connection from src to 127.0.0.1:port; -1 if refused
 * at once. */
static int dial_from(const char *src, int port)
{
	struct sockaddr_in from = {.sin_family = AF_INET};
	struct sockaddr_in to = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, src, &from.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* Reads what there is; false once the daemon closed fd. */
static bool still_open(int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	return n < 0 && errno == EAGAIN;
}

/* Holds CONNS connections (from SOURCES addresses prefix.N, or from
 * 127.0.0.1 when prefix is NULL) for FLOOD_MS, writing first once and
 * then line on each every second; prints how many the daemon refused or
 * closed. */
static void hold(int port, const char *prefix, const char *first,
		 const char *line)
{
	static int fd[CONNS];
	char src[32];
	int refused = 0, closed = 0, closed_at_once = 0, open_at_end = 0;
	double start = now_s(), end, next = 0, last = 0;

	for (int i = 0; i < CONNS; i++) {
		if (prefix)
			snprintf(src, sizeof(src), "%s.%d", prefix,
				 1 + i % SOURCES);
		else
			snprintf(src, sizeof(src), "127.0.0.1");
		fd[i] = dial_from(src, port);
		refused += fd[i] < 0;
		if (fd[i] >= 0 && first)
			(void)send(fd[i], first, strlen(first), MSG_NOSIGNAL);
	}
	end = now_s() + FLOOD_MS / 1000.0;
	while (now_s() < end) {
		bool tick = now_s() >= next;

		for (int i = 0; i < CONNS; i++) {
			if (fd[i] < 0)
				continue;
			if (tick)
				(void)send(fd[i], line, strlen(line),
					   MSG_NOSIGNAL);
			if (!still_open(fd[i])) {
				close(fd[i]);
				fd[i] = -1;
				closed++;
				last = now_s() - start;
				/* refused over a limit, not closed as fresh */
				closed_at_once += last < 2;
			}
		}
		if (tick)
			next = now_s() + 1;
		usleep(50000);
	}
	for (int i = 0; i < CONNS; i++)
		if (fd[i] >= 0) {
			open_at_end++;
			close(fd[i]);
		}
	printf("flood: %d connections: %d refused at connect, %d closed by "
	       "the daemon (%d of them within 2 s of the first connect, the "
	       "last %.1f s after it), %d still open after %d s\n", CONNS,
	       refused, closed, closed_at_once, last, open_at_end,
	       FLOOD_MS / 1000);
}

/* Whether the daemon closes fd (its end, or a reset) within 10 s; what
 * it sent stays unread, so the pressure stays on. */
static const char *closed_by_daemon(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLRDHUP};

	return poll(&p, 1, 10000) == 1 &&
	       (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) ?
		"closed by the daemon" : "still open 10 s later";
}

/* Writes n copies of line on fd without reading; returns how many went
 * before the daemon closed it (n: it never did). */
static int unread(int fd, const char *line, int n)
{
	struct timeval tv = {.tv_sec = 5};
	size_t len = strlen(line);
	int sent = 0;

	/* blocking: the daemon paces us, unless it stops reading at all */
	fcntl(fd, F_SETFL, 0);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	for (; sent < n; sent++)
		if (send(fd, line, len, MSG_NOSIGNAL) != (ssize_t)len)
			break;
	return sent;
}

/* For FLOOD_MS, one connection after the other that writes REQUESTS
 * requests and never reads: an admin asking for the directory (not
 * rate-limited: its replies pile up) and a fresh one sending Heartbeats
 * (rate-limited); counts those the daemon dropped. */
static void unread_flood(int port)
{
	static const char login[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
		"\"Admin.Login\",\"params\":{\"user\":\"admin\","
		"\"password\":\"admin\"}}\n";
	static const char list[] = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
		"\"Admin.ListAgents\"}\n";
	double end = now_s() + FLOOD_MS / 1000.0;
	int small = 4096, conns = 0, dropped = 0;
	long written = 0;

	while (now_s() < end) {
		int a = dial_from("127.4.0.1", port);
		int f = dial_from("127.4.0.2", port);

		(void)setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small,
				 sizeof(small));
		if (unread(a, login, 1))
			written += unread(a, list, REQUESTS);
		written += unread(f, HEARTBEAT, REQUESTS);
		dropped += !strcmp(closed_by_daemon(a), "closed by the daemon");
		dropped += !strcmp(closed_by_daemon(f), "closed by the daemon");
		conns += 2;
		close(a);
		close(f);
	}
	printf("flood: %d connections that never read, one after the other "
	       "for %d s (%ld requests written): %d dropped by the daemon\n",
	       conns, FLOOD_MS / 1000, written, dropped);
}

/* The agent's events: it answers when rung; arg: set once connected. */
static void on_msg(struct rpc *c, json_t *m, void *arg)
{
	const char *method = json_string_value(json_object_get(m, "method"));

	if (!method)
		return;
	if (!strcmp(method, "OnAlerting"))
		rpc_send(c, "Answer", NULL);
	else if (!strcmp(method, "OnConnected"))
		*(bool *)arg = true;
}

/* The agent signs in and takes a call; seconds it took, or -1. */
static double legit_call(int port, struct rpc *admin)
{
	struct rpc x;
	bool connected = false;
	double t0 = now_s(), end = t0 + 30;

	memset(&x, 0, sizeof(x));
	x.fd = dial_from("127.3.0.1", port);
	if (x.fd < 0)
		return -1;
	fcntl(x.fd, F_SETFL, 0);
	if (rpc_call(&x, "SignIn", json_pack("{s:s, s:s, s:s, s:s}",
					     "AgentID", "2002", "PassWord",
					     "2002123", "DN", "1882",
					     "ServiceList", "示例=1")))
		return -1;
	rpc_send(admin, "Sim.InboundCall", json_pack(
		"{s:s, s:s}", "ani", "13800000000", "dnis", "4000"));
	while (!connected && now_s() < end) {
		struct pollfd p = {.fd = x.fd, .events = POLLIN};

		if (poll(&p, 1, 100) > 0)
			rpc_pump(&x, on_msg, &connected);
	}
	close(x.fd);
	return connected ? now_s() - t0 : -1;
}

static pid_t flood(int port, int http, const char *what)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (!strcmp(what, "conns-many"))
		hold(port, "127.1.0", NULL, HEARTBEAT);
	else if (!strcmp(what, "conns-one"))
		hold(port, NULL, NULL, HEARTBEAT);
	else if (!strcmp(what, "unread"))
		unread_flood(port);
	else
		hold(http, "127.2.0", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
		     "X-Slow: 1\r\n");
	fflush(stdout);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct rpc admin;
	int port, http, status;
	double t;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: flood_bench AGENT_PORT HTTP_PORT "
			"conns-many|conns-one|unread|slowloris\n");
		return 2;
	}
	port = atoi(argv[1]);
	http = atoi(argv[2]);
	rpc_dial(&admin, port);
	if (rpc_call(&admin, "Admin.Login", json_pack(
		"{s:s, s:s}", "user", "admin", "password", "admin"))) {
		fprintf(stderr, "Admin.Login failed\n");
		return 1;
	}
	pid = flood(port, http, argv[3]);
	sleep(2);   /* the flood under way */
	t = legit_call(port, &admin);
	if (t < 0)
		printf("legit: the agent did not sign in and take a call\n");
	else
		printf("legit: sign-in to OnConnected %.0f ms\n", t * 1000);
	waitpid(pid, &status, 0);
	return t < 0;
}
