/*
 * sip_sdes.c — the SIP side of SDES legs (RTP/SAVP, RFC 4568): SRTP whose
 * keys travel in the SDP's a=crypto lines. We offer it to a phone that
 * registered over TLS, and take it from anyone who offers it; our own key
 * is random per leg and kept for the leg's life (a re-INVITE's answer
 * repeats it), the far end's may change with each of its offers.
 *
 * The policy (docs/security.md "SIP over TLS and SRTP"): an offer over
 * UDP or TCP is answered too, but its keys were readable on the way, so
 * the log says so; an answer to our offer without a usable a=crypto line
 * (a phone that does not do SRTP) fails the call; a leg once SRTP never
 * goes back to plain RTP.
 */
#include <errno.h>
#include <string.h>
#include <openssl/crypto.h>
#include "log.h"
#include "switch/sip/sip_int.h"
#include "switch/sip/sdes.h"

enum { OFFER_TAG = 1 };   /* our offer's one line */

bool sip_sdes_proto(const char *proto)
{
	return proto && !strcmp(proto, "RTP/SAVP");
}

static int local_line(struct sip_leg *leg, uint32_t tag,
		      enum media_srtp suite)
{
	struct sdes_crypto ours = *leg->sdes_key;

	ours.tag = tag;
	ours.suite = suite;
	return sdp_media_set_lattr(leg->sdpm, true, "crypto", "%H",
				   sdes_crypto_print, &ours);
}

/* A key gone is wiped: freed memory may be handed out again. */
static void key_destructor(void *arg)
{
	OPENSSL_cleanse(arg, sizeof(struct sdes_crypto));
}

static int key_make(struct sip_leg *leg)
{
	int err;

	if (leg->sdes_key)
		return 0;
	leg->sdes_key = mem_zalloc(sizeof(*leg->sdes_key), key_destructor);
	if (!leg->sdes_key)
		return ENOMEM;
	err = sdes_crypto_key(leg->sdes_key);
	if (err)
		leg->sdes_key = mem_deref(leg->sdes_key);
	return err;
}

int sip_sdes_offer(struct sip_leg *leg)
{
	int err = key_make(leg);

	return err ? err : local_line(leg, OFFER_TAG, MEDIA_SRTP_SHA1_80);
}

struct pick {
	bool offer;
	struct sdes_crypto c;
	bool found;
	unsigned bad;              /* lines we could not read */
};

/* An offer: its first line we can take. The answer to ours: the line of
 * our tag and suite. */
static bool pick_h(const char *name, const char *value, void *arg)
{
	struct pick *p = arg;
	struct sdes_crypto c;
	int err = sdes_crypto_decode(&c, value);
	(void)name;

	if (err) {
		p->bad += err == EBADMSG;
		return false;
	}
	if (!p->offer && (c.tag != OFFER_TAG || c.suite != MEDIA_SRTP_SHA1_80))
		return false;
	p->c = c;
	p->found = true;
	return true;
}

int sip_sdes_take(struct sip_leg *leg, const struct sip_msg *msg,
		  bool offer)
{
	struct pick p = {.offer = offer};
	int err = 0;

	(void)sdp_media_rattr_apply(leg->sdpm, "crypto", pick_h, &p);
	if (!p.found) {
		log_debug("leg %llu: no a=crypto line we can use (%u "
			  "malformed)", (unsigned long long)leg->id, p.bad);
		return EPROTONOSUPPORT;
	}
	if (offer) {
		err = key_make(leg);
		err = err ? err : local_line(leg, p.c.tag, p.c.suite);
	}
	else if (!leg->sdes_key) {
		return EPROTONOSUPPORT;   /* an answer to no offer of ours */
	}
	err = err ? err : mleg_sdes_keys(leg->ml, p.c.suite,
					 leg->sdes_key->key, p.c.key);
	if (err)
		return err == ENOMEM ? err : EPROTONOSUPPORT;
	if (!leg->sdes && msg->tp != SIP_TRANSP_TLS)
		log_warn("leg %llu: SRTP keys came over %s, readable on the "
			 "way: the media is no better hidden than plain RTP",
			 (unsigned long long)leg->id,
			 sip_transp_name(msg->tp));
	leg->sdes = true;
	return 0;
}
