/*
 * digest.h — HTTP digest authentication (RFC 2617 / RFC 7616, MD5 with
 * qop=auth) as the registrar needs it. A nonce carries its own issue time
 * and a MAC keyed with a per-process secret, so the registrar keeps no
 * state per challenged client and a flood of unauthenticated REGISTERs
 * cannot grow memory.
 */
#ifndef CALLCLOUD_SIP_DIGEST_H
#define CALLCLOUD_SIP_DIGEST_H

#include <stdbool.h>
#include <stdint.h>

struct pl;
struct httpauth_digest_resp;

enum {
	DIGEST_SECRET_SIZE = 16,
	DIGEST_NONCE_LEN = 16 + 16 + 32,  /* hex issue time, salt, MAC */
	DIGEST_NONCE_SIZE = DIGEST_NONCE_LEN + 1,
};

struct digest_key {
	uint8_t secret[DIGEST_SECRET_SIZE];
};

enum digest_nonce_state {
	DIGEST_NONCE_OK,
	DIGEST_NONCE_STALE,     /* ours, but older than the lifetime */
	DIGEST_NONCE_INVALID,   /* not ours (forged, garbled, from the future) */
};

void digest_key_init(struct digest_key *k);
void digest_nonce_make(const struct digest_key *k, uint64_t now_s,
		       char nonce[DIGEST_NONCE_SIZE]);
enum digest_nonce_state digest_nonce_check(const struct digest_key *k,
					   const struct pl *nonce,
					   uint64_t now_s,
					   uint32_t lifetime_s);
/* The issue time of a nonce digest_nonce_check has found valid. */
uint64_t digest_nonce_issued(const struct pl *nonce);
bool digest_response_ok(const struct httpauth_digest_resp *resp,
			const struct pl *method, const char *password);

#endif
