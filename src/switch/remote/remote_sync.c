/*
 * remote_sync.c — taking a node's view on (re)connect: the welcome (its
 * version, our token echoed, its heartbeat, how DNs default), then one
 * "phone" frame per DN and one "leg" frame per live leg (a frame each, so
 * no table outgrows a frame), then "synced". Only then is the link up.
 *
 * On synced the node's DNs replace ours (a DN whose readiness changed
 * meanwhile is told to the core as a PHONE event), the report is kept
 * (Switch.Legs) and logged, and every leg the core still has that the
 * node no longer holds (it hung up, or the orphan timeout ended it, while
 * we were away, and its report says so or has it no more) is ended with
 * the event the core expects. The legs we never knew are handed to the
 * core first (remote_adopt.c), the ended ones too, so that their calls
 * end here like any other and get their CDR rows.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

void remote_sync_reset(struct remote *r)
{
	r->syncing = false;
	list_flush(&r->sync_phones);
	json_decref(r->sync_legs);
	r->sync_legs = NULL;
}

const char *remote_str(const json_t *o, const char *key)
{
	bool bad = false;
	const char *s = swmsg_str(o, key, SWMSG_STR_MAX, &bad);

	return s ? s : "";
}

static int welcome(struct remote *r, const json_t *f)
{
	const json_t *def = json_object_get(f, "phones_default");
	uint64_t v, token, hb;

	if (!swmsg_uint(f, "v", 1000, &v) || v != SWFRAME_VERSION ||
	    !swmsg_uint(f, "token", SWMSG_LEG_MAX, &token) ||
	    token != r->conf.token || !json_is_boolean(def))
		return EPROTO;
	if (swmsg_uint(f, "hb_ms", SWLINK_HB_MAX, &hb))
		swlink_peer_hb(r->link, (uint32_t)hb);
	if (swmsg_uint(f, "orphan_ms", 86400000, &hb))
		r->orphan_ms = (uint32_t)hb;
	remote_sync_reset(r);
	r->sync_legs = json_array();
	if (!r->sync_legs)
		return ENOMEM;
	r->sync_default = json_is_true(def);
	r->syncing = true;
	return 0;
}

static int sync_phone(struct remote *r, const json_t *f)
{
	bool bad = false;
	const char *dn = swmsg_str(f, "dn", SW_DN_SIZE - 1, &bad);

	if (!dn || !json_is_boolean(json_object_get(f, "up")))
		return EPROTO;
	return remote_phone_set(&r->sync_phones, dn,
				json_is_true(json_object_get(f, "up")));
}

static int sync_leg(struct remote *r, const json_t *f)
{
	json_t *copy;
	sw_leg_t leg;

	if (!swmsg_leg(f, &leg))
		return EPROTO;
	copy = json_copy((json_t *)f);
	if (!copy || json_object_del(copy, "t") ||
	    json_array_append_new(r->sync_legs, copy))
		return ENOMEM;
	log_trace("switch node %s: leg %llu %s %s bridge %s%s", r->node,
		  (unsigned long long)leg, remote_str(f, "dir"),
		  remote_str(f, "state"),
		  json_is_string(json_object_get(f, "bridge")) ?
		  remote_str(f, "bridge") : "-",
		  remote_leg_find(r, leg) ? "" : " (not ours)");
	return 0;
}

/* The synced DNs replace ours; changes become PHONE events. */
static int take_phones(struct remote *r)
{
	struct list old = r->phones;
	bool old_default = r->phones_default;
	int err = 0;

	list_init(&r->phones);
	r->phones_default = r->sync_default;
	for (struct le *le = r->sync_phones.head; !err && le; le = le->next) {
		const struct rphone *p = le->data;

		err = remote_phone_set(&r->phones, p->dn, p->up);
	}
	for (struct le *le = err ? NULL : old.head; le; le = le->next) {
		const struct rphone *o = le->data;
		struct sw_event ev = {.type = SW_EV_PHONE, .dn = o->dn};

		ev.up = remote_phone_up(r, o->dn);
		if (ev.up != o->up)
			remote_deliver(r, &ev);
	}
	for (struct le *le = err ? NULL : r->phones.head; le; le = le->next) {
		const struct rphone *n = le->data;
		struct sw_event ev = {.type = SW_EV_PHONE, .dn = n->dn,
				      .up = n->up};

		if (!remote_phone_find(&old, n->dn) && n->up != old_default)
			remote_deliver(r, &ev);
	}
	list_flush(&old);
	return err;
}

/* The first of our legs the report does not hold live, or NULL; *cause
 * is how it ended when the report says (else unknown: SW_CAUSE_NORMAL). */
static struct rleg *gone_leg(const struct remote *r, const json_t *legs,
			     enum sw_cause *cause)
{
	for (struct le *le = r->legs.head; le; le = le->next) {
		struct rleg *l = le->data;
		const json_t *o, *ended = NULL;
		bool found = false;
		size_t i;

		json_array_foreach(legs, i, o)
			if ((sw_leg_t)json_integer_value(
				    json_object_get(o, "leg")) == l->leg) {
				found = !json_is_true(json_object_get(o,
								      "ended"));
				ended = found ? NULL : o;
			}
		if (found)
			continue;
		if (!ended || !swmsg_cause(json_string_value(json_object_get(
				ended, "cause")), cause))
			*cause = SW_CAUSE_NORMAL;
		return l;
	}
	return NULL;
}

static int synced(struct remote *r)
{
	enum sw_cause cause;
	struct rleg *l;
	int err;

	json_decref(r->report);
	r->report = r->sync_legs;
	r->sync_legs = NULL;
	r->up = true;
	remote_lost_cancel(r);
	log_trace("switch node %s: master with token %llu, %zu live legs "
		  "reported", r->node, (unsigned long long)r->conf.token,
		  json_array_size(r->report));
	err = take_phones(r);
	remote_sync_reset(r);
	/* the legs we never knew first, the ended ones too, so that ending
	 * those below writes their calls' CDR rows */
	err = err ? err : remote_adopt(r);
	if (err)
		return err;
	/* one at a time, from the start again: the core, told of one leg,
	 * may hang up others (their entries go) */
	while ((l = gone_leg(r, r->report, &cause))) {
		log_trace("switch node %s: leg %llu ended while away",
			  r->node, (unsigned long long)l->leg);
		remote_leg_end(r, l, cause);
	}
	if (r->conf.synced_h)
		r->conf.synced_h(r->conf.synced_arg);
	return 0;
}

int remote_sync(struct remote *r, const char *t, const json_t *f)
{
	if (!strcmp(t, "welcome") && !r->syncing)
		return welcome(r, f);
	if (!r->syncing)
		return EPROTO;
	if (!strcmp(t, "phone"))
		return sync_phone(r, f);
	if (!strcmp(t, "leg"))
		return sync_leg(r, f);
	if (!strcmp(t, "synced"))
		return synced(r);
	return EPROTO;
}
