/*
 * remote_ev.c — what the node tells the CTI: events on legs (handed to
 * the core as switch events, from the loop, never inside an op), the DNs
 * phones are registered on (phone_ready() is answered from this table,
 * without a round trip).
 *
 * The legs live for the core are tracked too, so that no HANGUP reaches
 * the core for a leg it hung up, and so that remote_sync.c can end those
 * the node no longer has after a lost link.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

struct rleg *remote_leg_find(const struct remote *r, sw_leg_t leg)
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

	if (remote_leg_find(r, leg))
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
	struct rleg *l = remote_leg_find(r, leg);

	if (l) {
		list_unlink(&l->le);
		mem_deref(l);
	}
}

struct rphone *remote_phone_find(const struct list *phones,
				 const char *dn)
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
	p = remote_phone_find(&r->phones, dn);
	return p ? p->up : r->phones_default;
}

void remote_deliver(struct remote *r, const struct sw_event *ev)
{
	r->sw.eh(ev, r->sw.arg);
}

void remote_leg_end(struct remote *r, struct rleg *l, enum sw_cause cause)
{
	struct sw_event ev = {.leg = l->leg, .cause = cause};

	ev.type = l->inbound || l->answered ? SW_EV_HANGUP : SW_EV_FAILED;
	if (ev.type == SW_EV_FAILED && cause == SW_CAUSE_NORMAL)
		ev.cause = SW_CAUSE_FAILED;
	remote_leg_del(r, l->leg);
	remote_deliver(r, &ev);
}

int remote_phone_set(struct list *phones, const char *dn, bool up)
{
	struct rphone *p = remote_phone_find(phones, dn);

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
	remote_deliver(r, ev);
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
	l = remote_leg_find(r, ev.leg);
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
	remote_deliver(r, &ev);
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
			err = remote_phone_set(&r->phones, dn, ev.up);
			if (!err)
				remote_deliver(r, &ev);
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

json_t *remote_switch_report(struct sw *sw)
{
	const struct remote *r = (const struct remote *)sw;

	return r->report ? json_deep_copy(r->report) : json_array();
}
