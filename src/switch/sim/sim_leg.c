/*
 * sim_leg.c — legs of the sim switch: ids, lookup, and the two ways a leg
 * changes state for good (answered; ended, with or without telling the
 * core).
 */
#include <errno.h>
#include <string.h>
#include "switch/sim/sim_int.h"

static void leg_destructor(void *arg)
{
	struct sim_leg *leg = arg;

	tmr_cancel(&leg->progress_tmr);
	tmr_cancel(&leg->timeout_tmr);
	list_unlink(&leg->le);
	hash_unlink(&leg->he);
}

int sim_leg_alloc(struct sim_leg **legp, struct sim *sim,
		  enum sim_leg_kind kind, const char *name)
{
	struct sim_leg *leg = mem_zalloc(sizeof(*leg), leg_destructor);

	if (!leg)
		return ENOMEM;
	leg->sim = sim;
	leg->id = ++sim->last_leg;
	leg->kind = kind;
	leg->state = SIM_LEG_RINGING;
	str_ncpy(leg->name, name, sizeof(leg->name));
	tmr_init(&leg->progress_tmr);
	tmr_init(&leg->timeout_tmr);
	list_append(&sim->legs, &leg->le, leg);
	hash_append(sim->legh, (uint32_t)leg->id, &leg->he, leg);
	*legp = leg;
	return 0;
}

static bool leg_id_cmp(struct le *le, void *arg)
{
	const struct sim_leg *leg = le->data;

	return leg->id == *(const sw_leg_t *)arg;
}

struct sim_leg *sim_leg_find(const struct sim *sim, sw_leg_t id)
{
	return list_ledata(hash_lookup(sim->legh, (uint32_t)id, leg_id_cmp,
				       &id));
}

/* The far end of an originated leg answered. */
int sim_leg_answer(struct sim_leg *leg)
{
	struct sim_event *ev;
	int err = sim_event_alloc(&ev, leg, SW_EV_ANSWERED);

	if (err)
		return err;
	tmr_cancel(&leg->progress_tmr);
	tmr_cancel(&leg->timeout_tmr);
	leg->state = SIM_LEG_ANSWERED;
	sim_event_post(leg->sim, ev);
	return 0;
}

/* Takes the leg out of the switch; memory goes when the last event that
 * references it has been delivered. */
static void leg_close(struct sim_leg *leg)
{
	leg->state = SIM_LEG_ENDED;
	tmr_cancel(&leg->progress_tmr);
	tmr_cancel(&leg->timeout_tmr);
	sim_media_leave(leg);
	list_unlink(&leg->le);
	hash_unlink(&leg->he);
	mem_deref(leg);
}

/* The far end went away: the core hears it as FAILED or HANGUP. */
int sim_leg_end(struct sim_leg *leg, enum sw_event_type type,
		enum sw_cause cause)
{
	struct sim_event *ev;
	int err = sim_event_alloc(&ev, leg, type);

	if (err)
		return err;
	ev->ev.cause = cause;
	sim_event_post(leg->sim, ev);
	leg_close(leg);
	return 0;
}

/* The core hung the leg up: it hears nothing more about it, not even
 * events that were queued before. */
void sim_leg_drop(struct sim_leg *leg)
{
	leg->silenced = true;
	leg_close(leg);
}
