/*
 * remote_int.h — the remote switch's state, shared by its files:
 *   remote.c      the link: connect, hello, welcome, reconnect
 *   remote_ops.c  the switch_ops, as commands to the node
 *   remote_ev.c   the node's events, DNs and leg report
 */
#ifndef CALLCLOUD_REMOTE_INT_H
#define CALLCLOUD_REMOTE_INT_H

#include "swframe.h"
#include "switch/link/swre.h"
#include "switch/link/swlink.h"
#include "switch/link/swmsg.h"
#include "switch/remote/remote.h"

struct remote {
	struct sw sw;            /* first: a struct sw * is a struct remote * */
	struct remote_conf conf;
	char node[64];           /* conf.node, kept */
	struct sa peer;
	struct swlink *link;
	bool up;                 /* welcomed by the node */
	struct tmr retry_tmr;
	uint64_t next_leg;       /* counter of the leg ids we allocate */
	uint64_t seq;            /* of our commands */
	bool phones_default;
	struct list phones;      /* struct rphone from welcome and events */
	struct list legs;        /* struct rleg: legs live for the core */
	json_t *report;          /* legs of the last welcome */
};

extern const struct switch_ops remote_ops;

/* remote.c: sends cmd (stolen) with our token and a seq; 0 or ENOTCONN,
 * ENOMEM, a socket errno. */
int remote_cmd(struct remote *r, json_t *cmd);

/* remote_ev.c */
void remote_event(struct remote *r, const json_t *f);
int remote_welcome(struct remote *r, const json_t *f);
bool remote_phone_up(const struct remote *r, const char *dn);
int remote_leg_add(struct remote *r, sw_leg_t leg, bool inbound);
void remote_leg_del(struct remote *r, sw_leg_t leg);

#endif
