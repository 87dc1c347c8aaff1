/*
 * sip_share.c — the registrations a SIP node shares with the other nodes
 * through the database (sw_share.h): every contact made, refreshed or
 * removed here is written, named by this node's SIP address; a call to a
 * DN no phone registered here goes to the contact another node wrote,
 * through the route that node reaches it by (the proxy in front of the
 * nodes, or the phone's own address). This node sends the INVITE itself
 * and anchors the media: docs/decisions.md "A phone on another node".
 *
 * A browser's contact is not shared: it is reachable over its WebSocket
 * to this node only. A node that stops leaves its rows to lapse, so its
 * phones stay reachable from the others until they register again.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "log.h"
#include "switch/sip/sip_int.h"

/* The row of b, EINVAL when a field does not fit the table. */
static int binding_row(struct sip_switch *ss, const struct registrar_binding *b,
		       struct sw_binding *row)
{
	char *route = NULL;
	uint64_t now = tmr_jiffies();
	int err = registrar_route(b, &route);

	memset(row, 0, sizeof(*row));
	if (!err && (strlen(b->uri) >= sizeof(row->contact) ||
		     strlen(route) >= sizeof(row->route)))
		err = EINVAL;
	if (!err) {
		str_ncpy(row->dn, b->dn, sizeof(row->dn));
		str_ncpy(row->contact, b->uri, sizeof(row->contact));
		str_ncpy(row->route, route, sizeof(row->route));
		str_ncpy(row->node, ss->node, sizeof(row->node));
		row->expires_s = (int64_t)time(NULL) +
			(int64_t)((b->expires > now ? b->expires - now : 0) /
				  1000);
	}
	mem_deref(route);
	return err;
}

static void binding_h(const struct registrar_binding *b, bool live,
		      void *arg)
{
	struct sip_switch *ss = arg;
	struct sw_binding row;
	int err;

	if (sip_ws_flow(ss, &b->src))
		return;
	err = binding_row(ss, b, &row);
	if (!err)
		err = live ? ss->share.put(&row, ss->share.arg)
			   : ss->share.del(&row, ss->share.arg);
	/* ENOENT: another node holds it now, or it was never shared */
	if (err && err != ENOENT)
		log_warn("sip: shared registration of %s (%s): %s", b->dn,
			 b->uri, strerror(err));
}

int sip_share_init(struct sip_switch *ss, const struct sw_share *share)
{
	struct sa laddr;
	int err;

	if (!share)
		return 0;
	if (!share->put || !share->del || !share->find)
		return EINVAL;
	err = sip_transp_laddr(ss->sip, &laddr, SIP_TRANSP_UDP, NULL);
	if (err)
		return err;
	if (re_snprintf(ss->node, sizeof(ss->node), "%J", &laddr) < 0)
		return ENOMEM;
	ss->share = *share;
	registrar_set_binding_handler(ss->reg, binding_h, ss);
	return 0;
}

int sip_share_target(struct sip_switch *ss, const char *dn, char **to,
		     char **route)
{
	struct sw_binding row;
	int err;

	if (!ss->share.find)
		return ENOENT;
	err = ss->share.find(dn, (int64_t)time(NULL), &row, ss->share.arg);
	if (err) {
		if (err != ENOENT)
			log_warn("sip: shared registrations of %s: %s", dn,
				 strerror(err));
		return ENOENT;
	}
	log_trace("sip: %s is registered on %s, through %s", dn, row.node,
		  row.route);
	err = str_dup(to, row.contact);
	return err ? err : str_dup(route, row.route);
}
