/*
 * registrar.h — the SIP registrar (RFC 3261 section 10) of the SIP switch:
 * phones register their DN with digest authentication against the
 * directory's SIP passwords; the switch finds where to send a call to a DN
 * with registrar_lookup. It answers REGISTER and OPTIONS aimed at the server
 * itself and leaves every other request to the other listeners of the
 * same SIP stack (libre answers 501 when none takes it).
 */
#ifndef CALLCLOUD_SIP_REGISTRAR_H
#define CALLCLOUD_SIP_REGISTRAR_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include "switch/switch.h"

struct registrar;

enum {
	REGISTRAR_MAX_PER_DN = 5,       /* contacts one DN may register */
	REGISTRAR_MAX_TOTAL = 2000,     /* contacts over all DNs, default */
	REGISTRAR_MIN_EXPIRES = 60,     /* below: 423 Interval Too Brief */
	REGISTRAR_MAX_EXPIRES = 3600,   /* above: shortened to this */
	REGISTRAR_NONCE_LIFETIME = 300, /* seconds, then stale=true */
};

/* One registered contact of a DN. */
struct registrar_binding {
	const char *dn;
	const char *uri;        /* the Contact URI the phone registered */
	struct sa src;          /* where its REGISTER came from (behind NAT,
				   the address to reach it, not the URI's) */
	enum sip_transp tp;     /* the transport it registered over */
	uint64_t expires;       /* tmr_jiffies() at which it lapses */
};

/* A DN got its first contact (registered) or lost its last one. */
typedef void (registrar_h)(const char *dn, bool registered, void *arg);
/* A contact was made or refreshed (live), or removed: by the phone, its
 * expiry, an unanswered OPTIONS or its connection's end; not by the
 * registrar's own end (sip_share.c: a node that stops leaves the
 * bindings it shared to lapse). */
typedef void (registrar_binding_h)(const struct registrar_binding *b,
				   bool live, void *arg);

/* secreth: the directory REGISTERs are authenticated against */
int registrar_alloc(struct registrar **rp, struct sip *sip,
		    sw_secret_h *secreth, void *secret_arg, const char *realm);
void registrar_set_handler(struct registrar *r, registrar_h *h, void *arg);
void registrar_set_binding_handler(struct registrar *r,
				   registrar_binding_h *h, void *arg);
int registrar_set_expires(struct registrar *r, uint32_t min_s,
			  uint32_t max_s);
int registrar_set_max_total(struct registrar *r, uint32_t max_total);
/* Seconds between OPTIONS pings to each contact; 0 (the default): none. */
int registrar_set_options_interval(struct registrar *r, uint32_t seconds);
const struct registrar_binding *registrar_lookup(struct registrar *r,
						 const char *dn);
uint32_t registrar_count(const struct registrar *r);
/* "sip:<address>[;transport=tcp]", the next hop to a registered phone:
 * where its REGISTER came from, over the transport it came over. */
int registrar_route(const struct registrar_binding *b, char **route);
/* Digest authentication of another request (an INVITE from a trunk) as
 * user / password in the registrar's realm, with the same nonces and
 * replay check as REGISTER: 0 when it passes; otherwise the request has
 * been answered (401 challenge, 403, 400) and EACCES is returned. */
int registrar_authenticate(struct registrar *r, const struct sip_msg *msg,
			   const char *user, const char *password);
/* Whether some registered phone's REGISTER came from this IP address. */
bool registrar_has_source(const struct registrar *r, const struct sa *src);
/* ... from this very address and port (a connection's). */
bool registrar_has_flow(const struct registrar *r, const struct sa *src);
/* The connection from src is gone: its contacts are removed (the
 * handler hears of a DN left without any). */
void registrar_drop_flow(struct registrar *r, const struct sa *src);

#endif
