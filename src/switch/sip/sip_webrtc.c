/*
 * sip_webrtc.c — the SIP side of WebRTC legs (RTP/SAVPF): our SDP
 * attributes (ice-lite, ICE credentials, the host candidate, the DTLS
 * fingerprint and role, rtcp-mux, one audio m-line in a BUNDLE group),
 * the far end's read into the leg's media, and what the leg does when its
 * media comes up or fails. An outbound leg is reported ANSWERED only when
 * its media is up, so a browser whose ICE or DTLS fails is a failed call
 * to the core, not a silent one.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/sip/sip_int.h"

/* RFC 8445 section 5.1.2.1 with type preference 126 (host) and the
 * highest local preference: our one candidate. */
#define HOST_PRIORITY 2130706431u

enum { MID_MAX = 32 };   /* RFC 8843's mid is a token; browsers send "0" */

bool sip_webrtc_proto(const char *proto)
{
	return proto && (!strcmp(proto, "UDP/TLS/RTP/SAVPF") ||
			 !strcmp(proto, "RTP/SAVPF"));
}

static int local_attrs(struct sip_leg *leg, const char *setup,
		       const char *mid)
{
	struct sdp_media *m = leg->sdpm;
	int err;

	err = sdp_session_set_lattr(leg->sdp, true, "ice-lite", NULL);
	err = err ? err : sdp_media_set_lattr(m, true, "ice-ufrag", "%s",
					      mleg_ice_ufrag(leg->ml));
	err = err ? err : sdp_media_set_lattr(m, true, "ice-pwd", "%s",
					      mleg_ice_pwd(leg->ml));
	err = err ? err : sdp_media_set_lattr(m, true, "fingerprint", "%s",
					      media_fingerprint(
						      leg->ss->media));
	err = err ? err : sdp_media_set_lattr(m, true, "setup", "%s", setup);
	err = err ? err : sdp_media_set_lattr(m, true, "rtcp-mux", NULL);
	err = err ? err : sdp_media_set_lattr(m, true, "candidate",
					      "1 1 UDP %u %j %u typ host",
					      HOST_PRIORITY,
					      &leg->ss->media_ip,
					      mleg_port(leg->ml));
	err = err ? err : sdp_media_set_lattr(m, true, "end-of-candidates",
					      NULL);
	if (!err && mid) {
		err = sdp_media_set_lattr(m, true, "mid", "%s", mid);
		err = err ? err : sdp_session_set_lattr(leg->sdp, true,
							"group", "BUNDLE %s",
							mid);
	}
	return err;
}

static void media_h(struct mleg *ml, int err, const char *why, void *arg)
{
	struct sip_leg *leg = arg;
	char msg[160];
	(void)ml;

	if (!err) {
		log_trace("leg %llu: WebRTC media up (ICE, DTLS-SRTP)",
			  (unsigned long long)leg->id);
		leg->media_up = true;
		if (!leg->inbound && leg->answered && !leg->up) {
			leg->up = true;
			sipsw_post(leg->ss, leg->id, SW_EV_ANSWERED,
				   SW_CAUSE_NORMAL);
		}
		return;
	}
	/* we are inside the leg's socket or timer: it ends from the loop */
	if (re_snprintf(msg, sizeof(msg), "WebRTC media failed: %s (%s)", why,
			strerror(err)) < 0)
		msg[0] = 0;
	sip_leg_end(leg, msg);
}

static int enable(struct sip_leg *leg, const char *setup, const char *mid)
{
	int err = mleg_webrtc_enable(leg->ml);

	err = err ? err : local_attrs(leg, setup, mid);
	if (!err) {
		mleg_set_webrtc_handler(leg->ml, media_h, leg);
		leg->webrtc = true;
	}
	return err;
}

int sip_webrtc_offer(struct sip_leg *leg)
{
	return enable(leg, "actpass", "0");
}

static const char *rattr(const struct sip_leg *leg, const char *name)
{
	return sdp_media_session_rattr(leg->sdpm, leg->sdp, name);
}

/* RFC 5763 section 5: the far end is the DTLS server only when it says
 * passive; actpass in an offer makes us passive. */
int sip_webrtc_take(struct sip_leg *leg, bool offer, int pt, int telev_pt)
{
	const char *setup = rattr(leg, "setup");
	const char *mid = sdp_media_rattr(leg->sdpm, "mid");
	struct mleg_webrtc_remote r = {
		.ice_ufrag = rattr(leg, "ice-ufrag"),
		.ice_pwd = rattr(leg, "ice-pwd"),
		.fingerprint = rattr(leg, "fingerprint"),
		.dtls_client = setup && !str_casecmp(setup, "passive"),
		.pt = pt,
		.telev_pt = telev_pt,
	};
	int err;

	struct pl mid_pl;

	/* no rtcp-mux: the far end would check an RTCP component we have
	 * no ICE for (browsers always mux) */
	if (!media_fingerprint(leg->ss->media) || !rattr(leg, "rtcp-mux"))
		return EPROTONOSUPPORT;
	pl_set_str(&mid_pl, mid);
	if (mid && (!mid_pl.l || !sipsw_printable(&mid_pl, MID_MAX)))
		return EPROTONOSUPPORT;
	if (setup && str_casecmp(setup, "passive") &&
	    str_casecmp(setup, "active") &&
	    (!offer || str_casecmp(setup, "actpass")))
		return EPROTONOSUPPORT;
	if (!leg->webrtc) {
		if (!offer)
			return EPROTONOSUPPORT;
		err = enable(leg, r.dtls_client ? "active" : "passive", mid);
		if (err)
			return err;
	}
	err = mleg_webrtc_remote(leg->ml, &r);
	if (err == ENOMEM)
		return err;
	return err ? EPROTONOSUPPORT : 0;
}

int sip_webrtc_start(struct sip_leg *leg)
{
	return leg->webrtc ? mleg_webrtc_start(leg->ml,
					       leg->ss->webrtc_timeout_ms)
			   : 0;
}
