/*
 * remote.h — the CTI's side of the switch-node protocol: a switch.h
 * backend whose commands go over TCP to a switch node (`callcloud --role
 * switch`) and whose events come back from it (docs/switch-protocol.md).
 *
 * It connects at once and again whenever the link drops (every
 * reconnect_ms), presenting its fencing token in its hello; the node's
 * welcome carries the leg report, which is logged and kept (see
 * remote_switch_legs()). While the link is down every op fails with
 * ENOTCONN and phone_ready() says no.
 */
#ifndef CALLCLOUD_REMOTE_H
#define CALLCLOUD_REMOTE_H

#include <stdint.h>
#include "switch/switch.h"

struct remote_conf {
	const char *node;        /* "HOST:PORT" of the switch node */
	uint64_t token;          /* fencing token (grows with each takeover) */
	uint32_t hb_ms;          /* heartbeat interval */
	uint32_t reconnect_ms;   /* pause between connection attempts */
};

int remote_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
			const struct remote_conf *conf);

/* One leg of the node's last report: what the CTI can rebuild a call
 * from. Strings are "" when the node had none. */
struct remote_leg {
	sw_leg_t leg;
	bool inbound;
	const char *state;       /* offered calling alerting answered */
	const char *call_id, *ani, *dnis, *dest, *bridge;
	unsigned flags;          /* SW_HEAR | SW_SPEAK in bridge */
	enum sw_tone tone;
	uint64_t queued_at;      /* us since the epoch; 0: not queued */
	const struct sw_kv *data;
	size_t ndata;
};
typedef void (remote_leg_h)(const struct remote_leg *leg, void *arg);
/* Walks the legs of the last welcome (oldest first); how many. */
size_t remote_switch_legs(struct sw *sw, remote_leg_h *h, void *arg);

#endif
