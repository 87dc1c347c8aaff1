/*
 * tlscert.h — the daemon's certificates: read from a PEM file (certificate
 * chain and private key), or generated self-signed on first start, and
 * turned into libre TLS contexts for the agent port, HTTPS and SIP.
 */
#ifndef CALLCLOUD_TLSCERT_H
#define CALLCLOUD_TLSCERT_H

#include <re.h>

enum {
	/* "AB:CD:..." of a SHA-256 digest, and its NUL */
	TLSCERT_FP_SIZE = 32 * 3,
};

int tlscert_read(struct mbuf **pemp, const char *path, const char *cn);
int tlscert_server(struct tls **tlsp, const char *path, const char *cn);
int tlscert_fingerprint(char *buf, size_t size, const struct tls *tls);

#endif
