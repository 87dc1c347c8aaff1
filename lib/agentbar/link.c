/*
 * link.c — the transport to a CTI server, as the rest of the SDK sees it:
 * plain TCP (tcp.c) for "host", TLS over it (tls.c) for "tls://host". One
 * deadline covers the TCP connect and the handshake. io.c polls, reads and
 * writes through here without knowing which of the two it has.
 */
#include <poll.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "conn.h"

int abi_link_connect(AgentBar *bar, int index, int timeout_ms, int wakefd,
		     int *fd, struct ssl_st **ssl)
{
	const struct abi_server *srv = &bar->conn.server[index];
	long long deadline = abi_mono_ms() + timeout_ms;
	int rc;

	*ssl = NULL;
	*fd = abi_tcp_connect(srv, deadline, wakefd);
	if (*fd < 0 || !srv->tls)
		return *fd < 0 ? *fd : 0;
	rc = abi_tls_connect(bar, srv, *fd, deadline, wakefd, ssl);
	if (rc) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

ssize_t abi_link_read(AgentBar *bar, char *buf, size_t size)
{
	return bar->conn.ssl ? abi_tls_read(bar, buf, size) :
	       abi_tcp_read(bar, bar->conn.fd, buf, size);
}

ssize_t abi_link_write(AgentBar *bar, const char *data, size_t len)
{
	return bar->conn.ssl ? abi_tls_write(bar, data, len) :
	       abi_tcp_write(bar, bar->conn.fd, data, len);
}

/* TLS may have to write to go on reading (a key update) and read to go on
 * writing: the direction the session last asked for replaces the usual
 * one. */
short abi_link_events(const struct abi_conn *c, bool output)
{
	short ev = c->ssl && c->tls_read_on_out ? POLLOUT : POLLIN;

	if (output)
		ev |= c->ssl && c->tls_write_on_in ? POLLIN : POLLOUT;
	return ev;
}

bool abi_link_pending(const struct abi_conn *c)
{
	return c->ssl && SSL_pending(c->ssl) > 0;
}

void abi_link_close(struct abi_conn *c, bool clean)
{
	if (c->ssl)
		abi_tls_close(c->ssl, clean);
	c->ssl = NULL;
	c->tls_read_on_out = c->tls_write_on_in = false;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
