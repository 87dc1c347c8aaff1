/*
 * http.c — one HTTP request to the daemon's HTTP port, or its HTTPS port,
 * for integration tests (itest.h): the status and the body, on a
 * connection of its own.
 */
#include <arpa/inet.h>
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
#include "itest.h"

/* Has buf (len bytes) the whole response? One to HEAD, or without
 * Content-Length (101), ends with its head. */
static bool complete(const char *buf, size_t len, bool head)
{
	const char *body = strstr(buf, "\r\n\r\n");
	const char *cl = strstr(buf, "Content-Length: ");

	if (!body)
		return false;
	if (head || !cl || cl > body)
		return true;
	return len >= (size_t)(body + 4 - buf) + strtoul(cl + 16, NULL, 10);
}

/* Without ca_file plain HTTP, with it HTTPS. */
static int request_on(uint16_t port, const char *ca_file,
		      const char *request, char *buf, size_t size,
		      const char **body)
{
	int fd = itest_tcp_connect(port);
	SSL *ssl = ca_file ? itest_tls(fd, ca_file, 0) : NULL;
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	size_t len = 0;
	ssize_t n;
	int status = -1;

	if (ca_file && !ssl)
		fail_msg("TLS handshake with port %u failed", port);
	assert_true(ssl ? itest_tls_write(ssl, request, strlen(request)) :
		    write(fd, request, strlen(request)) ==
		    (ssize_t)strlen(request));
	buf[0] = '\0';
	/* the server keeps the connection: read until the response is in */
	while (len < size - 1 &&
	       !complete(buf, len, !strncmp(request, "HEAD ", 5))) {
		/* TLS may hold a record read already, which poll() cannot
		 * see; and a TLS read of a session ticket alone gives -1 */
		if (!(ssl && SSL_pending(ssl)) &&
		    poll(&pfd, 1, ITEST_TIMEOUT_MS) <= 0)
			break;
		n = ssl ? itest_tls_read(ssl, buf + len, size - 1 - len) :
			read(fd, buf + len, size - 1 - len);
		if (!n || (n < 0 && !ssl))
			break;
		if (n > 0)
			len += (size_t)n;
		buf[len] = '\0';
	}
	itest_tls_close(ssl);
	close(fd);
	sscanf(buf, "HTTP/1.1 %d", &status);
	if (body) {
		const char *b = strstr(buf, "\r\n\r\n");

		*body = b ? b + 4 : "";
	}
	return status;
}

int itest_http(uint16_t port, const char *request, char *buf, size_t size,
	       const char **body)
{
	return request_on(port, NULL, request, buf, size, body);
}

int itest_https(uint16_t port, const char *ca_file, const char *request,
		char *buf, size_t size, const char **body)
{
	return request_on(port, ca_file, request, buf, size, body);
}

const char *itest_http_get(uint16_t port, const char *path, char *buf,
			   size_t size)
{
	char req[256];
	const char *body;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\n\r\n",
		 path);
	assert_int_equal(itest_http(port, req, buf, size, &body), 200);
	return body;
}
