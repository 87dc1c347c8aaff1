/*
 * remote_int.h — the remote switch's state, shared by its files:
 *   remote.c      the link: connect, hello, welcome, reconnect
 *   remote_ops.c  the switch_ops, as commands to the node
 *   remote_ev.c   the node's events, the DN table, the core's legs
 *   remote_sync.c the welcome: the node's DNs and leg report
 *   remote_adopt.c the report's legs we never knew, to the core
 *   remote_lost.c a node away for good: its calls are lost
 */
#ifndef CALLCLOUD_REMOTE_INT_H
#define CALLCLOUD_REMOTE_INT_H

#include "swframe.h"
#include "switch/link/swre.h"
#include "switch/link/swauth.h"
#include "switch/link/swlink.h"
#include "switch/link/swmsg.h"
#include "switch/remote/remote.h"

struct remote {
	struct sw sw;            /* first: a struct sw * is a struct remote * */
	struct remote_conf conf;
	char node[64];           /* conf.node, kept */
	struct sa peer;
	char *secret;            /* conf.secret, kept; NULL: none */
	char nonce[SWAUTH_NONCE_SIZE];   /* of our hello */
	bool proven;             /* the node proved the secret, this link */
	struct swlink *link;
	bool up;                 /* welcomed and synced by the node */
	bool syncing;            /* between welcome and synced */
	struct tmr retry_tmr;
	struct tmr lost_tmr;     /* the node away longer than it keeps legs */
	uint32_t orphan_ms;      /* how long it keeps them (its welcome) */
	uint64_t next_leg;       /* counter of the leg ids we allocate */
	uint64_t seq;            /* of our commands */
	bool phones_default;
	struct list phones;      /* struct rphone from welcome and events */
	struct list legs;        /* struct rleg: legs live for the core */
	json_t *report;          /* legs of the last welcome */
	/* what the node sends between welcome and synced */
	bool sync_default;
	struct list sync_phones;
	json_t *sync_legs;
};

/* A DN and whether a phone is reachable on it. */
struct rphone {
	struct le le;
	char dn[SW_DN_SIZE];
	bool up;
};

/* A leg live for the core. */
struct rleg {
	struct le le;
	sw_leg_t leg;
	bool inbound;
	bool answered;
};

extern const struct switch_ops remote_ops;

/* remote.c: sends cmd (stolen) with our token and a seq; 0 or ENOTCONN,
 * ENOMEM, a socket errno. */
int remote_cmd(struct remote *r, json_t *cmd);

/* remote_ev.c */
void remote_event(struct remote *r, const json_t *f);
void remote_deliver(struct remote *r, const struct sw_event *ev);
bool remote_phone_up(const struct remote *r, const char *dn);
struct rphone *remote_phone_find(const struct list *phones,
				 const char *dn);
int remote_phone_set(struct list *phones, const char *dn, bool up);
struct rleg *remote_leg_find(const struct remote *r, sw_leg_t leg);
int remote_leg_add(struct remote *r, sw_leg_t leg, bool inbound);
void remote_leg_del(struct remote *r, sw_leg_t leg);
/* Ends leg l for the core, which did not end it: a HANGUP (a FAILED for
 * an outgoing leg never answered, whose cause is then at least "failed")
 * with cause, after l left our table. */
void remote_leg_end(struct remote *r, struct rleg *l, enum sw_cause cause);

/* remote_sync.c: a welcome and what follows it up to synced; 0 or
 * EPROTO (the link is then dropped) */
int remote_sync(struct remote *r, const char *t, const json_t *f);
/* A string member of a report's frame, checked (swmsg_str); "" when it is
 * absent or not a proper string. */
const char *remote_str(const json_t *o, const char *key);
void remote_sync_reset(struct remote *r);

/* remote_lost.c: the link dropped (arm) or the node is back (cancel) */
void remote_lost_arm(struct remote *r);
void remote_lost_cancel(struct remote *r);

/* remote_adopt.c: after synced, the report's legs we never knew go to
 * the core in one SW_EV_ADOPT; 0 or ENOMEM */
int remote_adopt(struct remote *r);

#endif
