/*
 * remote_ev.c — what the node tells the CTI: events on legs (handed to
 * the core as switch events, from the loop, never inside an op), the DNs
 * phones are registered on (phone_ready() is answered from this table,
 * without a round trip), and the leg report of each welcome.
 *
 * The legs live for the core are tracked too, so that a welcome after a
 * lost link can end, with the event the core expects, every leg the node
 * no longer has (it hung up, or the orphan timeout ended it, while we were
 * away), and so that no HANGUP reaches the core for a leg it hung up.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

struct rphone {
	struct le le;
	char dn[SW_DN_SIZE];
	bool up;
};

struct rleg {
	struct le le;
	sw_leg_t leg;
	bool inbound;
	bool answered;
};

static struct rleg *leg_find(const struct remote *r, sw_leg_t leg)
{
	for (struct le *le = r->legs.head; le; le = le->next) {
		struct rleg *l = le->data;

		if (l->leg == leg)
			return l;
	}
	return NULL;
}

int remote_leg_add(struct remote *r, sw_leg_t leg, bool inbound)
{
	struct rleg *l;

	if (leg_find(r, leg))
		return EEXIST;
	l = mem_zalloc(sizeof(*l), NULL);
	if (!l)
		return ENOMEM;
	l->leg = leg;
	l->inbound = inbound;
	list_append(&r->legs, &l->le, l);
	return 0;
}

void remote_leg_del(struct remote *r, sw_leg_t leg)
{
	struct rleg *l = leg_find(r, leg);

	if (l) {
		list_unlink(&l->le);
		mem_deref(l);
	}
}

static struct rphone *phone_find(const struct list *phones, const char *dn)
{
	for (struct le *le = phones->head; le; le = le->next) {
		struct rphone *p = le->data;

		if (!strcmp(p->dn, dn))
			return p;
	}
	return NULL;
}

bool remote_phone_up(const struct remote *r, const char *dn)
{
	const struct rphone *p;

	if (!r->up)
		return false;
	p = phone_find(&r->phones, dn);
	return p ? p->up : r->phones_default;
}

static void deliver(struct remote *r, const struct sw_event *ev)
{
	r->sw.eh(ev, r->sw.arg);
}

static int phone_set(struct list *phones, const char *dn, bool up)
{
	struct rphone *p = phone_find(phones, dn);

	if (!p) {
		p = mem_zalloc(sizeof(*p), NULL);
		if (!p)
			return ENOMEM;
		str_ncpy(p->dn, dn, sizeof(p->dn));
		list_append(phones, &p->le, p);
	}
	p->up = up;
	return 0;
}

static int incoming(struct remote *r, const json_t *f, struct sw_event *ev)
{
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	bool bad = false;
	const json_t *data = json_object_get(f, "data");

	ev->call_id = swmsg_str(f, "call_id", SWMSG_STR_MAX, &bad);
	ev->ani = swmsg_str(f, "ani", SWMSG_STR_MAX, &bad);
	ev->dnis = swmsg_str(f, "dnis", SWMSG_STR_MAX, &bad);
	if (bad || !ev->call_id || !ev->ani || !ev->dnis ||
	    (data && !swmsg_data(data, kv, &ev->ndata)))
		return EPROTO;
	ev->data = ev->ndata ? kv : NULL;
	if (remote_leg_add(r, ev->leg, true))
		return EPROTO;
	deliver(r, ev);
	return 0;
}

/* An event on a leg; EPROTO when the frame is malformed. */
static int leg_event(struct remote *r, const char *name, const json_t *f)
{
	struct sw_event ev = {0};
	bool bad = false;
	struct rleg *l;

	if (!swmsg_leg(f, &ev.leg))
		return EPROTO;
	if (!strcmp(name, "incoming")) {
		ev.type = SW_EV_INCOMING;
		return incoming(r, f, &ev);
	}
	l = leg_find(r, ev.leg);
	if (!strcmp(name, "alerting"))
		ev.type = SW_EV_ALERTING;
	else if (!strcmp(name, "answered"))
		ev.type = SW_EV_ANSWERED;
	else if (!strcmp(name, "failed") || !strcmp(name, "hangup")) {
		ev.type = name[0] == 'f' ? SW_EV_FAILED : SW_EV_HANGUP;
		if (!swmsg_cause(swmsg_str(f, "cause", 16, &bad), &ev.cause))
			return EPROTO;
	}
	else if (!strcmp(name, "dtmf")) {
		ev.type = SW_EV_DTMF;
		ev.digits = swmsg_str(f, "digits", SWMSG_STR_MAX, &bad);
		if (!ev.digits)
			return EPROTO;
	}
	else
		return EPROTO;
	/* a leg the core hung up (or never had) hears nothing more */
	if (!l)
		return 0;
	if (ev.type == SW_EV_ANSWERED)
		l->answered = true;
	if (ev.type == SW_EV_FAILED || ev.type == SW_EV_HANGUP)
		remote_leg_del(r, ev.leg);
	deliver(r, &ev);
	return 0;
}

