/*
 * sip_int.h — what the files of the SIP switch share: the switch, its
 * legs (one SIP session and one media endpoint each) and its event queue.
 */
#ifndef CALLCLOUD_SIP_INT_H
#define CALLCLOUD_SIP_INT_H

#include <stdbool.h>
#include <re.h>
#include "media/media.h"
#include "switch/sip/registrar.h"
#include "switch/sip/sip_switch.h"
#include "srclimit.h"

enum {
	SIPSW_TIMEOUT_MS = 60000,  /* originate default when o->timeout_ms 0 */
	SIPSW_NAME_MAX = 64,
	SIPSW_HASH_SIZE = 4096,    /* buckets for transactions and sessions */
	SIPSW_TCP_HASH_SIZE = 256, /* buckets for TCP connections */
};

/* sipsess_reject writes the header block's end only if told to. */
#define REJECT_HDRS "Content-Length: 0\r\n\r\n"

struct sip_switch {
	struct sw sw;              /* first: switch.h's common head */
	struct sip *sip;
	struct sipsess_sock *sock;
	struct sip_lsnr *update_lsnr;
	struct registrar *reg;
	struct media *media;
	struct list legs;
	struct list events;
	struct tmr deliver_tmr;
	bool delivering;
	bool *alive;               /* outlives the switch: see deliver_h */
	sw_leg_t next_id;
	struct sa media_ip;        /* what our SDP carries */
	char *gateway;
	struct sa trunks[SIP_SWITCH_TRUNKS_MAX]; /* sources allowed to call in */
	size_t ntrunks;
	char *trunk_user;          /* NULL: no digest for trunks */
	char *trunk_password;
	struct sw_stats stats;     /* the SIP counts (sip_stats.c) */
	uint32_t webrtc_timeout_ms; /* for ICE + DTLS of a WebRTC leg */
	uint32_t ws_grace_ms;      /* a dropped browser's time to come back */
	struct http_sock *ws_sock; /* SIP over WebSocket (sip_ws.c), or NULL */
	struct sa ws_laddr;
	struct sa ws_target;       /* the stack's TCP listener: flows go there */
	struct list ws_conns;      /* browsers connected */
	struct tls *tls;           /* SIP over TLS's context, or NULL */
	uint16_t tls_port;         /* its port, once bound */
	struct sw_share share;     /* put NULL: registrations not shared */
	char node[SW_NODE_SIZE];   /* this node in the shared table */
	struct srclimit *flood;    /* REGISTER + INVITE by source (sip_flood);
				      NULL: no limit */
	struct sip_lsnr *flood_lsnr;
	uint32_t max_legs;         /* legs at once, past it none new; 0: no
				      limit */
};

struct sdes_crypto;

struct sip_leg {
	struct le le;              /* ss->legs */
	struct sip_switch *ss;
	sw_leg_t id;
	bool inbound;
	bool answered;             /* the SIP session is established */
	bool up;                   /* outbound: ANSWERED reported */
	bool alerted;
	bool webrtc;               /* RTP/SAVPF with ICE and DTLS-SRTP */
	bool sdes;                 /* RTP/SAVP, SRTP keyed by a=crypto */
	bool media_up;             /* WebRTC: DTLS done, SRTP keyed */
	bool ending;               /* sip_leg_end: going at the next turn */
	struct sipsess *sess;
	struct mleg *ml;
	struct sdp_session *sdp;
	struct sdp_media *sdpm;
	struct tmr tmr;            /* originate timeout; then sip_leg_end */
	struct sa flow;            /* a browser's: its WebSocket's flow */
	struct sdes_crypto *sdes_key; /* our SRTP key, once SDES is on */
};

/* sip_switch.c */
extern const struct switch_ops sip_switch_ops;
/* The switch behind sw; NULL when it is no SIP switch. */
struct sip_switch *sipsw_of(struct sw *sw);
void sipsw_post(struct sip_switch *ss, sw_leg_t leg, enum sw_event_type type,
		enum sw_cause cause);
/* Takes data (a sip_calldata_take block, may be NULL) whatever it returns. */
int  sipsw_post_incoming(struct sip_switch *ss, sw_leg_t leg,
			 const struct pl *call_id, const struct pl *ani,
			 const struct pl *dnis, struct sw_kv *data,
			 size_t ndata);
void sipsw_post_digits(struct sip_switch *ss, sw_leg_t leg, char digit);
void sipsw_forget_events(struct sip_switch *ss, sw_leg_t leg);
bool sipsw_source_allowed(const struct sip_switch *ss, const struct sa *src);
/* At most max bytes, all visible ASCII (an id, a key, a Call-ID). */
bool sipsw_printable(const struct pl *pl, size_t max);

/* sip_stats.c */
/* Counts one SIP message by its first line: request method or status
 * class, in (tx false) or out. */
void sipsw_count_msg(struct sw_stats *st, bool tx, const uint8_t *pkt,
		     size_t len);
/* libre's trace handler (arg: the switch). */
void sipsw_trace(bool tx, enum sip_transp tp, const struct sa *src,
		 const struct sa *dst, const uint8_t *pkt, size_t len,
		 void *arg);
