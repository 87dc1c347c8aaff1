/*
 * phone_media.c — the softphone's side of a call's media: the SDP offer
 * and answer (G.711 PCMU / PCMA, RFC 4733 telephone-event), and RTP: every
 * 20 ms a frame of the microphone goes out, and what comes in is decoded
 * for the speaker. Hold needs nothing of its own: libre answers a
 * sendonly or inactive offer with recvonly or inactive, and the direction
 * agreed decides whether frames are sent and heard.
 */
#include <errno.h>
#include <string.h>

#include "g711.h"
#include "phone_int.h"
#include "sdp_g711.h"

enum {
	PTIME_MS = 20,
	FRAME = PHONE_AUDIO_RATE / 1000 * PTIME_MS,   /* samples per frame */
	BEHIND_MAX = 5,   /* frames; a loop stalled longer skips ahead */
};

struct phone_media {
	AgentBar *bar;
	struct sdp_session *sdp;
	struct sdp_media *sdpm;
	struct rtp_sock *rtp;
	struct telev *telev;
	struct mbuf *txmb;
	struct phone_audio *audio;   /* NULL until the call is answered */
	struct tmr tmr;
	struct sa raddr;
	int pt;                      /* the agreed G.711, -1 none yet */
	int tev_pt;                  /* telephone-event, -1 none */
	uint32_t ts;
	uint64_t next_ms;            /* when the next frame is due */
	bool audio_failed;           /* logged once */
};

static void destructor(void *arg)
{
	struct phone_media *pm = arg;

	tmr_cancel(&pm->tmr);
	mem_deref(pm->audio);
	mem_deref(pm->txmb);
	mem_deref(pm->telev);
	mem_deref(pm->rtp);
	mem_deref(pm->sdp);
}

static void audio_error(struct phone_media *pm, const char *what, int err)
{
	if (pm->audio_failed)
		return;
	pm->audio_failed = true;
	abi_log(pm->bar, ABI_ERROR, "softphone: audio %s failed: %s", what,
		strerror(err));
}

static bool dir_has(const struct phone_media *pm, enum sdp_dir d)
{
	return (sdp_media_dir(pm->sdpm) & d) == d;
}

static void recv_h(const struct sa *src, const struct rtp_header *hdr,
		       struct mbuf *mb, void *arg)
{
	struct phone_media *pm = arg;
	int16_t pcm[1024];
	size_t n = mbuf_get_left(mb);
	bool end;
	int event, err;
	(void)src;

	if (pm->tev_pt >= 0 && hdr->pt == pm->tev_pt) {
		/* digits are the switch's (SendDTMF goes to the customer);
		 * the phone only says what it heard */
		if (!telev_recv(pm->telev, mb, &event, &end) && !end)
			abi_log(pm->bar, ABI_DEBUG, "softphone: digit %c",
				telev_code2digit(event));
		return;
	}
	if (!pm->audio || !dir_has(pm, SDP_RECVONLY))
		return;
	if ((hdr->pt != SDP_PT_PCMU && hdr->pt != SDP_PT_PCMA) || n > 1024)
		return;
	if (g711_decode(hdr->pt, mbuf_buf(mb), pcm, n))
		return;
	err = phone_audio_write(pm->audio, pcm, n);
	if (err)
		audio_error(pm, "output", err);
}

static void send_frame(struct phone_media *pm)
{
	int16_t pcm[FRAME];
	uint8_t enc[FRAME];
	int err = phone_audio_read(pm->audio, pcm, FRAME);

	if (err) {
		audio_error(pm, "input", err);
		return;
	}
	if (!dir_has(pm, SDP_SENDONLY) || !sa_isset(&pm->raddr, SA_ALL))
		return;   /* held (or the far end holds): the clock goes on */
	if (g711_encode(pm->pt, pcm, enc, FRAME))
		return;
	pm->txmb->pos = pm->txmb->end = RTP_HEADER_SIZE;
	err = mbuf_write_mem(pm->txmb, enc, FRAME);
	pm->txmb->pos = RTP_HEADER_SIZE;
	err = err ? err : rtp_send(pm->rtp, &pm->raddr, false, false,
				   (uint8_t)pm->pt, pm->ts, pm->txmb);
	if (err)
		abi_log(pm->bar, ABI_DEBUG, "softphone: RTP not sent: %s",
			strerror(err));
}

