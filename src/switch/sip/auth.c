/*
 * auth.c — the server side of digest authentication, for a phone's
 * REGISTER and a trunk's INVITE alike: the 401 challenge, and judging the
 * Authorization header the client answers with.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include "log.h"
#include "registrar_int.h"

/* What checking a request's credentials concluded. */
enum auth_result {
	AUTH_OK,
	AUTH_CHALLENGE,         /* none for our realm, or a nonce not ours */
	AUTH_STALE,             /* right once, but the nonce has expired
				   or this nonce count was used before */
	AUTH_FORBIDDEN,         /* wrong password or another user's name */
	AUTH_MALFORMED,
};

struct find_ctx {
	const struct registrar *r;
	struct httpauth_digest_resp resp;
	bool malformed;
};

/* Picks the credentials meant for our realm among any others. */
static bool find_realm(const struct sip_hdr *hdr, const struct sip_msg *msg,
		       void *arg)
{
	struct find_ctx *ctx = arg;
	struct httpauth_digest_resp resp;
	static const char digest[] = "Digest ";
	(void)msg;

	/* another scheme is no answer to our challenge, so not an error */
	if (hdr->val.l < sizeof(digest) - 1 ||
	    strncasecmp(hdr->val.p, digest, sizeof(digest) - 1))
		return false;
	if (httpauth_digest_response_decode(&resp, &hdr->val)) {
		ctx->malformed = true;
		return false;
	}
	if (pl_strcmp(&resp.realm, ctx->r->realm))
		return false;
	ctx->resp = resp;
	return true;
}

static uint64_t now_s(void)
{
	return tmr_jiffies() / 1000;
}

static enum auth_result auth_check(struct registrar *r,
				   const struct sip_msg *msg, const char *dn,
				   const char *password)
{
	struct find_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.r = r;
	if (!sip_msg_hdr_apply(msg, true, SIP_HDR_AUTHORIZATION, find_realm,
			       &ctx))
		return ctx.malformed ? AUTH_MALFORMED : AUTH_CHALLENGE;

	switch (digest_nonce_check(&r->key, &ctx.resp.nonce, now_s(),
				   REGISTRAR_NONCE_LIFETIME)) {
	case DIGEST_NONCE_OK:
		break;
	case DIGEST_NONCE_STALE:
		return AUTH_STALE;
	default:
		return AUTH_CHALLENGE;
	}
	/* A phone may only register its own DN (RFC 3261 section 10.3). */
	if (pl_strcmp(&ctx.resp.username, dn))
		return AUTH_FORBIDDEN;
	if (!digest_response_ok(&ctx.resp, &msg->met, password))
		return AUTH_FORBIDDEN;
	/* Without qop there is no nonce count (RFC 2069 style): nothing to
	 * tell a replay by. A replayed count was computed with the right
	 * password, so it is told to take a new nonce like a stale one;
	 * without memory to record it the same answer fails closed. */
	if (!pl_isset(&ctx.resp.qop))
		return AUTH_OK;
	switch (replay_check(r, dn, &ctx.resp.nonce, &ctx.resp.nc, now_s())) {
	case 0:
		return AUTH_OK;
	case EBADMSG:
		return AUTH_MALFORMED;
	default:
		return AUTH_STALE;
	}
}

static int auth_challenge(struct registrar *r, const struct sip_msg *msg,
			  bool stale)
{
	char nonce[DIGEST_NONCE_SIZE];

	digest_nonce_make(&r->key, now_s(), nonce);
	return sip_treplyf(NULL, NULL, r->sip, msg, false, 401,
			   "Unauthorized",
			   "WWW-Authenticate: Digest realm=\"%s\", "
			   "nonce=\"%s\", qop=\"auth\", algorithm=MD5%s\r\n"
			   "Content-Length: 0\r\n\r\n",
			   r->realm, nonce, stale ? ", stale=true" : "");
}

int registrar_authenticate(struct registrar *r, const struct sip_msg *msg,
			   const char *user, const char *password)
{
	switch (auth_check(r, msg, user, password)) {
	case AUTH_OK:
		return 0;
	case AUTH_CHALLENGE:
		(void)auth_challenge(r, msg, false);
		break;
	case AUTH_STALE:
		(void)auth_challenge(r, msg, true);
		break;
	case AUTH_FORBIDDEN:
		log_trace("sip: bad credentials for %s", user);
		(void)sip_treply(NULL, r->sip, msg, 403, "Forbidden");
		break;
	case AUTH_MALFORMED:
		(void)sip_treply(NULL, r->sip, msg, 400,
				 "Malformed Authorization");
		break;
	}
	return EACCES;
}
