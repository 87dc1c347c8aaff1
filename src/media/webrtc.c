/*
 * webrtc.c — a WebRTC leg's life: made WebRTC (ICE credentials, the
 * helpers on its socket), given the far end's SDP side, started with a
 * time limit; up when DTLS is done and the fingerprint matched (then the
 * leg's RTP goes to the DTLS peer, through SRTP), failed otherwise. The
 * owner hears either once. Once up, a far end that sends neither ICE
 * checks nor SRTP for three times the set-up time has gone (RFC 7675's
 * consent: browsers check every few seconds, on hold too).
 */
#include <string.h>
#include "media/media_int.h"

static void wr_destructor(void *arg)
{
	struct mwebrtc *w = arg;

	tmr_cancel(&w->tmr);
	/* the connection before its socket, the helpers with the socket */
	mem_deref(w->tc);
	mem_deref(w->dtls);
	mem_deref(w->ice_uh);
	mem_deref(w->srtp);
	mem_deref(w->rufrag);
	mem_deref(w->rpwd);
}

int mleg_webrtc_enable(struct mleg *l)
{
	struct udp_sock *us;
	struct mwebrtc *w;
	int err;

	if (!l)
		return EINVAL;
	if (l->wr)
		return 0;
	if (!l->m->tls)
		return ENOTSUP;
	w = mem_zalloc(sizeof(*w), wr_destructor);
	if (!w)
		return ENOMEM;
	w->l = l;
	w->pt = -1;
	w->telev_pt = -1;
	tmr_init(&w->tmr);
	us = rtp_sock(l->rtp);
	err = ice_lite_attach(w, us);
	err = err ? err : dtls_srtp_attach(w, us);
	if (err) {
		mem_deref(w);
		return err;
	}
	l->wr = w;
	return 0;
}

bool mleg_is_webrtc(const struct mleg *l)
{
	return l && l->wr;
}

const char *mleg_ice_ufrag(const struct mleg *l)
{
	return l && l->wr ? l->wr->lufrag : NULL;
}

const char *mleg_ice_pwd(const struct mleg *l)
{
	return l && l->wr ? l->wr->lpwd : NULL;
}

/* ice-char (RFC 8839): ALPHA / DIGIT / "+" / "/" */
static bool ice_chars(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n < min || n > max)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '+' || *s == '/'))
			return false;
	return true;
}

int mleg_webrtc_remote(struct mleg *l, const struct mleg_webrtc_remote *r)
{
	struct mwebrtc *w = l ? l->wr : NULL;
	int err;

	if (!w || !r)
		return EINVAL;
	if (!ice_chars(r->ice_ufrag, 4, WEBRTC_UFRAG_MAX) ||
	    !ice_chars(r->ice_pwd, 22, WEBRTC_UFRAG_MAX))
		return EINVAL;
	if (r->pt != MEDIA_PT_PCMU && r->pt != MEDIA_PT_PCMA)
		return ENOTSUP;
	if (r->telev_pt != -1 && (r->telev_pt < 96 || r->telev_pt > 127))
		return EINVAL;
	if (w->rufrag) {
		/* a re-offer: the same session, or an ICE restart */
		if (strcmp(w->rufrag, r->ice_ufrag) ||
		    strcmp(w->rpwd, r->ice_pwd))
			return ENOTSUP;
		return 0;
	}
	err = dtls_srtp_fp_decode(w, r->fingerprint);
	err = err ? err : str_dup(&w->rufrag, r->ice_ufrag);
	err = err ? err : str_dup(&w->rpwd, r->ice_pwd);
	if (err) {
		w->rufrag = mem_deref(w->rufrag);
		w->rpwd = mem_deref(w->rpwd);
		return err == ENOMEM ? err : EINVAL;
	}
	w->dtls_client = r->dtls_client;
	w->pt = r->pt;
	w->telev_pt = r->telev_pt;
	/* known now: digits sent before the media is up wait in the leg's
	 * queue (nothing is sent before mleg_set_remote) */
	l->pt = r->pt;
	l->telev_pt = r->telev_pt;
	return 0;
}

static void timeout_h(void *arg)
{
	struct mwebrtc *w = arg;

	webrtc_fail(w, ETIMEDOUT, w->npeers ?
		    "the DTLS handshake did not complete in time" :
		    "ICE connectivity checks did not complete in time");
}

int mleg_webrtc_start(struct mleg *l, uint32_t timeout_ms)
{
	struct mwebrtc *w = l ? l->wr : NULL;

	if (!w || !w->rufrag || !timeout_ms || timeout_ms > UINT32_MAX / 3)
		return EINVAL;
	if (w->started)
		return 0;
	w->started = true;
	w->consent_ms = 3 * timeout_ms;
	tmr_start(&w->tmr, timeout_ms, timeout_h, w);
	/* checks answered before the start (the far end is quick) */
	if (w->dtls_client && w->npeers && !w->tc) {
		int err = dtls_srtp_connect(w, &w->peers[0]);

		if (err)
			webrtc_fail(w, err, "cannot start DTLS");
	}
	return 0;
}

void mleg_set_webrtc_handler(struct mleg *l, mleg_webrtc_h *h, void *arg)
{
	if (!l || !l->wr)
		return;
	l->wr->h = h;
	l->wr->arg = arg;
}

void webrtc_heard(struct mwebrtc *w)
{
	w->heard = tmr_jiffies();
}

static void consent_h(void *arg)
{
	struct mwebrtc *w = arg;
	uint64_t quiet = tmr_jiffies() - w->heard;

	if (quiet >= w->consent_ms) {
		webrtc_fail(w, ETIMEDOUT, "the far end sent neither ICE checks "
			    "nor media for too long");
		return;
	}
	tmr_start(&w->tmr, w->consent_ms - quiet, consent_h, w);
}

/* An authenticated check from src (ice.c). */
void webrtc_checked(struct mwebrtc *w, const struct sa *src)
{
	int err;

	webrtc_heard(w);
	if (dtls_srtp_checked(w, src) || w->npeers == WEBRTC_PEERS_MAX)
		return;
	w->peers[w->npeers++] = *src;
	if (!w->dtls_client || !w->started || w->tc || w->failed)
		return;
	err = dtls_srtp_connect(w, src);
	if (err)
		webrtc_fail(w, err, "cannot start DTLS");
}

void webrtc_up(struct mwebrtc *w, const struct sa *peer)
{
	int err;

	if (w->up || w->failed)
		return;
	webrtc_heard(w);
	tmr_start(&w->tmr, w->consent_ms, consent_h, w);
	err = mleg_set_remote(w->l, peer, w->pt, w->telev_pt);
	if (err) {
		webrtc_fail(w, err, "cannot send media to the DTLS peer");
		return;
	}
	w->up = true;
	if (w->h)
		w->h(w->l, 0, "up", w->arg);
}

void webrtc_fail(struct mwebrtc *w, int err, const char *why)
{
	if (w->failed)
		return;
	w->failed = true;
	tmr_cancel(&w->tmr);
	/* no more media either way */
	msrtp_stop(w->srtp);
	w->l->remote_set = false;
	if (w->h)
		w->h(w->l, err, why, w->arg);
}
