/*
 * sip_flood.c — the SIP door's flood limits ([limits] sip_rate, sip_burst,
 * sip_max_legs; docs/security.md "Limits and floods").
 *
 * A listener on the stack ahead of the registrar and the sessions takes a
 * token from its source address's bucket for each REGISTER and each new
 * INVITE (no To tag); over the rate the request is answered 503 with
 * Retry-After, statelessly: no transaction, no dialog, no digest check
 * and no password hash is spent on it, and a retransmission is simply
 * answered again. Other addresses keep their own buckets, so registered
 * phones elsewhere go on. In-dialog requests (ACK, BYE, re-INVITE) pass:
 * they belong to calls already admitted.
 *
 * Browser phones over WebSocket reach the stack from the loopback address
 * of their flow (sip_ws.c), all the same address: they are not counted
 * here.
 */
#include "switch/sip/sip_int.h"

/* true: answered here */
static bool request_h(const struct sip_msg *msg, void *arg)
{
	struct sip_switch *ss = arg;

	if (pl_strcmp(&msg->met, "REGISTER") &&
	    (pl_strcmp(&msg->met, "INVITE") || pl_isset(&msg->to.tag)))
		return false;
	if (sip_ws_flow(ss, &msg->src) || srclimit_take(ss->flood, &msg->src))
		return false;
	sip_flood_busy(ss, msg);
	return true;
}

int sip_flood_listen(struct sip_switch *ss,
		     const struct sip_switch_conf *conf)
{
	/* requests only: SIP over TCP is not counted by connection here */
	struct srclimit_conf c = {
		.door = "sip", .max_conns = 1, .rate = conf->flood_rate,
		.burst = conf->flood_burst,
	};
	int err;

	ss->max_legs = conf->max_legs;
	if (!conf->flood_rate || !conf->flood_burst)
		return 0;
	err = srclimit_alloc(&ss->flood, &c);
	return err ? err : sip_listen(&ss->flood_lsnr, ss->sip, true,
				      request_h, ss);
}

void sip_flood_busy(struct sip_switch *ss, const struct sip_msg *msg)
{
	(void)sip_replyf(ss->sip, msg, 503, "Service Unavailable",
			 "Retry-After: %u\r\nContent-Length: 0\r\n\r\n",
			 SIP_FLOOD_RETRY_AFTER_S);
}

bool sip_flood_legs_full(const struct sip_switch *ss)
{
	return ss->max_legs && list_count(&ss->legs) >= ss->max_legs;
}
