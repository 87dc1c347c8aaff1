/*
 * sip_flow.c — a phone reachable inside its dialogs over the connection
 * it called or registered over (its "flow"): libre sends in-dialog
 * requests to the far end's Contact, which for a browser is a random
 * "*.invalid" host (RFC 7118 section 5) and for a desk phone on TLS a
 * listener we would have to open a new connection to (as a client whose
 * certificate check nobody configured, and through the phone's NAT), or
 * a sips: URI libre cannot send to. So the session is made from, or its
 * dialog updated with, a copy of the phone's message whose Contact is the
 * flow. (For the sessions the switch starts with a browser, sip_outbound.c
 * adds a Record-Route instead.)
 */
#include <errno.h>
#include "switch/sip/sip_int.h"

/* A copy of msg, a request or response from a phone, whose Contact is
 * <sip:user@flow;transport=...>. EBADMSG without a usable Contact. */
int sip_flow_copy(struct sip_msg **copyp, const struct sip_msg *msg)
{
	const struct sip_hdr *c = sip_msg_hdr(msg, SIP_HDR_CONTACT);
	const char *start = msg->req ? msg->met.p : msg->ver.p;
	const char *end = (const char *)msg->mb->buf + msg->mb->end;
	struct sip_addr addr;
	struct sip_msg *copy;
	struct mbuf *mb;
	int err;

	if (!c || sip_addr_decode(&addr, &c->val) || !start ||
	    c->val.p < start || c->val.p + c->val.l > end)
		return EBADMSG;
	mb = mbuf_alloc((size_t)(end - start) + 64);
	if (!mb)
		return ENOMEM;
	err = mbuf_write_mem(mb, (const uint8_t *)start,
			     (size_t)(c->val.p - start));
	err |= mbuf_printf(mb, "<sip:%r%s%J%s>", &addr.uri.user,
			   pl_isset(&addr.uri.user) ? "@" : "", &msg->src,
			   sip_transp_param(msg->tp));
	err |= mbuf_write_mem(mb, (const uint8_t *)(c->val.p + c->val.l),
			      (size_t)(end - c->val.p - c->val.l));
	mb->pos = 0;
	err = err ? err : sip_msg_decode(&copy, mb);
	mem_deref(mb);
	if (err)
		return err == ENOMEM ? err : EBADMSG;
	copy->sock = mem_ref(msg->sock);
	copy->src = msg->src;
	copy->dst = msg->dst;
	copy->tp = msg->tp;
	*copyp = copy;
	return 0;
}

/* The dialog of a session we started with a TLS phone: our requests in
 * it go over the phone's connection (called with its 2xx, after libre
 * took the Contact). A Record-Route the phone's answer carried wins, as
 * libre keeps it. */
int sip_flow_target(struct sip_leg *leg, const struct sip_msg *msg)
{
	struct sip_msg *copy = NULL;
	int err;

	if (msg->tp != SIP_TRANSP_TLS)
		return 0;
	err = sip_flow_copy(&copy, msg);
	err = err ? err : sip_dialog_update(sipsess_dialog(leg->sess), copy);
	mem_deref(copy);
	return err;
}
