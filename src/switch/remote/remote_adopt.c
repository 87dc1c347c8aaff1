/*
 * remote_adopt.c — handing a new master's inheritance to its core: the
 * legs of the node's report that this CTI never knew (its predecessor's,
 * or its own before a restart) become the core's, in one SW_EV_ADOPT,
 * with what the predecessor noted on each (swmsg_note) so the core can
 * rebuild its calls. From then on their events reach the core like any
 * other leg's; the core hangs up those it does not take.
 *
 * The event's strings point into the report (r->report), which lives
 * until the next welcome: longer than the delivery.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

/* One leg's frame of the report as a struct sw_live; kv holds its data. */
static void read_live(const json_t *o, struct sw_live *l, struct sw_kv *kv)
{
	uint64_t queued = 0;
	size_t n = 0;

	l->inbound = !strcmp(remote_str(o, "dir"), "in");
	l->answered = !strcmp(remote_str(o, "state"), "answered");
	l->call_id = remote_str(o, "call_id");
	l->ani = remote_str(o, "ani");
	l->dnis = remote_str(o, "dnis");
	l->dest = remote_str(o, "dest");
	l->bridge = remote_str(o, "bridge");
	if (!swmsg_tone(json_string_value(json_object_get(o, "tone")),
			&l->tone))
		l->tone = SW_TONE_NONE;
	/* a note that cannot be read is no note (empty): the core will not
	 * guess */
	swmsg_note(json_object_get(o, "note"), &l->note);
	if (swmsg_data(json_object_get(o, "data"), kv, &n)) {
		l->note.data = kv;
		l->note.ndata = n;
	}
	if (swmsg_uint(o, "queued_at", SWMSG_LEG_MAX, &queued))
		l->note.queued_us = (int64_t)queued;
}

int remote_adopt(struct remote *r)
{
	struct sw_event ev = {.type = SW_EV_ADOPT};
	struct sw_live *live;
	struct sw_kv *kv;
	const json_t *o;
	size_t i, n = 0;
	int err = 0;

	live = mem_zalloc(json_array_size(r->report) * sizeof(*live) + 1,
			  NULL);
	kv = mem_zalloc(json_array_size(r->report) * SW_DATA_MAX_PAIRS *
			sizeof(*kv) + 1, NULL);
	if (!live || !kv) {
		err = ENOMEM;
		goto out;
	}
	json_array_foreach(r->report, i, o) {
		sw_leg_t leg = (sw_leg_t)json_integer_value(
			json_object_get(o, "leg"));
		struct sw_live *l = &live[n];

		if (remote_leg_find(r, leg))
			continue;
		l->leg = leg;
		read_live(o, l, &kv[n * SW_DATA_MAX_PAIRS]);
		err = remote_leg_add(r, leg, l->inbound);
		if (err)
			goto out;
		remote_leg_find(r, leg)->answered = l->answered;
		n++;
	}
	if (!n)
		goto out;
	log_warn("switch node %s: %zu legs of a previous master handed to "
		 "the core", r->node, n);
	ev.live = live;
	ev.nlive = n;
	remote_deliver(r, &ev);
 out:
	mem_deref(live);
	mem_deref(kv);
	return err;
}
