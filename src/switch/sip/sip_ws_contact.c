/*
 * sip_ws_contact.c — a browser reachable inside its dialogs: its Contact
 * is a random "*.invalid" host (RFC 7118 section 5), and libre sends
 * in-dialog requests to the Contact, so a session a browser starts is
 * accepted from a copy of its INVITE whose Contact is its flow (for the
 * sessions the switch starts, sip_outbound.c adds a Record-Route).
 */
#include <errno.h>
#include "switch/sip/sip_int.h"

/* A copy of msg, a request from a browser, whose Contact is
 * <sip:user@flow;transport=tcp>. EBADMSG without a usable Contact. */
int sip_ws_reachable(struct sip_msg **copyp, const struct sip_msg *msg)
{
	const struct sip_hdr *c = sip_msg_hdr(msg, SIP_HDR_CONTACT);
	const char *start = msg->met.p;
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
