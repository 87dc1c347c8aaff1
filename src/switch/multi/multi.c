/*
 * multi.c — the switch of several nodes: the node list parsed into one
 * remote switch per node (each with the same token and timings, and one
 * counter for the ids of the legs the CTI originates, so that they never
 * meet), and the CTI pair's lead handed to every one of them, the first
 * node synced telling the CTI it can serve.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/multi/multi_int.h"
#include "switch/remote/remote.h"

enum { LEG_BUCKETS = 256 };

static void destructor(void *arg)
{
	struct multi *m = arg;

	for (unsigned i = 0; i < m->n; i++)
		m->nodes[i].sw = mem_deref(m->nodes[i].sw);
	hash_flush(m->legs);
	mem_deref(m->legs);
	list_flush(&m->recs);
	list_flush(&m->phones);
}

/* A node's view taken: the lead's first tells the CTI it can serve. */
static void node_synced(void *arg)
{
	struct multi *m = ((struct mnode *)arg)->m;
	multi_ready_h *ready = m->ready;

	m->ready = NULL;
	if (ready)
		ready(m->ready_arg);
}

/* The next node of the list at *p (moved past it and its comma). */
static int node_add(struct multi *m, const char **p,
		    const struct multi_conf *conf)
{
	struct remote_conf rc = {
		.token = conf->token,
		.secret = conf->secret,
		.hb_ms = conf->hb_ms,
		.reconnect_ms = conf->reconnect_ms,
		.standby = conf->standby,
		.leg_counter = &m->leg_counter,
	};
	struct mnode *node = &m->nodes[m->n];
	size_t len = strcspn(*p, ",");

	if (m->n == MULTI_NODES_MAX || !len || len >= sizeof(node->addr))
		return EINVAL;
	memcpy(node->addr, *p, len);
	node->addr[len] = '\0';
	*p += len + ((*p)[len] == ',');
	node->m = m;
	node->idx = m->n;
	rc.node = node->addr;
	rc.synced_h = node_synced;
	rc.synced_arg = node;
	for (unsigned i = 0; i < m->n; i++)
		if (!strcmp(m->nodes[i].addr, node->addr))
			return EINVAL;
	m->n++;
	return remote_switch_alloc(&node->sw, multi_node_event, node, &rc);
}

int multi_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
		       const struct multi_conf *conf)
{
	struct multi *m;
	const char *p;
	int err;

	if (!swp || !eh || !conf || !conf->nodes || !*conf->nodes)
		return EINVAL;
	m = mem_zalloc(sizeof(*m), destructor);
	if (!m)
		return ENOMEM;
	m->sw.ops = &multi_ops;
	m->sw.eh = eh;
	m->sw.arg = arg;
	err = hash_alloc(&m->legs, LEG_BUCKETS);
	for (p = conf->nodes; !err && *p;)
		err = node_add(m, &p, conf);
	if (err) {
		mem_deref(m);
		return err;
	}
	if (!conf->standby) {
		m->ready = conf->ready;
		m->ready_arg = conf->ready_arg;
	}
	if (m->n > 1)
		log_trace("switch: %u nodes (%s)", m->n, conf->nodes);
	*swp = &m->sw;
	return 0;
}

int multi_switch_lead(struct sw *sw, uint64_t token, multi_ready_h *ready,
		      void *arg)
{
	struct multi *m = (struct multi *)sw;
	int err = 0;

	if (!m)
		return EINVAL;
	m->ready = ready;
	m->ready_arg = arg;
	for (unsigned i = 0; !err && i < m->n; i++)
		err = remote_switch_lead(m->nodes[i].sw, token);
	return err;
}

void multi_switch_depose(struct sw *sw)
{
	struct multi *m = (struct multi *)sw;

	for (unsigned i = 0; m && i < m->n; i++)
		remote_switch_depose(m->nodes[i].sw);
}
