/*
 * multi.h — the CTI's switch when it drives several switch nodes
 * (`--role cti --switch-node IP:PORT,IP:PORT...`): one remote switch
 * (remote.h) per node, presented to the core as one struct sw
 * (docs/switch-protocol.md "Several nodes").
 *
 * Bridges are local to a node, so all the legs of a call are on one node:
 * an originate goes to the node of its near leg (struct sw_originate);
 * without one, to the node a phone of the DN is registered on, else to
 * the connected nodes in turn. The node's own leg ids (inbound legs) are
 * made unique by the node's index in bits 56..59; the ids the CTI
 * allocates are unique already. Events of all the nodes reach the core as
 * one stream; phone_ready() is any node's.
 *
 * With one node it is the remote switch with the same ids (index 0).
 */
#ifndef CALLCLOUD_MULTI_H
#define CALLCLOUD_MULTI_H

#include <stdbool.h>
#include <stdint.h>
#include "switch/switch.h"

enum { MULTI_NODES_MAX = 16 };

typedef void (multi_ready_h)(void *arg);

struct multi_conf {
	const char *nodes;       /* "IP:PORT[,IP:PORT...]", up to
				    MULTI_NODES_MAX */
	uint64_t token;          /* fencing token */
	uint32_t hb_ms;          /* heartbeat interval */
	uint32_t reconnect_ms;   /* pause between connection attempts */
	bool standby;            /* no links until multi_switch_lead() */
	const char *secret;      /* [switch] node_secret (NULL/"": none) */
	/* not standby: called once, when the first node has handed its
	 * legs over (as multi_switch_lead's ready); may be NULL */
	multi_ready_h *ready;
	void *ready_arg;
};

/* EINVAL for a list that is empty, too long or holds no IP:PORT. */
int multi_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
		       const struct multi_conf *conf);

/* The CTI pair's lead taken and lost (remote_switch_lead / _depose), for
 * every node. ready (may be NULL) is called once, when the first node has
 * handed its legs over: from then on the CTI can serve its agents (their
 * phones are known, their calls rebuilt). */
int multi_switch_lead(struct sw *sw, uint64_t token, multi_ready_h *ready,
		      void *arg);
void multi_switch_depose(struct sw *sw);

struct api;
/* Adds Switch.Legs (the nodes' last leg reports, for admins) to api,
 * between api_alloc() and api_start(); sw must outlive api. */
int multi_rpc_register(struct api *api, struct sw *sw);

#endif
