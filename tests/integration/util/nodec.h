/*
 * nodec.h — a raw client of the switch-node protocol for tests
 * (docs/switch-protocol.md), on blocking sockets with bounded waits: it
 * plays a CTI (a master with a fencing token) or a control connection
 * (the sim's customers and phones, the node's leg table).
 *
 *   struct nodec *c = nodec_connect(node.node_port);
 *   json_t *w = nodec_hello(c, "control", 0);   // the welcome frame
 *   json_t *r = nodec_ctl(c, "sim_inbound",
 *                         json_pack("{s:s,s:s}", "ani", "138", "dnis",
 *                                   "4000"));   // the reply frame
 *   nodec_close(c);
 */
#ifndef NODEC_H
#define NODEC_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

struct nodec;

struct nodec *nodec_connect(uint16_t port);   /* fails the test */
void nodec_close(struct nodec *c);
/* Sends f (stolen) as one frame; fails the test on a socket error. */
void nodec_send(struct nodec *c, json_t *f);
/* Sends raw bytes as they are (for malformed frames). */
void nodec_send_raw(struct nodec *c, const void *data, size_t len);
/* The next frame other than a ping; NULL on timeout, EOF or a bad frame. */
json_t *nodec_read(struct nodec *c, int timeout_ms);
/* Hello as role (token for a master); the answer (welcome or error). */
json_t *nodec_hello(struct nodec *c, const char *role, long long token);
/* A "ctl" frame op with params' members (stolen, may be NULL); the reply
 * with its seq (fails the test without one within ITEST_TIMEOUT_MS). */
json_t *nodec_ctl(struct nodec *c, const char *op, json_t *params);
/* The node's live legs, over a control connection (ctl "legs"). */
size_t nodec_leg_count(struct nodec *c);
/* True once the node closed the connection (within timeout_ms). */
bool nodec_wait_closed(struct nodec *c, int timeout_ms);

#endif