/* Frames go by the clock, not by the timer's count: a late tick sends
 * what is due. */
static void tick(void *arg)
{
	struct phone_media *pm = arg;
	uint64_t now = tmr_jiffies();

	if (now > pm->next_ms + BEHIND_MAX * PTIME_MS)
		pm->next_ms = now;
	while (pm->next_ms <= now) {
		send_frame(pm);
		pm->ts += FRAME;
		pm->next_ms += PTIME_MS;
	}
	tmr_start(&pm->tmr, pm->next_ms - now, tick, pm);
}

int phone_media_alloc(struct phone_media **pmp, AgentBar *bar,
		      const struct sa *laddr)
{
	struct phone_media *pm = mem_zalloc(sizeof(*pm), destructor);
	struct sa ip = *laddr;
	int err;

	if (!pm)
		return ENOMEM;
	pm->bar = bar;
	pm->pt = -1;
	pm->tev_pt = -1;
	pm->ts = rand_u32();
	tmr_init(&pm->tmr);
	sa_set_port(&ip, 0);
	pm->txmb = mbuf_alloc(RTP_HEADER_SIZE + FRAME);
	err = pm->txmb ? 0 : ENOMEM;
	err = err ? err : telev_alloc(&pm->telev, PTIME_MS);
	/* RTP on an even port, RTCP (unused) on the next */
	err = err ? err : rtp_listen(&pm->rtp, IPPROTO_UDP, &ip, 1024, 65535,
				     false, recv_h, NULL, pm);
	err = err ? err : sdp_session_alloc(&pm->sdp, &ip);
	err = err ? err : sdp_media_add(&pm->sdpm, pm->sdp, "audio",
					sa_port(rtp_local(pm->rtp)),
					"RTP/AVP");
	err = err ? err : sdp_format_add(NULL, pm->sdpm, false, "0", "PCMU",
					 8000, 1, NULL, NULL, NULL, false,
					 NULL);
	err = err ? err : sdp_format_add(NULL, pm->sdpm, false, "8", "PCMA",
					 8000, 1, NULL, NULL, NULL, false,
					 NULL);
	err = err ? err : sdp_format_add(NULL, pm->sdpm, false, "101",
					 "telephone-event", 8000, 1, NULL,
					 NULL, NULL, false, "0-15");
	if (err) {
		mem_deref(pm);
		return err;
	}
	*pmp = pm;
	return 0;
}

int phone_media_offer(struct phone_media *pm, const struct sip_msg *msg,
		      struct mbuf **answerp)
{
	int pt, tev, err;

	err = sdp_g711_take(pm->sdp, pm->sdpm, msg, true, &pt, &tev);
	if (err)
		return err;
	/* a held peer may give 0.0.0.0: nothing is sent there */
	pm->raddr = *sdp_media_raddr(pm->sdpm);
	pm->pt = pt;
	pm->tev_pt = tev;
	abi_log(pm->bar, ABI_DEBUG, "softphone: media %s, %s",
		pt == SDP_PT_PCMU ? "PCMU" : "PCMA",
		sdp_dir_name(sdp_media_dir(pm->sdpm)));
	return sdp_encode(answerp, pm->sdp, false);
}

void phone_media_start(struct phone_media *pm, struct phone_audio *audio)
{
	mem_deref(pm->audio);
	pm->audio = mem_ref(audio);
	pm->next_ms = tmr_jiffies();
	tick(pm);
}
