/*
 * sip_inbound.c — a new INVITE (a customer from the trunk): 100 Trying,
 * the offer checked against our media (G.711 + telephone-event), 180
 * Ringing and SW_EV_INCOMING; the core answers it later with sw_answer.
 * Only trunks and registered phones may call in (sip_switch.h).
 */
#include <errno.h>
#include "switch/sip/sip_int.h"

enum {
	ID_MAX = 64,        /* ANI / DNIS the core accepts */
	CALL_ID_MAX = 255,
};

/* The headers RFC 3261 section 8.1.1 makes mandatory: libre parses a
 * request without them and would start a session for it. */
static bool headers_ok(const struct sip_msg *msg)
{
	return pl_isset(&msg->callid) && pl_isset(&msg->from.auri) &&
	       pl_isset(&msg->to.auri) && !pl_strcmp(&msg->cseq.met, "INVITE");
}

static void reject(struct sip_switch *ss, const struct sip_msg *msg,
		   uint16_t scode, const char *reason)
{
	(void)sip_treply(NULL, ss->sip, msg, scode, reason);
}

/* A trunk or a registered phone by address, or a trunk with credentials;
 * anyone else has been answered (403, or a 401 challenge) when false. */
static bool caller_allowed(struct sip_switch *ss, const struct sip_msg *msg)
{
	if (sipsw_source_allowed(ss, &msg->src))
		return true;
	if (!ss->trunk_user) {
		reject(ss, msg, 403, "Forbidden");
		return false;
	}
	return !registrar_authenticate(ss->reg, msg, ss->trunk_user,
				       ss->trunk_password);
}

/* The session starts from msg, or for a browser or a TLS phone from a
 * copy naming its connection as Contact (sip_flow.c). */
static int session_accept(struct sip_leg *leg, const struct sip_msg *msg)
{
	bool ws = sip_ws_flow(leg->ss, &msg->src);
	struct sip_msg *copy = NULL;
	int err = 0;

	if (ws)
		leg->flow = msg->src;
	if (ws || msg->tp == SIP_TRANSP_TLS)
		err = sip_flow_copy(&copy, msg);
	err = err ? err : sipsess_accept(&leg->sess, leg->ss->sock,
					 copy ? copy : msg, 180, "Ringing",
					 "callcloud", "application/sdp", NULL,
					 NULL, NULL, false, sip_session_offer,
					 NULL, NULL, NULL, NULL,
					 sip_session_close, leg, "");
	mem_deref(copy);
	return err;
}

void sip_inbound_conn(const struct sip_msg *msg, void *arg)
{
	struct sip_switch *ss = arg;
	struct sip_leg *leg;
	struct sw_kv *data = NULL;
	size_t ndata = 0;
	int err;

	/* No Via: nowhere to send an answer. */
	if (!pl_isset(&msg->via.sentby))
		return;
	if (!caller_allowed(ss, msg))
		return;
	if (!headers_ok(msg) || !pl_isset(&msg->uri.user) ||
	    !sipsw_printable(&msg->uri.user, ID_MAX) ||
	    !sipsw_printable(&msg->from.uri.user, ID_MAX) ||
	    !sipsw_printable(&msg->callid, CALL_ID_MAX)) {
		reject(ss, msg, 400, "Bad Request");
		return;
	}
	(void)sip_reply(ss->sip, msg, 100, "Trying");
	err = sip_leg_alloc(&leg, ss, true, SIP_LEG_RTP);
	if (err == EBUSY) {        /* sip_max_legs: come back later */
		sip_flood_busy(ss, msg);
		return;
	}
	if (err) {
		reject(ss, msg, 503, "Service Unavailable");
		return;
	}
	err = sip_sdp_take(leg, msg, true, NULL);
	if (err) {
		/* An INVITE without an offer is legal but not supported:
		 * media must be known before the call is offered. */
		if (err == EBADMSG && mbuf_get_left(msg->mb))
			reject(ss, msg, 400, "Bad Session Description");
		else
			reject(ss, msg, 488, "Not Acceptable Here");
		mem_deref(leg);
		return;
	}
	err = sip_calldata_take(msg, &data, &ndata);
	if (err) {
		reject(ss, msg, err == EBADMSG ? 400 : 503,
		       err == EBADMSG ? "Bad X-CallData" :
					"Service Unavailable");
		mem_deref(leg);
		return;
	}
	err = session_accept(leg, msg);
	if (err)
		mem_deref(data);
	else
		err = sipsw_post_incoming(ss, leg->id, &msg->callid,
					  &msg->from.uri.user,
					  &msg->uri.user, data, ndata);
	if (err) {
		if (leg->sess)
			(void)sipsess_reject(leg->sess, 500,
					     "Server Internal Error",
					     REJECT_HDRS);
		else
			reject(ss, msg, 500, "Server Internal Error");
		mem_deref(leg);
	}
}

int sip_inbound_answer(struct sip_leg *leg)
{
	struct mbuf *desc = NULL;
	int err;

	if (leg->answered)
		return 0;
	err = sdp_encode(&desc, leg->sdp, false);
	err = err ? err : sipsess_answer(leg->sess, 200, "OK", desc, "");
	mem_deref(desc);
	if (err)
		return err;
	leg->answered = true;
	/* a browser starts ICE when it has our answer */
	return sip_webrtc_start(leg);
}
