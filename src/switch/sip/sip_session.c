/*
 * sip_session.c — the session handlers inbound and outbound legs share:
 * re-INVITEs (a phone putting us on hold, a trunk refreshing media) and
 * the end of a session started by the far end or by the network.
 */
#include <errno.h>
#include "switch/sip/sip_int.h"

/* A re-INVITE: whatever it says (hold sends no usable address), we answer
 * with our current media and the CTI state does not change. */
int sip_session_offer(struct mbuf **descp, const struct sip_msg *msg,
		      void *arg)
{
	struct sip_leg *leg = arg;
	int err;

	if (!mbuf_get_left(msg->mb))
		return sdp_encode(descp, leg->sdp, true);
	err = sip_sdp_take(leg, msg, true, descp);
	if (err == EPROTONOSUPPORT)
		err = sdp_encode(descp, leg->sdp, false);
	return err;
}

static enum sw_cause failure_cause(int err, const struct sip_msg *msg)
{
	if (msg && msg->scode >= 300) {
		switch (msg->scode) {
		case 486:
		case 600:
		case 603:
			return SW_CAUSE_BUSY;
		case 404:
		case 484:
		case 604:
			return SW_CAUSE_INVALID;
		case 408:
		case 480:
		case 487:
			return SW_CAUSE_NOANSWER;
		default:
			return SW_CAUSE_FAILED;
		}
	}
	return err == ETIMEDOUT ? SW_CAUSE_NOANSWER : SW_CAUSE_FAILED;
}

/* The session ended without the core asking: a BYE, a CANCEL, a final
 * failure response or a transaction timeout. libre does not touch the
 * session after calling this, so the leg may go at once. */
void sip_session_close(int err, const struct sip_msg *msg, void *arg)
{
	struct sip_leg *leg = arg;

	if (leg->inbound || leg->up)
		sipsw_post(leg->ss, leg->id, SW_EV_HANGUP, SW_CAUSE_NORMAL);
	else
		sipsw_post(leg->ss, leg->id, SW_EV_FAILED,
			   failure_cause(err, msg));
	mem_deref(leg);
}
