/*
 * media_int.h — the engine's state, shared by its files (media.c: bridges
 * and the clock; rtp.c: a leg's sockets; mixer.c: one 20 ms tick; dtmf.c:
 * RFC 4733; srtp_layer.c: SRTP). Not for use outside src/media/.
 */
#ifndef CALLCLOUD_MEDIA_INT_H
#define CALLCLOUD_MEDIA_INT_H

#include <re.h>
#include "media/media.h"
#include "media/wav.h"

#define MEDIA_PTIME 20                 /* ms per tick and per packet */
#define MEDIA_FRAME 160                /* samples per tick at 8 kHz */
/* What a leg buffers from its peer: enough to ride out the jitter of
 * a LAN or a loaded host, little enough to keep the delay low. */
#define MEDIA_JITTER_FRAMES 6
#define MEDIA_RING (MEDIA_FRAME * MEDIA_JITTER_FRAMES)

/* Where a peer's RTP sequence numbers stand (RFC 3550 A.1, without the
 * probation): for the loss count only, packets are played as they come. */
struct rtp_seq {
	bool started;
	uint32_t ssrc;
	uint16_t next;         /* the number expected next */
};

struct media {
	struct sa laddr;
	struct tls *tls;       /* WebRTC's DTLS context, NULL: no WebRTC */
	char fingerprint[8 + 3 * 32];
	uint16_t port_min;
	uint16_t port_max;
	struct list legs;      /* struct mleg, every leg of the engine */
	struct list bridges;   /* struct mbridge */
	struct tmr tmr;
	uint64_t next_tick;    /* jiffies the next tick is due at */
	struct media_stats stats;
};

struct mbridge {
	struct le le;
	struct media *m;
	char *name;
	struct list legs;      /* struct mleg */
	struct wavrec *rec;
};

struct mleg {
	struct le le;          /* in media.legs */
	struct le ble;         /* in mbridge.legs */
	struct media *m;
	struct mbridge *br;
	unsigned flags;
	bool customer;

	struct rtp_sock *rtp;
	struct sa remote;      /* where we send: signalled, then latched */
	bool remote_set;
	bool latched;
	int pt;
	int telev_pt;

	/* from the peer, decoded, waiting for the clock */
	int16_t ring[MEDIA_RING];
	size_t ring_head;
	size_t ring_len;
	bool playing;          /* being drained (false: filling up) */
	int16_t in[MEDIA_FRAME];   /* this tick's frame from the peer */

	/* to the peer */
	int16_t out[MEDIA_FRAME];
	bool out_ready;
	enum sw_tone tone;
	uint32_t tone_pos;
	uint32_t ts;           /* ours, advances every tick, sent or not */
	uint32_t ts_telev;     /* the timestamp of the event being sent */
	bool gap;              /* nothing sent last tick: mark the next */
	struct mbuf *txmb;     /* preallocated: no allocation per packet */

	struct telev *telev;
	mleg_dtmf_h *dtmfh;
	void *dtmf_arg;
	int rx_event;          /* the last event reported, -1 none */
	uint32_t rx_ts;        /* and its RTP timestamp */
	struct rtp_seq rx_seq;

	struct mwebrtc *wr;    /* NULL: plain RTP/AVP */
	struct msrtp *sdes;    /* SDES keys (RTP/SAVP); NULL: none */
};

/* SRTP on a leg's socket (srtp_layer.c), keyed by DTLS or SDES. */
enum { MSRTP_KEY_SIZE = MEDIA_SRTP_KEY_SIZE };

/* An authenticated packet arrived (a WebRTC leg's consent). */
typedef void (msrtp_heard_h)(void *arg);

struct msrtp {
	struct mleg *l;
	struct udp_helper *uh;
	struct srtp *tx;           /* NULL: nothing is sent */
	struct srtp *rx;           /* NULL: everything is dropped */
	enum srtp_suite suite;
	uint8_t tx_key[MSRTP_KEY_SIZE];
	uint8_t rx_key[MSRTP_KEY_SIZE];
	msrtp_heard_h *heardh;
	void *arg;
};

/* A WebRTC leg's ICE-lite, DTLS and SRTP state (webrtc.c, ice.c,
 * dtls_srtp.c). Its helpers sit on the leg's RTP socket and demultiplex
 * by the first byte (RFC 7983): STUN 0..3, DTLS 20..63, RTP 128..191. */
enum {
	WEBRTC_PEERS_MAX = 4,      /* addresses whose checks we answered */
	WEBRTC_UFRAG_MAX = 256,    /* RFC 8839: 4..256 ice-chars */
	WEBRTC_FP_MAX = 32,        /* SHA-256 */
};

struct mwebrtc {
	struct mleg *l;
	char lufrag[9];
	char lpwd[25];
	char *rufrag;
	char *rpwd;
	struct sa peers[WEBRTC_PEERS_MAX]; /* checked: DTLS may come from them */
	size_t npeers;
	struct udp_helper *ice_uh;
	struct dtls_sock *dtls;
	struct tls_conn *tc;
	bool dtls_client;
	enum tls_fingerprint fp_type;
	uint8_t fp[WEBRTC_FP_MAX];
	size_t fp_len;
	struct msrtp *srtp;
	struct tmr tmr;            /* ICE + DTLS must be done by then; once
				      up, the consent check */
	uint32_t consent_ms;       /* silence (no check, no SRTP) allowed */
	uint64_t heard;            /* jiffies of the last check or SRTP */
	int pt;
	int telev_pt;
	bool started;
	bool up;
	bool failed;
	mleg_webrtc_h *h;
	void *arg;
};

/* webrtc.c */
void webrtc_checked(struct mwebrtc *w, const struct sa *src);
void webrtc_heard(struct mwebrtc *w);
void webrtc_up(struct mwebrtc *w, const struct sa *peer);
void webrtc_fail(struct mwebrtc *w, int err, const char *why);

/* ice.c */
int  ice_lite_attach(struct mwebrtc *w, struct udp_sock *us);

/* dtls_srtp.c */
int  dtls_srtp_attach(struct mwebrtc *w, struct udp_sock *us);
int  dtls_srtp_fp_decode(struct mwebrtc *w, const char *attr);
int  dtls_srtp_connect(struct mwebrtc *w, const struct sa *peer);
bool dtls_srtp_checked(const struct mwebrtc *w, const struct sa *src);
int  dtls_srtp_context(struct tls **tlsp, const char *pem, size_t len);

/* srtp_layer.c */
int  msrtp_attach(struct msrtp **sp, struct mleg *l, msrtp_heard_h *h,
		  void *arg);
/* Master keys (key and salt, MSRTP_KEY_SIZE bytes each) for what we send
 * and what we take; a context whose key is unchanged is kept. */
int  msrtp_keys(struct msrtp *s, enum srtp_suite suite, const uint8_t *tx,
		const uint8_t *rx);
/* No more media either way. */
void msrtp_stop(struct msrtp *s);

/* rtp.c */
/* Takes a packet's SSRC and sequence number; returns how many packets
 * before it never came. */
uint32_t rtp_seq_update(struct rtp_seq *s, uint32_t ssrc, uint16_t seq);
void mleg_ring_pull(struct mleg *l);
void mleg_tx(struct mleg *l);
void mleg_send_telev(struct mleg *l, bool marker);

/* dtmf.c */
void mleg_dtmf_recv(struct mleg *l, uint32_t ts, struct mbuf *mb);
bool mleg_dtmf_poll(struct mleg *l);

/* mixer.c */
void media_mix(struct media *m);

/* media.c */
void mbridge_release(struct mbridge *br);

#endif
