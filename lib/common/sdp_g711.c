/*
 * sdp_g711.c — see sdp_g711.h.
 */
#include <errno.h>
#include <re.h>
#include "sdp_g711.h"

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
		if (!f->name && (f->pt == SDP_PT_PCMU || f->pt == SDP_PT_PCMA))
			return f->pt;
		if (!str_casecmp(f->name, "PCMU"))
			return SDP_PT_PCMU;
		if (!str_casecmp(f->name, "PCMA"))
			return SDP_PT_PCMA;
	}
	return -1;
}

int sdp_g711_take(struct sdp_session *sess, const struct sdp_media *m,
		  const struct sip_msg *msg, bool offer, int *ptp, int *tevp)
{
	const struct sdp_format *tev;

	if (!mbuf_get_left(msg->mb) ||
	    !msg_ctype_cmp(&msg->ctyp, "application", "sdp"))
		return EBADMSG;
	if (sdp_decode(sess, msg->mb, offer))
		return EBADMSG;
	*ptp = g711_pt(m);
	if (*ptp < 0)
		return EPROTONOSUPPORT;
	tev = sdp_media_rformat(m, "telephone-event");
	*tevp = tev ? tev->pt : -1;
	return 0;
}
