/*
 * ice.c — the ICE-lite side of a WebRTC leg (RFC 8445 section 2.5): our
 * only candidate is the host address of the leg's socket and we never
 * check, we answer. A STUN Binding request on the socket is checked (its
 * FINGERPRINT, USERNAME "<our ufrag>:<theirs>", MESSAGE-INTEGRITY with our
 * ice-pwd, PRIORITY, the far end controlling) and answered with its
 * mapped address; the source of an authenticated check is a peer DTLS may
 * come from, and the first one (or the nominated one, USE-CANDIDATE)
 * lets the switch open DTLS when it is the DTLS client.
 *
 * libre 1.1's icem is not used here: in lite mode it answers checks but
 * tells nothing about them (no completion, no nomination) and logs a
 * warning on stderr for each one (docs/decisions.md).
 */
#include <string.h>
#include "media/media_int.h"

/* the lowest helper: a packet goes up the layers, STUN stops here */
enum { ICE_LAYER = 10 };

static void reply_error(struct mwebrtc *w, struct udp_sock *us,
			const struct sa *src, const struct stun_msg *req,
			uint16_t scode, const char *reason)
{
	(void)stun_ereply(IPPROTO_UDP, us, src, 0, req, scode, reason,
			  (const uint8_t *)w->lpwd, strlen(w->lpwd), true, 0);
}

/* "<our ufrag>:<theirs>", theirs checked once the far end's SDP is in. */
static bool username_ok(const struct mwebrtc *w, const struct stun_msg *msg)
{
	const struct stun_attr *a = stun_msg_attr(msg, STUN_ATTR_USERNAME);
	struct pl lu, ru;

	if (!a || re_regex(a->v.username, strlen(a->v.username),
			   "[^:]+:[^]+", &lu, &ru))
		return false;
	if (pl_strcmp(&lu, w->lufrag))
		return false;
	return !w->rufrag || !pl_strcmp(&ru, w->rufrag);
}

static void check_recv(struct mwebrtc *w, struct udp_sock *us,
		       const struct sa *src, const struct stun_msg *msg)
{
	int err;

	/* RFC 8489: a bad FINGERPRINT is dropped without an answer */
	if (stun_msg_chk_fingerprint(msg))
		return;
	/* EBADMSG: the integrity is wrong; other errors: it is missing */
	err = stun_msg_chk_mi(msg, (const uint8_t *)w->lpwd,
			      strlen(w->lpwd));
	if (err == EBADMSG || (!err && !username_ok(w, msg))) {
		reply_error(w, us, src, msg, 401, "Unauthorized");
		return;
	}
	if (err || !stun_msg_attr(msg, STUN_ATTR_PRIORITY)) {
		reply_error(w, us, src, msg, 400, "Bad Request");
		return;
	}
	/* A lite agent is always controlled (RFC 8445 section 6.1.1). */
	if (!stun_msg_attr(msg, STUN_ATTR_CONTROLLING)) {
		reply_error(w, us, src, msg, 487, "Role Conflict");
		return;
	}
	(void)stun_reply(IPPROTO_UDP, us, src, 0, msg,
			 (const uint8_t *)w->lpwd, strlen(w->lpwd), true, 1,
			 STUN_ATTR_XOR_MAPPED_ADDR, src);
	webrtc_checked(w, src);
}

static bool ice_recv(struct sa *src, struct mbuf *mb, void *arg)
{
	struct mwebrtc *w = arg;
	struct stun_msg *msg = NULL;
	struct stun_unknown_attr ua;
	const size_t start = mb->pos;

	if (mbuf_get_left(mb) < STUN_HEADER_SIZE || mbuf_buf(mb)[0] > 3)
		return false;
	/* Anything else starting like STUN is nobody's: dropped. */
	if (!stun_msg_decode(&msg, mb, &ua) &&
	    stun_msg_method(msg) == STUN_METHOD_BINDING &&
	    stun_msg_class(msg) == STUN_CLASS_REQUEST)
		check_recv(w, rtp_sock(w->l->rtp), src, msg);
	mem_deref(msg);
	mb->pos = start;
	return true;
}

int ice_lite_attach(struct mwebrtc *w, struct udp_sock *us)
{
	/* RFC 8839: ufrag at least 4, pwd at least 22 ice-chars */
	rand_str(w->lufrag, sizeof(w->lufrag));
	rand_str(w->lpwd, sizeof(w->lpwd));
	return udp_register_helper(&w->ice_uh, us, ICE_LAYER, NULL, ice_recv,
				   w);
}
