/*
 * media_harness.c — test phones for the media engine (see the header).
 */
#include <math.h>
#include <string.h>
#include <re.h>
#include "g711.h"
#include "media_harness.h"

static struct list phones;
static struct tmr ticker;
static uint64_t next_tick;

static void phone_recv(const struct sa *src, struct mbuf *mb, void *arg,
		       bool on_alt)
{
	struct phone *p = arg;
	struct rtp_header hdr;
	struct phone_pkt *k;
	size_t n;
	(void)src;

	if (rtp_hdr_decode(&hdr, mb) || p->npkt >= PHONE_PKT_MAX)
		return;
	p->rx_at = tmr_jiffies();

	k = &p->pkt[p->npkt++];
	k->seq = hdr.seq;
	k->ts = hdr.ts;
	k->pt = hdr.pt;
	k->marker = hdr.m;
	k->on_alt = on_alt;

	if (hdr.pt == TELEV_PT) {
		struct phone_tev *t;

		if (mbuf_get_left(mb) < 4 || p->ntev >= PHONE_TEV_MAX)
			return;
		t = &p->tev[p->ntev++];
		t->event = mbuf_buf(mb)[0];
		t->end = mbuf_buf(mb)[1] & 0x80;
		t->marker = hdr.m;
		t->ts = hdr.ts;
		return;
	}
	if (hdr.pt != 0 && hdr.pt != 8)
		return;
	n = mbuf_get_left(mb);
	if (n > PHONE_RX_MAX - p->nrx)
		n = PHONE_RX_MAX - p->nrx;
	g711_decode(hdr.pt, mbuf_buf(mb), p->rx + p->nrx, n);
	p->nrx += n;
}

static void recv_main(const struct sa *src, struct mbuf *mb, void *arg)
{
	phone_recv(src, mb, arg, false);
}

static void recv_alt(const struct sa *src, struct mbuf *mb, void *arg)
{
	phone_recv(src, mb, arg, true);
}

static void send_rtp(struct phone *p, bool marker, uint8_t pt, uint32_t ts,
		     const uint8_t *payload, size_t len)
{
	struct rtp_header hdr;
	struct mbuf *mb = mbuf_alloc(RTP_HEADER_SIZE + len);

	if (!mb)
		return;
	memset(&hdr, 0, sizeof(hdr));
	hdr.ver = RTP_VERSION;
	hdr.m = marker;
	hdr.pt = pt;
	hdr.seq = p->seq++;
	hdr.ts = ts;
	hdr.ssrc = 0x1234;
	if (!rtp_hdr_encode(mb, &hdr) && !mbuf_write_mem(mb, payload, len)) {
		mb->pos = 0;
		udp_send(p->alt ? p->alt : p->us, &p->engine, mb);
	}
	mem_deref(mb);
}

static void send_audio(struct phone *p)
{
	int16_t pcm[160];
	uint8_t enc[160];
	size_t i;

	for (i = 0; i < 160; i++, p->n++)
		pcm[i] = (int16_t)lrint(8000.0 *
				     sin(2.0 * M_PI * p->hz * p->n / 8000.0));
	g711_encode(p->pt, pcm, enc, 160);
	send_rtp(p, false, (uint8_t)p->pt, p->ts, enc, 160);
	p->ts += 160;
}

static void late_h(void *arg)
{
	send_audio(arg);
}

static void phone_tick(struct phone *p)
{
	if (p->hz <= 0 || !sa_isset(&p->engine, SA_ALL))
		return;
	if (p->late_every && ++p->ticks % p->late_every == 0)
		tmr_start(&p->late, 10, late_h, p);
	else
		send_audio(p);
}

void phone_delay_every(struct phone *p, unsigned n)
{
	p->late_every = n;
	p->ticks = 0;
}

void phone_send_event(struct phone *p, uint8_t event, bool with_start)
{
	uint8_t pl[4];
	int i;

	for (i = with_start ? 0 : 2; i < 5; i++) {
		uint16_t dur = (uint16_t)(160 * (i + 1));

		pl[0] = event;
		pl[1] = (uint8_t)(i >= 2 ? 0x80 | 10 : 10);
		pl[2] = (uint8_t)(dur >> 8);
		pl[3] = (uint8_t)dur;
		send_rtp(p, i == 0, TELEV_PT, p->ts, pl, sizeof(pl));
	}
	p->ts += 800;
}

