/*
 * remote.h — the CTI's side of the switch-node protocol: a switch.h
 * backend whose commands go over TCP to a switch node (`callcloud --role
 * switch`) and whose events come back from it (docs/switch-protocol.md).
 *
 * It connects at once and again whenever the link drops (every
 * reconnect_ms), presenting its fencing token in its hello; the node's
 * welcome carries the leg report, which is logged and kept
 * (remote_switch_report(), for Switch.Legs: multi_rpc.c). While the link
 * is down every op fails with ENOTCONN and phone_ready() says no.
 */
#ifndef CALLCLOUD_REMOTE_H
#define CALLCLOUD_REMOTE_H

#include <stdbool.h>
#include <stdint.h>
#include "switch/switch.h"

struct remote_conf {
	const char *node;        /* "IP:PORT" of the switch node */
	uint64_t token;          /* fencing token (grows with each takeover) */
	uint32_t hb_ms;          /* heartbeat interval */
	uint32_t reconnect_ms;   /* pause between connection attempts */
	bool standby;            /* no link until remote_switch_lead() */
	const char *secret;      /* [switch] node_secret; NULL/"": none,
				    and a node asking for one is left */
	/* called each time the node's view is taken (its legs handed over
	 * and its DNs known), i.e. when calls can be placed on it; NULL:
	 * nobody asks */
	void (*synced_h)(void *arg);
	void *synced_arg;
	uint64_t *leg_counter;   /* the counter in the ids of the legs we
				    originate, shared by the remotes of one
				    CTI so their ids never meet (NULL: one
				    of our own) */
};

int remote_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
			const struct remote_conf *conf);

/* A standby of a CTI pair took the lead: connects with token (the
 * database's, higher than the previous master's). EALREADY when it is
 * connecting already. */
int remote_switch_lead(struct sw *sw, uint64_t token);
/* The lead is lost: drops the link and stays away from the node, so no
 * late command of ours reaches it; ops fail with ENOTCONN from now on. */
void remote_switch_depose(struct sw *sw);

/* jansson's json_t, without jansson.h (main.c has libre's re_json.h,
 * which clashes with it) */
struct json_t;
/* The legs of the node's last welcome (docs/switch-protocol.md), as
 * JSON: a new reference, an empty array before the first welcome. */
struct json_t *remote_switch_report(struct sw *sw);

#endif
