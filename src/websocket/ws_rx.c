/*
 * ws_rx.c — a client's WebSocket messages out of the bytes it sent: the
 * frames (ws_frame.c) of a partial one kept until whole, fragments joined
 * up to the limit (a continuation needs a message begun, a new message
 * none), pings answered, a Close echoed. What a message means is the
 * caller's.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "websocket/websocket.h"

struct ws_rx {
	size_t max;              /* a message, fragments included */
	struct mbuf *buf;        /* bytes short of a frame */
	struct mbuf *frag;       /* a fragmented message so far */
	uint8_t frag_op;         /* its first frame's opcode; 0: none */
	/* for the length of a feed */
	struct tcp_conn *tc;
	ws_msg_h *h;
	void *arg;
};

static void destructor(void *data)
{
	struct ws_rx *rx = data;

	mem_deref(rx->buf);
	mem_deref(rx->frag);
}

int ws_rx_alloc(struct ws_rx **rxp, size_t max)
{
	struct ws_rx *rx = mem_zalloc(sizeof(*rx), destructor);

	if (!rx)
		return ENOMEM;
	rx->max = max;
	rx->buf = mbuf_alloc(1024);
	rx->frag = mbuf_alloc(1024);
	if (!rx->buf || !rx->frag) {
		mem_deref(rx);
		return ENOMEM;
	}
	*rxp = rx;
	return 0;
}

void ws_rx_reset(struct ws_rx *rx)
{
	mbuf_reset(rx->buf);
	mbuf_reset(rx->frag);
	rx->frag_op = 0;
}

/* The message the fragments make, handed over and forgotten. */
static int frag_end(struct ws_rx *rx)
{
	uint8_t op = rx->frag_op;
	int err;

	rx->frag_op = 0;
	err = rx->h(op, rx->frag->buf ? rx->frag->buf : (const uint8_t *)"",
		    rx->frag->end, rx->arg);
	mbuf_reset(rx->frag);
	return err;
}

static int frame_h(bool fin, uint8_t opcode, const uint8_t *p, size_t n,
		   void *arg)
{
	struct ws_rx *rx = arg;
	int err;

	switch (opcode) {
	case WS_OP_TEXT:
	case WS_OP_BIN:
		if (rx->frag_op)
			return EPROTO;     /* a new message inside one */
		if (fin)
			return rx->h(opcode, p, n, rx->arg);
		rx->frag_op = opcode;
		return mbuf_write_mem(rx->frag, p, n);
	case WS_OP_CONT:
		if (!rx->frag_op)
			return EPROTO;
		if (n > rx->max - rx->frag->end)
			return EOVERFLOW;
		err = mbuf_write_mem(rx->frag, p, n);
		if (err || !fin)
			return err;
		return frag_end(rx);
	case WS_OP_PING:
		return ws_frame_send(rx->tc, WS_OP_PONG, p, n);
	case WS_OP_PONG:
		return 0;
	case WS_OP_CLOSE:
		(void)ws_frame_send(rx->tc, WS_OP_CLOSE, p, n < 2 ? n : 2);
		return n >= 2 && (p[0] << 8 | p[1]) == WS_CLOSE_NORMAL ?
			ESHUTDOWN : ECONNRESET;
	default:
		return EPROTO;
	}
}

/* What is left of a partial frame moves to the buffer's start, so the
 * buffer holds no more than a frame and one read. */
static void compact(struct mbuf *mb)
{
	size_t left = mbuf_get_left(mb);

	if (!left) {
		mbuf_reset(mb);
		return;
	}
	memmove(mb->buf, mbuf_buf(mb), left);
	mb->pos = 0;
	mb->end = left;
}

int ws_rx_feed(struct ws_rx *rx, struct tcp_conn *tc, const struct mbuf *mb,
	       ws_msg_h *h, void *arg)
{
	size_t n = mbuf_get_left(mb);
	int err;

	if (n > 2 * rx->max || rx->buf->end > 2 * rx->max - n)
		return EOVERFLOW;
	rx->buf->pos = rx->buf->end;
	err = mbuf_write_mem(rx->buf, mbuf_buf(mb), n);
	rx->buf->pos = 0;
	if (err)
		return err;
	rx->tc = tc;
	rx->h = h;
	rx->arg = arg;
	err = ws_frames_parse(rx->buf, rx->max, frame_h, rx);
	compact(rx->buf);
	return err;
}

uint16_t ws_close_code(int err)
{
	switch (err) {
	case EPROTO:
		return WS_CLOSE_PROTOCOL;
	case EOVERFLOW:
		return WS_CLOSE_TOO_BIG;
	case ENOTSUP:
		return WS_CLOSE_UNSUPPORTED;
	case ESHUTDOWN:
	case ECONNRESET:
		return 0;
	default:
		return WS_CLOSE_INTERNAL;
	}
}
