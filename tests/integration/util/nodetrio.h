/*
 * nodetrio.h — two switch nodes and one CTI driving both
 * (`--switch-node A,B`), for the tests of a CTI on several nodes
 * (docs/switch-protocol.md "Several nodes").
 *
 *   struct node_trio t;
 *   node_trio_start(&t, ini, false);   // two sim nodes, the CTI master of
 *                                      // both; the three share node 0's
 *                                      // database
 *   ... t.node[i].node_port, t.cti.agent_port ...
 *   node_trio_stop(&t);                // whatever still runs, then removed
 */
#ifndef NODETRIO_H
#define NODETRIO_H

#include <stdbool.h>
#include "itest.h"

struct node_trio {
	struct daemon node[2];
	struct daemon cti;
	char list[64];           /* 127.0.0.1:<port>,127.0.0.1:<port> */
	char db[128];            /* node 0's database, the others' too */
	const char *node_args[8];
	const char *cti_args[12];
};

/* ini is appended to the nodes' settings; sip: SIP nodes (else sim). */
void node_trio_start(struct node_trio *t, const char *ini, bool sip);
void node_trio_stop(struct node_trio *t);

#endif
