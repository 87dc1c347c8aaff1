/*
 * sw_share.h — the SIP registrations switch nodes share, so that a node
 * can ring a phone registered on another (docs/operations.md "Several
 * switch nodes"). The table is the store's; as with sw_secret_h, a switch
 * never reads the store itself: main.c hands it these callbacks
 * (src/regshare.c).
 */
#ifndef CALLCLOUD_SW_SHARE_H
#define CALLCLOUD_SW_SHARE_H

#include <stdint.h>
#include "switch/switch.h"

enum { SW_URI_SIZE = 257, SW_NODE_SIZE = 65 };

/* One phone's binding, as the node holding it wrote it. */
struct sw_binding {
	char dn[SW_DN_SIZE];
	char contact[SW_URI_SIZE];   /* the Contact URI it registered */
	char route[SW_URI_SIZE];     /* the next hop to it: where its
					REGISTER came from (a proxy in front
					of the nodes, or the phone) */
	char node[SW_NODE_SIZE];     /* the node holding it */
	int64_t expires_s;           /* when it lapses (Unix time) */
};

/* Each answers 0, EINVAL (a field the table cannot hold), ENOENT (find:
 * no binding of dn is live; del: node does not hold it) or the store's
 * error (EIO, ENOMEM). */
struct sw_share {
	/* writes b (new or refreshed), dropping lapsed bindings */
	int (*put)(const struct sw_binding *b, void *arg);
	/* removes b->dn's binding of b->contact if b->node holds it */
	int (*del)(const struct sw_binding *b, void *arg);
	/* of dn's bindings live at now_s, the one lapsing last */
	int (*find)(const char *dn, int64_t now_s, struct sw_binding *out,
		    void *arg);
	void *arg;
};

#endif
