/*
 * evrec.h — records the events a libagentbar instance delivers (on its own
 * event thread) so a test thread can wait for them in order.
 *
 *   struct evrec *r = evrec_new();
 *   evrec_attach(r, bar);                 // sets every callback
 *   const struct ev *e = evrec_wait(r, "OnReady", 3000);  // NULL: timeout
 *
 * evrec_wait consumes events in order: it returns the first not yet
 * consumed event with that name and marks it and every event before it
 * consumed, so a sequence of waits asserts an order.
 */
#ifndef EVREC_H
#define EVREC_H

#include <stddef.h>
#include <stdint.h>
#include "agentbar.h"

struct ev {
	char name[32];
	int eventID;
	char callID[64];
	long long contactID;
	char otherParty[64];
	int otherPartyAttribute;
	char originalANI[64];
	char originalDNIS[64];
	int reason;
	char filename[128];
	long long timestamp;
};

struct evrec;

struct evrec *evrec_new(void);
void evrec_free(struct evrec *r);
void evrec_attach(struct evrec *r, AgentBar *bar);
const struct ev *evrec_wait(struct evrec *r, const char *name, int ms);
size_t evrec_count(struct evrec *r, const char *name);
/* A bar for demo agent `agent` (password <agent>123) on dn, skills
 * "示例=3", AutoAnswer 0, talking to 127.0.0.1:port, its events recorded
 * by r; not initialised yet. */
AgentBar *evrec_bar(struct evrec *r, uint16_t port, const char *agent,
		    const char *dn);
/* Value IsCallOut is set to from inside OnBeforeOutCall (1 default), and
 * how many times OnBeforeOutCall ran. */
void evrec_set_callout(struct evrec *r, int allow);
int  evrec_beforeoutcalls(struct evrec *r);

#endif
