/*
 * sip_leg.c — a leg of the SIP switch: its id, its media endpoint and the
 * SDP session describing that endpoint; the SIP session is attached by
 * the inbound or outbound side.
 */
#include <errno.h>
#include "log.h"
#include "switch/sip/sip_int.h"

static void leg_destructor(void *arg)
{
	struct sip_leg *leg = arg;

	list_unlink(&leg->le);
	tmr_cancel(&leg->tmr);
	mem_deref(leg->sess);
	mem_deref(leg->ml);
	mem_deref(leg->sdp);
	mem_deref(leg->sdes_key);
}

static void dtmf_h(struct mleg *ml, char digit, void *arg)
{
	struct sip_leg *leg = arg;
	(void)ml;

	sipsw_post_digits(leg->ss, leg->id, digit);
}

static const char *const offer_proto[] = {
	[SIP_LEG_RTP] = "RTP/AVP",
	[SIP_LEG_SDES] = "RTP/SAVP",
	[SIP_LEG_WEBRTC] = "UDP/TLS/RTP/SAVPF",
};

/* A leg answers plain RTP, SDES or WebRTC, whichever is offered, while it
 * is plain; once secure it stays so (sip_sdp.c). Its offer is media's. */
static int sdp_setup(struct sip_leg *leg, enum sip_leg_media media)
{
	struct sip_switch *ss = leg->ss;
	int err;

	err = sdp_session_alloc(&leg->sdp, &ss->media_ip);
	err = err ? err : sdp_media_add(&leg->sdpm, leg->sdp, "audio",
					mleg_port(leg->ml),
					offer_proto[media]);
	err = err ? err : sdp_media_set_alt_protos(leg->sdpm, 4,
						   offer_proto[media],
						   "RTP/SAVP",
						   "UDP/TLS/RTP/SAVPF",
						   "RTP/SAVPF");
	err = err ? err : sdp_format_add(NULL, leg->sdpm, false, "0", "PCMU",
					 8000, 1, NULL, NULL, NULL, false,
					 NULL);
	err = err ? err : sdp_format_add(NULL, leg->sdpm, false, "8", "PCMA",
					 8000, 1, NULL, NULL, NULL, false,
					 NULL);
	err = err ? err : sdp_format_add(NULL, leg->sdpm, false, "101",
					 "telephone-event", 8000, 1, NULL,
					 NULL, NULL, false, "0-15");
	if (err)
		return err;
	if (media == SIP_LEG_WEBRTC)
		return sip_webrtc_offer(leg);
	return media == SIP_LEG_SDES ? sip_sdes_offer(leg) : 0;
}

int sip_leg_alloc(struct sip_leg **legp, struct sip_switch *ss, bool inbound,
		  enum sip_leg_media media)
{
	struct sip_leg *leg;
	int err;

	if (sip_flood_legs_full(ss))
		return EBUSY;
	leg = mem_zalloc(sizeof(*leg), leg_destructor);
	if (!leg)
		return ENOMEM;
	leg->ss = ss;
	leg->id = ++ss->next_id;
	leg->inbound = inbound;
	tmr_init(&leg->tmr);
	err = mleg_alloc(&leg->ml, ss->media);
	err = err ? err : sdp_setup(leg, media);
	if (err) {
		mem_deref(leg);
		return err;
	}
	mleg_set_customer(leg->ml, inbound);
	mleg_set_dtmf_handler(leg->ml, dtmf_h, leg);
	list_append(&ss->legs, &leg->le, leg);
	*legp = leg;
	return 0;
}

static void end_h(void *arg)
{
	struct sip_leg *leg = arg;

	if (leg->inbound || leg->up)
		sipsw_post(leg->ss, leg->id, SW_EV_HANGUP, SW_CAUSE_NORMAL);
	else
		sipsw_post(leg->ss, leg->id, SW_EV_FAILED, SW_CAUSE_FAILED);
	/* the BYE (or CANCEL) goes with the session */
	mem_deref(leg);
}

void sip_leg_end(struct sip_leg *leg, const char *why)
{
	if (leg->ending)
		return;
	log_warn("leg %llu: %s; ending the leg", (unsigned long long)leg->id,
		 why);
	leg->ending = true;
	tmr_start(&leg->tmr, 0, end_h, leg);
}

struct sip_leg *sip_leg_find(const struct sip_switch *ss, sw_leg_t id)
{
	struct le *le;

	for (le = list_head(&ss->legs); le; le = le->next) {
		struct sip_leg *leg = le->data;

		if (leg->id == id)
			return leg;
	}
	return NULL;
}
