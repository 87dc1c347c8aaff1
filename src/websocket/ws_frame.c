/*
 * ws_frame.c — RFC 6455 framing, the server's side: frames cut out of the
 * bytes a client sent (masked, as clients must; the payload unmasked in
 * place) and frames sent unmasked. A length is checked against the limit
 * before anything else is read or kept, so 2^63 and above never reach an
 * addition or an allocation. Message assembly is ws_rx.c's.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "websocket/websocket.h"

enum { CONTROL_MAX = 125 };    /* a control frame's payload */

int ws_frame_send(struct tcp_conn *tc, uint8_t opcode, const uint8_t *p,
		  size_t n)
{
	struct mbuf *mb = mbuf_alloc(n + 10);
	int err;

	if (!mb)
		return ENOMEM;
	err = mbuf_write_u8(mb, 0x80 | opcode);
	if (n < 126) {
		err |= mbuf_write_u8(mb, (uint8_t)n);
	}
	else if (n <= 0xffff) {
		err |= mbuf_write_u8(mb, 126);
		err |= mbuf_write_u16(mb, htons((uint16_t)n));
	}
	else {
		err |= mbuf_write_u8(mb, 127);
		err |= mbuf_write_u32(mb, 0);
		err |= mbuf_write_u32(mb, htonl((uint32_t)n));
	}
	err |= mbuf_write_mem(mb, p, n);
	mb->pos = 0;
	err = err ? err : tcp_send(tc, mb);
	mem_deref(mb);
	return err;
}

int ws_close_send(struct tcp_conn *tc, uint16_t code, const char *reason)
{
	uint8_t b[CONTROL_MAX];
	size_t n = reason ? strlen(reason) : 0;

	if (n > sizeof(b) - 2)
		n = sizeof(b) - 2;
	b[0] = (uint8_t)(code >> 8);
	b[1] = (uint8_t)code;
	if (n)
		memcpy(b + 2, reason, n);
	return ws_frame_send(tc, WS_OP_CLOSE, b, n + 2);
}

int ws_frames_parse(struct mbuf *mb, size_t max, ws_frame_h *h, void *arg)
{
	int err = 0;

	while (!err) {
		const uint8_t *b = mbuf_buf(mb);
		size_t left = mbuf_get_left(mb), hl = 2;
		uint64_t n;
		uint8_t *p;

		if (left < 2)
			break;
		if ((b[0] & 0x70) || !(b[1] & 0x80))
			return EPROTO;     /* RSV bits, or not masked */
		n = b[1] & 0x7f;
		if (n == 126) {
			hl = 4;
			if (left < hl)
				break;
			n = (uint64_t)b[2] << 8 | b[3];
		}
		else if (n == 127) {
			hl = 10;
			if (left < hl)
				break;
			n = 0;
			for (int i = 2; i < 10; i++)
				n = n << 8 | b[i];
		}
		if (n > max)
			return EOVERFLOW;
		if ((b[0] & 0x08) && (n > CONTROL_MAX || !(b[0] & 0x80)))
			return EPROTO;     /* a control frame: short, whole */
		if (left < hl + 4 + n)
			break;
		p = mb->buf + mb->pos + hl + 4;
		for (uint64_t i = 0; i < n; i++)
			p[i] ^= b[hl + (i & 3)];
		err = h(b[0] & 0x80, b[0] & 0x0f, p, (size_t)n, arg);
		mb->pos += hl + 4 + (size_t)n;
	}
	if (!mbuf_get_left(mb))
		mbuf_reset(mb);
	return err;
}
