/*
 * node_leg.c — the node's table of live legs and DNs: the backend's
 * events update it and go on to the master (or, orphaned, are only
 * recorded), and it is what a master's hello is answered with (the leg
 * report), so a CTI that comes back or takes over can rebuild its view.
 *
 * Inbound legs keep the backend's id on the wire; originated legs carry
 * the id the CTI chose (bit 62 set, docs/switch-protocol.md), so the
 * table maps between the two.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/node/node_int.h"

struct nphone {
	struct le le;
	char dn[SW_DN_SIZE];
	bool up;
};

static void leg_destructor(void *arg)
{
	struct nleg *l = arg;

	list_unlink(&l->le);
	mem_deref(l->call_id);
	mem_deref(l->ani);
	mem_deref(l->dnis);
	mem_deref(l->dest);
	mem_deref(l->caller);
	mem_deref(l->bridge);
	json_decref(l->data);
	json_decref(l->note);
}

int node_leg_str(char **field, const char *value)
{
	*field = mem_deref(*field);
	return value ? str_dup(field, value) : 0;
}

struct nleg *node_leg_by_wire(struct node *n, sw_leg_t wire)
{
	for (struct le *le = n->legs.head; le; le = le->next) {
		struct nleg *l = le->data;

		if (l->wire == wire)
			return l;
	}
	return NULL;
}

static struct nleg *by_local(struct node *n, sw_leg_t local)
{
	for (struct le *le = n->legs.head; le; le = le->next) {
		struct nleg *l = le->data;

		if (l->local == local)
			return l;
	}
	return NULL;
}

int node_leg_add(struct node *n, struct nleg **lp, sw_leg_t wire,
		 sw_leg_t local, bool inbound)
{
	struct nleg *l;

	if (node_leg_by_wire(n, wire))
		return EEXIST;
	l = mem_zalloc(sizeof(*l), leg_destructor);
	if (!l)
		return ENOMEM;
	l->data = json_object();
	l->note = json_object();
	if (!l->data || !l->note) {
		mem_deref(l);
		return ENOMEM;
	}
	l->wire = wire;
	l->local = local;
	l->inbound = inbound;
	l->state = inbound ? "offered" : "calling";
	l->flags = 0;
	list_append(&n->legs, &l->le, l);
	*lp = l;
	return 0;
}

static json_t *leg_json(const struct nleg *l)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, "
			      "s:s?, s:i, s:s, s:O, s:I, s:O}",
			      "leg", (json_int_t)l->wire, "dir",
			      l->inbound ? "in" : "out", "state", l->state,
			      "call_id", l->call_id, "ani", l->ani,
			      "dnis", l->dnis, "dest", l->dest,
			      "caller", l->caller, "bridge", l->bridge,
			      "flags", (int)l->flags, "tone",
			      swmsg_tone_name(l->tone), "data", l->data,
			      "queued_at", (json_int_t)l->queued_at,
			      "note", l->note);

	if (o && l->ended &&
	    (json_object_set_new(o, "ended", json_true()) ||
	     json_object_set_new(o, "cause",
				 json_string(swmsg_cause_name(l->cause))))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *node_leg_report(const struct node *n)
{
	json_t *a = json_array();

	for (struct le *le = n->legs.head; a && le; le = le->next) {
		if (((const struct nleg *)le->data)->ended)
			continue;
		if (json_array_append_new(a, leg_json(le->data))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

void node_leg_sync(struct nconn *c)
{
	const struct node *n = c->node;

	for (struct le *le = n->phones.head; le; le = le->next) {
		const struct nphone *p = le->data;

		node_send(c, json_pack("{s:s, s:s, s:b}", "t", "phone", "dn",
				       p->dn, "up", p->up));
	}
	for (struct le *le = n->legs.head; le;) {
		struct nleg *l = le->data;
		json_t *f = leg_json(l);

		le = le->next;
		if (f && json_object_set_new(f, "t", json_string("leg"))) {
			json_decref(f);
			f = NULL;
		}
		node_send(c, f);
		if (l->ended)
			mem_deref(l);   /* the master knows: its CDR's now */
	}
}

/* A leg ended while no master was there to be told: kept, so that the
 * next master learns how its call ended and writes its CDR rows. */
static void ended(struct nleg *l, enum sw_cause cause)
{
	l->ended = true;
	l->cause = cause;
	l->bridge = mem_deref(l->bridge);
}

void node_legs_orphan_end(struct node *n)
{
	for (struct le *le = n->legs.head; le; le = le->next) {
		struct nleg *l = le->data;
		int err;

		if (l->ended)
			continue;
		err = sw_hangup(n->sw, l->local, SW_CAUSE_NORMAL);
		if (err)
			log_warn("switch node: hangup of leg %llu: %s",
				 (unsigned long long)l->wire, strerror(err));
		ended(l, SW_CAUSE_TIMEOUT);
	}
}

