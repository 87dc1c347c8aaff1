/*
 * sip_sdp.c — offer/answer for a leg: G.711 (PCMU or PCMA, the far end's
 * first choice) plus RFC 4733 telephone-event; the negotiated peer and
 * codec are handed to the leg's media endpoint. RTP/SAVPF (WebRTC) is
 * taken by sip_webrtc.c.
 */
#include <errno.h>
#include "switch/sip/sip_int.h"

int sip_sdp_offer(struct sip_leg *leg, struct mbuf **mbp)
{
	return sdp_encode(mbp, leg->sdp, true);
}

/* The far end's first G.711 format we also support, or -1. */
static int g711_pt(const struct sdp_media *m)
{
	struct le *le;

	for (le = list_head(sdp_media_format_lst(m, false)); le;
	     le = le->next) {
		const struct sdp_format *f = le->data;

		if (!f->sup)
			continue;
		/* Static types may come without a=rtpmap (RFC 3551). */
		if (!f->name && (f->pt == MEDIA_PT_PCMU ||
				 f->pt == MEDIA_PT_PCMA))
			return f->pt;
		if (!str_casecmp(f->name, "PCMU"))
			return MEDIA_PT_PCMU;
		if (!str_casecmp(f->name, "PCMA"))
			return MEDIA_PT_PCMA;
	}
	return -1;
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
 * EPROTONOSUPPORT: no G.711 in common, or WebRTC we cannot take. */
int sip_sdp_take(struct sip_leg *leg, const struct sip_msg *msg, bool offer,
		 struct mbuf **answerp)
{
	const struct sdp_format *tev;
	int pt, err;

	if (!mbuf_get_left(msg->mb) ||
	    !msg_ctype_cmp(&msg->ctyp, "application", "sdp"))
		return EBADMSG;
	err = sdp_decode(leg->sdp, msg->mb, offer);
	if (err)
		return EBADMSG;
	pt = g711_pt(leg->sdpm);
	if (pt < 0)
		return EPROTONOSUPPORT;
	tev = sdp_media_rformat(leg->sdpm, "telephone-event");
	/* WebRTC media goes where ICE and DTLS say, not to c= */
	if (sip_webrtc_proto(sdp_media_proto(leg->sdpm)))
		err = sip_webrtc_take(leg, offer, pt, tev ? tev->pt : -1);
	else if (leg->webrtc)
		err = EPROTONOSUPPORT;   /* no going back to plain RTP */
	else
		err = plain_take(leg, pt, tev ? tev->pt : -1);
	if (!err && offer && answerp)
		err = sdp_encode(answerp, leg->sdp, false);
	return err;
}
