/*
 * rtp.c — a leg's RTP endpoint: binds the socket pair, decodes what the
 * peer sends into a small ring the clock drains, and sends one frame per
 * tick. Outgoing sequence numbers (libre's rtp_sock) and timestamps are
 * the leg's own, so switching the leg between tones and bridges never
 * shows the peer a jump. Symmetric RTP: once the peer's packets arrive we
 * answer to where they come from (NATs rewrite the signalled port).
 */
#include <string.h>
#include "media/media_int.h"
#include "g711.h"

/* RFC 3550 A.1: a jump ahead of more than MAX_DROPOUT, or back by more
 * than MAX_MISORDER, is the peer restarting its numbering, not loss. */
enum { RTP_MAX_DROPOUT = 3000, RTP_MAX_MISORDER = 100 };

/* Late and repeated packets change nothing: one counted lost stays lost
 * when it arrives late, so the count never goes down (a counter). */
uint32_t rtp_seq_update(struct rtp_seq *s, uint32_t ssrc, uint16_t seq)
{
	uint16_t ahead = (uint16_t)(seq - s->next);

	if (!s->started || s->ssrc != ssrc) {
		s->started = true;
		s->ssrc = ssrc;
		s->next = (uint16_t)(seq + 1);
		return 0;
	}
	if (ahead < RTP_MAX_DROPOUT) {
		s->next = (uint16_t)(seq + 1);
		return ahead;
	}
	if (ahead >= 65536 - RTP_MAX_MISORDER)
		return 0;
	s->next = (uint16_t)(seq + 1);
	return 0;
}

static void ring_push(struct mleg *l, const uint8_t *p, size_t n, int pt)
{
	int16_t pcm[MEDIA_FRAME];

	while (n) {
		size_t k = n < MEDIA_FRAME ? n : MEDIA_FRAME;
		size_t i;

		g711_decode(pt, p, pcm, k);
		for (i = 0; i < k; i++) {
			size_t at;

			/* Full: the oldest sample goes, so delay stays
			 * bounded when the peer's clock runs fast. */
			if (l->ring_len == MEDIA_RING) {
				l->ring_head = (l->ring_head + 1) % MEDIA_RING;
				l->ring_len--;
			}
			at = (l->ring_head + l->ring_len) % MEDIA_RING;
			l->ring[at] = pcm[i];
			l->ring_len++;
		}
		p += k;
		n -= k;
	}
}

/* The ring is drained only while it holds a frame to spare: a packet
 * that arrives just after its tick (scheduling on either side) then finds
 * the one before it still waiting, instead of leaving a 20 ms hole. Run
 * dry (the peer paused, or its clock is slow), it fills up again first. */
void mleg_ring_pull(struct mleg *l)
{
	size_t i;

	if (l->ring_len >= 2 * MEDIA_FRAME)
		l->playing = true;
	else if (l->ring_len < MEDIA_FRAME)
		l->playing = false;
	if (!l->playing) {
		memset(l->in, 0, sizeof(l->in));
		return;
	}
	for (i = 0; i < MEDIA_FRAME; i++) {
		l->in[i] = l->ring[l->ring_head];
		l->ring_head = (l->ring_head + 1) % MEDIA_RING;
		l->ring_len--;
	}
}

static void rtp_recv(const struct sa *src, const struct rtp_header *hdr,
		     struct mbuf *mb, void *arg)
{
	struct mleg *l = arg;

	if (!l->remote_set)
		return;

	if (!l->latched) {
		if (!sa_cmp(src, &l->remote, SA_ALL))
			sa_cpy(&l->remote, src);
		l->latched = true;
	}
	else if (!sa_cmp(src, &l->remote, SA_ALL)) {
		/* After latching, strangers are not our peer. */
		return;
	}
	l->m->stats.received++;
	l->m->stats.lost += rtp_seq_update(&l->rx_seq, hdr->ssrc, hdr->seq);

