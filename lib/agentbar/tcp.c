/*
 * tcp.c — the socket to a CTI server: connecting within a deadline (and
 * giving up early when the I/O thread's wake-up pipe says UnInitial), and
 * non-blocking reads and writes that tell "nothing now" from "the link is
 * gone". The wait is shared with tls.c's handshake.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"

int abi_wait_fd(int fd, short events, int wakefd, long long deadline)
{
	struct pollfd p[2] = {{fd, events, 0}, {wakefd, POLLIN, 0}};
	int n;

	do {
		long long left = deadline - abi_mono_ms();
		if (left <= 0)
			return -1;
		n = poll(p, wakefd >= 0 ? 2 : 1, (int)left);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	if (wakefd >= 0 && p[1].revents)
		return -2;
	return 0;
}

static int wait_connected(int fd, int wakefd, long long deadline)
{
	socklen_t len = sizeof(int);
	int rc = abi_wait_fd(fd, POLLOUT, wakefd, deadline), soerr = 0;

	if (rc)
		return rc;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) || soerr)
		return -1;
	return 0;
}

int abi_tcp_connect(const struct abi_server *srv, long long deadline,
		    int wakefd)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *res, *ai;
	char port[8];
	int fd = -1, one = 1;

	snprintf(port, sizeof(port), "%d", srv->port);
	if (getaddrinfo(srv->host, port, &hints, &res))
		return -1;
	for (ai = res; ai; ai = ai->ai_next) {
		int rc = 0;

		fd = socket(ai->ai_family,
			    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
			rc = errno == EINPROGRESS ?
			     wait_connected(fd, wakefd, deadline) : -1;
		if (rc == 0)
			break;
		close(fd);
		fd = -1;
		if (rc == -2) {
			fd = -2;
			break;
		}
	}
	freeaddrinfo(res);
	if (fd >= 0)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

ssize_t abi_tcp_read(AgentBar *bar, int fd, char *buf, size_t size)
{
	ssize_t n = recv(fd, buf, size, 0);

	if (n == 0) {
		abi_log(bar, ABI_WARN, "the CTI server closed the connection");
		return -1;
	}
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		abi_log(bar, ABI_WARN, "reading from the CTI server: %s",
			strerror(errno));
		return -1;
	}
	return n;
}

ssize_t abi_tcp_write(AgentBar *bar, int fd, const char *data, size_t len)
{
	ssize_t n = send(fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	abi_log(bar, ABI_WARN, "writing to the CTI server: %s",
		strerror(errno));
	return -1;
}
