/*
 * tlsc.c — the integration tests' TLS client (itest.h): OpenSSL on a
 * connected socket, blocking, its waits bounded by socket timeouts, that
 * checks the daemon's certificate as a careful client does: against a CA
 * file (the daemon's own generated tls.pem) and for the name 127.0.0.1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include "itest.h"

int itest_tcp_connect(uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct timeval tv = {ITEST_TIMEOUT_MS / 1000, 0};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		fail_msg("connect to port %u: %s", port, strerror(errno));
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

SSL *itest_tls(int fd, const char *ca_file, int max_version)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = NULL;

	/* OpenSSL writes with write(): a server that closed first must fail
	 * the write, not kill the test */
	signal(SIGPIPE, SIG_IGN);
	if (!ctx || SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1)
		fail_msg("TLS client: cannot load %s", ca_file);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (max_version) {
		/* an old client: OpenSSL 3 allows TLS 1.1 at level 0 only */
		SSL_CTX_set_security_level(ctx, 0);
		SSL_CTX_set_max_proto_version(ctx, max_version);
		SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
	}
	ssl = SSL_new(ctx);
	SSL_CTX_free(ctx);        /* the SSL keeps its reference */
	if (!ssl || !X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl),
						   "127.0.0.1") ||
	    !SSL_set_fd(ssl, fd))
		fail_msg("TLS client: out of memory");
	if (SSL_connect(ssl) != 1) {
		ERR_clear_error();
		SSL_free(ssl);
		return NULL;
	}
	return ssl;
}

ssize_t itest_tls_read(SSL *ssl, void *buf, size_t size)
{
	int n = SSL_read(ssl, buf, size > INT32_MAX ? INT32_MAX : (int)size);

	if (n > 0)
		return n;
	/* nothing within the socket's timeout, or only a session ticket */
	n = SSL_get_error(ssl, n) == SSL_ERROR_WANT_READ ? -1 : 0;
	ERR_clear_error();
	return n;
}

bool itest_tls_write(SSL *ssl, const void *p, size_t n)
{
	size_t done = 0;
	bool ok = SSL_write_ex(ssl, p, n, &done) == 1 && done == n;

	ERR_clear_error();
	return ok;
}

void itest_tls_close(SSL *ssl)
{
	if (!ssl)
		return;
	(void)SSL_shutdown(ssl);
	ERR_clear_error();
	SSL_free(ssl);
}
