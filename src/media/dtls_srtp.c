/*
 * dtls_srtp.c — DTLS-SRTP (RFC 5763, 5764) on a WebRTC leg's socket: the
 * DTLS handshake with the far end (we are the server when it is active,
 * the client when it is passive), its certificate checked against the
 * a=fingerprint of its SDP, then SRTP keys from the handshake for the
 * leg's SRTP layer (srtp_layer.c).
 */
#include <string.h>
#include "media/media_int.h"

enum {
	DTLS_LAYER = 20,
};

/* RFC 5764 section 4.1.2: what we offer in use_srtp */
static const char srtp_profiles[] =
	"SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32";

static void heard_h(void *arg)
{
	webrtc_heard(arg);
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
	uint8_t cli[MSRTP_KEY_SIZE], srv[MSRTP_KEY_SIZE];
	enum srtp_suite suite;
	int err;

	err = tls_srtp_keyinfo(w->tc, &suite, cli, sizeof(cli), srv,
			       sizeof(srv));
	if (err)
		return err;
	/* the client's key protects what the client sends */
	return msrtp_keys(w->srtp, suite, w->dtls_client ? cli : srv,
			  w->dtls_client ? srv : cli);
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

	return err ? err : msrtp_attach(&w->srtp, w->l, heard_h, w);
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
