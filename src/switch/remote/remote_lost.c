/*
 * remote_lost.c — a node that does not come back. While the link is down
 * the node keeps our calls for its orphan_timeout (its welcome says how
 * long), so a node back within it finds them as they were. A node still
 * away after that has ended them itself, or is dead: either way they are
 * lost, and the core must hear it, so their agents are freed and their
 * CDR rows written (cause SW_CAUSE_FAILED: the rows say the system ended
 * them). The customers' legs go first, so each call ends as the customer's
 * loss rather than its agent's hang-up.
 */
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

/* The first of our legs, inbound ones first; NULL when none is left. */
static struct rleg *next_leg(const struct remote *r)
{
	for (struct le *le = r->legs.head; le; le = le->next)
		if (((struct rleg *)le->data)->inbound)
			return le->data;
	return r->legs.head ? r->legs.head->data : NULL;
}

static void lost_h(void *arg)
{
	struct remote *r = arg;
	struct rleg *l;

	log_warn("switch node %s: away for more than %u ms: its %u legs are "
		 "lost", r->node, r->orphan_ms, list_count(&r->legs));
	/* one at a time: the core, told of one leg, hangs up others */
	while (!r->up && (l = next_leg(r)))
		remote_leg_end(r, l, SW_CAUSE_FAILED);
}

void remote_lost_arm(struct remote *r)
{
	if (r->orphan_ms && !list_isempty(&r->legs))
		tmr_start(&r->lost_tmr, r->orphan_ms, lost_h, r);
}

void remote_lost_cancel(struct remote *r)
{
	tmr_cancel(&r->lost_tmr);
}
