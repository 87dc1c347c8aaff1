/*
 * sip_switch.h — the SIP backend of switch.h: a back-to-back user agent
 * whose media is anchored in the media engine. Phones register with the
 * registrar on the same SIP stack (UDP and TCP, TLS on tls_port, and
 * WebSocket for browser phones: /sip on the HTTP port, and ws_port); customers arrive from the
 * trunk as INVITEs; outside numbers leave through the trunk's gateway.
 *
 * Inbound INVITEs are taken from the trunks (trunk_address) and from
 * registered phones (their REGISTER's source address); from any other
 * source only with digest credentials trunk_user / trunk_password when
 * they are set (401 challenge), else 403 Forbidden.
 */
#ifndef CALLCLOUD_SIP_SWITCH_H
#define CALLCLOUD_SIP_SWITCH_H

#include <stdint.h>
#include "switch/switch.h"
#include "switch/sw_share.h"

struct sa;
struct api;
struct http_conn;
struct http_msg;

enum { SIP_SWITCH_TRUNKS_MAX = 16 };   /* addresses in trunk_address */

struct sip_switch_conf {
	const char *listen;        /* local IP for SIP and RTP */
	uint16_t sip_port;         /* UDP and TCP; 0: any free ports */
	uint16_t rtp_port_min;
	uint16_t rtp_port_max;
	const char *realm;         /* digest realm of the registrar */
	const char *trunk_address; /* the trunks' IPs, comma-separated (may
				      be NULL or "": no trunk) */
	const char *gateway;       /* SIP URI outside numbers go to, e.g.
				      "sip:10.0.0.9:5060" (may be NULL/"") */
	const char *trunk_user;     /* digest credentials a trunk calling from
				       another address may use (NULL/"":
				       none) */
	const char *trunk_password;
	uint32_t options_interval; /* s between OPTIONS pings to registered
				      phones; 0: none */
	bool ws;                   /* SIP over WebSocket (RFC 7118) ... */
	uint16_t ws_port;          /* ... on its own port (0: any free) */
	const char *media_address; /* the address our SDP and ICE candidates
				      give (NULL/"": listen, or the host's
				      default source address) */
	const char *dtls_cert;     /* PEM file of the WebRTC DTLS certificate,
				      generated when missing (NULL/"": no
				      WebRTC, RTP/SAVPF offers get 488) */
	struct tls *tls;           /* SIP over TLS: the context (main.c) ... */
	int tls_port;              /* ... and its port; -1 off, 0 any free */
	uint32_t webrtc_timeout_ms; /* ICE + DTLS of a WebRTC leg must be done
				       within; 0: 10 s */
	uint32_t ws_grace_ms;      /* a browser whose WebSocket drops may
				      come back within, keeping its calls
				      and registration; 0: not at all */
	sw_secret_h *secreth;      /* the phones' SIP passwords */
	void *secret_arg;
	const struct sw_share *share; /* the registrations shared with the
					 other nodes (sw_share.h); NULL:
					 none */
	uint32_t flood_rate;       /* REGISTER + INVITE a second from one
				      address, past the burst: 503 (0:
				      no limit) */
	uint32_t flood_burst;
	uint32_t max_legs;         /* legs at once: a new INVITE gets 503,
				      an originate fails, past it (0: no
				      limit but the RTP ports) */
};

int sip_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
		     const struct sip_switch_conf *conf);

/* The address SIP listens on over UDP (tests and logs). */
int sip_switch_laddr(struct sw *sw, struct sa *sa);
/* The SIP over TLS listener's address; ENOENT when there is none. */
int sip_switch_tls_laddr(struct sw *sw, struct sa *sa);
/* The WebSocket listener's address; ENOENT when there is none. */
int sip_switch_ws_laddr(struct sw *sw, struct sa *sa);
/* SIP over WebSocket at /sip on the api's HTTP port as well; before
 * api_start() (sip_http.c). */
int sip_switch_http_register(struct api *api, struct sw *sw);
/* What /sip runs: a WebSocket upgrade (arg: the switch's sw). */
void sip_switch_ws_request(struct http_conn *hc, const struct http_msg *msg,
			   void *arg);
struct registrar *sip_switch_registrar(struct sw *sw);

#endif