static void tick_h(void *arg)
{
	uint64_t now = tmr_jiffies();
	struct le *le;
	(void)arg;

	LIST_FOREACH(&phones, le)
		phone_tick(le->data);
	next_tick += 20;
	tmr_start(&ticker, next_tick > now ? next_tick - now : 0, tick_h,
		  NULL);
}

static void stop_h(void *arg)
{
	(void)arg;
	re_cancel();
}

void mh_run(unsigned ms)
{
	uint64_t now = tmr_jiffies();
	struct tmr stop;

	tmr_init(&stop);
	tmr_start(&stop, ms, stop_h, NULL);
	/* Back-to-back runs keep the phones' pace (and phase). */
	if (next_tick + 20 < now)
		next_tick = now + 20;
	tmr_start(&ticker, next_tick > now ? next_tick - now : 0, tick_h,
		  NULL);
	re_main(NULL);
	tmr_cancel(&ticker);
	tmr_cancel(&stop);
}

void mh_phase(const struct phone *p, unsigned offset_ms)
{
	next_tick = p->rx_at + offset_ms;
	while (next_tick <= tmr_jiffies())
		next_tick += 20;
}

static void phone_destructor(void *arg)
{
	struct phone *p = arg;

	list_unlink(&p->le);
	tmr_cancel(&p->late);
	mem_deref(p->us);
	mem_deref(p->alt);
}

int phone_alloc(struct phone **pp, int pt, double hz)
{
	struct phone *p;
	struct sa local;
	int err;

	p = mem_zalloc(sizeof(*p), phone_destructor);
	if (!p)
		return ENOMEM;
	p->pt = pt;
	p->hz = hz;
	p->seq = 1000;
	p->ts = 5000;
	tmr_init(&p->late);
	list_append(&phones, &p->le, p);

	sa_set_str(&local, "127.0.0.1", 0);
	err = udp_listen(&p->us, &local, recv_main, p);
	if (!err)
		err = udp_local_get(p->us, &p->addr);
	if (err)
		mem_deref(p);
	else
		*pp = p;

	return err;
}

int phone_send_from_alt(struct phone *p)
{
	struct sa local;

	sa_set_str(&local, "127.0.0.1", 0);
	return udp_listen(&p->alt, &local, recv_alt, p);
}

void phone_clear(struct phone *p)
{
	p->nrx = 0;
	p->npkt = 0;
	p->ntev = 0;
}

int phone_connect(struct phone *p, struct media *m, struct mleg **lp)
{
	int err = mleg_alloc(lp, m);

	if (!err)
		err = mleg_set_remote(*lp, &p->addr, p->pt, TELEV_PT);
	if (!err)
		err = sa_set_str(&p->engine, "127.0.0.1", mleg_port(*lp));

	return err;
}

int mh_init(void)
{
	list_init(&phones);
	tmr_init(&ticker);
	return libre_init();
}

void mh_close(void)
{
	tmr_cancel(&ticker);
	libre_close();
}

int mh_group_setup(void **state)
{
	(void)state;
	return mh_init();
}

int mh_group_teardown(void **state)
{
	(void)state;
	mh_close();
	return 0;
}

int mh_setup(void **state)
{
	static struct mh_fx fx;

	memset(&fx, 0, sizeof(fx));
	if (media_alloc(&fx.m, "127.0.0.1", 30000, 39999))
		return -1;
	*state = &fx;
	return 0;
}

int mh_teardown(void **state)
{
	struct mh_fx *fx = *state;

	mem_deref(fx->la);
	mem_deref(fx->lb);
	mem_deref(fx->lc);
	mem_deref(fx->a);
	mem_deref(fx->b);
	mem_deref(fx->c);
	mem_deref(fx->m);
	return 0;
}

const int16_t *phone_tail(const struct phone *p, size_t n)
{
	return p->rx + (p->nrx - n);
}

double rms(const int16_t *x, size_t n)
{
	double e = 0;
	size_t i;

	for (i = 0; i < n; i++)
		e += (double)x[i] * x[i];

	return n ? sqrt(e / n) : 0;
}