	if (l->telev_pt >= 0 && hdr->pt == l->telev_pt) {
		mleg_dtmf_recv(l, hdr->ts, mb);
		return;
	}
	if (hdr->pt == MEDIA_PT_PCMU || hdr->pt == MEDIA_PT_PCMA)
		ring_push(l, mbuf_buf(mb), mbuf_get_left(mb), hdr->pt);
}

static void send_frame(struct mleg *l, bool marker, int pt, uint32_t ts)
{
	int err;

	l->txmb->pos = RTP_HEADER_SIZE;
	err = rtp_send(l->rtp, &l->remote, false, marker, (uint8_t)pt, ts,
		       l->txmb);
	if (err)
		re_fprintf(stderr, "media: rtp send to %J: %m\n",
			   &l->remote, err);
	else
		l->m->stats.sent++;
}

void mleg_tx(struct mleg *l)
{
	/* An RFC 4733 event replaces the audio while it lasts. A leg that
	 * hears nothing (holding, waiting for a key) still gets silence:
	 * phones hang up calls whose RTP stops, and NAT bindings lapse. */
	if (l->remote_set && !mleg_dtmf_poll(l)) {
		if (!l->out_ready)
			memset(l->out, 0, sizeof(l->out));
		l->txmb->pos = l->txmb->end = RTP_HEADER_SIZE;
		g711_encode(l->pt, l->out, mbuf_buf(l->txmb), MEDIA_FRAME);
		l->txmb->end += MEDIA_FRAME;
		send_frame(l, l->gap, l->pt, l->ts);
	}
	l->gap = !l->remote_set;
	l->out_ready = false;
	l->ts += MEDIA_FRAME;
}

/* Used by dtmf.c: sends what telev_poll wrote at RTP_HEADER_SIZE. */
void mleg_send_telev(struct mleg *l, bool marker)
{
	if (marker)
		l->ts_telev = l->ts;
	send_frame(l, marker, l->telev_pt, l->ts_telev);
}

static void destructor(void *arg)
{
	struct mleg *l = arg;

	media_leave(l);
	list_unlink(&l->le);
	mem_deref(l->wr);      /* its helpers sit on the socket */
	mem_deref(l->sdes);
	mem_deref(l->rtp);
	mem_deref(l->txmb);
	mem_deref(l->telev);
	mem_deref(l->m);
}

int mleg_alloc(struct mleg **lp, struct media *m)
{
	struct mleg *l;
	int err;

	if (!lp || !m)
		return EINVAL;

	l = mem_zalloc(sizeof(*l), destructor);
	if (!l)
		return ENOMEM;

	l->m = mem_ref(m);
	l->pt = -1;
	l->telev_pt = -1;
	l->rx_event = -1;
	l->gap = true;
	l->ts = rand_u32();
	list_append(&m->legs, &l->le, l);

	l->txmb = mbuf_alloc(RTP_HEADER_SIZE + MEDIA_FRAME);
	if (!l->txmb) {
		err = ENOMEM;
		goto out;
	}
	err = telev_alloc(&l->telev, MEDIA_PTIME);
	if (err)
		goto out;
	err = rtp_listen(&l->rtp, IPPROTO_UDP, &m->laddr, m->port_min,
			 m->port_max, true, rtp_recv, NULL, l);

 out:
	if (err)
		mem_deref(l);
	else
		*lp = l;

	return err;
}

uint16_t mleg_port(const struct mleg *l)
{
	return l && l->rtp ? sa_port(rtp_local(l->rtp)) : 0;
}

int mleg_set_remote(struct mleg *l, const struct sa *rtp, int pt,
		    int telev_pt)
{
	if (!l || !rtp || !sa_isset(rtp, SA_ALL))
		return EINVAL;
	if (pt != MEDIA_PT_PCMU && pt != MEDIA_PT_PCMA)
		return ENOTSUP;
	if (telev_pt != -1 && (telev_pt < 96 || telev_pt > 127))
		return EINVAL;

	sa_cpy(&l->remote, rtp);
	l->remote_set = true;
	l->latched = false;
	l->pt = pt;
	l->telev_pt = telev_pt;

	return 0;
}

void mleg_set_customer(struct mleg *l, bool customer)
{
	if (l)
		l->customer = customer;
}
