/*
 * multi_int.h — the state of the switch of several nodes, shared by its
 * files:
 *   multi.c       the nodes: the list parsed, their remotes, the lead
 *   multi_legs.c  the legs the core holds: on which node, in which bridge
 *   multi_ops.c   the switch_ops, each on the node of its leg
 *   multi_ev.c    the nodes' events as one stream, phones of all nodes
 *   multi_rpc.c   Switch.Legs
 */
#ifndef CALLCLOUD_MULTI_INT_H
#define CALLCLOUD_MULTI_INT_H

#include "switch/link/swre.h"
#include <re_hash.h>
#include "switch/multi/multi.h"

/* The node's index goes into bits 56..59 of its own leg ids (an id the
 * CTI allocated has bit 62 and stays as it is). */
#define MULTI_NODE_SHIFT 56
#define MULTI_CTI_BIT ((uint64_t)1 << 62)
#define MULTI_RAW_MAX (((uint64_t)1 << MULTI_NODE_SHIFT) - 1)

struct multi;

struct mnode {
	struct multi *m;
	unsigned idx;
	struct sw *sw;           /* its remote switch */
	char addr[64];           /* IP:PORT */
};

/* A leg the core holds. */
struct mleg {
	struct le he;
	sw_leg_t leg;            /* the core's id */
	sw_leg_t raw;            /* the node's */
	unsigned node;
	char *bridge;            /* the bridge it is in, or NULL */
};

/* A bridge being recorded, and on which node. */
struct mrec {
	struct le le;
	char *bridge;
	unsigned node;
};

/* A DN and what the core was last told of it. */
struct mphone {
	struct le le;
	char dn[SW_DN_SIZE];
	bool up;
};

struct multi {
	struct sw sw;            /* first: a struct sw * is a struct multi * */
	struct mnode nodes[MULTI_NODES_MAX];
	unsigned n;
	unsigned rr;             /* the next node of the round robin */
	uint64_t leg_counter;    /* the remotes' ids (remote_conf) */
	multi_ready_h *ready;    /* the lead's: told once a node is synced */
	void *ready_arg;
	struct hash *legs;       /* struct mleg by the core's id */
	struct list recs;        /* struct mrec */
	struct list phones;      /* struct mphone */
};

extern const struct switch_ops multi_ops;

/* multi_legs.c */
struct mleg *multi_leg_find(const struct multi *m, sw_leg_t leg);
/* The core's id of a node's leg; 0 for a node id beyond the node bits. */
sw_leg_t multi_leg_id(unsigned node, sw_leg_t raw);
int  multi_leg_add(struct multi *m, unsigned node, sw_leg_t raw,
		   sw_leg_t *legp);
void multi_leg_del(struct multi *m, sw_leg_t leg);
int  multi_leg_set_bridge(struct mleg *l, const char *bridge);
/* A leg in bridge, or NULL. */
struct mleg *multi_leg_in(const struct multi *m, const char *bridge);

/* multi_ev.c: the event handler of node n's remote (arg: the mnode) */
void multi_node_event(const struct sw_event *ev, void *arg);

#endif
