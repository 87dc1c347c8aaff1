/*
 * dtmf.c — RFC 4733 telephone events on a leg, through libre's telev:
 * digits in are reported once per key press; digits out are queued and
 * sent one packet per tick in place of the leg's audio.
 */
#include <string.h>
#include "media/media_int.h"

void mleg_dtmf_recv(struct mleg *l, struct mbuf *mb)
{
	int event, digit;
	bool end;

	if (telev_recv(l->telev, mb, &event, &end))
		return;   /* malformed, or a repeat of what we reported */

	/* Report on the start; on the end only when the start was lost. */
	if (end && event == l->rx_event) {
		l->rx_event = -1;
		return;
	}
	l->rx_event = end ? -1 : event;

	digit = telev_code2digit(event);
	if (digit < 0 || !l->dtmfh)
		return;
	l->dtmfh(l, (char)digit, l->dtmf_arg);
}

bool mleg_dtmf_poll(struct mleg *l)
{
	bool marker = false;

	if (l->telev_pt < 0)
		return false;

	l->txmb->pos = l->txmb->end = RTP_HEADER_SIZE;
	if (telev_poll(l->telev, &marker, l->txmb))
		return false;   /* nothing queued */

	l->txmb->pos = RTP_HEADER_SIZE;
	mleg_send_telev(l, marker);

	return true;
}

int media_send_dtmf(struct mleg *l, const char *digits)
{
	size_t i;
	int err;

	if (!l || !digits || !*digits)
		return EINVAL;
	if (l->telev_pt < 0)
		return ENOTSUP;   /* the peer did not offer telephone-event */

	/* All or nothing: check every digit before queueing any. */
	for (i = 0; digits[i]; i++) {
		if (telev_digit2code((unsigned char)digits[i]) < 0)
			return EINVAL;
	}
	for (i = 0; digits[i]; i++) {
		int code = telev_digit2code((unsigned char)digits[i]);

		err = telev_send(l->telev, code, false);
		if (!err)
			err = telev_send(l->telev, code, true);
		if (err)
			return err;
	}

	return 0;
}

void mleg_set_dtmf_handler(struct mleg *l, mleg_dtmf_h *h, void *arg)
{
	if (!l)
		return;
	l->dtmfh = h;
	l->dtmf_arg = arg;
}
