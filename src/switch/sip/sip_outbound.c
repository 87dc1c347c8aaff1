/*
 * sip_outbound.c — originate: an INVITE with our offer to a registered
 * phone (sent to where its REGISTER came from, so phones behind NAT are
 * reached) or through the trunk's gateway to an outside number; progress
 * comes back as ALERTING / ANSWERED / FAILED events.
 */
#include <errno.h>
#include <string.h>
#include "switch/sip/sip_int.h"

/* Only what a dialled number or DN may hold goes into a URI. */
static bool dialable(const char *s)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++) {
		if (n >= SIPSW_NAME_MAX)
			return false;
		if (!strchr("0123456789*#+.-_abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", *s))
			return false;
	}
	return true;
}

static void progress_h(const struct sip_msg *msg, void *arg)
{
	struct sip_leg *leg = arg;

	if (msg->scode != 180 && msg->scode != 183)
		return;
	/* Early media, when offered, is what the caller should hear. */
	if (mbuf_get_left(msg->mb))
		(void)sip_sdp_take(leg, msg, false, NULL);
	if (!leg->alerted) {
		leg->alerted = true;
		sipsw_post(leg->ss, leg->id, SW_EV_ALERTING, SW_CAUSE_NORMAL);
	}
}

/* libre has just made the dialog from the 2xx's Contact. */
static int answer_h(const struct sip_msg *msg, void *arg)
{
	int err = sip_flow_target(arg, msg);

	err = err ? err : sip_sdp_take(arg, msg, false, NULL);

	return err ? err : sip_webrtc_start(arg);
}

static void estab_h(const struct sip_msg *msg, void *arg)
{
	struct sip_leg *leg = arg;
	(void)msg;

	tmr_cancel(&leg->tmr);
	leg->answered = true;
	/* WebRTC: answered once its media is up (sip_webrtc.c) */
	if (leg->webrtc && !leg->media_up)
		return;
	leg->up = true;
	sipsw_post(leg->ss, leg->id, SW_EV_ANSWERED, SW_CAUSE_NORMAL);
}

/* Rang out: the CANCEL goes when the session is freed. */
static void timeout_h(void *arg)
{
	struct sip_leg *leg = arg;

	sipsw_post(leg->ss, leg->id, SW_EV_FAILED, SW_CAUSE_NOANSWER);
	mem_deref(leg);
}

static int invite(struct sip_leg *leg, const char *to_uri, const char *route,
		  const struct sw_originate *o)
{
	struct sip_switch *ss = leg->ss;
	const char *routev[1] = {route};
	struct mbuf *desc = NULL;
	char from[128];
	char *hdrs = NULL, *rr = NULL;
	int err = 0;

	if (re_snprintf(from, sizeof(from), "sip:%s@%j",
			dialable(o->caller) ? o->caller : "callcloud",
			&ss->media_ip) < 0)
		return EINVAL;
	/* a browser copies it into its 2xx: our requests in the dialog go
	 * back over its connection (sip_ws.c) */
	if (leg->webrtc && route)
		err = re_sdprintf(&rr, "Record-Route: <%s;lr>\r\n", route);
	if (err)
		return err;
	if (o->auto_answer)
		err = re_sdprintf(&hdrs, "Call-Info: <sip:%j>;answer-after=0\r\n"
				  "Alert-Info: <http://127.0.0.1>;"
				  "info=alert-autoanswer\r\n%s", &ss->media_ip,
				  rr ? rr : "");
	else
		err = str_dup(&hdrs, rr ? rr : "");
	mem_deref(rr);
	err = err ? err : sip_sdp_offer(leg, &desc);
	err = err ? err : sipsess_connect(&leg->sess, ss->sock, to_uri, NULL,
					  from, "callcloud", routev,
					  route ? 1 : 0, "application/sdp",
					  desc, NULL, NULL, false,
					  sip_session_offer, answer_h,
					  progress_h, estab_h, NULL, NULL,
					  sip_session_close, leg, "%s", hdrs);
	mem_deref(desc);
	mem_deref(hdrs);
	if (!err)
		tmr_start(&leg->tmr, o->timeout_ms ? o->timeout_ms
						   : SIPSW_TIMEOUT_MS,
			  timeout_h, leg);
	return err;
}

/* Where a call to a DN goes: its contact, through the address its
 * REGISTER came from (libre adds ";lr" to the route). A phone registered
 * over WebSocket is a browser: it gets a WebRTC offer; one registered
 * over TLS gets SRTP (SDES), its keys as hidden as its signalling. A DN
 * no phone registered here may have registered on another node
 * (sip_share.c). */
static int phone_target(struct sip_switch *ss, const char *dn, char **to,
			char **route, struct sa *flow,
			enum sip_leg_media *media)
{
	const struct registrar_binding *b = registrar_lookup(ss->reg, dn);
	int err;

	if (!b)
		return sip_share_target(ss, dn, to, route);
	if (sip_ws_flow(ss, &b->src)) {
		if (!media_fingerprint(ss->media))
			return ENOTSUP;
		*media = SIP_LEG_WEBRTC;
		*flow = b->src;
	}
	else if (b->tp == SIP_TRANSP_TLS) {
		*media = SIP_LEG_SDES;
	}
	err = str_dup(to, b->uri);
	return err ? err : registrar_route(b, route);
}

static int gateway_target(struct sip_switch *ss, const char *number,
			  char **to)
{
	struct uri uri;
	struct pl pl;

	if (!ss->gateway)
		return ENOENT;
	pl_set_str(&pl, ss->gateway);
	if (uri_decode(&uri, &pl))
		return ENOENT;
	if (uri.port)
		return re_sdprintf(to, "sip:%s@%r:%u", number, &uri.host,
				   uri.port);
	return re_sdprintf(to, "sip:%s@%r", number, &uri.host);
}

int sip_outbound_originate(struct sip_switch *ss, sw_leg_t *legp,
			   const struct sw_originate *o)
{
	struct sip_leg *leg;
	char *to = NULL, *route = NULL;
	enum sip_leg_media media = SIP_LEG_RTP;
	struct sa flow;
	int err;

	sa_init(&flow, AF_UNSPEC);   /* no browser's, unless phone_target */
	if (!dialable(o->dest) ||
	    (o->kind != SW_DEST_PHONE && o->kind != SW_DEST_NUMBER))
		return EINVAL;
	if (o->kind == SW_DEST_PHONE)
		err = phone_target(ss, o->dest, &to, &route, &flow,
				   &media);
	else
		err = gateway_target(ss, o->dest, &to);
	if (err == ENOENT) {
		/* Nowhere to send it: the leg exists only in its event. */
		*legp = ++ss->next_id;
		sipsw_post(ss, *legp, SW_EV_FAILED, SW_CAUSE_INVALID);
		return 0;
	}
	err = err ? err : sip_leg_alloc(&leg, ss, false, media);
	if (!err) {
		leg->flow = flow;
		/* An outside number is on the trunk side of recordings. */
		mleg_set_customer(leg->ml, o->kind == SW_DEST_NUMBER);
		err = invite(leg, to, route, o);
		if (err)
			mem_deref(leg);
		else
			*legp = leg->id;
	}
	mem_deref(to);
	mem_deref(route);
	return err;
}
