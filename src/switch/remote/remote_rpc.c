/*
 * remote_rpc.c — Switch.Legs: what the switch node reported in its last
 * welcome, for an admin of a `--role cti` daemon (docs/protocol.md §10),
 * registered through api/api_ext.h as the sim registers Sim.*. Until the
 * core rebuilds its calls from the report (issue 11 §2), this is where an
 * operator sees the legs a node kept for a CTI that came back.
 */
#include <errno.h>
#include "api/api_ext.h"
#include "switch/remote/remote.h"

static void m_legs(struct api_ext_call *call, const struct pval *v,
		   void *arg)
{
	(void)v;
	api_ext_reply_value(call, "data", remote_switch_report(arg));
}

static const struct api_ext_method methods[] = {
	{"Switch.Legs", m_legs, NULL},
	{NULL, NULL, NULL},
};

int remote_rpc_register(struct api *api, struct sw *sw)
{
	return sw ? api_ext_register(api, methods, sw) : EINVAL;
}
