/*
 * tls.c — a TLS session with a tls:// CTI server (OpenSSL): the handshake
 * on the connected non-blocking socket within the connect's deadline,
 * then reads and writes as tcp.c's are ("nothing now", bytes, or "gone").
 * What the session waits for when it cannot go on is kept in the
 * connection, so that io.c polls for it (link.c). tls_verify.c decides
 * whether the server is the right one; a refusal is logged here.
 */
#include <poll.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "conn.h"

/* Why the handshake failed, for the log: the certificate's verdict when
 * there is one, else OpenSSL's error. */
static void log_refused(AgentBar *bar, const struct abi_server *srv,
			SSL *ssl, int err)
{
	long verdict = SSL_get_verify_result(ssl);
	unsigned long e = ERR_peek_error();
	char why[256];

	if (verdict != X509_V_OK)
		snprintf(why, sizeof(why), "its certificate is refused: %s",
			 X509_verify_cert_error_string(verdict));
	else if (e)
		ERR_error_string_n(e, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s", err == SSL_ERROR_SYSCALL ?
			 "the connection was closed" : "failed");
	abi_log(bar, ABI_ERROR, "TLS with %s:%d: %s", srv->host, srv->port,
		why);
}

int abi_tls_connect(AgentBar *bar, const struct abi_server *srv, int fd,
		    long long deadline, int wakefd, SSL **out)
{
	SSL *ssl = abi_tls_session(bar, srv);
	BIO *bio = ssl ? abi_tls_bio(fd) : NULL;
	int rc = -1;

	if (!bio) {
		abi_log(bar, ABI_ERROR, "TLS with %s:%d: out of memory",
			srv->host, srv->port);
		SSL_free(ssl);
		return -1;
	}
	SSL_set_bio(ssl, bio, bio);
	for (;;) {
		int err, done;

		ERR_clear_error();
		done = SSL_connect(ssl);
		if (done == 1) {
			*out = ssl;
			return 0;
		}
		err = SSL_get_error(ssl, done);
		if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
			log_refused(bar, srv, ssl, err);
			break;
		}
		rc = abi_wait_fd(fd, err == SSL_ERROR_WANT_READ ? POLLIN :
				 POLLOUT, wakefd, deadline);
		if (rc == -1)
			abi_log(bar, ABI_ERROR, "TLS with %s:%d: no handshake "
				"within TimeOut (is it a TLS port?)",
				srv->host, srv->port);
		if (rc)
			break;
		rc = -1;
	}
	SSL_free(ssl);
	return rc;
}

/* The outcome of an SSL_read_ex / SSL_write_ex (ok, n): bytes moved, 0
 * when it only cannot now (what it waits for noted: the opposite
 * direction, see link.c), -1 when the link is gone (logged). */
static ssize_t outcome(AgentBar *bar, int ok, size_t n, bool reading)
{
	struct abi_conn *c = &bar->conn;
	bool *other = reading ? &c->tls_read_on_out : &c->tls_write_on_in;
	int err = ok ? SSL_ERROR_NONE : SSL_get_error(c->ssl, 0);
	char why[256];

	*other = false;
	if (ok)
		return (ssize_t)n;
	if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
		*other = err == (reading ? SSL_ERROR_WANT_WRITE :
				 SSL_ERROR_WANT_READ);
		return 0;
	}
	if (err == SSL_ERROR_ZERO_RETURN) {
		abi_log(bar, ABI_WARN, "the CTI server closed the connection");
		return -1;
	}
	ERR_error_string_n(ERR_peek_error(), why, sizeof(why));
	abi_log(bar, ABI_WARN, "%s the CTI server (TLS): %s",
		reading ? "reading from" : "writing to",
		ERR_peek_error() ? why : "the connection was closed");
	return -1;
}

ssize_t abi_tls_read(AgentBar *bar, char *buf, size_t size)
{
	size_t n = 0;
	int ok;

	ERR_clear_error();
	ok = SSL_read_ex(bar->conn.ssl, buf, size, &n);
	return outcome(bar, ok, n, true);
}

ssize_t abi_tls_write(AgentBar *bar, const char *data, size_t len)
{
	size_t n = 0;
	int ok;

	ERR_clear_error();
	ok = SSL_write_ex(bar->conn.ssl, data, len, &n);
	return outcome(bar, ok, n, false);
}

/* A clean close tells the server so (one try: the socket is
 * non-blocking and about to be closed); after an error OpenSSL forbids
 * it. */
void abi_tls_close(SSL *ssl, bool clean)
{
	ERR_clear_error();
	if (clean)
		(void)SSL_shutdown(ssl);
	SSL_free(ssl);
}
