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
#include "itest.h"

/* A switch node (`--role switch --node-port 0`, sim or sip, with ini
 * appended to its settings) and, once started, a CTI driving it
 * (`--role cti --switch-node ... --fence-token 1`, heartbeats and retries
 * every 200 ms). node_pair_start_cti() returns once the CTI is master. */
struct node_pair {
	struct daemon node, cti;
	char addr[32];           /* 127.0.0.1:<node port> */
	bool has_cti;
	const char *cti_ini;     /* appended to the CTI's settings (NULL) */
	char cti_settings[512];  /* the CTI's, kept for daemon_restart */
};
void node_pair_start_node(struct node_pair *p, const char *ini, bool sip);
void node_pair_start_cti(struct node_pair *p);
/* The same, returning once it is connecting: the caller waits for what
 * it expects in the CTI's log. */
void node_pair_launch_cti(struct node_pair *p);
/* Stops whichever is still running (SIGTERM, exit 0) and removes both. */
void node_pair_stop(struct node_pair *p);
struct nodec;
/* A control connection to p's node (welcomed); a sim customer calling
 * 4000 from it, its call id into call_id. */
struct nodec *node_pair_control(const struct node_pair *p);
void node_pair_inbound(struct nodec *ctl, char *call_id, size_t size);
/* Until d's log holds needle; false after ms. */
bool itest_wait_log(const struct daemon *d, const char *needle, int ms);


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
/* A control connection to the node at port, welcomed (fails the test
 * otherwise). */
struct nodec *nodec_control(uint16_t port);
/* The node's live legs, over a control connection (ctl "legs"). */
size_t nodec_leg_count(struct nodec *c);
/* Until the node has n live legs; false after ms. */
bool nodec_wait_legs(struct nodec *c, size_t n, int ms);
/* True once the node closed the connection (within timeout_ms). */
bool nodec_wait_closed(struct nodec *c, int timeout_ms);

#endif
