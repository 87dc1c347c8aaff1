/*
 * swlink.c — a framed, heartbeated TCP connection of the switch-node
 * protocol (swlink.h), shared by the node and the CTI's remote switch so
 * that both ends frame, validate and time out the same way.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "switch/link/swre.h"
#include "swframe.h"
#include "switch/link/swlink.h"

struct swlink {
	struct tcp_conn *tc;
	struct swframe_dec dec;
	struct tmr hb_tmr;
	char peer[64];           /* "IP:port" for logs */
	uint64_t last_rx;        /* tmr_jiffies() of the last frame */
	uint32_t hb_ms;
	uint32_t peer_hb_ms;     /* 0: not told */
	bool estab;
	bool closed;             /* the close handler has run */
	swlink_estab_h *eh;
	swlink_frame_h *fh;
	swlink_close_h *ch;
	void *arg;
};

static void destructor(void *arg)
{
	struct swlink *l = arg;

	tmr_cancel(&l->hb_tmr);
	l->tc = mem_deref(l->tc);
	swframe_dec_reset(&l->dec);
}

/* Tells the owner once; it may free l inside. */
static void link_close(struct swlink *l, int err)
{
	if (l->closed)
		return;
	l->closed = true;
	tmr_cancel(&l->hb_tmr);
	l->tc = mem_deref(l->tc);
	l->ch(err, l->arg);
}

int swlink_send(struct swlink *l, const json_t *frame)
{
	struct mbuf *mb;
	uint8_t *buf;
	size_t len;
	int err;

	if (!l->estab || l->closed)
		return ENOTCONN;
	err = swframe_encode(frame, &buf, &len);
	if (err)
		return err;
	mb = mbuf_alloc(len);
	if (!mb) {
		free(buf);
		return ENOMEM;
	}
	err = mbuf_write_mem(mb, buf, len);
	free(buf);
	if (!err) {
		mb->pos = 0;
		err = tcp_send(l->tc, mb);
	}
	mem_deref(mb);
	return err;
}

void swlink_send_error(struct swlink *l, const char *code, const char *msg)
{
	json_t *f = json_pack("{s:s, s:s, s:s}", "t", "error", "code", code,
			      "msg", msg);

	if (f)
		(void)swlink_send(l, f);
	json_decref(f);
}

const char *swlink_peer(const struct swlink *l)
{
	return l->peer;
}

void swlink_peer_hb(struct swlink *l, uint32_t ms)
{
	l->peer_hb_ms = ms;
}

static void hb_h(void *arg)
{
	struct swlink *l = arg;
	uint64_t every = l->peer_hb_ms > l->hb_ms ? l->peer_hb_ms : l->hb_ms;
	json_t *ping;

	if (tmr_jiffies() - l->last_rx > every * SWLINK_MISSED) {
		link_close(l, ETIMEDOUT);
		return;
	}
	ping = json_pack("{s:s}", "t", "ping");
	if (ping)
		(void)swlink_send(l, ping);
	json_decref(ping);
	tmr_start(&l->hb_tmr, l->hb_ms, hb_h, l);
}

static void start_hb(struct swlink *l)
{
	l->estab = true;
	l->last_rx = tmr_jiffies();
	tmr_start(&l->hb_tmr, l->hb_ms, hb_h, l);
}

static void recv_h(struct mbuf *mb, void *arg)
{
	struct swlink *l = arg;
	const uint8_t *p = mbuf_buf(mb);
	size_t n = mbuf_get_left(mb);

	l->last_rx = tmr_jiffies();
	/* our reference: the owner may free l from the frame handler; when
	 * ours is then the last one, stop reading */
	mem_ref(l);
	while (!l->closed && mem_nrefs(l) > 1) {
		json_t *f;
		int err = swframe_read(&l->dec, &p, &n, &f);

		if (err) {
			swlink_send_error(l, "bad_frame", err == EPROTO ?
					  "not a valid frame" : "no memory");
			link_close(l, err);
			break;
		}
		if (!f)
			break;
		if (strcmp(json_string_value(json_object_get(f, "t")),
			   "ping"))
			l->fh(f, l->arg);
		json_decref(f);
	}
	mem_deref(l);
}

static void close_h(int err, void *arg)
{
	link_close(arg, err ? err : ECONNRESET);
}

static void estab_h(void *arg)
{
	struct swlink *l = arg;

	start_hb(l);
	if (l->eh)
		l->eh(l->arg);
}

static void set_name(struct swlink *l, const struct sa *sa)
{
	if (re_snprintf(l->peer, sizeof(l->peer), "%J", sa) < 0)
		str_ncpy(l->peer, "?", sizeof(l->peer));
}

static int link_alloc(struct swlink **lp, uint32_t hb_ms, swlink_estab_h *eh,
		      swlink_frame_h *fh, swlink_close_h *ch, void *arg)
{
	struct swlink *l;

	if (!hb_ms || !fh || !ch)
		return EINVAL;
	l = mem_zalloc(sizeof(*l), destructor);
	if (!l)
		return ENOMEM;
	tmr_init(&l->hb_tmr);
	l->hb_ms = hb_ms;
	l->eh = eh;
	l->fh = fh;
	l->ch = ch;
	l->arg = arg;
	*lp = l;
	return 0;
}

int swlink_accept(struct swlink **lp, struct tcp_sock *ts, uint32_t hb_ms,
		  swlink_frame_h *fh, swlink_close_h *ch, void *arg)
{
	struct swlink *l;
	int err = link_alloc(&l, hb_ms, NULL, fh, ch, arg);

	if (err)
		return err;
	struct sa peer;

	err = tcp_accept(&l->tc, ts, NULL, recv_h, close_h, l);
	if (!err)
		err = tcp_conn_peer_get(l->tc, &peer);
	if (!err)
		set_name(l, &peer);
	if (err) {
		mem_deref(l);
		return err;
	}
	start_hb(l);
	*lp = l;
	return 0;
}

int swlink_connect(struct swlink **lp, const struct sa *peer, uint32_t hb_ms,
		   swlink_estab_h *eh, swlink_frame_h *fh, swlink_close_h *ch,
		   void *arg)
{
	struct swlink *l;
	int err = link_alloc(&l, hb_ms, eh, fh, ch, arg);

	if (err)
		return err;
	set_name(l, peer);
	err = tcp_connect(&l->tc, peer, estab_h, recv_h, close_h, l);
	if (err) {
		mem_deref(l);
		return err;
	}
	*lp = l;
	return 0;
}
