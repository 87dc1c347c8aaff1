/*
 * sip_update.c — UPDATE (RFC 3311) inside a leg's dialog: libre's session
 * layer does not take it, so this listener does. An UPDATE with an offer
 * is answered like a re-INVITE (our media, the CTI state untouched); one
 * without a body is a session refresh and gets a bare 200. Outside any
 * dialog of ours it is 481.
 */
#include <errno.h>
#include <string.h>
#include "switch/sip/sip_int.h"

static struct sip_leg *leg_of_dialog(const struct sip_switch *ss,
				     const struct sip_msg *msg)
{
	struct le *le;

	LIST_FOREACH(&ss->legs, le) {
		struct sip_leg *leg = le->data;
		struct sip_dialog *dlg = leg->sess ? sipsess_dialog(leg->sess)
						   : NULL;

		if (dlg && sip_dialog_cmp(dlg, msg))
			return leg;
	}
	return NULL;
}

/* 2xx to UPDATE carry a Contact (RFC 3311 section 5.2). */
static void reply_ok(struct sip_switch *ss, const struct sip_msg *msg,
		     struct mbuf *sdp)
{
	size_t len = sdp ? mbuf_get_left(sdp) : 0;
	struct sa laddr;

	if (sip_transp_laddr(ss->sip, &laddr, msg->tp, &msg->src)) {
		(void)sip_treply(NULL, ss->sip, msg, 500,
				 "Server Internal Error");
		return;
	}
	(void)sip_treplyf(NULL, NULL, ss->sip, msg, false, 200, "OK",
			  "Contact: <sip:callcloud@%J%s>\r\n"
			  "%s"
			  "Content-Length: %zu\r\n\r\n%b",
			  &laddr, sip_transp_param(msg->tp),
			  len ? "Content-Type: application/sdp\r\n" : "",
			  len, sdp ? mbuf_buf(sdp) : NULL, len);
}

static bool request_h(const struct sip_msg *msg, void *arg)
{
	struct sip_switch *ss = arg;
	struct sip_leg *leg;
	struct mbuf *answer = NULL;
	int err;

	if (pl_strcmp(&msg->met, "UPDATE"))
		return false;
	leg = leg_of_dialog(ss, msg);
	if (!leg) {
		(void)sip_treply(NULL, ss->sip, msg, 481,
				 "Call/Transaction Does Not Exist");
		return true;
	}
	if (!mbuf_get_left(msg->mb)) {
		reply_ok(ss, msg, NULL);
		return true;
	}
	err = sip_sdp_take(leg, msg, true, &answer);
	if (err == EPROTONOSUPPORT) {
		/* as for a re-INVITE: keep what we have (sip_session.c) */
		err = sdp_encode(&answer, leg->sdp, false);
	}
	if (err == EBADMSG)
		(void)sip_treply(NULL, ss->sip, msg, 400,
				 "Bad Session Description");
	else if (err)
		(void)sip_treply(NULL, ss->sip, msg, 500,
				 "Server Internal Error");
	else
		reply_ok(ss, msg, answer);
	mem_deref(answer);
	return true;
}

int sip_update_listen(struct sip_switch *ss)
{
	return sip_listen(&ss->update_lsnr, ss->sip, true, request_h, ss);
}
