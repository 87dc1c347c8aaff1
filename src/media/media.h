/*
 * media.h — the SIP switch's media engine: one RTP endpoint per call leg,
 * a 20 ms clock that mixes named bridges (SW_HEAR / SW_SPEAK per leg),
 * generated tones a leg hears instead of its bridge, RFC 4733 DTMF both
 * ways and stereo WAV recording of a bridge. G.711 only (PCMU / PCMA);
 * legs with different laws transcode through linear PCM in the mixer.
 *
 * Objects are libre-style: *_alloc, freed with mem_deref. A leg keeps its
 * engine alive; freeing a leg takes it out of its bridge.
 */
#ifndef CALLCLOUD_MEDIA_H
#define CALLCLOUD_MEDIA_H

#include <stdbool.h>
#include <stdint.h>
#include "switch/switch.h"

struct sa;
struct media;   /* the engine: a 20 ms clock, bridges */
struct mleg;    /* one RTP endpoint (socket pair) of one call leg */

enum {
	MEDIA_PT_PCMU = 0,
	MEDIA_PT_PCMA = 8,
};

/* rtp_ip is the local address RTP binds to; ports come from
 * [port_min, port_max] (an even RTP port, RTCP on the next one). */
int  media_alloc(struct media **mp, const char *rtp_ip, uint16_t port_min,
		 uint16_t port_max);
int  mleg_alloc(struct mleg **lp, struct media *m);
uint16_t mleg_port(const struct mleg *l);
/* The peer and its codec after SDP negotiation: pt 0 (PCMU) or 8 (PCMA),
 * telev_pt the telephone-event payload type (96..127) or -1. Nothing is
 * sent before this; calling it again (re-INVITE) re-arms latching. */
int  mleg_set_remote(struct mleg *l, const struct sa *rtp, int pt,
		     int telev_pt);
/* Which channel of a bridge recording the leg goes to: customers (the
 * trunk side) left, everybody else (agents) right. Default: right. */
void mleg_set_customer(struct mleg *l, bool customer);

int  media_join(struct media *m, const char *bridge, struct mleg *l,
		unsigned flags);
int  media_leave(struct mleg *l);
int  media_play(struct mleg *l, enum sw_tone tone);
int  media_send_dtmf(struct mleg *l, const char *digits);
/* Records a bridge (created if need be) to an 8 kHz 16-bit stereo WAV;
 * path NULL stops and finalises the file. */
int  media_record(struct media *m, const char *bridge, const char *path);

/* RTP packets of every leg the engine has had, since it started. */
struct media_stats {
	uint64_t received;   /* from the legs' peers (after latching) */
	uint64_t sent;
	uint64_t lost;       /* sequence numbers the peers skipped */
	uint64_t srtp_dropped; /* WebRTC and SDES legs: packets that failed
				  SRTP authentication (or came before the
				  keys) */
};
void media_stats(const struct media *m, struct media_stats *out);

/* Called from the leg's socket handler, once per key press; it must not
 * free the leg (queue the digit and act on it from the main loop). */
typedef void (mleg_dtmf_h)(struct mleg *l, char digit, void *arg);
void mleg_set_dtmf_handler(struct mleg *l, mleg_dtmf_h *h, void *arg);

/* --- SDES legs (RTP/SAVP, RFC 4568): the SRTP keys are in the SDP ---
 * The engine still sees plain G.711, as with WebRTC legs below. */
enum {
	MEDIA_SRTP_KEY_SIZE = 30,  /* AES-128 key and 112-bit salt */
};
enum media_srtp {
	MEDIA_SRTP_SHA1_80,        /* AES_CM_128_HMAC_SHA1_80 */
	MEDIA_SRTP_SHA1_32,        /* AES_CM_128_HMAC_SHA1_32 */
};
/* The leg's RTP is SRTP from now on: tx our master key (what we send),
 * rx the far end's. Called again (a re-INVITE), a key that changed is
 * taken anew. Packets failing authentication are dropped and counted
 * (srtp_dropped). EINVAL on a WebRTC leg. */
int  mleg_sdes_keys(struct mleg *l, enum media_srtp suite, const uint8_t *tx,
		    const uint8_t *rx);
bool mleg_is_sdes(const struct mleg *l);

/* --- WebRTC legs (RTP/SAVPF): ICE-lite, DTLS-SRTP, rtcp-mux; webrtc.c ---
 * The engine still sees plain G.711: SRTP is undone on the leg's socket
 * before the RTP code reads a packet and done after it writes one. */

/* The DTLS certificate of every WebRTC leg: read from path (PEM, the
 * certificate and its key), or generated (self-signed, EC P-256) and
 * written there (mode 0600) when the file does not exist. */
int  media_set_certificate(struct media *m, const char *path);
/* "sha-256 AB:CD:...", the certificate's fingerprint for SDP; NULL when
 * no certificate is set (no WebRTC). */
const char *media_fingerprint(const struct media *m);

/* What the far end's SDP says about its WebRTC endpoint. */
struct mleg_webrtc_remote {
	const char *ice_ufrag;
	const char *ice_pwd;
	const char *fingerprint;   /* "sha-256 AB:CD:..." (or sha-1) */
	bool dtls_client;          /* we open DTLS: the far end is passive */
	int pt;                    /* PCMU or PCMA */
	int telev_pt;              /* 96..127 or -1 */
};

/* The leg becomes a WebRTC endpoint: ICE credentials are made and its
 * socket answers connectivity checks and takes DTLS from then on. */
int  mleg_webrtc_enable(struct mleg *l);
bool mleg_is_webrtc(const struct mleg *l);
const char *mleg_ice_ufrag(const struct mleg *l);
const char *mleg_ice_pwd(const struct mleg *l);
/* The far end's side; EINVAL for a credential or fingerprint that cannot
 * be used (the offer is refused). Once only: a later call with the same
 * ICE credentials changes nothing, with other ones is ENOTSUP (no ICE
 * restart). */
int  mleg_webrtc_remote(struct mleg *l, const struct mleg_webrtc_remote *r);
/* From now on ICE and DTLS have timeout_ms to complete. */
int  mleg_webrtc_start(struct mleg *l, uint32_t timeout_ms);

/* err 0: media flows (DTLS up, fingerprint checked, SRTP keyed); else the
 * leg's media failed for good (why says how, for the log). Called from
 * the leg's socket or timer: the handler must not free the leg. */
typedef void (mleg_webrtc_h)(struct mleg *l, int err, const char *why,
			     void *arg);
void mleg_set_webrtc_handler(struct mleg *l, mleg_webrtc_h *h, void *arg);

#endif
