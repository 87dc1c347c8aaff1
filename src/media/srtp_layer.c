/*
 * srtp_layer.c — SRTP on a leg's RTP socket, however its keys were agreed:
 * by DTLS (WebRTC legs, dtls_srtp.c) or in the SDP (SDES, RFC 4568:
 * sdes.c). The helper is the highest on the socket (libre hands a packet
 * up the layers and sends one down them): it decrypts what reaches the
 * RTP code and encrypts what leaves it, and drops everything else, so the
 * media engine only ever sees authenticated plain RTP.
 */
#include <string.h>
#include "media/media_int.h"

enum { SRTP_LAYER = 30 };          /* last on receive, first on send */

static bool is_rtp(const struct mbuf *mb)
{
	return mbuf_get_left(mb) >= RTP_HEADER_SIZE &&
	       mbuf_buf(mb)[0] >= 128 && mbuf_buf(mb)[0] <= 191;
}

/* RFC 5761 section 4: RTCP packet types 192..223 put the second byte's
 * low seven bits in 64..95 */
static bool is_rtcp(const struct mbuf *mb)
{
	uint8_t pt = mbuf_buf(mb)[1] & 0x7f;

	return pt >= 64 && pt <= 95;
}

static bool srtp_send(int *err, struct sa *dst, struct mbuf *mb, void *arg)
{
	struct msrtp *s = arg;
	(void)dst;

	if (!is_rtp(mb))
		return false;          /* STUN answers, DTLS records */
	/* nothing leaves in the clear: no keys, no packet */
	if (!s->tx) {
		*err = ENOTCONN;
		return true;
	}
	*err = srtp_encrypt(s->tx, mb);
	return *err != 0;
}

/* RTCP is authenticated by nobody and dropped: the engine uses none. */
static bool srtp_recv(struct sa *src, struct mbuf *mb, void *arg)
{
	struct msrtp *s = arg;
	(void)src;

	if (is_rtp(mb) && is_rtcp(mb))
		return true;
	if (is_rtp(mb) && s->rx && !srtp_decrypt(s->rx, mb)) {
		if (s->heardh)
			s->heardh(s->arg);
		return false;
	}
	s->l->m->stats.srtp_dropped++;
	return true;
}

static void destructor(void *arg)
{
	struct msrtp *s = arg;

	mem_deref(s->uh);
	mem_deref(s->tx);
	mem_deref(s->rx);
}

int msrtp_attach(struct msrtp **sp, struct mleg *l, msrtp_heard_h *h,
		 void *arg)
{
	struct msrtp *s = mem_zalloc(sizeof(*s), destructor);
	int err;

	if (!s)
		return ENOMEM;
	s->l = l;
	s->heardh = h;
	s->arg = arg;
	err = udp_register_helper(&s->uh, rtp_sock(l->rtp), SRTP_LAYER,
				  srtp_send, srtp_recv, s);
	if (err) {
		mem_deref(s);
		return err;
	}
	*sp = s;
	return 0;
}

/* A context is made anew only for a key that changed: one that stays
 * keeps its rollover counter and replay window. */
static int key_set(struct srtp **ctx, uint8_t *have, enum srtp_suite suite,
		   const uint8_t *key)
{
	struct srtp *n = NULL;
	int err;

	if (*ctx && !memcmp(have, key, MSRTP_KEY_SIZE))
		return 0;
	err = srtp_alloc(&n, suite, key, MSRTP_KEY_SIZE, 0);
	if (err)
		return err;
	mem_deref(*ctx);
	*ctx = n;
	memcpy(have, key, MSRTP_KEY_SIZE);
	return 0;
}

int msrtp_keys(struct msrtp *s, enum srtp_suite suite, const uint8_t *tx,
	       const uint8_t *rx)
{
	int err;

	if (s->tx && suite != s->suite) {
		s->tx = mem_deref(s->tx);
		s->rx = mem_deref(s->rx);
	}
	s->suite = suite;
	err = key_set(&s->tx, s->tx_key, suite, tx);
	return err ? err : key_set(&s->rx, s->rx_key, suite, rx);
}

void msrtp_stop(struct msrtp *s)
{
	s->tx = mem_deref(s->tx);
	s->rx = mem_deref(s->rx);
}

int mleg_sdes_keys(struct mleg *l, enum media_srtp suite, const uint8_t *tx,
		   const uint8_t *rx)
{
	int err;

	if (!l || !tx || !rx || l->wr)
		return EINVAL;
	if (!l->sdes) {
		err = msrtp_attach(&l->sdes, l, NULL, NULL);
		if (err)
			return err;
	}
	return msrtp_keys(l->sdes, suite == MEDIA_SRTP_SHA1_32
				   ? SRTP_AES_CM_128_HMAC_SHA1_32
				   : SRTP_AES_CM_128_HMAC_SHA1_80, tx, rx);
}

bool mleg_is_sdes(const struct mleg *l)
{
	return l && l->sdes;
}
