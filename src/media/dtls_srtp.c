/*
 * dtls_srtp.c — DTLS-SRTP (RFC 5763, 5764) on a WebRTC leg's socket: the
 * DTLS handshake with the far end (we are the server when it is active,
 * the client when it is passive), its certificate checked against the
 * a=fingerprint of its SDP, then SRTP keys from the handshake. The SRTP
 * helper is the highest on the socket (libre hands a packet up the layers
 * and sends one down them): it decrypts what reaches the RTP code and
 * encrypts what leaves it, and drops everything else, so the media engine
 * only ever sees authenticated plain RTP.
 */
#include <string.h>
#include "media/media_int.h"

enum {
	DTLS_LAYER = 20,
	SRTP_LAYER = 30,           /* last on receive, first on send */
	SRTP_KEY_SIZE = 30,        /* AES-128 key + 112-bit salt */
};

/* RFC 5764 section 4.1.2: what we offer in use_srtp */
static const char srtp_profiles[] =
	"SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32";

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
	struct mwebrtc *w = arg;
	(void)dst;

	if (!is_rtp(mb))
		return false;          /* STUN answers, DTLS records */
	/* nothing leaves in the clear: no keys, no packet */
	if (!w->tx) {
		*err = ENOTCONN;
		return true;
	}
	*err = srtp_encrypt(w->tx, mb);
	return *err != 0;
}

/* RTCP is authenticated by nobody and dropped: the engine uses none. */
static bool srtp_recv(struct sa *src, struct mbuf *mb, void *arg)
{
	struct mwebrtc *w = arg;
	(void)src;

	if (is_rtp(mb) && is_rtcp(mb))
		return true;
	if (is_rtp(mb) && w->rx && !srtp_decrypt(w->rx, mb)) {
		webrtc_heard(w);
		return false;
	}
	w->l->m->stats.srtp_dropped++;
	return true;
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "sha-256 AB:CD:..." (RFC 8122 section 5); sha-1 is still legal. */
int dtls_srtp_fp_decode(struct mwebrtc *w, const char *attr)
{
	struct pl alg, hex;
	size_t n, want;

	if (!attr || re_regex(attr, strlen(attr), "[^ ]+ [0-9A-Fa-f:]+", &alg,
			      &hex))
		return EINVAL;
	if (!pl_strcasecmp(&alg, "sha-256")) {
		w->fp_type = TLS_FINGERPRINT_SHA256;
		want = 32;
	}
	else if (!pl_strcasecmp(&alg, "sha-1")) {
		w->fp_type = TLS_FINGERPRINT_SHA1;
		want = 20;
	}
	else {
		return EINVAL;
	}
	if (hex.l != 3 * want - 1 || hex.p + hex.l != attr + strlen(attr))
		return EINVAL;
	for (n = 0; n < want; n++) {
		const char *p = hex.p + 3 * n;
		int hi = hex_nibble(p[0]), lo = hex_nibble(p[1]);

		if (hi < 0 || lo < 0 || (n + 1 < want && p[2] != ':'))
			return EINVAL;
		w->fp[n] = (uint8_t)(hi << 4 | lo);
	}
	w->fp_len = want;
	return 0;
}

static int keys_set(struct mwebrtc *w)
{
	uint8_t cli[SRTP_KEY_SIZE], srv[SRTP_KEY_SIZE];
	enum srtp_suite suite;
	int err;

	err = tls_srtp_keyinfo(w->tc, &suite, cli, sizeof(cli), srv,
			       sizeof(srv));
	if (err)
		return err;
	/* the client's key protects what the client sends */
	err = srtp_alloc(&w->tx, suite, w->dtls_client ? cli : srv,
			 SRTP_KEY_SIZE, 0);
	err = err ? err : srtp_alloc(&w->rx, suite, w->dtls_client ? srv : cli,
				     SRTP_KEY_SIZE, 0);
	return err;
}

static void estab_h(void *arg)
{
	struct mwebrtc *w = arg;
	uint8_t md[WEBRTC_FP_MAX];

	if (tls_peer_fingerprint(w->tc, w->fp_type, md, w->fp_len) ||
	    memcmp(md, w->fp, w->fp_len)) {
		webrtc_fail(w, EACCES, "the DTLS certificate does not match "
			    "the SDP fingerprint");
		return;
	}
	if (keys_set(w)) {
		webrtc_fail(w, EPROTO, "no SRTP keys from the DTLS handshake");
		return;
	}
	webrtc_up(w, dtls_peer(w->tc));
}

/* Application data over DTLS would be a data channel: none offered. */
static void recv_h(struct mbuf *mb, void *arg)
{
	(void)mb;
	(void)arg;
}

static void close_h(int err, void *arg)
{
	struct mwebrtc *w = arg;

	webrtc_fail(w, err ? err : ECONNRESET,
		    w->up ? "the far end closed DTLS"
			  : "the DTLS handshake failed");
}

bool dtls_srtp_checked(const struct mwebrtc *w, const struct sa *src)
{
	for (size_t i = 0; i < w->npeers; i++)
		if (sa_cmp(&w->peers[i], src, SA_ALL))
			return true;
	return false;
}

/* A ClientHello: taken only from an address that passed an ICE check
 * (RFC 8445 section 11: media only on checked pairs), only once, and
 * only when we are the server. */
static void conn_h(const struct sa *peer, void *arg)
{
	struct mwebrtc *w = arg;
	int err;

	if (w->tc || w->dtls_client || !w->started || w->failed ||
	    !dtls_srtp_checked(w, peer))
		return;
	err = dtls_accept(&w->tc, w->l->m->tls, w->dtls, estab_h, recv_h,
			  close_h, w);
	if (err)
		webrtc_fail(w, err, "cannot accept DTLS");
}

int dtls_srtp_connect(struct mwebrtc *w, const struct sa *peer)
{
	return dtls_connect(&w->tc, w->l->m->tls, w->dtls, peer, estab_h,
			    recv_h, close_h, w);
}

int dtls_srtp_attach(struct mwebrtc *w, struct udp_sock *us)
{
	int err = dtls_listen(&w->dtls, NULL, us, 2, DTLS_LAYER, conn_h, w);

	return err ? err : udp_register_helper(&w->srtp_uh, us, SRTP_LAYER,
					       srtp_send, srtp_recv, w);
}

/* The engine's context: our certificate, the SRTP profiles, and the far
 * end's certificate asked for (it is checked by fingerprint, not by a
 * CA: verify_client accepts any). */
int dtls_srtp_context(struct tls **tlsp, const char *pem, size_t len)
{
	struct tls *tls = NULL;
	int err = tls_alloc(&tls, TLS_METHOD_DTLS, NULL, NULL);

	err = err ? err : tls_set_certificate(tls, pem, len);
	err = err ? err : tls_set_srtp(tls, srtp_profiles);
	if (err) {
		mem_deref(tls);
		return err;
	}
	tls_set_verify_client(tls);
	*tlsp = tls;
	return 0;
}
