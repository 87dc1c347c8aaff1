/*
 * conn.c — the life of the link to the CTI server: Initial opens it (the
 * first reachable server, then the I/O thread), the I/O thread attaches a
 * new socket and drops a dead one, UnInitial closes it. What the link does
 * meanwhile is in the files conn.h names; reconnecting is failover.c's job.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "conn.h"
#include "linebuf.h"

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

void abi_conn_drop(AgentBar *bar, bool lost)
{
	struct abi_conn *c = &bar->conn;

	/* a link dropped on purpose is alive: TLS says goodbye on it */
	abi_link_close(c, !lost);
	pthread_mutex_lock(&c->mu);
	c->ready = false;
	c->outlen = 0;
	pthread_mutex_unlock(&c->mu);
	abi_req_fail_all(bar);
	/* conn.in is left to abi_conn_attach: this may run inside one of its
	 * line handlers (an answer's done()), while linebuf_feed holds it */
	if (lost)
		abi_failover_lost(bar);
}

/* The link is up on server[index]: reset its per-connection state. */
void abi_conn_attach(AgentBar *bar, int fd, struct ssl_st *ssl, int index)
{
	struct abi_conn *c = &bar->conn;

	c->fd = fd;
	c->ssl = ssl;
	c->current = index;
	linebuf_reset(c->in);
	c->connected_at = abi_mono_ms();
	abi_heartbeat_start(bar);
	abi_log(bar, ABI_TRACE, "connected to %s:%d%s", c->server[index].host,
		c->server[index].port, ssl ? " (TLS)" : "");
}

void abi_conn_set_ready(AgentBar *bar, bool ready)
{
	pthread_mutex_lock(&bar->conn.mu);
	bar->conn.ready = ready && !bar->conn.stop;
	pthread_mutex_unlock(&bar->conn.mu);
}

int abi_conn_open(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	int timeout = (int)abi_get_long(bar, ABI_L_TimeOut);
	struct ssl_st *ssl = NULL;
	int fd = -1, i;

	if (!abi_addr_load(bar)) {
		abi_log(bar, ABI_ERROR, "no CTI server: set MainCTIIP");
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	if (abi_tls_load(bar)) {
		abi_addr_free(c);
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	for (i = 0; i < c->nservers && fd < 0; i++) {
		if (abi_link_connect(bar, i, timeout, -1, &fd, &ssl))
			abi_log(bar, ABI_WARN, "cannot connect to %s:%d",
				c->server[i].host, c->server[i].port);
	}
	/* the limit excludes the '\n' */
	if (fd < 0 || linebuf_alloc(&c->in, ABI_MAX_LINE - 1) ||
	    pipe2(c->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		c->fd = fd;
		c->ssl = ssl;
		abi_link_close(c, false);
		linebuf_free(c->in);
		c->in = NULL;
		abi_tls_free(c);
		abi_addr_free(c);
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	abi_conn_attach(bar, fd, ssl, i - 1);
	c->recovering = false;
	c->backoff_ms = 0;
	c->relogin_tries = 0;
	if (abi_io_start(bar)) {
		abi_conn_close(bar);
		return AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
	}
	return 0;
}

void abi_conn_close(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	abi_io_stop(bar);
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
	abi_tls_free(c);
	abi_addr_free(c);
}
