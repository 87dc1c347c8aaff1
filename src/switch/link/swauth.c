/*
 * swauth.c — proofs of the node secret: HMAC-SHA256(secret, who ":"
 * nonce) in hex, compared in constant time.
 */
#include <errno.h>
#include <string.h>
#include <openssl/crypto.h>
#include "switch/link/swre.h"
#include <re_hmac.h>
#include <re_sys.h>
#include "switch/link/swauth.h"

static void hex(char *out, const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = 0;
}

void swauth_nonce(char nonce[SWAUTH_NONCE_SIZE])
{
	uint8_t b[(SWAUTH_NONCE_SIZE - 1) / 2];

	rand_bytes(b, sizeof(b));
	hex(nonce, b, sizeof(b));
}

int swauth_proof(char proof[SWAUTH_PROOF_SIZE], const char *secret,
		 const char *who, const char *nonce)
{
	uint8_t md[(SWAUTH_PROOF_SIZE - 1) / 2];
	char msg[16 + SWAUTH_NONCE_SIZE];
	struct hmac *h = NULL;
	int n, err;

	if (!secret || !*secret || !who || !nonce ||
	    strlen(nonce) != SWAUTH_NONCE_SIZE - 1)
		return EINVAL;
	n = re_snprintf(msg, sizeof(msg), "%s:%s", who, nonce);
	if (n < 0)
		return EINVAL;
	err = hmac_create(&h, HMAC_HASH_SHA256, (const uint8_t *)secret,
			  strlen(secret));
	err = err ? err : hmac_digest(h, md, sizeof(md), (uint8_t *)msg,
				      (size_t)n);
	mem_deref(h);
	if (!err)
		hex(proof, md, sizeof(md));
	return err;
}

bool swauth_check(const char *secret, const char *who, const char *nonce,
		  const char *proof)
{
	char want[SWAUTH_PROOF_SIZE];

	return proof && strlen(proof) == SWAUTH_PROOF_SIZE - 1 &&
		!swauth_proof(want, secret, who, nonce) &&
		!CRYPTO_memcmp(want, proof, SWAUTH_PROOF_SIZE - 1);
}
