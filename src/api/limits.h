/*
 * limits.h — the flood limits of the API's connections (limits.c): per
 * source address and in total, the request rate of each connection, the
 * time a connection may stay fresh. What session.c keeps of them.
 */
#ifndef CALLCLOUD_API_LIMITS_H
#define CALLCLOUD_API_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "srclimit.h"
/* struct tmr: re_tmr.h, which api_int.h includes first (libre's headers
 * have no include guards) */

/* Seconds a client refused over a limit is told to wait (503). */
enum { LIMITS_RETRY_AFTER_S = 5 };

struct api;
struct session;
struct sa;

/* What the limits refused or closed, by the [limits] key that did, for
 * /metrics: connections refused (conns_per_source, max_sessions) or
 * closed (signin_timeout, outq_max_bytes, http_header_timeout), requests
 * refused (rpc_rate). */
enum limit_kind {
	LIMIT_CONNS_PER_SOURCE, LIMIT_MAX_SESSIONS, LIMIT_RPC_RATE,
	LIMIT_SIGNIN_TIMEOUT, LIMIT_OUTQ_MAX_BYTES, LIMIT_HTTP_HEADER_TIMEOUT,
	LIMIT_KINDS
};

/* The API's tables: one a door, so /ws and the agent port each get
 * conns_per_source. */
struct api_lim {
	struct srclimit *agent;    /* the agent port */
	struct srclimit *ws;       /* /ws */
	uint32_t sessions;         /* both doors */
	uint64_t total_logged_ms;  /* the line of max_sessions */
	uint64_t counts[LIMIT_KINDS];
};

/* A session's share. */
struct session_lim {
	struct srcent *src;        /* NULL: not counted (yet, or any more) */
	bool counted;              /* in api_lim.sessions */
	struct tbucket rpc;
	uint32_t over;             /* requests refused since the last taken */
	struct tmr signin;         /* fresh for signin_timeout: closed */
};

/* The key of k, as /metrics labels it. */
const char *limits_name(enum limit_kind k);
void limits_count(struct api *api, enum limit_kind k);

int  limits_alloc(struct api *api);
void limits_free(struct api *api);
/* A connection from peer, before it is accepted: 0, or EBUSY past
 * max_sessions or conns_per_source (logged by source, not per
 * connection). ws: the /ws door. */
int  limits_open(struct session *s, const struct sa *peer, bool ws);
void limits_close(struct session *s);                 /* idempotent */
/* One request's text: true to dispatch it; false when it was over the
 * rate (answered RPC_RATE_LIMITED), or far over (the session drops). */
bool limits_request(struct session *s, const char *text, size_t len);
#endif
