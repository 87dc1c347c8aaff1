/*
 * party.c — walks over a call's parties (call->parties[], see
 * core_internal.h): whose party, which leg, how many are up. Every loop
 * over "all the parties of a call" is one of these.
 */
#include <stddef.h>
#include <string.h>
#include "core/core_internal.h"

/* The named view (far, x, y, c, m, offers) must be the array view. */
_Static_assert(offsetof(struct call, offers) ==
	       offsetof(struct call, parties) +
	       PARTY_OFFER * sizeof(struct party),
	       "call parties: the two views of the union differ");

enum party_role party_role(const struct call *call, const struct party *p)
{
	size_t i = (size_t)(p - call->parties);

	return i < PARTY_OFFER ? (enum party_role)i : PARTY_OFFER;
}

static const char *const role_names[] = {
	[PARTY_FAR] = "far", [PARTY_X] = "x", [PARTY_Y] = "y",
	[PARTY_C] = "c", [PARTY_M] = "m", [PARTY_OFFER] = "offer",
};

const char *party_name(enum party_role role)
{
	return role_names[role];
}

bool party_role_by_name(const char *name, enum party_role *role)
{
	size_t i;

	for (i = 0; name && i < sizeof(role_names) / sizeof(*role_names);
	     i++)
		if (!strcmp(role_names[i], name)) {
			*role = (enum party_role)i;
			return true;
		}
	return false;
}

/* The agent's own party in its call (the slot of its role), or NULL. */
struct party *call_party_of(struct call *call, const struct agent *a)
{
	size_t i;

	for (i = 0; a && i < CALL_PARTIES; i++)
		if (call->parties[i].agent == a)
			return &call->parties[i];
	return NULL;
}

struct party *call_party_by_leg(struct call *call, sw_leg_t leg)
{
	size_t i;

	for (i = 0; leg && i < CALL_PARTIES; i++)
		if (call->parties[i].leg == leg)
			return &call->parties[i];
	return NULL;
}

/* Legs up, the customer's included: the events' partyNum. */
size_t party_count(const struct call *call)
{
	size_t i, n = 0;

	for (i = 0; i < CALL_PARTIES; i++)
		n += call->parties[i].leg != 0;
	return n;
}

/* A leg of the call, the first party's that has one, or 0: where a new
 * leg of the call is to be originated (sw_originate's near), since the
 * legs of a call share bridges and a bridge is local to a switch node. */
sw_leg_t party_near_leg(const struct call *call)
{
	size_t i;

	for (i = 0; i < CALL_PARTIES; i++)
		if (call->parties[i].leg)
			return call->parties[i].leg;
	return 0;
}

/* Flags of an agent's leg in the main bridge: everyone hears the bridge;
 * a muted agent is not heard. */
unsigned party_media(const struct party *p)
{
	return SW_HEAR | (p->muted ? 0 : SW_SPEAK);
}
