/*
 * sim_dest.c — how virtual phones and outside numbers react when dialled
 * (Sim.SetPhone, Sim.SetNumber). A destination never set behaves as sim.h
 * says: a phone rings until answered; a number rings ("ring").
 */
#include <errno.h>
#include <string.h>
#include "switch/sim/sim_int.h"

/* Longest "answer:MS" delay accepted: a day. */
#define SIM_ANSWER_MS_MAX 86400000

struct sim_dest {
	struct le le;            /* sim->dests */
	enum sw_dest_kind kind;
	char name[SIM_NAME_MAX + 1];
	enum sim_behaviour bhv;
	int answer_ms;           /* -1: never by itself */
};

static struct sim_dest *dest_find(const struct sim *sim,
				  enum sw_dest_kind kind, const char *name)
{
	struct le *le;

	LIST_FOREACH(&sim->dests, le) {
		struct sim_dest *d = le->data;

		if (d->kind == kind && !strcmp(d->name, name))
			return d;
	}
	return NULL;
}

void sim_dest_get(const struct sim *sim, enum sw_dest_kind kind,
		  const char *name, enum sim_behaviour *bhv, int *answer_ms)
{
	const struct sim_dest *d = dest_find(sim, kind, name);

	*bhv = d ? d->bhv : SIM_BHV_NORMAL;
	*answer_ms = d ? d->answer_ms : -1;
}

bool sim_phone_ready(struct sw *sw, const char *dn)
{
	const struct sim *sim = sim_of(sw);
	const struct sim_dest *d;

	if (!sim || !dn)
		return false;
	d = dest_find(sim, SW_DEST_PHONE, dn);
	return !d || d->bhv != SIM_BHV_UNREGISTERED;
}

/* A phone (un)registering is told to the core as a PHONE event. */
static int phone_post(struct sim *sim, const char *dn, bool up)
{
	struct sim_event *ev;
	int err = sim_event_alloc(&ev, NULL, SW_EV_PHONE);

	if (err)
		return err;
	str_ncpy(ev->dn, dn, sizeof(ev->dn));
	ev->ev.dn = ev->dn;
	ev->ev.up = up;
	sim_event_post(sim, ev);
	return 0;
}

static int dest_set(struct sim *sim, enum sw_dest_kind kind,
		    const char *name, enum sim_behaviour bhv, int answer_ms)
{
	struct sim_dest *d = dest_find(sim, kind, name);
	bool was_up = !d || d->bhv != SIM_BHV_UNREGISTERED;
	bool up = bhv != SIM_BHV_UNREGISTERED;

	if (kind == SW_DEST_PHONE && was_up != up) {
		int err = phone_post(sim, name, up);

		if (err)
			return err;
	}

	if (!d) {
		d = mem_zalloc(sizeof(*d), NULL);
		if (!d)
			return ENOMEM;
		d->kind = kind;
		str_ncpy(d->name, name, sizeof(d->name));
		list_append(&sim->dests, &d->le, d);
	}
	d->bhv = bhv;
	d->answer_ms = answer_ms;
	return 0;
}

/* The behaviours common to phones and numbers. */
static int parse_refusal(const char *s, enum sim_behaviour *bhv)
{
	if (!strcmp(s, "busy"))
		*bhv = SIM_BHV_BUSY;
	else if (!strcmp(s, "noanswer"))
		*bhv = SIM_BHV_NOANSWER;
	else if (!strcmp(s, "invalid"))
		*bhv = SIM_BHV_INVALID;
	else
		return EINVAL;
	return 0;
}

/* behaviour NULL means "normal". */
int sim_set_phone(struct sw *sw, const char *dn, int auto_answer_ms,
		  const char *behaviour)
{
	struct sim *sim = sim_of(sw);
	enum sim_behaviour bhv = SIM_BHV_NORMAL;

	if (!sim || !sim_name_valid(dn, SIM_NAME_MAX) || auto_answer_ms < -1 ||
	    auto_answer_ms > SIM_ANSWER_MS_MAX)
		return EINVAL;
	if (behaviour && !strcmp(behaviour, "unregistered"))
		bhv = SIM_BHV_UNREGISTERED;
	else if (behaviour && strcmp(behaviour, "normal") &&
		 parse_refusal(behaviour, &bhv))
		return EINVAL;
	return dest_set(sim, SW_DEST_PHONE, dn, bhv, auto_answer_ms);
}

/* "answer:MS": 1 to 8 decimal digits, at most a day. */
static int parse_answer_ms(const char *s, int *msp)
{
	long ms = 0;
	size_t i;

	if (!*s || strlen(s) > 8)
		return EINVAL;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return EINVAL;
		ms = ms * 10 + (s[i] - '0');
	}
	if (ms > SIM_ANSWER_MS_MAX)
		return EINVAL;
	*msp = (int)ms;
	return 0;
}

/* behaviour NULL means "ring". */
int sim_set_number(struct sw *sw, const char *number, const char *behaviour)
{
	static const char answer[] = "answer:";
	struct sim *sim = sim_of(sw);
	enum sim_behaviour bhv = SIM_BHV_NORMAL;
	int answer_ms = -1;
	int err = 0;

	if (!sim || !sim_name_valid(number, SIM_NAME_MAX))
		return EINVAL;
	if (behaviour && strcmp(behaviour, "ring")) {
		if (!strncmp(behaviour, answer, sizeof(answer) - 1))
			err = parse_answer_ms(behaviour + sizeof(answer) - 1,
					      &answer_ms);
		else
			err = parse_refusal(behaviour, &bhv);
	}
	if (err)
		return err;
	return dest_set(sim, SW_DEST_NUMBER, number, bhv, answer_ms);
}
