/*
 * multi_legs.c — the legs the core holds on the nodes: for each, its node,
 * the node's id for it and the bridge it is in (recording is asked of a
 * bridge, and a bridge lives on the node of its legs). A leg leaves the
 * table when the core hangs it up or hears it end.
 *
 * Ids: a leg the CTI originated keeps its id (bit 62, unique over the
 * nodes: remote.h's shared counter); a node's own leg (inbound) gets the
 * node's index in bits 56..59, so equal ids of two nodes stay apart.
 */
#include <errno.h>
#include <string.h>
#include "switch/multi/multi_int.h"

static uint32_t leg_key(sw_leg_t leg)
{
	return (uint32_t)(leg ^ leg >> 32);
}

static bool leg_cmp(struct le *le, void *arg)
{
	const struct mleg *l = le->data;

	return l->leg == *(const sw_leg_t *)arg;
}

struct mleg *multi_leg_find(const struct multi *m, sw_leg_t leg)
{
	struct le *le = hash_lookup(m->legs, leg_key(leg), leg_cmp, &leg);

	return le ? le->data : NULL;
}

sw_leg_t multi_leg_id(unsigned node, sw_leg_t raw)
{
	if (raw & MULTI_CTI_BIT)
		return raw;
	if (raw > MULTI_RAW_MAX)
		return 0;
	return raw | (uint64_t)node << MULTI_NODE_SHIFT;
}

static void leg_destructor(void *arg)
{
	struct mleg *l = arg;

	hash_unlink(&l->he);
	mem_deref(l->bridge);
}

int multi_leg_add(struct multi *m, unsigned node, sw_leg_t raw,
		  sw_leg_t *legp)
{
	sw_leg_t leg = multi_leg_id(node, raw);
	struct mleg *l;

	if (!leg)
		return ERANGE;
	if (multi_leg_find(m, leg))
		return EEXIST;
	l = mem_zalloc(sizeof(*l), leg_destructor);
	if (!l)
		return ENOMEM;
	l->leg = leg;
	l->raw = raw;
	l->node = node;
	hash_append(m->legs, leg_key(leg), &l->he, l);
	if (legp)
		*legp = leg;
	return 0;
}

void multi_leg_del(struct multi *m, sw_leg_t leg)
{
	mem_deref(multi_leg_find(m, leg));
}

int multi_leg_set_bridge(struct mleg *l, const char *bridge)
{
	char *copy = NULL;
	int err = bridge ? str_dup(&copy, bridge) : 0;

	if (err)
		return err;
	mem_deref(l->bridge);
	l->bridge = copy;
	return 0;
}

static bool in_bridge(struct le *le, void *arg)
{
	const struct mleg *l = le->data;

	return l->bridge && !strcmp(l->bridge, arg);
}

struct mleg *multi_leg_in(const struct multi *m, const char *bridge)
{
	struct le *le = hash_apply(m->legs, in_bridge, (void *)bridge);

	return le ? le->data : NULL;
}
