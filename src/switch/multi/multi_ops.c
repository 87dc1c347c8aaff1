/*
 * multi_ops.c — the switch_ops of several nodes: an op on a leg goes to
 * the node holding it, under the node's id for it; an originate picks its
 * node (the near leg's; else the node a phone of the DN is registered on;
 * else the connected nodes in turn); recording goes to the node of the
 * bridge's legs; phone_ready() is any node's, the counts are the sum.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/multi/multi_int.h"

static struct multi *multi_of(struct sw *sw)
{
	return (struct multi *)sw;
}

static int originate_on(struct multi *m, unsigned node, sw_leg_t *legp,
			const struct sw_originate *o)
{
	struct sw *nsw = m->nodes[node].sw;
	sw_leg_t raw;
	int err = sw_originate(nsw, &raw, o);

	if (err)
		return err;
	err = multi_leg_add(m, node, raw, legp);
	if (err)
		sw_hangup(nsw, raw, SW_CAUSE_FAILED);
	return err;
}

/* The first node a phone of dn is registered on, or -1. */
static int ready_node(const struct multi *m, const char *dn)
{
	for (unsigned i = 0; i < m->n; i++)
		if (sw_phone_ready(m->nodes[i].sw, dn))
			return (int)i;
	return -1;
}

static int m_originate(struct sw *sw, sw_leg_t *legp,
		       const struct sw_originate *o)
{
	struct multi *m = multi_of(sw);
	const struct mleg *near = o->near ? multi_leg_find(m, o->near) : NULL;
	int node = o->kind == SW_DEST_PHONE ? ready_node(m, o->dest) : -1;
	int err = ENOTCONN;

	if (o->near && !near)
		return ENOENT;
	if (near)
		return originate_on(m, near->node, legp, o);
	if (node >= 0)
		return originate_on(m, (unsigned)node, legp, o);
	/* a node whose link is down says ENOTCONN: the next one's turn */
	for (unsigned i = 0; err == ENOTCONN && i < m->n; i++) {
		unsigned n = (m->rr + i) % m->n;

		err = originate_on(m, n, legp, o);
		if (err != ENOTCONN)
			m->rr = (n + 1) % m->n;
	}
	return err;
}

/* The leg's node's switch and its id there; ENOENT for a leg the core
 * does not hold. */
static int node_leg(struct sw *sw, sw_leg_t leg, struct sw **nsw,
		    sw_leg_t *raw)
{
	struct multi *m = multi_of(sw);
	const struct mleg *l = multi_leg_find(m, leg);

	if (!l)
		return ENOENT;
	*nsw = m->nodes[l->node].sw;
	*raw = l->raw;
	return 0;
}

static int m_answer(struct sw *sw, sw_leg_t leg)
{
	struct sw *nsw;
	sw_leg_t raw;
	int err = node_leg(sw, leg, &nsw, &raw);

	return err ? err : sw_answer(nsw, raw);
}

static int m_hangup(struct sw *sw, sw_leg_t leg, enum sw_cause cause)
{
	struct sw *nsw;
	sw_leg_t raw;
	int err = node_leg(sw, leg, &nsw, &raw);

	if (err)
		return err;
	multi_leg_del(multi_of(sw), leg);
	return sw_hangup(nsw, raw, cause);
}

static int m_join(struct sw *sw, const char *bridge, sw_leg_t leg,
		  unsigned flags)
{
	struct mleg *l = multi_leg_find(multi_of(sw), leg);
	int err = l ? multi_leg_set_bridge(l, bridge) : ENOENT;

	return err ? err : sw_join(multi_of(sw)->nodes[l->node].sw, bridge,
				   l->raw, flags);
}

static int m_leave(struct sw *sw, sw_leg_t leg)
{
	struct mleg *l = multi_leg_find(multi_of(sw), leg);
	int err = l ? multi_leg_set_bridge(l, NULL) : ENOENT;

	return err ? err : sw_leave(multi_of(sw)->nodes[l->node].sw, l->raw);
}

static int m_play(struct sw *sw, sw_leg_t leg, enum sw_tone tone)
{
	struct sw *nsw;
	sw_leg_t raw;
	int err = node_leg(sw, leg, &nsw, &raw);

	return err ? err : sw_play(nsw, raw, tone);
}

static int m_send_dtmf(struct sw *sw, sw_leg_t leg, const char *digits)
{
	struct sw *nsw;
	sw_leg_t raw;
	int err = node_leg(sw, leg, &nsw, &raw);

	return err ? err : sw_send_dtmf(nsw, raw, digits);
}

static struct mrec *rec_find(const struct multi *m, const char *bridge)
{
	for (struct le *le = m->recs.head; le; le = le->next) {
		struct mrec *r = le->data;

		if (!strcmp(r->bridge, bridge))
			return r;
	}
	return NULL;
}

static void rec_destructor(void *arg)
{
	struct mrec *r = arg;

	list_unlink(&r->le);
	mem_deref(r->bridge);
}

/* Started on the node of the bridge's legs, stopped where it started. */
static int m_record(struct sw *sw, const char *bridge, const char *path)
{
	struct multi *m = multi_of(sw);
	struct mrec *r = rec_find(m, bridge);
	const struct mleg *l;
	int err;

	if (!path) {
		if (!r)
			return ENOENT;
		err = sw_record(m->nodes[r->node].sw, bridge, NULL);
		mem_deref(r);
		return err;
	}
	if (r)
		return EALREADY;
	l = multi_leg_in(m, bridge);
	if (!l)
		return ENOENT;
	r = mem_zalloc(sizeof(*r), rec_destructor);
	if (!r || str_dup(&r->bridge, bridge)) {
		mem_deref(r);
		return ENOMEM;
	}
	r->node = l->node;
	err = sw_record(m->nodes[r->node].sw, bridge, path);
	if (err)
		mem_deref(r);
	else
		list_append(&m->recs, &r->le, r);
	return err;
}

static bool m_phone_ready(struct sw *sw, const char *dn)
{
	return ready_node(multi_of(sw), dn) >= 0;
}

static void m_stats(struct sw *sw, struct sw_stats *out)
{
	struct multi *m = multi_of(sw);
	/* every member is a uint64_t: summed one by one */
	uint64_t *sum = (uint64_t *)out;

	_Static_assert(sizeof(struct sw_stats) % sizeof(uint64_t) == 0,
		       "struct sw_stats holds uint64_t members only");
	for (unsigned i = 0; i < m->n; i++) {
		struct sw_stats one;
		const uint64_t *v = (const uint64_t *)&one;

		sw_stats(m->nodes[i].sw, &one);
		for (size_t k = 0; k < sizeof(one) / sizeof(*v); k++)
			sum[k] += v[k];
	}
}

static void m_annotate(struct sw *sw, sw_leg_t leg, const struct sw_note *n)
{
	struct sw *nsw;
	sw_leg_t raw;

	if (!node_leg(sw, leg, &nsw, &raw))
		sw_annotate(nsw, raw, n);
}

const struct switch_ops multi_ops = {
	.name = "remote",
	.originate = m_originate,
	.answer = m_answer,
	.hangup = m_hangup,
	.join = m_join,
	.leave = m_leave,
	.play = m_play,
	.send_dtmf = m_send_dtmf,
	.record = m_record,
	.phone_ready = m_phone_ready,
	.stats = m_stats,
	.annotate = m_annotate,
};
