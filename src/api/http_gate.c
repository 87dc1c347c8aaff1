/*
 * http_gate.c — the HTTP port's flood limits ([limits] conns_per_source,
 * http_header_timeout; docs/security.md "Limits and floods"), and the
 * HTTPS port's, counted together.
 *
 * libre 1.1's HTTP server accepts and holds its connections itself and
 * tells us of one only once a whole request arrived; a client that
 * never finishes its headers (slowloris) is closed by libre only after
 * 10 s, and nothing there counts connections by address. So the gate
 * looks from outside: once a second it lists the process's sockets
 * connected to either port (/proc/self/fd), new ones counted by source
 * address, and it shuts down (shutdown(2): libre sees the end and frees
 * the connection as if the client had closed) a connection past
 * conns_per_source of its address, or one that has not completed a
 * request within http_header_timeout. A connection that made a request
 * (req_h calls http_gate_served) is left to libre, and to /ws's
 * sessions once upgraded. A flood is answered within a second of
 * starting; the kernel and the open-files limit bound that second.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "api/api_int.h"
#include <re_hash.h>
#include "log.h"

/* CONN_BUCKETS: the sweep looks each socket up every second, and a
 * flood holds thousands */
enum { SWEEP_MS = 1000, CONN_BUCKETS = 1024 };

struct gate_conn {
	struct le le;              /* gate->conns, by fd */
	int fd;
	struct sa peer;
	struct srcent *src;
	uint64_t seen_ms;
	uint64_t gen;              /* the last sweep that saw it */
	bool served;               /* a whole request came: libre's now */
	bool shut;                 /* shut down, gone at a next sweep */
};

struct http_gate {
	struct api *api;
	struct srclimit *by_source;
	struct hash *conns;        /* struct gate_conn */
	struct tmr tmr;
	uint64_t gen;
};

static void conn_destructor(void *data)
{
	struct gate_conn *c = data;

	hash_unlink(&c->le);
	srclimit_conn_del(c->src);
}

static void gate_destructor(void *data)
{
	struct http_gate *g = data;

	tmr_cancel(&g->tmr);
	hash_flush(g->conns);
	mem_deref(g->conns);
	mem_deref(g->by_source);
}

static bool fd_eq(struct le *le, void *arg)
{
	const struct gate_conn *c = le->data;

	return c->fd == *(const int *)arg;
}

static struct gate_conn *find(struct http_gate *g, int fd)
{
	return list_ledata(hash_lookup(g->conns, (uint32_t)fd, fd_eq, &fd));
}

/* Is fd a connection to the HTTP or HTTPS port? Its peer in peer. */
static bool http_conn_fd(const struct http_gate *g, int fd, struct sa *peer)
{
	struct sa local;
	int listening = 0, type = 0;
	socklen_t n = sizeof(listening), tn = sizeof(type);

	sa_init(&local, AF_UNSPEC);
	sa_init(peer, AF_UNSPEC);
	/* TCP only: a UDP socket may have the same number */
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tn) ||
	    type != SOCK_STREAM ||
	    getsockname(fd, &local.u.sa, &local.len) ||
	    (sa_port(&local) != g->api->http_port &&
	     (!g->api->https_port || sa_port(&local) != g->api->https_port)) ||
	    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &n) ||
	    listening)
		return false;
	return !getpeername(fd, &peer->u.sa, &peer->len);
}

/* A connection seen for the first time: counted (its entry), or shut
 * past its address's count (NULL). */
static struct gate_conn *add(struct http_gate *g, int fd,
			     const struct sa *peer, uint64_t now)
{
	struct gate_conn *c;
	struct srcent *src = srclimit_conn_add(g->by_source, peer);

	if (!src) {
		limits_count(g->api, LIMIT_CONNS_PER_SOURCE);
		(void)shutdown(fd, SHUT_RDWR);
		return NULL;
	}
	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c) {
		srclimit_conn_del(src);
		return NULL;
	}
	c->fd = fd;
	c->peer = *peer;
	c->src = src;
	c->seen_ms = now;
	c->gen = g->gen;
	hash_append(g->conns, (uint32_t)fd, &c->le, c);
	return c;
}

/* fd's entry, made when fd is new or now another connection (the
 * number reused); NULL when refused. */
static struct gate_conn *track(struct http_gate *g, int fd,
			       const struct sa *peer, uint64_t now)
{
	struct gate_conn *c = find(g, fd);

	if (c && !sa_cmp(&c->peer, peer, SA_ALL))
		c = mem_deref(c);
	return c ? c : add(g, fd, peer, now);
}

static void sweep_fd(struct http_gate *g, int fd, uint64_t now)
{
	uint64_t limit = (uint64_t)g->api->conf.limits.http_header_timeout *
			 1000;
	struct gate_conn *c;
	struct sa peer;
	char addr[64];

	if (!http_conn_fd(g, fd, &peer))
		return;
	c = track(g, fd, &peer, now);
	if (!c)
		return;
	c->gen = g->gen;
	if (c->served || c->shut || now < c->seen_ms + limit)
		return;
	re_snprintf(addr, sizeof(addr), "%J", &peer);
	log_debug("http: %s: no whole request within %u s, closing", addr,
		  g->api->conf.limits.http_header_timeout);
	limits_count(g->api, LIMIT_HTTP_HEADER_TIMEOUT);
	(void)shutdown(fd, SHUT_RDWR);
	c->shut = true;
}

/* Not seen by this sweep: closed. */
static bool forget_unseen(struct le *le, void *arg)
{
	struct gate_conn *c = le->data;

	if (c->gen != *(const uint64_t *)arg)
		mem_deref(c);
	return false;
}

static void sweep_h(void *arg)
{
	struct http_gate *g = arg;
	uint64_t now = tmr_jiffies();
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;

	tmr_start(&g->tmr, SWEEP_MS, sweep_h, g);
	if (!dir)
		return;
	g->gen++;
	while ((de = readdir(dir))) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);

		if (*end || end == de->d_name || fd == dirfd(dir))
			continue;
		sweep_fd(g, (int)fd, now);
	}
	closedir(dir);
	hash_apply(g->conns, forget_unseen, &g->gen);
}

int http_gate_start(struct api *api)
{
	struct srclimit_conf sc = {
		.door = "http port",
		.max_conns = api->conf.limits.conns_per_source,
		.rate = api->conf.limits.rpc_rate,
		.burst = api->conf.limits.rpc_burst,
	};
	struct http_gate *g = mem_zalloc(sizeof(*g), gate_destructor);
	int err;

	if (!g)
		return ENOMEM;
	g->api = api;
	err = hash_alloc(&g->conns, CONN_BUCKETS);
	err = err ? err : srclimit_alloc(&g->by_source, &sc);
	if (err) {
		mem_deref(g);
		return err;
	}
	tmr_start(&g->tmr, SWEEP_MS, sweep_h, g);
	api->gate = g;
	return 0;
}

void http_gate_served(struct api *api, struct http_conn *hc)
{
	struct tcp_conn *tc = http_conn_tcp(hc);
	struct gate_conn *c;

	if (!api->gate || !tc)
		return;
	/* a quick request comes before the sweep saw its connection */
	c = track(api->gate, tcp_conn_fd(tc), http_conn_peer(hc),
		  tmr_jiffies());
	if (c)
		c->served = true;
}
