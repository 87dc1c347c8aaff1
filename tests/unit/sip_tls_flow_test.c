/*
 * sip_tls_flow_test.c — the SIP switch's SIP over TLS against a phone
 * played by libre's own SIP stack on 127.0.0.1 that answers by hand, so its 2xx can
 * say what a desk phone says: a Contact naming its TLS listener (here a
 * port nobody listens on) instead of the connection it registered over.
 * The switch must keep the dialog on that connection (sip_flow.c), offer
 * it SRTP (RTP/SAVP with a=crypto) because it registered over TLS, and
 * fail the call when the answer has no key. A gateway over TLS is refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "loop_harness.h"
#include <re.h>
#include "media_harness.h"
#include "sipreg_harness.h"
#include "store/store.h"
#include "switch/sip/sdes.h"
#include "switch/sip/sip_switch.h"
#include "tls/tlscert.h"

enum { STEP_MS = 10, WAIT_STEPS = 300, MAX_EVENTS = 16 };

static const struct pwhash_params weak = {1, 8192};

#define KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"

/* The phone: registers over TLS, answers INVITEs itself. */
struct tphone {
	struct sip *sip;
	struct tls *tls;
	struct sip_lsnr *lsnr;
	struct sipreg *reg;
	int reg_scode;
	bool crypto_answer;        /* answer with a=crypto (else plain) */
	int invites, acks, byes;
	enum sip_transp invite_tp; /* what the INVITE came over */
	char offer[2048];          /* its SDP */
};

struct fixture {
	struct store *st;
	struct tls *tls;
	struct sw *sw;
	struct sa srv;             /* the switch's TLS listener */
	struct tmr tmr;
	enum sw_event_type ev[MAX_EVENTS];
	size_t nev;
	struct tphone phone;
	char dir[64];
	char pem[96];
};

#define WAIT_FOR(f, cond) LOOP_WAIT(&(f)->tmr, cond, WAIT_STEPS, STEP_MS)

static void event_h(const struct sw_event *e, void *arg)
{
	struct fixture *f = arg;

	assert_true(f->nev < MAX_EVENTS);
	f->ev[f->nev++] = e->type;
}

static bool seen(const struct fixture *f, enum sw_event_type type)
{
	for (size_t i = 0; i < f->nev; i++)
		if (f->ev[i] == type)
			return true;
	return false;
}

/* 200 to the INVITE, from the phone's listener as Contact (port 9:
 * nothing there), with SRTP or plain RTP. */
static void answer(struct tphone *p, const struct sip_msg *msg)
{
	char sdp[512];

	re_snprintf(sdp, sizeof(sdp),
		    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
		    "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
		    "m=audio 7078 RTP/%sAVP 0\r\n%s",
		    p->crypto_answer ? "S" : "",
		    p->crypto_answer ? "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
				       "inline:" KEY "\r\n" : "");
	assert_int_equal(sip_treplyf(NULL, NULL, p->sip, msg, false, 200,
				     "OK",
				     "Contact: <sip:1890@127.0.0.1:9;"
				     "transport=tls>\r\n"
				     "Content-Type: application/sdp\r\n"
				     "Content-Length: %zu\r\n\r\n%s",
				     strlen(sdp), sdp), 0);
}

static bool phone_request(const struct sip_msg *msg, void *arg)
{
	struct tphone *p = arg;

	if (!pl_strcmp(&msg->met, "INVITE")) {
		p->invites++;
		p->invite_tp = msg->tp;
		re_snprintf(p->offer, sizeof(p->offer), "%b",
			    mbuf_buf(msg->mb), mbuf_get_left(msg->mb));
		answer(p, msg);
	}
	else if (!pl_strcmp(&msg->met, "ACK")) {
		p->acks++;
	}
	else if (!pl_strcmp(&msg->met, "BYE")) {
		p->byes++;
		(void)sip_treply(NULL, p->sip, msg, 200, "OK");
	}
	else {
		return false;
	}
	return true;
}

