/*
 * sip_stats.c — what the SIP switch counts for /metrics. Every SIP message
 * libre sends or receives passes its trace handler, retransmissions and
 * the replies libre makes on its own (400, 481, 501) included, so the
 * counts are what a packet capture would show; the first line says what
 * it is. RTP comes from the media engine, legs from the switch's list.
 */
#include <string.h>
#include "switch/sip/sip_int.h"

static enum sw_sip_method method_of(const uint8_t *p, size_t len)
{
	const uint8_t *sp = memchr(p, ' ', len);
	size_t n = sp ? (size_t)(sp - p) : 0;

	/* Method names are case-sensitive (RFC 3261 7.1). */
	for (int m = 0; m < SW_SIP_OTHER; m++) {
		const char *name = sw_sip_method_name(m);

		if (n == strlen(name) && !memcmp(p, name, n))
			return m;
	}
	return SW_SIP_OTHER;
}

void sipsw_count_msg(struct sw_stats *st, bool tx, const uint8_t *pkt,
		     size_t len)
{
	static const char status_line[] = "SIP/2.0 ";
	const size_t sl = sizeof(status_line) - 1;
	int dir = tx ? SW_OUT : SW_IN;

	if (!pkt || !len)
		return;
	if (len >= sl && !memcmp(pkt, status_line, sl)) {
		/* A code outside 100..699 is counted nowhere: no class. */
		if (len > sl && pkt[sl] >= '1' && pkt[sl] <= '6')
			st->sip_responses[dir][pkt[sl] - '1']++;
		return;
	}
	st->sip_requests[dir][method_of(pkt, len)]++;
}

void sipsw_trace(bool tx, enum sip_transp tp, const struct sa *src,
		 const struct sa *dst, const uint8_t *pkt, size_t len,
		 void *arg)
{
	struct sip_switch *ss = arg;

	(void)tp;
	(void)src;
	(void)dst;
	sipsw_count_msg(&ss->stats, tx, pkt, len);
}

void sipsw_stats(struct sip_switch *ss, struct sw_stats *out)
{
	struct media_stats ms;

	memcpy(out->sip_requests, ss->stats.sip_requests,
	       sizeof(out->sip_requests));
	memcpy(out->sip_responses, ss->stats.sip_responses,
	       sizeof(out->sip_responses));
	media_stats(ss->media, &ms);
	out->rtp_received = ms.received;
	out->rtp_sent = ms.sent;
	out->rtp_lost = ms.lost;
	out->srtp_dropped = ms.srtp_dropped;
	out->legs = list_count(&ss->legs);
}
