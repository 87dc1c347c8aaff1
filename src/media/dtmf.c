/*
 * dtmf.c — RFC 4733 telephone events on a leg (sending through libre's telev):
 * digits out are queued in telev and sent one packet per tick in place
 * of the leg's audio; digits in are reported once per key press.
 */
#include <string.h>
#include "media/media_int.h"

/* One key press is one RTP timestamp carried by several packets (start,
 * updates, three ends), so a new (timestamp, event) pair is a new digit,
 * whichever of its packets made it here first. libre's telev_recv is not
 * used: it drops an event whose start packets were lost. */
void mleg_dtmf_recv(struct mleg *l, uint32_t ts, struct mbuf *mb)
{
	int event, digit;

	if (mbuf_get_left(mb) < 4)
		return;
	event = mbuf_buf(mb)[0];
	if (l->rx_event == event && l->rx_ts == ts)
		return;
	l->rx_event = event;
	l->rx_ts = ts;

	digit = telev_code2digit(event);
	if (digit < 0 || !l->dtmfh)
		return;   /* events past 'D' (flash, tones) are not digits */
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
