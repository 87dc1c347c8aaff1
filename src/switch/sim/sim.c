/*
 * sim.c — the simulated switch instance and its event queue.
 *
 * Events are queued and handed to the core from the main loop, oldest
 * first, so that none is ever delivered from inside an ops or control call
 * (switch.h's invariant). An event holds a reference to its leg, which
 * keeps an ended leg in memory until its last event has been delivered.
 */
#include <errno.h>
#include <string.h>
#include "switch/sim/sim_int.h"

struct sim *sim_of(struct sw *sw)
{
	return sw && sw->ops == &sim_ops ? (struct sim *)sw : NULL;
}

static void event_destructor(void *arg)
{
	struct sim_event *ev = arg;

	list_unlink(&ev->le);
	mem_deref(ev->data);
	mem_deref(ev->leg);
}

int sim_event_alloc(struct sim_event **evp, struct sim_leg *leg,
		    enum sw_event_type type)
{
	struct sim_event *ev = mem_zalloc(sizeof(*ev), event_destructor);

	if (!ev)
		return ENOMEM;
	ev->leg = mem_ref(leg);
	ev->ev.type = type;
	ev->ev.leg = leg ? leg->id : 0;
	*evp = ev;
	return 0;
}

/* Copies the call data into one block (pairs first, then their strings) so
 * that it lives exactly as long as the event. */
int sim_event_set_data(struct sim_event *ev, const struct sw_kv *data,
		       size_t ndata)
{
	size_t size = ndata * sizeof(struct sw_kv);
	struct sw_kv *kv;
	char *p;
	size_t i;

	if (!ndata)
		return 0;
	for (i = 0; i < ndata; i++)
		size += strlen(data[i].key) + 1 + strlen(data[i].value) + 1;
	kv = mem_zalloc(size, NULL);
	if (!kv)
		return ENOMEM;
	p = (char *)(kv + ndata);
	for (i = 0; i < ndata; i++) {
		size_t kl = strlen(data[i].key) + 1;
		size_t vl = strlen(data[i].value) + 1;

		memcpy(p, data[i].key, kl);
		kv[i].key = p;
		p += kl;
		memcpy(p, data[i].value, vl);
		kv[i].value = p;
		p += vl;
	}
	ev->data = kv;
	ev->ev.data = kv;
	ev->ev.ndata = ndata;
	return 0;
}

static void deliver_h(void *arg)
{
	struct sim *sim = arg;
	/* The handler may destroy the switch; its destructor then clears
	 * this flag, which outlives it, and sim may not be touched again. */
	bool *alive = mem_ref(sim->alive);
	struct le *le;

	sim->delivering = true;
	while (*alive && (le = list_head(&sim->events))) {
		struct sim_event *ev = le->data;

		list_unlink(le);
		if (!ev->leg || !ev->leg->silenced)
			sim->sw.eh(&ev->ev, sim->sw.arg);
		mem_deref(ev);
	}
	if (*alive)
		sim->delivering = false;
	mem_deref(alive);
}

void sim_event_post(struct sim *sim, struct sim_event *ev)
{
	list_append(&sim->events, &ev->le, ev);
	/* While delivering, the running loop picks the new event up. */
	if (!sim->delivering && !tmr_isrunning(&sim->deliver_tmr))
		tmr_start(&sim->deliver_tmr, 0, deliver_h, sim);
}

static void sim_destructor(void *arg)
{
	struct sim *sim = arg;
	struct le *le;

	if (sim->alive)
		*sim->alive = false;
	mem_deref(sim->alive);
	tmr_cancel(&sim->deliver_tmr);
	list_flush(&sim->events);
	while ((le = list_head(&sim->legs)))
		sim_leg_drop(le->data);
	mem_deref(sim->legh);
	mem_deref(sim->bridgeh);
	list_flush(&sim->dests);
}

int sim_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg)
{
	struct sim *sim;
	int err;

	if (!swp || !eh)
		return EINVAL;
	sim = mem_zalloc(sizeof(*sim), sim_destructor);
	if (!sim)
		return ENOMEM;
	sim->sw.ops = &sim_ops;
	sim->sw.eh = eh;
	sim->sw.arg = arg;
	tmr_init(&sim->deliver_tmr);
	sim->alive = mem_zalloc(sizeof(*sim->alive), NULL);
	if (!sim->alive) {
		mem_deref(sim);
		return ENOMEM;
	}
	*sim->alive = true;
	err = hash_alloc(&sim->legh, 256);
	if (!err)
		err = hash_alloc(&sim->bridgeh, 64);
	if (err) {
		mem_deref(sim);
		return err;
	}
	*swp = &sim->sw;
	return 0;
}

size_t sim_leg_count(const struct sw *sw)
{
	const struct sim *sim;

	if (!sw || sw->ops != &sim_ops)
		return 0;
	sim = (const struct sim *)sw;
	return list_count(&sim->legs);
}
