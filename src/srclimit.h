/*
 * srclimit.h — per source address accounting for the doors that face the
 * network (docs/security.md "Limits and floods"): how many connections an
 * address holds, and a token bucket of its requests. The API uses one
 * table per door (agent port, /ws), the SIP switch one for REGISTER and
 * INVITE. Refusals are logged once per address per interval, never once
 * per connection or request: a flood must not flood the log too.
 */
#ifndef CALLCLOUD_SRCLIMIT_H
#define CALLCLOUD_SRCLIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct sa;
struct srclimit;
struct srcent;

/* A token bucket: rate tokens a second, at most burst saved up. */
struct tbucket {
	uint64_t last_ms;
	uint64_t mtokens;      /* thousandths of a token */
};

void tbucket_init(struct tbucket *b, uint32_t burst, uint64_t now_ms);
/* Takes one token: false when there is none (the request is over). */
bool tbucket_take(struct tbucket *b, uint32_t rate, uint32_t burst,
		  uint64_t now_ms);

struct srclimit_conf {
	const char *door;      /* for the log: "agent port", "sip" */
	uint32_t max_conns;    /* connections an address may hold */
	uint32_t rate;         /* srclimit_take(): requests a second ... */
	uint32_t burst;        /* ... and saved up */
};

int  srclimit_alloc(struct srclimit **tp, const struct srclimit_conf *conf);
/* A new connection from src: its entry, to give back with
 * srclimit_conn_del(); NULL when src holds max_conns already, or the
 * table is full (refused: logged here). */
struct srcent *srclimit_conn_add(struct srclimit *t, const struct sa *src);
void srclimit_conn_del(struct srcent *e);
/* One request from src: false when over its rate (logged here). */
bool srclimit_take(struct srclimit *t, const struct sa *src);
/* Something else of e's refused (what: "requests over the rate"): logged
 * at most once per interval for its address. */
void srcent_refused(struct srcent *e, const char *what);

#endif
