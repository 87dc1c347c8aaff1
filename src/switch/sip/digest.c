/*
 * digest.c — nonces that need no server state, and checking a digest
 * response (RFC 2617 section 3.2.2, RFC 7616 section 3.4.1) against the
 * phone's SIP password.
 */
#include <ctype.h>
#include <string.h>
#include <re.h>
#include "digest.h"

/* A nonce is its head (hex issue time, hex random salt) and a MAC of it. */
enum {
	HEX_MD5_SIZE = 2 * MD5_SIZE + 1,
	TIME_HEX_LEN = 16,
	HEAD_LEN = TIME_HEX_LEN + 16,
};

static void mac_of(const struct digest_key *k, const char *head,
		   char out[HEX_MD5_SIZE])
{
	uint8_t md[MD5_SIZE];

	(void)md5_printf(md, "%w:%s", k->secret, sizeof(k->secret), head);
	(void)re_snprintf(out, HEX_MD5_SIZE, "%w", md, sizeof(md));
}

void digest_key_init(struct digest_key *k)
{
	rand_bytes(k->secret, sizeof(k->secret));
}

void digest_nonce_make(const struct digest_key *k, uint64_t now_s,
		       char nonce[DIGEST_NONCE_SIZE])
{
	char head[HEAD_LEN + 1];
	char mac[HEX_MD5_SIZE];

	(void)re_snprintf(head, sizeof(head), "%016llx%016llx",
			  (unsigned long long)now_s,
			  (unsigned long long)rand_u64());
	mac_of(k, head, mac);
	(void)re_snprintf(nonce, DIGEST_NONCE_SIZE, "%s%s", head, mac);
}

/* Compares every byte, so timing does not reveal how much matched. */
static bool same_hex(const char *a, const char *b, size_t n)
{
	unsigned diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned)(tolower((unsigned char)a[i]) ^
				   tolower((unsigned char)b[i]));
	return diff == 0;
}

uint64_t digest_nonce_issued(const struct pl *nonce)
{
	struct pl tpl;

	tpl.p = nonce->p;
	tpl.l = TIME_HEX_LEN;
	return pl_x64(&tpl);
}

enum digest_nonce_state digest_nonce_check(const struct digest_key *k,
					   const struct pl *nonce,
					   uint64_t now_s,
					   uint32_t lifetime_s)
{
	char head[HEAD_LEN + 1];
	char mac[HEX_MD5_SIZE];
	uint64_t issued;

	if (!nonce || nonce->l != DIGEST_NONCE_LEN)
		return DIGEST_NONCE_INVALID;
	for (size_t i = 0; i < nonce->l; i++) {
		if (!isxdigit((unsigned char)nonce->p[i]))
			return DIGEST_NONCE_INVALID;
	}
	memcpy(head, nonce->p, HEAD_LEN);
	head[HEAD_LEN] = '\0';
	mac_of(k, head, mac);
	if (!same_hex(mac, nonce->p + HEAD_LEN, HEX_MD5_SIZE - 1))
		return DIGEST_NONCE_INVALID;
	issued = digest_nonce_issued(nonce);
	if (issued > now_s)
		return DIGEST_NONCE_INVALID;
	return now_s - issued > lifetime_s ? DIGEST_NONCE_STALE
					   : DIGEST_NONCE_OK;
}

static void md5_hex(char out[HEX_MD5_SIZE], const uint8_t md[MD5_SIZE])
{
	(void)re_snprintf(out, HEX_MD5_SIZE, "%w", md, (size_t)MD5_SIZE);
}

bool digest_response_ok(const struct httpauth_digest_resp *resp,
			const struct pl *method, const char *password)
{
	uint8_t md[MD5_SIZE];
	char ha1[HEX_MD5_SIZE], ha2[HEX_MD5_SIZE], want[HEX_MD5_SIZE];
	int err;

	if (!resp || !method || !password ||
	    resp->response.l != HEX_MD5_SIZE - 1)
		return false;

	err = md5_printf(md, "%r:%r:%s", &resp->username, &resp->realm,
			 password);
	md5_hex(ha1, md);
	err |= md5_printf(md, "%r:%r", method, &resp->uri);
	md5_hex(ha2, md);

	if (pl_isset(&resp->qop)) {
		/* qop=auth-int is never offered, so only auth is valid */
		if (pl_strcasecmp(&resp->qop, "auth") ||
		    !pl_isset(&resp->nc) || !pl_isset(&resp->cnonce))
			return false;
		err |= md5_printf(md, "%s:%r:%r:%r:%r:%s", ha1, &resp->nonce,
				  &resp->nc, &resp->cnonce, &resp->qop, ha2);
	}
	else {
		err |= md5_printf(md, "%s:%r:%s", ha1, &resp->nonce, ha2);
	}
	if (err)
		return false;
	md5_hex(want, md);
	return same_hex(want, resp->response.p, HEX_MD5_SIZE - 1);
}
