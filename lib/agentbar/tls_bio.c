/*
 * tls_bio.c — the BIO a TLS session of the SDK reads and writes its socket
 * through. OpenSSL's socket BIO writes with write(), which raises SIGPIPE
 * when the server has gone; a library must not kill (or make handle
 * signals) the application it lives in, so this one sends with
 * MSG_NOSIGNAL, as tcp.c does. The socket is non-blocking: "try again" is
 * told to OpenSSL as a retry. The socket stays the caller's to close.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>

#include <openssl/bio.h>

#include "conn.h"

static BIO_METHOD *method;
static pthread_once_t method_once = PTHREAD_ONCE_INIT;

static int bio_fd(BIO *b)
{
	return (int)(intptr_t)BIO_get_data(b);
}

/* n as OpenSSL wants it: bytes moved, or <= 0 with the retry flag when
 * the socket only cannot now */
static int moved(BIO *b, ssize_t n, bool writing)
{
	BIO_clear_retry_flags(b);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		if (writing)
			BIO_set_retry_write(b);
		else
			BIO_set_retry_read(b);
	}
	return (int)n;
}

static int bio_write(BIO *b, const char *data, int len)
{
	return moved(b, send(bio_fd(b), data, (size_t)len,
			     MSG_NOSIGNAL | MSG_DONTWAIT), true);
}

static int bio_read(BIO *b, char *buf, int size)
{
	return moved(b, recv(bio_fd(b), buf, (size_t)size, MSG_DONTWAIT),
		     false);
}

/* Only flush matters to a socket; every other control is "not
 * supported", which OpenSSL takes as such. */
static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b, (void)num, (void)ptr;
	return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int bio_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static void make_method(void)
{
	BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
				     "agentbar socket");

	if (m && BIO_meth_set_write(m, bio_write) &&
	    BIO_meth_set_read(m, bio_read) && BIO_meth_set_ctrl(m, bio_ctrl) &&
	    BIO_meth_set_create(m, bio_create))
		method = m;
	else
		BIO_meth_free(m);
}

BIO *abi_tls_bio(int fd)
{
	BIO *b;

	pthread_once(&method_once, make_method);
	if (!method)
		return NULL;
	b = BIO_new(method);
	if (b)
		BIO_set_data(b, (void *)(intptr_t)fd);
	return b;
}
