/*
 * keepalive.c — OPTIONS pings to registered phones, to find the dead ones
 * before their registration lapses. Each binding has its own timer, so the
 * pings are spread over the interval, and at most one OPTIONS out. Any
 * final answer (even 405 or 501) means the phone is there; none before the
 * next ping is due, none within libre's transaction timeout (32 s), or a
 * transport error means it is gone, and its binding is removed as an
 * expiry would remove it.
 */
#include <string.h>
#include "log.h"
#include "registrar_int.h"

/* Up to a tenth of the interval earlier, so phones that registered
 * together drift apart. */
static uint64_t ping_delay_ms(const struct registrar *r)
{
	uint64_t ms = (uint64_t)r->options_interval * 1000;

	return ms - rand_u64() % (ms / 10 + 1);
}

static void gone(struct binding *b, const char *why)
{
	log_trace("sip: registrar: %s (%s): %s, contact removed",
		  b->pub.dn, b->uri, why);
	binding_remove(b);
}

static void ping_resp(int err, const struct sip_msg *msg, void *arg)
{
	struct binding *b = arg;

	if (!err && msg->scode < 200)
		return;
	/* 408: something on the way to the phone timed out */
	if (err || msg->scode == 408)
		gone(b, err ? strerror(err) : "408 to OPTIONS");
}

static int from_h(enum sip_transp tp, const struct sa *src,
		  const struct sa *dst, struct mbuf *mb, void *arg)
{
	(void)tp;
	(void)dst;
	(void)arg;
	return mbuf_printf(mb, "From: <sip:callcloud@%J>;tag=%016llx\r\n",
			   src, (unsigned long long)rand_u64());
}

/* To the contact, through the address its REGISTER came from. */
static int ping_send(struct binding *b)
{
	struct registrar *r = b->aor->r;
	struct uri route;
	struct pl pl;
	char *s = NULL;
	int err = registrar_route(&b->pub, &s);

	if (err)
		return err;
	pl_set_str(&pl, s);
	err = uri_decode(&route, &pl);
	err = err ? err : sip_requestf(&b->ping, r->sip, true, "OPTIONS",
				       b->uri, &route, NULL, from_h,
				       ping_resp, b,
				       "To: <%s>\r\n"
				       "Call-ID: %016llx@callcloud\r\n"
				       "CSeq: 1 OPTIONS\r\n"
				       "Content-Length: 0\r\n\r\n",
				       b->uri,
				       (unsigned long long)rand_u64());
	mem_deref(s);
	return err;
}

static void ping_h(void *arg)
{
	struct binding *b = arg;
	int err;

	if (b->ping) {
		gone(b, "no answer to OPTIONS");
		return;
	}
	err = ping_send(b);
	if (err) {
		gone(b, strerror(err));
		return;
	}
	tmr_start(&b->ping_tmr, ping_delay_ms(b->aor->r), ping_h, b);
}

/* A REGISTER is as good an answer as any: the next ping is a whole
 * interval away, and one still out (maybe to an old address) is
 * dropped. */
void binding_ping_start(struct binding *b)
{
	const struct registrar *r = b->aor->r;

	b->ping = mem_deref(b->ping);
	if (r->options_interval)
		tmr_start(&b->ping_tmr, ping_delay_ms(r), ping_h, b);
	else
		tmr_cancel(&b->ping_tmr);
}
