/*
 * sip_sdp.c — offer/answer for a leg: G.711 (PCMU or PCMA, the far end's
 * first choice) plus RFC 4733 telephone-event; the negotiated peer and
 * codec are handed to the leg's media endpoint. RTP/SAVPF (WebRTC) is
 * taken by sip_webrtc.c, RTP/SAVP's keys (SDES) by sip_sdes.c.
 */
#include <errno.h>
#include "switch/sip/sip_int.h"
#include "sdp_g711.h"

int sip_sdp_offer(struct sip_leg *leg, struct mbuf **mbp)
{
	return sdp_encode(mbp, leg->sdp, true);
}

static int plain_take(struct sip_leg *leg, int pt, int telev_pt)
{
	struct sa raddr = *sdp_media_raddr(leg->sdpm);

	if (!sa_isset(&raddr, SA_ALL))
		return EPROTONOSUPPORT;
	return mleg_set_remote(leg->ml, &raddr, pt, telev_pt);
}

/* Applies the SDP body of msg (an offer or an answer) to the leg's media;
 * for an offer, *answerp gets our answer. EBADMSG: no or unreadable SDP;
 * EPROTONOSUPPORT: no G.711 in common, WebRTC or SRTP we cannot take, or
 * a secure leg offered plain RTP. */
int sip_sdp_take(struct sip_leg *leg, const struct sip_msg *msg, bool offer,
		 struct mbuf **answerp)
{
	const char *proto;
	int pt, tev, err;

	err = sdp_g711_take(leg->sdp, leg->sdpm, msg, offer, &pt, &tev);
	if (err)
		return err;
	proto = sdp_media_proto(leg->sdpm);
	/* WebRTC media goes where ICE and DTLS say, not to c= */
	if (sip_webrtc_proto(proto))
		err = leg->sdes ? EPROTONOSUPPORT
				: sip_webrtc_take(leg, offer, pt, tev);
	else if (leg->webrtc)
		err = EPROTONOSUPPORT;   /* no going back to plain RTP */
	else if (sip_sdes_proto(proto))
		err = sip_sdes_take(leg, msg, offer);
	else if (leg->sdes)
		err = EPROTONOSUPPORT;   /* nor from SDES */
	if (!err && !sip_webrtc_proto(proto))
		err = plain_take(leg, pt, tev);
	if (!err && offer && answerp)
		err = sdp_encode(answerp, leg->sdp, false);
	return err;
}
