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

/* The API's tables: one a door, so /ws and the agent port each get
 * conns_per_source. */
struct api_lim {
	struct srclimit *agent;    /* the agent port */
	struct srclimit *ws;       /* /ws */
	uint32_t sessions;         /* both doors */
	uint64_t total_logged_ms;  /* the line of max_sessions */
};

/* A session's share. */
struct session_lim {
	struct srcent *src;        /* NULL: not counted (yet, or any more) */
	bool counted;              /* in api_lim.sessions */
	struct tbucket rpc;
	uint32_t over;             /* requests refused since the last taken */
	struct tmr signin;         /* fresh for signin_timeout: closed */
};

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
