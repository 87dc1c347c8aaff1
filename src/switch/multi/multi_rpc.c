/*
 * multi_rpc.c — Switch.Legs of a CTI on several nodes (docs/protocol.md
 * §10): the legs of every node's last welcome (remote_switch_report), each
 * with the node it is on ("node": IP:PORT) and the leg id as the core
 * knows it (a node's own id carries the node's index, multi_legs.c).
 */
#include <errno.h>
#include "api/api_ext.h"
#include "switch/multi/multi_int.h"
#include "switch/remote/remote.h"

/* Node n's report appended to all; ENOMEM. */
static int node_legs(json_t *all, const struct mnode *node)
{
	json_t *legs = remote_switch_report(node->sw);
	json_t *l;
	size_t i;
	int err = legs ? 0 : ENOMEM;

	json_array_foreach(legs, i, l) {
		sw_leg_t raw = (sw_leg_t)json_integer_value(
			json_object_get(l, "leg"));

		err |= json_object_set_new(l, "leg", json_integer(
			(json_int_t)multi_leg_id(node->idx, raw)));
		err |= json_object_set_new(l, "node",
					   json_string(node->addr));
	}
	err = err ? ENOMEM : json_array_extend(all, legs) ? ENOMEM : 0;
	json_decref(legs);
	return err;
}

static void m_legs(struct api_ext_call *call, const struct pval *v,
		   void *arg)
{
	const struct multi *m = arg;
	json_t *all = json_array();
	int err = all ? 0 : ENOMEM;

	(void)v;
	for (unsigned i = 0; !err && i < m->n; i++)
		err = node_legs(all, &m->nodes[i]);
	if (err) {
		json_decref(all);
		all = NULL;
	}
	api_ext_reply_value(call, "data", all);
}

static const struct api_ext_method methods[] = {
	{"Switch.Legs", m_legs, NULL},
	{NULL, NULL, NULL},
};

int multi_rpc_register(struct api *api, struct sw *sw)
{
	return sw ? api_ext_register(api, methods, sw) : EINVAL;
}