void sipsw_stats(struct sip_switch *ss, struct sw_stats *out);

/* sip_flood.c */
/* Seconds a client refused over a limit is told to wait (503). */
enum { SIP_FLOOD_RETRY_AFTER_S = 5 };
/* The limiter's listener: first on the stack, before the registrar. */
int  sip_flood_listen(struct sip_switch *ss,
		      const struct sip_switch_conf *conf);
/* 503 Service Unavailable with Retry-After, without a transaction. */
void sip_flood_busy(struct sip_switch *ss, const struct sip_msg *msg);
/* Are max_legs legs up? Then no new one is made. */
bool sip_flood_legs_full(const struct sip_switch *ss);

/* sip_leg.c */
/* What our offer is: plain RTP/AVP, RTP/SAVP with SDES (a phone on TLS)
 * or RTP/SAVPF (a browser phone). Any of them is answered. */
enum sip_leg_media {
	SIP_LEG_RTP,
	SIP_LEG_SDES,
	SIP_LEG_WEBRTC,
};
int  sip_leg_alloc(struct sip_leg **legp, struct sip_switch *ss,
		   bool inbound, enum sip_leg_media media);
struct sip_leg *sip_leg_find(const struct sip_switch *ss, sw_leg_t id);
/* Ends the leg from the main loop (its BYE or CANCEL goes), reported as
 * a hang-up, or as a failure when an outbound leg was never answered;
 * why goes to the log. Safe from the leg's own handlers. */
void sip_leg_end(struct sip_leg *leg, const char *why);

/* sip_sdp.c */
int  sip_sdp_offer(struct sip_leg *leg, struct mbuf **mbp);
int  sip_sdp_take(struct sip_leg *leg, const struct sip_msg *msg, bool offer,
		  struct mbuf **answerp);

/* sip_webrtc.c */
bool sip_webrtc_proto(const char *proto);
/* Our offer becomes a WebRTC one (DTLS actpass). */
int  sip_webrtc_offer(struct sip_leg *leg);
/* The far end's WebRTC side from the decoded SDP (an offer or the answer
 * to ours); EPROTONOSUPPORT when it cannot be used (no certificate of
 * ours, missing or bad ICE credentials or fingerprint). */
int  sip_webrtc_take(struct sip_leg *leg, bool offer, int pt, int telev_pt);
/* ICE and DTLS are timed from here (no-op for a plain leg). */
int  sip_webrtc_start(struct sip_leg *leg);

/* sip_sdes.c */
bool sip_sdes_proto(const char *proto);
/* Our offer gets a=crypto with a fresh key. */
int  sip_sdes_offer(struct sip_leg *leg);
/* The far end's a=crypto from the decoded SDP of msg (an offer, then our
 * answer's line is set, or the answer to ours); the leg's SRTP is keyed.
 * EPROTONOSUPPORT: no line we can use. */
int  sip_sdes_take(struct sip_leg *leg, const struct sip_msg *msg,
		   bool offer);

/* sip_ws.c */
int  sip_ws_init(struct sip_switch *ss);
int  sip_ws_listen(struct sip_switch *ss, const struct sa *laddr);
void sip_ws_close(struct sip_switch *ss);
/* Is src the flow of a browser's WebSocket connection? */
bool sip_ws_flow(const struct sip_switch *ss, const struct sa *src);

/* sip_flow.c */
/* A copy of msg, a request or response from a phone, whose Contact is
 * <sip:user@flow;transport=...>. EBADMSG without a usable Contact. */
int  sip_flow_copy(struct sip_msg **copyp, const struct sip_msg *msg);
/* Our in-dialog requests to a TLS phone go over its connection: the
 * dialog's target is set from msg, its 2xx (no-op on other transports). */
int  sip_flow_target(struct sip_leg *leg, const struct sip_msg *msg);

/* sip_calldata.c: X-CallData-<key> headers → one mem block of pairs;
 * EBADMSG when they break the call-data limits */
int  sip_calldata_take(const struct sip_msg *msg, struct sw_kv **kvp,
		       size_t *np);

/* sip_update.c */
int  sip_update_listen(struct sip_switch *ss);

/* sip_inbound.c */
void sip_inbound_conn(const struct sip_msg *msg, void *arg);
int  sip_inbound_answer(struct sip_leg *leg);

/* sip_share.c */
/* Shares the registrar's bindings from now on (share, when not NULL, is
 * copied); the node is named by the SIP address. */
int  sip_share_init(struct sip_switch *ss, const struct sw_share *share);
/* Where a call to dn goes when no phone of dn registered here: the
 * contact another node shared, through its route. ENOENT: none. */
int  sip_share_target(struct sip_switch *ss, const char *dn, char **to,
		      char **route);

/* sip_outbound.c */
int  sip_outbound_originate(struct sip_switch *ss, sw_leg_t *legp,
			    const struct sw_originate *o);

/* sip_session.c: the handlers every session of a leg shares */
int  sip_session_offer(struct mbuf **descp, const struct sip_msg *msg,
		       void *arg);
void sip_session_close(int err, const struct sip_msg *msg, void *arg);

#endif
