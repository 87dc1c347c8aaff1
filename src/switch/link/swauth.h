/*
 * swauth.h — the shared secret of a switch node and its CTIs ([switch]
 * node_secret): each side proves it knows the secret by an HMAC over a
 * nonce the other side chose, so neither a stranger can drive the node
 * nor a fake node take a CTI's calls. The secret itself never crosses
 * the link. docs/switch-protocol.md "Authentication".
 */
#ifndef CALLCLOUD_SWAUTH_H
#define CALLCLOUD_SWAUTH_H

#include <stdbool.h>

enum {
	SWAUTH_NONCE_SIZE = 2 * 16 + 1,   /* hex of 16 random bytes */
	SWAUTH_PROOF_SIZE = 2 * 32 + 1,   /* hex of an HMAC-SHA256 */
};

void swauth_nonce(char nonce[SWAUTH_NONCE_SIZE]);
/* who: "node" or "cti", so that one side's proof is no use to the other */
int  swauth_proof(char proof[SWAUTH_PROOF_SIZE], const char *secret,
		  const char *who, const char *nonce);
bool swauth_check(const char *secret, const char *who, const char *nonce,
		  const char *proof);

#endif
