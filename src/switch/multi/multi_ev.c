/*
 * multi_ev.c — the events of every node, as one stream to the core (each
 * remote delivers from the loop, so none comes inside an op): a node's
 * own leg id becomes the core's (multi_legs.c), a new master's inherited
 * legs join the table, a leg that ends leaves it, and a DN's PHONE event is told when the DN's readiness over all
 * the nodes changes (a phone registered on one node is reachable from
 * every node through the shared registrations).
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/multi/multi_int.h"

static struct mphone *phone_find(const struct multi *m, const char *dn)
{
	for (struct le *le = m->phones.head; le; le = le->next) {
		struct mphone *p = le->data;

		if (!strcmp(p->dn, dn))
			return p;
	}
	return NULL;
}

/* Told when it is news: a DN not heard of before, or readiness over all
 * the nodes changed. */
static void phone_event(struct multi *m, const struct sw_event *ev)
{
	struct sw_event all = *ev;
	struct mphone *p = phone_find(m, ev->dn);

	all.up = sw_phone_ready(&m->sw, ev->dn);
	if (p && p->up == all.up)
		return;
	if (!p) {
		p = mem_zalloc(sizeof(*p), NULL);
		if (!p) {
			log_warn("switch: PHONE %s: out of memory", ev->dn);
			return;
		}
		str_ncpy(p->dn, ev->dn, sizeof(p->dn));
		list_append(&m->phones, &p->le, p);
	}
	p->up = all.up;
	m->sw.eh(&all, m->sw.arg);
}

/* A node's new inbound leg, under the core's id, and its call's id
 * made unique over the nodes (the first node's as it is). A node id
 * beyond the node bits cannot be told apart: the leg is refused. */
static void incoming(struct mnode *node, struct sw_event *ev)
{
	struct multi *m = node->m;
	int err = multi_leg_add(m, node->idx, ev->leg, &ev->leg);
	char call_id[256];   /* the wire's longest string, and room */

	if (!err && node->idx &&
	    re_snprintf(call_id, sizeof(call_id), "%s~%u", ev->call_id,
			node->idx) < 0)
		err = ENAMETOOLONG;
	if (!err && node->idx)
		ev->call_id = call_id;

	if (err) {
		log_warn("switch node %s: inbound leg %llu refused: %s",
			 node->addr, (unsigned long long)ev->leg,
			 strerror(err));
		sw_hangup(node->sw, ev->leg, SW_CAUSE_FAILED);
		return;
	}
	m->sw.eh(ev, m->sw.arg);
}

/* A new master's inheritance on this node (SW_EV_ADOPT): its legs under
 * the core's ids, each in the table with its bridge, then to the core. */
static void adopt(struct mnode *node, const struct sw_event *ev)
{
	struct multi *m = node->m;
	struct sw_live *live = mem_zalloc(ev->nlive * sizeof(*live) + 1,
					  NULL);
	struct sw_event e = *ev;
	size_t i, n = 0;

	if (!live) {
		log_error("switch node %s: no memory to hand %zu legs over",
			  node->addr, ev->nlive);
		for (i = 0; i < ev->nlive; i++)
			sw_hangup(node->sw, ev->live[i].leg, SW_CAUSE_FAILED);
		return;
	}
	for (i = 0; i < ev->nlive; i++) {
		struct sw_live l = ev->live[i];
		int err = multi_leg_add(m, node->idx, l.leg, &l.leg);
		struct mleg *ml = multi_leg_find(m, l.leg);

		if (!err && l.bridge[0])
			err = multi_leg_set_bridge(ml, l.bridge);
		if (err && err != EEXIST) {
			log_warn("switch node %s: leg %llu not handed over: "
				 "%s", node->addr,
				 (unsigned long long)ev->live[i].leg,
				 strerror(err));
			multi_leg_del(m, l.leg);
			sw_hangup(node->sw, ev->live[i].leg, SW_CAUSE_FAILED);
			continue;
		}
		live[n++] = l;
	}
	e.live = live;
	e.nlive = n;
	if (n)
		m->sw.eh(&e, m->sw.arg);
	mem_deref(live);
}

void multi_node_event(const struct sw_event *ev, void *arg)
{
	struct mnode *node = arg;
	struct multi *m = node->m;
	struct sw_event e = *ev;

	if (ev->type == SW_EV_PHONE) {
		phone_event(m, ev);
		return;
	}
	if (ev->type == SW_EV_INCOMING) {
		incoming(node, &e);
		return;
	}
	if (ev->type == SW_EV_ADOPT) {
		adopt(node, ev);
		return;
	}
	e.leg = multi_leg_id(node->idx, ev->leg);
	if (!multi_leg_find(m, e.leg))
		return;   /* not the core's (it hung it up) */
	if (e.type == SW_EV_FAILED || e.type == SW_EV_HANGUP)
		multi_leg_del(m, e.leg);
	m->sw.eh(&e, m->sw.arg);
}