/* Ends every leg on the backend and forgets it (orphan timeout, node
 * shutdown). No events follow for legs hung up from here. */
void node_legs_end(struct node *n)
{
	struct le *le;

	while ((le = n->legs.head)) {
		struct nleg *l = le->data;
		int err = l->ended ? 0 :
			sw_hangup(n->sw, l->local, SW_CAUSE_NORMAL);

		if (err)
			log_warn("switch node: hangup of leg %llu: %s",
				 (unsigned long long)l->wire, strerror(err));
		mem_deref(l);
	}
}

static void phone_event(struct node *n, const struct sw_event *ev)
{
	struct nphone *p = NULL;

	for (struct le *le = n->phones.head; le; le = le->next) {
		if (!strcmp(((struct nphone *)le->data)->dn, ev->dn)) {
			p = le->data;
			break;
		}
	}
	if (!p) {
		if (strlen(ev->dn) >= SW_DN_SIZE)
			return;
		p = mem_zalloc(sizeof(*p), NULL);
		if (!p) {
			log_error("switch node: no memory for DN %s", ev->dn);
			return;
		}
		str_ncpy(p->dn, ev->dn, sizeof(p->dn));
		list_append(&n->phones, &p->le, p);
	}
	p->up = ev->up;
	node_to_master(n, json_pack("{s:s, s:s, s:s, s:b}", "t", "ev", "ev",
				    "phone", "dn", ev->dn, "up", ev->up));
}

/* A new customer: without a master nobody could route it, so it is
 * refused at once rather than left ringing into nothing. */
static void incoming(struct node *n, const struct sw_event *ev)
{
	struct nleg *l;
	json_t *data;
	int err;

	if (!n->master) {
		log_warn("switch node: no CTI, refusing call %s from %s",
			 ev->call_id, ev->ani);
		(void)sw_hangup(n->sw, ev->leg, SW_CAUSE_FAILED);
		return;
	}
	data = swmsg_data_json(ev->data, ev->ndata);
	err = data ? node_leg_add(n, &l, ev->leg, ev->leg, true) : ENOMEM;
	if (!err) {
		json_decref(l->data);
		l->data = data;
		data = NULL;
		err = node_leg_str(&l->call_id, ev->call_id);
		err |= node_leg_str(&l->ani, ev->ani);
		err |= node_leg_str(&l->dnis, ev->dnis);
	}
	json_decref(data);
	if (err) {
		log_error("switch node: cannot keep call %s: %s", ev->call_id,
			  strerror(err));
		mem_deref(node_leg_by_wire(n, ev->leg));
		(void)sw_hangup(n->sw, ev->leg, SW_CAUSE_FAILED);
		return;
	}
	node_to_master(n, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:O}",
				    "t", "ev", "ev", "incoming", "leg",
				    (json_int_t)l->wire, "call_id",
				    l->call_id, "ani", l->ani, "dnis",
				    l->dnis, "data", l->data));
}

void node_switch_event(const struct sw_event *ev, void *arg)
{
	struct node *n = *(struct node **)arg;
	static const char *const names[] = {
		[SW_EV_ALERTING] = "alerting", [SW_EV_ANSWERED] = "answered",
		[SW_EV_FAILED] = "failed", [SW_EV_HANGUP] = "hangup",
		[SW_EV_DTMF] = "dtmf",
	};
	bool down = ev->type == SW_EV_FAILED || ev->type == SW_EV_HANGUP;
	struct nleg *l;
	json_t *f;

	if (!n)
		return;
	if (ev->type == SW_EV_PHONE) {
		phone_event(n, ev);
		return;
	}
	if (ev->type == SW_EV_INCOMING) {
		incoming(n, ev);
		return;
	}
	l = by_local(n, ev->leg);
	if (!l || l->ended ||
	    (unsigned)ev->type >= sizeof(names) / sizeof(names[0])) {
		log_debug("switch node: event %d for unknown leg %llu",
			  ev->type, (unsigned long long)ev->leg);
		return;
	}
	f = json_pack("{s:s, s:s, s:I}", "t", "ev", "ev", names[ev->type],
		      "leg", (json_int_t)l->wire);
	if (f && down)
		json_object_set_new(f, "cause",
				    json_string(swmsg_cause_name(ev->cause)));
	if (f && ev->type == SW_EV_DTMF)
		json_object_set_new(f, "digits", json_string(ev->digits));
	if (ev->type == SW_EV_ALERTING)
		l->state = "alerting";
	else if (ev->type == SW_EV_ANSWERED)
		l->state = "answered";
	else if (down && n->master)
		mem_deref(l);
	else if (down)
		ended(l, ev->cause);
	node_to_master(n, f);
}
