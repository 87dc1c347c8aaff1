/*
 * node.h — the switch node (`callcloud --role switch`): serves the
 * switch-node protocol (docs/switch-protocol.md) over TCP and drives a
 * local backend (the SIP switch, or the sim for tests) on behalf of the
 * CTI that is its current master.
 *
 * The backend is created first with node_switch_event() as its event
 * handler (arg: a pointer to the node pointer, set once node_alloc()
 * returns, as main.c does for the core).
 */
#ifndef CALLCLOUD_NODE_H
#define CALLCLOUD_NODE_H

#include <stdbool.h>
#include <stdint.h>
#include "switch/switch.h"

struct node;

struct node_conf {
	const char *listen;      /* local IP of the node port */
	uint16_t port;           /* 0: any free port */
	uint32_t hb_ms;          /* heartbeat interval */
	uint32_t orphan_ms;      /* legs outlive a lost master this long */
	bool phones_default;     /* phone_ready of a DN no PHONE event named
				    (the sim: true; SIP: false) */
	bool sim;                /* the backend is the sim: control
				    connections may script it */
	const char *secret;      /* [switch] node_secret; NULL/"": every
				    hello is taken (a private network) */
};

/* sw must outlive the node. 0 or an errno (listen failed). */
int node_alloc(struct node **np, struct sw *sw, const struct node_conf *c);
/* The port it listens on. */
uint16_t node_port(const struct node *n);
/* The backend's events (arg: struct node ** as above). */
void node_switch_event(const struct sw_event *ev, void *arg);

#endif