void remote_event(struct remote *r, const json_t *f)
{
	bool bad = false;
	const char *name = swmsg_str(f, "ev", 16, &bad);
	const char *dn;
	int err;

	if (name && !strcmp(name, "phone")) {
		struct sw_event ev = {.type = SW_EV_PHONE};

		dn = swmsg_str(f, "dn", SW_DN_SIZE - 1, &bad);
		if (!dn || !json_is_boolean(json_object_get(f, "up")))
			err = EPROTO;
		else {
			ev.dn = dn;
			ev.up = json_is_true(json_object_get(f, "up"));
			err = phone_set(&r->phones, dn, ev.up);
			if (!err)
				deliver(r, &ev);
		}
	}
	else
		err = name ? leg_event(r, name, f) : EPROTO;
	if (err) {
		log_warn("switch node %s: bad event frame: %s", r->node,
			 strerror(err));
		swlink_send_error(r->link, "bad_frame", "malformed event");
	}
}

/* The node's DNs replace ours; a DN whose readiness changed meanwhile is
 * told to the core as a PHONE event. */
static int welcome_phones(struct remote *r, const json_t *f)
{
	const json_t *a = json_object_get(f, "phones"), *p;
	const json_t *def = json_object_get(f, "phones_default");
	struct list old = r->phones;
	bool old_default = r->phones_default, bad = false;
	size_t i;
	int err = 0;

	if (!json_is_array(a) || !json_is_boolean(def))
		return EPROTO;
	list_init(&r->phones);
	r->phones_default = json_is_true(def);
	json_array_foreach(a, i, p) {
		const char *dn = swmsg_str(p, "dn", SW_DN_SIZE - 1, &bad);

		if (!dn || !json_is_boolean(json_object_get(p, "up"))) {
			err = EPROTO;
			break;
		}
		err = phone_set(&r->phones, dn, json_is_true(
					json_object_get(p, "up")));
		if (err)
			break;
	}
	for (struct le *le = err ? NULL : old.head; le; le = le->next) {
		const struct rphone *o = le->data;
		struct sw_event ev = {.type = SW_EV_PHONE, .dn = o->dn};
		const struct rphone *n = phone_find(&r->phones, o->dn);

		ev.up = n ? n->up : r->phones_default;
		if (ev.up != o->up)
			deliver(r, &ev);
	}
	for (struct le *le = err ? NULL : r->phones.head; le; le = le->next) {
		const struct rphone *n = le->data;
		struct sw_event ev = {.type = SW_EV_PHONE, .dn = n->dn,
				      .up = n->up};

		if (!phone_find(&old, n->dn) && n->up != old_default)
			deliver(r, &ev);
	}
	list_flush(&old);
	return err;
}

static const char *str_or_empty(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The first of our legs the report does not hold, or NULL. */
static struct rleg *gone_leg(const struct remote *r, const json_t *legs)
{
	for (struct le *le = r->legs.head; le; le = le->next) {
		struct rleg *l = le->data;
		const json_t *o;
		bool found = false;
		size_t i;

		json_array_foreach(legs, i, o)
			if ((sw_leg_t)json_integer_value(
				    json_object_get(o, "leg")) == l->leg)
				found = true;
		if (!found)
			return l;
	}
	return NULL;
}

/* Logs the report and ends each of our legs it no longer holds. */
static int welcome_legs(struct remote *r, const json_t *legs)
{
	const json_t *o;
	struct rleg *l;
	size_t i;

	if (!json_is_array(legs))
		return EPROTO;
	json_array_foreach(legs, i, o) {
		sw_leg_t leg;

		if (!json_is_object(o) || !swmsg_leg(o, &leg))
			return EPROTO;
		log_trace("switch node %s: leg %llu %s %s bridge %s%s",
			  r->node, (unsigned long long)leg,
			  str_or_empty(o, "dir"), str_or_empty(o, "state"),
			  json_is_string(json_object_get(o, "bridge")) ?
			  str_or_empty(o, "bridge") : "-",
			  leg_find(r, leg) ? "" : " (not ours)");
	}
	/* one at a time, from the start again: the core, told of one leg,
	 * may hang up others (their entries go) */
	while ((l = gone_leg(r, legs))) {
		struct sw_event ev = {.leg = l->leg};

		ev.type = l->inbound || l->answered ? SW_EV_HANGUP :
			SW_EV_FAILED;
		ev.cause = l->inbound || l->answered ? SW_CAUSE_NORMAL :
			SW_CAUSE_FAILED;
		log_trace("switch node %s: leg %llu ended while away",
			  r->node, (unsigned long long)l->leg);
		remote_leg_del(r, l->leg);
		deliver(r, &ev);
	}
	return 0;
}

int remote_welcome(struct remote *r, const json_t *f)
{
	const json_t *legs = json_object_get(f, "legs");
	uint64_t v, token;
	int err;

	if (!swmsg_uint(f, "v", 1000, &v) || v != SWFRAME_VERSION ||
	    !swmsg_uint(f, "token", SWMSG_LEG_MAX, &token) ||
	    token != r->conf.token || !json_is_array(legs))
		return EPROTO;
	r->up = true;
	json_decref(r->report);
	r->report = json_incref((json_t *)legs);
	log_trace("switch node %s: master with token %llu, %zu live legs "
		  "reported", r->node, (unsigned long long)token,
		  json_array_size(legs));
	err = welcome_phones(r, f);
	return err ? err : welcome_legs(r, legs);
}

json_t *remote_switch_report(struct sw *sw)
{
	const struct remote *r = (const struct remote *)sw;

	return r->report ? json_deep_copy(r->report) : json_array();
}
