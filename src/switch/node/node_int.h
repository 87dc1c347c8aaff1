/*
 * node_int.h — the switch node's state, shared by its files:
 *   node.c      the listener, connections, hello and fencing, orphans
 *   node_leg.c  the leg table: backend events in, the leg report out
 *   node_cmd.c  the master's commands, carried out on the backend
 *   node_ctl.c  control connections (tests, tools): the sim's scripting
 */
#ifndef CALLCLOUD_NODE_INT_H
#define CALLCLOUD_NODE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "switch/link/swre.h"
#include <jansson.h>
#include "swframe.h"
#include "switch/link/swauth.h"
#include "switch/link/swlink.h"
#include "switch/link/swmsg.h"
#include "switch/node/node.h"

/* NCONN_AUTH: hello heard, challenge sent, waiting for the "auth" */
enum nconn_role { NCONN_NEW, NCONN_AUTH, NCONN_MASTER, NCONN_CONTROL };

struct nconn {
	struct le le;            /* node->conns */
	struct node *node;
	struct swlink *link;
	enum nconn_role role;
	uint64_t token;          /* a master's fencing token */
	json_t *hello;           /* NCONN_AUTH: the hello to act on */
	char nonce[SWAUTH_NONCE_SIZE];   /* ours, of the challenge */
};

struct node {
	struct sw *sw;
	struct node_conf conf;
	struct tcp_sock *ts;
	struct sa laddr;
	struct list conns;       /* struct nconn */
	struct nconn *master;    /* NULL: orphaned */
	uint64_t token;          /* highest fencing token seen */
	bool has_token;
	struct list legs;        /* struct nleg, oldest first */
	struct list phones;      /* struct nphone: DNs PHONE events named */
	struct tmr orphan_tmr;
};

/* What the node keeps of a leg: what the backend said about it and what
 * the CTI asked of it, so that a new master can rebuild its view. */
struct nleg {
	struct le le;
	sw_leg_t wire;           /* the id on the protocol */
	sw_leg_t local;          /* the backend's id */
	bool inbound;
	const char *state;       /* "offered" "calling" "alerting" "answered" */
	char *call_id, *ani, *dnis, *dest, *caller;
	char *bridge;            /* NULL: in no bridge */
	unsigned flags;
	enum sw_tone tone;
	json_t *data;            /* call data: the trunk's, then the CTI's */
	uint64_t queued_at;      /* us since the epoch; 0: not queued */
	json_t *note;            /* the CTI's last note (swmsg_note), {} */
	bool ended;              /* ended while no master was connected:
				    kept for the next one's report */
	enum sw_cause cause;     /* how it ended */
};

/* node_leg.c */
struct nleg *node_leg_by_wire(struct node *n, sw_leg_t wire);
int node_leg_add(struct node *n, struct nleg **lp, sw_leg_t wire,
		 sw_leg_t local, bool inbound);
/* the live legs (control connections' "legs") */
json_t *node_leg_report(const struct node *n);
/* sends the new master c a "phone" frame per DN and a "leg" frame per
 * leg, the ended ones included, which are then forgotten */
void node_leg_sync(struct nconn *c);
/* Orphan timeout: hangs every live leg up, kept as ended for the next
 * master. */
void node_legs_orphan_end(struct node *n);
/* Shutdown: hangs every leg up and forgets it. */
void node_legs_end(struct node *n);
int node_leg_str(char **field, const char *value);

/* node_cmd.c: a master's "cmd" frame */
void node_cmd(struct nconn *c, const json_t *f);
/* node_ctl.c: a control connection's "ctl" frame */
void node_ctl(struct nconn *c, const json_t *f);

/* node.c: sends f (stolen; NULL: no memory, logged) to c */
void node_send(struct nconn *c, json_t *f);
/* node.c: sends f (stolen) to the master if there is one */
void node_to_master(struct node *n, json_t *f);

#endif