static void phone_register(struct fixture *f)
{
	struct tphone *p = &f->phone;
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(sip_alloc(&p->sip, NULL, 32, 32, 32, "phone", NULL,
				   NULL), 0);
	/* a client that checks nothing: the switch's side is under test */
	assert_int_equal(tls_alloc(&p->tls, TLS_METHOD_SSLV23, NULL, NULL),
			 0);
	assert_int_equal(sip_transp_add(p->sip, SIP_TRANSP_TLS, &local,
					p->tls), 0);
	assert_int_equal(sip_listen(&p->lsnr, p->sip, true, phone_request,
				    p), 0);
	assert_int_equal(srh_register_1890(&p->reg, p->sip, &f->srv,
					   ";transport=tls", NULL,
					   &p->reg_scode), 0);
	WAIT_FOR(f, p->reg_scode == 200);
	assert_int_equal(p->reg_scode, 200);
	WAIT_FOR(f, seen(f, SW_EV_PHONE));
	f->nev = 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sip_switch_conf conf = {
		.listen = "127.0.0.1",
		.rtp_port_min = 43000,
		.rtp_port_max = 43999,
		.realm = "callcloud",
		.trunk_address = "127.0.0.1",
		.secreth = store_phone_secret,
		.tls_port = 0,
	};

	if (!f)
		return -1;
	tmr_init(&f->tmr);
	strcpy(f->dir, "/tmp/siptls-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->pem, sizeof(f->pem), "%s/tls.pem", f->dir);
	if (tlscert_server(&f->tls, f->pem, "localhost"))
		return -1;
	conf.tls = f->tls;
	if (store_open(&f->st, ":memory:", &weak) ||
	    store_load_demo(f->st) ||
	    !(conf.secret_arg = f->st) ||
	    sip_switch_alloc(&f->sw, event_h, f, &conf) ||
	    sip_switch_tls_laddr(f->sw, &f->srv))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct tphone *p = &f->phone;

	p->reg = mem_deref(p->reg);
	p->lsnr = mem_deref(p->lsnr);
	if (p->sip)
		sip_close(p->sip, true);
	mem_deref(p->sip);
	mem_deref(p->tls);
	mem_deref(f->sw);
	mem_deref(f->st);
	mem_deref(f->tls);
	tmr_cancel(&f->tmr);
	(void)unlink(f->pem);
	(void)rmdir(f->dir);
	free(f);
	return 0;
}

static void originate(struct fixture *f)
{
	struct sw_originate o = {.kind = SW_DEST_PHONE, .dest = "1890",
				 .caller = "4008"};
	sw_leg_t leg = 0;

	assert_int_equal(sw_originate(f->sw, &leg, &o), 0);
	WAIT_FOR(f, f->phone.invites == 1);
	assert_int_equal(f->phone.invites, 1);
	assert_int_equal(f->phone.invite_tp, SIP_TRANSP_TLS);
}

/* The offer to a phone on TLS: SRTP only, one line of ours. */
static void offer_is_srtp(const struct tphone *p)
{
	struct sdes_crypto c;
	struct pl line;
	char val[128];

	assert_non_null(strstr(p->offer, " RTP/SAVP "));
	assert_int_equal(re_regex(p->offer, strlen(p->offer),
				  "a=crypto:[^\r\n]+", &line), 0);
	assert_int_equal(pl_strcpy(&line, val, sizeof(val)), 0);
	assert_int_equal(sdes_crypto_decode(&c, val), 0);
	assert_int_equal(c.tag, 1);
	assert_int_equal(c.suite, MEDIA_SRTP_SHA1_80);
}

/* The ACK and BYE reach the phone over the connection it registered
 * over, though its 2xx named a Contact where nothing listens. */
static void test_dialog_stays_on_connection(void **state)
{
	struct fixture *f = *state;

	phone_register(f);
	f->phone.crypto_answer = true;
	originate(f);
	offer_is_srtp(&f->phone);
	WAIT_FOR(f, f->phone.acks == 1 && seen(f, SW_EV_ANSWERED));
	assert_int_equal(f->phone.acks, 1);
	assert_true(seen(f, SW_EV_ANSWERED));
	assert_false(seen(f, SW_EV_FAILED));
}

/* An answer without a key to our SRTP offer fails the call; the phone
 * gets its ACK and BYE, over its connection. */
static void test_plain_answer_fails(void **state)
{
	struct fixture *f = *state;

	phone_register(f);
	originate(f);
	WAIT_FOR(f, seen(f, SW_EV_FAILED) && f->phone.byes == 1);
	assert_true(seen(f, SW_EV_FAILED));
	assert_false(seen(f, SW_EV_ANSWERED));
	assert_int_equal(f->phone.byes, 1);
}

/* libre checks no trunk certificate: a gateway over TLS is refused. */
static void test_gateway_tls_refused(void **state)
{
	static const char *const gw[] = {"sips:10.0.0.9",
					 "sip:10.0.0.9:5061;transport=tls",
					 "sip:10.0.0.9;transport=TLS"};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(gw) / sizeof(gw[0]); i++) {
		struct sip_switch_conf conf = {
			.listen = "127.0.0.1", .rtp_port_min = 43000,
			.rtp_port_max = 43999, .gateway = gw[i],
			.secreth = store_phone_secret, .secret_arg = f->st,
		};
		struct sw *sw = NULL;

		assert_int_equal(sip_switch_alloc(&sw, event_h, f, &conf),
				 ENOTSUP);
		assert_null(sw);
	}
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_dialog_stays_on_connection),
		T(test_plain_answer_fails),
		T(test_gateway_tls_refused),
	};

	return cmocka_run_group_tests(tests, mh_group_setup, mh_group_teardown);
}
