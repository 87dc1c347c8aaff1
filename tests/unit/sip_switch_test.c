/*
 * sip_switch_test.c — the SIP switch driven over real sockets on
 * 127.0.0.1 by libre's own SIP stack playing a registered agent phone and
 * a customer calling in from the trunk, each with its own stack: origination
 * to a registered DN, inbound calls, BYE and CANCEL either way, failures
 * (unregistered DN, busy, no answer, no G.711), RFC 4733 digits over
 * real RTP, and hostile input.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "loop_harness.h"
#include <re.h>
#include "media_harness.h"
#include "sipreg_harness.h"
#include "store/store.h"
#include "switch/sip/registrar.h"
#include "switch/sip/sip_switch.h"

enum { STEP_MS = 10, WAIT_STEPS = 300, MAX_EVENTS = 32 };

static const struct pwhash_params weak = {1, 8192};

struct event {
	enum sw_event_type type;
	sw_leg_t leg;
	enum sw_cause cause;
	char call_id[256];
	char ani[64];
	char dnis[64];
	char dn[16];
	bool up;
	size_t ndata;
	char data[2][2][64];       /* the first two pairs: key, value */
	char digits[8];
};

enum peer_mode { PEER_RING, PEER_BUSY };

/* A SIP user agent of the test: a phone or a customer. */
struct peer {
	struct sip *sip;
	struct sipsess_sock *sock;
	struct sipsess *sess;
	struct sipreg *reg;
	struct udp_sock *rtp;       /* where our SDP says media goes */
	struct sdp_session *sdp;
	struct sdp_media *sdpm;
	enum peer_mode mode;
	int invites;
	bool auto_answer_hdr;
	char route[128];            /* the last INVITE's Route */
	int reg_scode;
	int progress;
	bool estab;
	int closed;
	int close_err;
	uint16_t close_scode;
	int answer_pt;              /* codec of the answer we got, or -1 */
	uint16_t answer_port;
	int reoffers;
};

struct fixture {
	struct store *st;
	struct sw *sw;
	struct sa srv;
	struct tmr tmr;
	struct event ev[MAX_EVENTS];
	size_t nev;
	struct peer phone;
	struct peer cust;
};

static void run_for(struct fixture *f, uint64_t ms)
{
	loop_run_for(&f->tmr, ms);
}

#define WAIT_FOR(f, cond) LOOP_WAIT(&(f)->tmr, cond, WAIT_STEPS, STEP_MS)

static void event_h(const struct sw_event *e, void *arg)
{
	struct fixture *f = arg;
	struct event *ev;

	assert_true(f->nev < MAX_EVENTS);
	ev = &f->ev[f->nev++];
	ev->type = e->type;
	ev->leg = e->leg;
	ev->cause = e->cause;
	if (e->call_id)
		str_ncpy(ev->call_id, e->call_id, sizeof(ev->call_id));
	if (e->ani)
		str_ncpy(ev->ani, e->ani, sizeof(ev->ani));
	if (e->dnis)
		str_ncpy(ev->dnis, e->dnis, sizeof(ev->dnis));
	if (e->digits)
		str_ncpy(ev->digits, e->digits, sizeof(ev->digits));
	if (e->dn)
		str_ncpy(ev->dn, e->dn, sizeof(ev->dn));
	ev->ndata = e->ndata;
	for (size_t i = 0; i < e->ndata && i < 2; i++) {
		str_ncpy(ev->data[i][0], e->data[i].key, 64);
		str_ncpy(ev->data[i][1], e->data[i].value, 64);
	}
	ev->up = e->up;
}

/* --- the test user agents ------------------------------------------------ */

static int peer_offer(struct mbuf **descp, const struct sip_msg *msg,
		      void *arg)
{
	struct peer *p = arg;

	p->reoffers++;
	assert_int_equal(sdp_decode(p->sdp, msg->mb, true), 0);
	return sdp_encode(descp, p->sdp, false);
}

static int peer_answer(const struct sip_msg *msg, void *arg)
{
	struct peer *p = arg;
	const struct sdp_format *fmt;

	assert_int_equal(sdp_decode(p->sdp, msg->mb, false), 0);
	fmt = sdp_media_rformat(p->sdpm, NULL);
	p->answer_pt = fmt ? fmt->pt : -1;
	p->answer_port = sdp_media_rport(p->sdpm);
	return 0;
}

static void peer_progress(const struct sip_msg *msg, void *arg)
{
	struct peer *p = arg;

	if (msg->scode > 100)
		p->progress = msg->scode;
}

static void peer_estab(const struct sip_msg *msg, void *arg)
{
	struct peer *p = arg;
	(void)msg;

	p->estab = true;
}

static void peer_close(int err, const struct sip_msg *msg, void *arg)
{
	struct peer *p = arg;

	p->closed++;
	p->close_err = err;
	p->close_scode = msg ? msg->scode : 0;
	p->sess = mem_deref(p->sess);
}

static void peer_conn(const struct sip_msg *msg, void *arg)
{
	struct peer *p = arg;
	const struct sip_hdr *ci = sip_msg_hdr(msg, SIP_HDR_CALL_INFO);
	const struct sip_hdr *route = sip_msg_hdr(msg, SIP_HDR_ROUTE);

	p->invites++;
	p->route[0] = '\0';
	if (route)
		(void)pl_strcpy(&route->val, p->route, sizeof(p->route));
	p->auto_answer_hdr = ci && !re_regex(ci->val.p, ci->val.l,
						 "answer-after=0");
	if (p->mode == PEER_BUSY || p->sess) {
		(void)sip_treply(NULL, p->sip, msg, 486, "Busy Here");
		return;
	}
	assert_int_equal(sdp_decode(p->sdp, msg->mb, true), 0);
	assert_int_equal(sipsess_accept(&p->sess, p->sock, msg, 180,
					"Ringing", "peer", "application/sdp",
					NULL, NULL, NULL, false, peer_offer,
					peer_answer, peer_estab, NULL, NULL,
					peer_close, p, ""), 0);
}

/* codec: "0 PCMU", "8 PCMA" or another id/name pair. */
static void peer_init(struct peer *p, const char *id, const char *codec)
{
	struct sa local, rtp;

	p->answer_pt = -1;
	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(sip_alloc(&p->sip, NULL, 32, 32, 32, "peer", NULL,
				   NULL), 0);
	assert_int_equal(sip_transp_add(p->sip, SIP_TRANSP_UDP, &local), 0);
	assert_int_equal(sipsess_listen(&p->sock, p->sip, 32, peer_conn, p),
			 0);
	assert_int_equal(udp_listen(&p->rtp, &local, NULL, NULL), 0);
	assert_int_equal(udp_local_get(p->rtp, &rtp), 0);
	assert_int_equal(sdp_session_alloc(&p->sdp, &rtp), 0);
	assert_int_equal(sdp_media_add(&p->sdpm, p->sdp, "audio",
				       sa_port(&rtp), "RTP/AVP"), 0);
	assert_int_equal(sdp_format_add(NULL, p->sdpm, false, id, codec,
					8000, 1, NULL, NULL, NULL, false,
					NULL), 0);
	assert_int_equal(sdp_format_add(NULL, p->sdpm, false, "101",
					"telephone-event", 8000, 1, NULL,
					NULL, NULL, false, "0-15"), 0);
}

static void peer_close_all(struct peer *p)
{
	p->sess = mem_deref(p->sess);
	p->reg = mem_deref(p->reg);
	p->sock = mem_deref(p->sock);
	if (p->sip)
		sip_close(p->sip, true);
	p->sip = mem_deref(p->sip);
	p->sdp = mem_deref(p->sdp);
	p->rtp = mem_deref(p->rtp);
}

/* --- fixture -------------------------------------------------------------- */

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sip_switch_conf conf = {
		.listen = "127.0.0.1",
		.rtp_port_min = 42000,
		.rtp_port_max = 42999,
		.realm = "callcloud",
		.trunk_address = "127.0.0.3, 127.0.0.1",
		.secreth = store_phone_secret,
	};

	if (!f)
		return -1;
	tmr_init(&f->tmr);
	if (store_open(&f->st, ":memory:", &weak) ||
	    store_load_demo(f->st) ||
	    !(conf.secret_arg = f->st) ||
	    sip_switch_alloc(&f->sw, event_h, f, &conf) ||
	    sip_switch_laddr(f->sw, &f->srv))
		return -1;
	peer_init(&f->phone, "0", "PCMU");
	peer_init(&f->cust, "8", "PCMA");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	peer_close_all(&f->phone);
	peer_close_all(&f->cust);
	mem_deref(f->sw);
	mem_deref(f->st);
	/* Lets the last BYE / CANCEL transactions of libre finish. */
	tmr_cancel(&f->tmr);
	free(f);
	return 0;
}

static void phone_register(struct fixture *f)
{
	assert_int_equal(srh_register_1890(&f->phone.reg, f->phone.sip,
					   &f->srv, NULL, NULL,
					   &f->phone.reg_scode), 0);
	WAIT_FOR(f, f->phone.reg_scode == 200);
	assert_int_equal(f->phone.reg_scode, 200);
	assert_non_null(registrar_lookup(sip_switch_registrar(f->sw),
					 "1890"));
	/* the core hears of it, and may route to the DN from now on */
	WAIT_FOR(f, f->nev == 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_PHONE);
	assert_string_equal(f->ev[0].dn, "1890");
	assert_true(f->ev[0].up);
	assert_true(sw_phone_ready(f->sw, "1890"));
	assert_false(sw_phone_ready(f->sw, "1891"));
	f->nev = 0;
}

static sw_leg_t originate(struct fixture *f, const char *dest,
			  enum sw_dest_kind kind, bool auto_answer,
			  uint32_t timeout_ms)
{
	struct sw_originate o = {.kind = kind, .dest = dest,
				 .caller = "4008",
				 .auto_answer = auto_answer,
				 .timeout_ms = timeout_ms};
	sw_leg_t leg = 0;

	assert_int_equal(sw_originate(f->sw, &leg, &o), 0);
	assert_int_not_equal(leg, 0);
	/* Never from inside an ops call. */
	assert_int_equal(f->nev, 0);
	return leg;
}

static void phone_answers(struct fixture *f)
{
	struct mbuf *desc = NULL;

	assert_non_null(f->phone.sess);
	assert_int_equal(sdp_encode(&desc, f->phone.sdp, false), 0);
	assert_int_equal(sipsess_answer(f->phone.sess, 200, "OK", desc, ""),
			 0);
	mem_deref(desc);
}

/* The customer calls DNIS 4008 from ANI 13900001111. */
static void customer_calls_to(struct fixture *f, const struct sa *srv,
			      sip_auth_h *auth, void *auth_arg)
{
	struct mbuf *desc = NULL;
	char to[64], from[64];

	re_snprintf(to, sizeof(to), "sip:4008@%J", srv);
	re_snprintf(from, sizeof(from), "sip:13900001111@127.0.0.1");
	assert_int_equal(sdp_encode(&desc, f->cust.sdp, true), 0);
	assert_int_equal(sipsess_connect(&f->cust.sess, f->cust.sock, to,
					 NULL, from, "cust", NULL, 0,
					 "application/sdp", desc, auth,
					 auth_arg, false, peer_offer,
					 peer_answer, peer_progress,
					 peer_estab, NULL, NULL, peer_close,
					 &f->cust, ""), 0);
	mem_deref(desc);
}

static void customer_calls(struct fixture *f)
{
	customer_calls_to(f, &f->srv, NULL, NULL);
}

/* --- originate -------------------------------------------------------------- */

static void test_originate_phone_answers(void **state)
{
	struct fixture *f = *state;
	struct sa phone_addr;
	char route[128];
	sw_leg_t leg;

	phone_register(f);
	leg = originate(f, "1890", SW_DEST_PHONE, true, 0);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->phone.invites, 1);
	assert_true(f->phone.auto_answer_hdr);
	/* routed through where its REGISTER came from (UDP: no parameter) */
	assert_int_equal(sip_transp_laddr(f->phone.sip, &phone_addr,
					  SIP_TRANSP_UDP, NULL), 0);
	re_snprintf(route, sizeof(route), "<sip:%J;lr>", &phone_addr);
	assert_string_equal(f->phone.route, route);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_ALERTING);
	assert_int_equal(f->ev[0].leg, leg);

	phone_answers(f);
	WAIT_FOR(f, f->nev >= 2 && f->phone.estab);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[1].type, SW_EV_ANSWERED);
	assert_int_equal(f->ev[1].leg, leg);
	assert_true(f->phone.estab);

	/* The core hangs up: the phone gets a BYE, the core no event. */
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), 0);
	WAIT_FOR(f, f->phone.closed);
	assert_int_equal(f->phone.closed, 1);
	assert_int_equal(f->phone.close_err, ECONNRESET);
	run_for(f, 50);
	assert_int_equal(f->nev, 2);
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), ENOENT);
}

static void test_phone_hangs_up(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	phone_register(f);
	leg = originate(f, "1890", SW_DEST_PHONE, false, 0);
	WAIT_FOR(f, f->nev >= 1);
	assert_false(f->phone.auto_answer_hdr);
	phone_answers(f);
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->ev[1].type, SW_EV_ANSWERED);

	f->phone.sess = mem_deref(f->phone.sess);   /* sends BYE */
	WAIT_FOR(f, f->nev >= 3);
	assert_int_equal(f->nev, 3);
	assert_int_equal(f->ev[2].type, SW_EV_HANGUP);
	assert_int_equal(f->ev[2].leg, leg);
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), ENOENT);
}

static void test_originate_unregistered(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = originate(f, "1890", SW_DEST_PHONE, false, 0);

	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_FAILED);
	assert_int_equal(f->ev[0].leg, leg);
	assert_int_equal(f->ev[0].cause, SW_CAUSE_INVALID);
}

static void test_originate_no_gateway(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = originate(f, "13900001111", SW_DEST_NUMBER, false, 0);

	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->ev[0].type, SW_EV_FAILED);
	assert_int_equal(f->ev[0].leg, leg);
	assert_int_equal(f->ev[0].cause, SW_CAUSE_INVALID);
}

static void test_originate_bad_dest(void **state)
{
	struct fixture *f = *state;
	struct sw_originate o = {.kind = SW_DEST_PHONE, .dest = "18<90>"};
	sw_leg_t leg = 0;

	assert_int_equal(sw_originate(f->sw, &leg, &o), EINVAL);
	o.dest = "";
	assert_int_equal(sw_originate(f->sw, &leg, &o), EINVAL);
	o.dest = NULL;
	assert_int_equal(sw_originate(f->sw, &leg, &o), EINVAL);
	run_for(f, 30);
	assert_int_equal(f->nev, 0);
}

static void test_originate_busy(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	f->phone.mode = PEER_BUSY;
	phone_register(f);
	leg = originate(f, "1890", SW_DEST_PHONE, false, 0);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->phone.invites, 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_FAILED);
	assert_int_equal(f->ev[0].leg, leg);
	assert_int_equal(f->ev[0].cause, SW_CAUSE_BUSY);
}

static void test_originate_no_answer(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	phone_register(f);
	leg = originate(f, "1890", SW_DEST_PHONE, false, 300);
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[0].type, SW_EV_ALERTING);
	assert_int_equal(f->ev[1].type, SW_EV_FAILED);
	assert_int_equal(f->ev[1].leg, leg);
	assert_int_equal(f->ev[1].cause, SW_CAUSE_NOANSWER);
	/* and the phone stops ringing */
	WAIT_FOR(f, f->phone.closed);
	assert_int_equal(f->phone.closed, 1);
}

static void test_core_cancels_ringing_phone(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	phone_register(f);
	leg = originate(f, "1890", SW_DEST_PHONE, false, 0);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), 0);
	WAIT_FOR(f, f->phone.closed);
	assert_int_equal(f->phone.closed, 1);
	run_for(f, 50);
	assert_int_equal(f->nev, 1);
}

/* --- inbound ------------------------------------------------------------------ */

static sw_leg_t incoming(struct fixture *f)
{
	customer_calls(f);
	WAIT_FOR(f, f->nev >= 1 && f->cust.progress);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	assert_string_equal(f->ev[0].ani, "13900001111");
	assert_string_equal(f->ev[0].dnis, "4008");
	assert_string_equal(f->ev[0].call_id,
			    sip_dialog_callid(sipsess_dialog(f->cust.sess)));
	assert_int_equal(f->cust.progress, 180);
	return f->ev[0].leg;
}

static void test_inbound_answered_customer_hangs_up(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);

	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->cust.estab);
	assert_true(f->cust.estab);
	assert_int_equal(f->cust.answer_pt, 8);   /* our answer keeps PCMA */
	assert_true(f->cust.answer_port >= 42000 &&
		    f->cust.answer_port <= 42999);

	f->cust.sess = mem_deref(f->cust.sess);   /* BYE */
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[1].type, SW_EV_HANGUP);
	assert_int_equal(f->ev[1].leg, leg);
}

static void test_inbound_core_hangs_up(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);

	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->cust.estab);
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), 0);
	WAIT_FOR(f, f->cust.closed);
	assert_int_equal(f->cust.closed, 1);
	assert_int_equal(f->cust.close_err, ECONNRESET);
	run_for(f, 50);
	assert_int_equal(f->nev, 1);
}

static void test_inbound_rejected_before_answer(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);

	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_BUSY), 0);
	WAIT_FOR(f, f->cust.closed);
	assert_int_equal(f->cust.closed, 1);
	assert_int_equal(f->cust.close_scode, 486);
	assert_int_equal(f->nev, 1);
}

/* The core refuses a number it has no route for: 404 to the trunk. */
static void test_inbound_no_such_number(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);

	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_INVALID), 0);
	WAIT_FOR(f, f->cust.closed);
	assert_int_equal(f->cust.close_scode, 404);
}

static void test_inbound_cancel(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);

	f->cust.sess = mem_deref(f->cust.sess);   /* CANCEL */
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[1].type, SW_EV_HANGUP);
	assert_int_equal(f->ev[1].leg, leg);
	/* the leg is gone */
	assert_int_equal(sw_answer(f->sw, leg), ENOENT);
}

static void test_inbound_hold_reinvite(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);
	struct mbuf *desc = NULL;

	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->cust.estab);
	f->cust.answer_pt = -1;
	sdp_media_set_ldir(f->cust.sdpm, SDP_SENDONLY);
	assert_int_equal(sdp_encode(&desc, f->cust.sdp, true), 0);
	assert_int_equal(sipsess_modify(f->cust.sess, desc), 0);
	WAIT_FOR(f, f->cust.answer_pt >= 0);
	assert_int_equal(f->cust.answer_pt, 8);
	mem_deref(desc);
	run_for(f, 50);
	assert_int_equal(f->nev, 1);   /* no CTI event for hold */
	assert_int_equal(f->cust.closed, 0);
}

static void test_inbound_no_g711(void **state)
{
	struct fixture *f = *state;

	/* a customer offering GSM only */
	peer_close_all(&f->cust);
	memset(&f->cust, 0, sizeof(f->cust));
	peer_init(&f->cust, "3", "GSM");
	customer_calls(f);
	WAIT_FOR(f, f->cust.closed);
	assert_int_equal(f->cust.closed, 1);
	assert_int_equal(f->cust.close_scode, 488);
	assert_int_equal(f->nev, 0);
}

/* RFC 4733 both ways over real RTP: the customer's media is a test phone
 * of the media harness, at the address the customer's SDP gives. */
static void test_inbound_dtmf(void **state)
{
	struct fixture *f = *state;
	struct phone *p = NULL;
	sw_leg_t leg;
	size_t i;
	bool got7 = false;

	assert_int_equal(phone_alloc(&p, 8, 0), 0);
	sdp_media_set_lport(f->cust.sdpm, sa_port(&p->addr));
	leg = incoming(f);
	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->cust.estab);
	assert_true(f->cust.answer_port > 0);
	assert_int_equal(sa_set_str(&p->engine, "127.0.0.1",
				    f->cust.answer_port), 0);

	phone_send_event(p, 5, true);
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[1].type, SW_EV_DTMF);
	assert_int_equal(f->ev[1].leg, leg);
	assert_string_equal(f->ev[1].digits, "5");

	assert_int_equal(sw_send_dtmf(f->sw, leg, "7"), 0);
	WAIT_FOR(f, p->ntev > 0 && p->tev[p->ntev - 1].end);
	for (i = 0; i < p->ntev; i++)
		got7 |= p->tev[i].event == 7;
	assert_true(got7);
	mem_deref(p);
}

/* --- hostile input -------------------------------------------------------------- */

struct raw {
	struct mbuf *resp;
};

static void raw_recv(const struct sa *src, struct mbuf *mb, void *arg)
{
	struct raw *r = arg;
	struct sip_msg *msg = NULL;
	(void)src;

	/* keep only the final response */
	if (sip_msg_decode(&msg, mb) == 0 && msg->scode >= 200) {
		mem_deref(r->resp);
		r->resp = mem_ref(msg);
	}
	mem_deref(msg);
}

/* An offer of PCMU by its static payload type alone, no a=rtpmap. */
#define SDP_PCMU_STATIC "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n" \
	"c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7078 RTP/AVP 0\r\n"

/* Sends an INVITE with the header lines hdrs ("" for none) and without
 * the header starting with omit (NULL: complete). */
static void raw_send(struct fixture *f, struct udp_sock *us,
		     const char *ruri_user, const char *hdrs,
		     const char *body, const char *omit)
{
	struct mbuf *mb = mbuf_alloc(1024);
	struct sa cli;
	char hdr[6][128];

	assert_int_equal(udp_local_get(us, &cli), 0);
	re_snprintf(hdr[0], sizeof(hdr[0]),
		    "Via: SIP/2.0/UDP %J;branch=z9hG4bK%08x;rport", &cli,
		    rand_u32());
	re_snprintf(hdr[1], sizeof(hdr[1]), "From: <sip:1390@127.0.0.1>;"
		    "tag=%08x", rand_u32());
	re_snprintf(hdr[2], sizeof(hdr[2]), "To: <sip:4008@127.0.0.1>");
	re_snprintf(hdr[3], sizeof(hdr[3]), "Call-ID: %08x@raw", rand_u32());
	re_snprintf(hdr[4], sizeof(hdr[4]), "CSeq: 1 INVITE");
	re_snprintf(hdr[5], sizeof(hdr[5]), "Contact: <sip:1390@%J>", &cli);
	assert_int_equal(mbuf_printf(mb, "INVITE sip:%s@%J SIP/2.0\r\n"
				     "Max-Forwards: 70\r\n", ruri_user,
				     &f->srv), 0);
	for (size_t i = 0; i < 6; i++)
		if (!omit || strncmp(hdr[i], omit, strlen(omit)))
			assert_int_equal(mbuf_printf(mb, "%s\r\n", hdr[i]), 0);
	assert_int_equal(mbuf_printf(mb, "%sContent-Type: application/sdp\r\n"
				     "Content-Length: %zu\r\n\r\n%s", hdrs,
				     strlen(body), body), 0);
	mb->pos = 0;
	assert_int_equal(udp_send(us, &f->srv, mb), 0);
	mem_deref(mb);
}

/* raw_send, then the final status (0 if none came). */
static uint16_t raw_invite_full(struct fixture *f, struct udp_sock *us,
				struct raw *r, const char *ruri_user,
				const char *hdrs, const char *body,
				const char *omit)
{
	uint16_t scode;

	r->resp = mem_deref(r->resp);
	raw_send(f, us, ruri_user, hdrs, body, omit);
	WAIT_FOR(f, r->resp != NULL);
	scode = r->resp ? ((struct sip_msg *)r->resp)->scode : 0;
	r->resp = mem_deref(r->resp);
	return scode;
}

static uint16_t raw_invite_hdrs(struct fixture *f, struct udp_sock *us,
				struct raw *r, const char *ruri_user,
				const char *hdrs, const char *body)
{
	return raw_invite_full(f, us, r, ruri_user, hdrs, body, NULL);
}

static uint16_t raw_invite(struct fixture *f, struct udp_sock *us,
			   struct raw *r, const char *ruri_user,
			   const char *body)
{
	return raw_invite_hdrs(f, us, r, ruri_user, "", body);
}

/* An INVITE to 4008 without the header starting with omit. */
static uint16_t raw_invite_omit(struct fixture *f, struct udp_sock *us,
				struct raw *r, const char *omit)
{
	return raw_invite_full(f, us, r, "4008", "", "v=0\r\n", omit);
}

static void test_malformed_invites(void **state)
{
	struct fixture *f = *state;
	struct raw r = {NULL};
	struct udp_sock *us = NULL;
	struct mbuf *junk = mbuf_alloc(64);
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);

	/* an SDP body libre cannot read (unknown version) */
	assert_int_equal(raw_invite(f, us, &r, "4008", "v=9\r\n"), 400);
	/* not SDP at all */
	assert_int_equal(raw_invite(f, us, &r, "4008", "hello\r\n"), 400);
	/* readable, but no audio at all */
	assert_int_equal(raw_invite(f, us, &r, "4008", "v=0\r\n"), 488);
	/* no offer at all */
	assert_int_equal(raw_invite(f, us, &r, "4008", ""), 488);
	/* a DNIS longer than any number */
	assert_int_equal(raw_invite(f, us, &r, "4008400840084008400840084008"
				    "4008400840084008400840084008400840084008",
				    "v=0\r\n"), 400);
	/* a mandatory header missing (RFC 3261 8.1.1) */
	assert_int_equal(raw_invite_omit(f, us, &r, "Call-ID:"), 400);
	assert_int_equal(raw_invite_omit(f, us, &r, "From:"), 400);
	assert_int_equal(raw_invite_omit(f, us, &r, "To:"), 400);
	assert_int_equal(raw_invite_omit(f, us, &r, "CSeq:"), 400);
	/* no Via: nowhere to answer, and no call (a socket of its own: the
	 * 400s above are retransmitted until ACKed) */
	us = mem_deref(us);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	raw_send(f, us, "4008", "", SDP_PCMU_STATIC, "Via:");
	run_for(f, 200);
	assert_null(r.resp);
	assert_int_equal(f->nev, 0);
	/* garbage that is not SIP is dropped */
	assert_int_equal(mbuf_write_str(junk, "INVITE \r\n\r\n\x01\x02"), 0);
	junk->pos = 0;
	assert_int_equal(udp_send(us, &f->srv, junk), 0);
	run_for(f, 50);
	assert_int_equal(f->nev, 0);

	/* and the switch still takes calls */
	(void)incoming(f);
	mem_deref(junk);
	mem_deref(us);
}

/* --- SRTP with SDES (RFC 4568) ------------------------------------------ */

#define SDP_SAVP "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n" \
	"c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7078 RTP/SAVP 0\r\n"
#define KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"   /* 30 bytes */

/* A final answer's body, "" when it had none. */
static const char *raw_body(struct raw *r, char *buf, size_t size)
{
	struct sip_msg *msg = (struct sip_msg *)r->resp;

	buf[0] = 0;
	if (msg && mbuf_get_left(msg->mb))
		(void)re_snprintf(buf, size, "%b", mbuf_buf(msg->mb),
				  mbuf_get_left(msg->mb));
	return buf;
}

/* Offers with crypto lines we cannot take: 488, no call, no crash. */
static void test_inbound_sdes_refused(void **state)
{
	static const char *const bad[] = {
		"",                                        /* no crypto */
		"a=crypto:1 AES_CM_256_HMAC_SHA1_80 inline:" KEY "\r\n",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNf!!\r\n",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19z\r\n",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "AAAA\r\n",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY "|1:4\r\n",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" KEY " KDR=1\r\n",
		"a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:" KEY "\r\n",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80\r\n",
		"a=crypto:\r\n",
	};
	struct fixture *f = *state;
	struct raw r = {NULL};
	struct udp_sock *us = NULL;
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body[512];

		re_snprintf(body, sizeof(body), "%s%s", SDP_SAVP, bad[i]);
		assert_int_equal(raw_invite(f, us, &r, "4008", body), 488);
	}
	run_for(f, 50);
	assert_int_equal(f->nev, 0);
	mem_deref(us);
}

/* An SDES offer is answered RTP/SAVP with our own key on the line the
 * offer's tag and suite name (its first usable one); SRTP that fails
 * authentication is dropped and counted. */
static void test_inbound_sdes_answered(void **state)
{
	struct fixture *f = *state;
	struct raw r = {NULL};
	struct udp_sock *us = NULL, *rtp = NULL;
	struct mbuf *mb = mbuf_alloc(256);
	struct sw_stats st;
	struct sa local, media;
	struct pl port, key;
	char body[1024], got[2048];

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	re_snprintf(body, sizeof(body), "%s"
		    "a=crypto:3 F8_128_HMAC_SHA1_80 inline:" KEY "\r\n"
		    "a=crypto:7 AES_CM_128_HMAC_SHA1_32 inline:" KEY "|2^31\r\n",
		    SDP_SAVP);
	r.resp = mem_deref(r.resp);
	raw_send(f, us, "4008", "", body, NULL);
	WAIT_FOR(f, f->nev == 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	assert_int_equal(sw_answer(f->sw, f->ev[0].leg), 0);
	WAIT_FOR(f, r.resp != NULL);
	assert_int_equal(((struct sip_msg *)r.resp)->scode, 200);
	raw_body(&r, got, sizeof(got));
	assert_int_equal(re_regex(got, strlen(got),
				  "m=audio [0-9]+ RTP/SAVP", &port), 0);
	assert_int_equal(re_regex(got, strlen(got),
				  "a=crypto:7 AES_CM_128_HMAC_SHA1_32 "
				  "inline:[A-Za-z0-9+/]+", &key), 0);
	assert_int_equal(key.l, 40);
	assert_true(pl_strcmp(&key, KEY "") != 0);   /* ours, not theirs */

	/* plain RTP to the leg fails SRTP's check */
	assert_int_equal(sa_set_str(&media, "127.0.0.1", pl_u32(&port)), 0);
	assert_int_equal(udp_listen(&rtp, &local, NULL, NULL), 0);
	for (int i = 0; i < 5; i++) {
		mb->pos = mb->end = 0;
		assert_int_equal(mbuf_write_u8(mb, 0x80), 0);
		assert_int_equal(mbuf_write_u8(mb, 0), 0);
		assert_int_equal(mbuf_fill(mb, 0x55, 170), 0);
		mb->pos = 0;
		assert_int_equal(udp_send(rtp, &media, mb), 0);
	}
	WAIT_FOR(f, (sw_stats(f->sw, &st), st.srtp_dropped >= 5));
	assert_true(st.srtp_dropped >= 5);
	r.resp = mem_deref(r.resp);
	mem_deref(rtp);
	mem_deref(mb);
	mem_deref(us);
}

struct update_result {
	uint16_t scode;
	bool sdp;
	bool contact;
};

static void update_resp(int err, const struct sip_msg *msg, void *arg)
{
	struct update_result *u = arg;

	if (err || !msg) {
		u->scode = 1;
		return;
	}
	u->scode = msg->scode;
	u->sdp = mbuf_get_left(msg->mb) > 0;
	u->contact = sip_msg_hdr(msg, SIP_HDR_CONTACT) != NULL;
}

/* An UPDATE in a customer's dialog: answered with our media, with or
 * without an offer, and no CTI event; one outside any dialog is 481. */
static void test_inbound_update(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg = incoming(f);
	struct update_result u = {0};
	struct mbuf *desc = NULL;
	struct sip_dialog *dlg;
	struct raw r = {NULL};
	struct udp_sock *us = NULL;
	struct mbuf *mb = mbuf_alloc(512);
	struct sa local, cli;

	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->cust.estab);
	dlg = sipsess_dialog(f->cust.sess);
	assert_int_equal(sdp_encode(&desc, f->cust.sdp, true), 0);
	assert_int_equal(sip_drequestf(NULL, f->cust.sip, true, "UPDATE", dlg,
				       0, NULL, NULL, update_resp, &u,
				       "Content-Type: application/sdp\r\n"
				       "Content-Length: %zu\r\n\r\n%b",
				       mbuf_get_left(desc), mbuf_buf(desc),
				       mbuf_get_left(desc)), 0);
	WAIT_FOR(f, u.scode != 0);
	assert_int_equal(u.scode, 200);
	assert_true(u.sdp);
	assert_true(u.contact);
	mem_deref(desc);

	memset(&u, 0, sizeof(u));
	assert_int_equal(sip_drequestf(NULL, f->cust.sip, true, "UPDATE", dlg,
				       0, NULL, NULL, update_resp, &u,
				       "Content-Length: 0\r\n\r\n"), 0);
	WAIT_FOR(f, u.scode != 0);
	assert_int_equal(u.scode, 200);
	assert_false(u.sdp);
	run_for(f, 50);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->cust.closed, 0);

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	assert_int_equal(udp_local_get(us, &cli), 0);
	assert_int_equal(mbuf_printf(mb,
		"UPDATE sip:4008@%J SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %J;branch=z9hG4bKupd1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:1390@127.0.0.1>;tag=nosuch\r\n"
		"To: <sip:4008@127.0.0.1>;tag=nosuch2\r\n"
		"Call-ID: nosuch@raw\r\nCSeq: 2 UPDATE\r\n"
		"Content-Length: 0\r\n\r\n", &f->srv, &cli), 0);
	mb->pos = 0;
	assert_int_equal(udp_send(us, &f->srv, mb), 0);
	WAIT_FOR(f, r.resp != NULL);
	assert_non_null(r.resp);
	assert_int_equal(((struct sip_msg *)r.resp)->scode, 481);
	mem_deref(r.resp);
	mem_deref(mb);
	mem_deref(us);
}

/* X-CallData-<key> headers become the call's data; data beyond the limits
 * is refused whole. */
static void test_inbound_call_data(void **state)
{
	static const char offer[] =
		"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
		"c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
		"m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
	struct fixture *f = *state;
	struct raw r = {NULL};
	struct udp_sock *us = NULL;
	char many[40 * 24 + 1] = "", big[1100 + 32];
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	for (int i = 0; i < 33; i++)
		re_snprintf(many + strlen(many), sizeof(many) - strlen(many),
			    "X-CallData-k%d: v\r\n", i);
	assert_int_equal(raw_invite_hdrs(f, us, &r, "4008", many, offer),
			 400);
	memset(big, 'a', sizeof(big));
	memcpy(big, "X-CallData-k: ", 14);
	memcpy(big + sizeof(big) - 3, "\r\n", 3);
	assert_int_equal(raw_invite_hdrs(f, us, &r, "4008", big, offer), 400);
	assert_int_equal(raw_invite_hdrs(f, us, &r, "4008",
					 "X-CallData-a\x01: v\r\n", offer),
			 400);
	run_for(f, 50);
	assert_int_equal(f->nev, 0);

	/* a good one: the INVITE is taken (no final answer yet) */
	{
		struct mbuf *mb = mbuf_alloc(1024);
		struct sa cli;

		assert_int_equal(udp_local_get(us, &cli), 0);
		assert_int_equal(mbuf_printf(mb,
			"INVITE sip:4008@%J SIP/2.0\r\n"
			"Via: SIP/2.0/UDP %J;branch=z9hG4bKcd1;rport\r\n"
			"Max-Forwards: 70\r\n"
			"From: <sip:1390@127.0.0.1>;tag=cd1\r\n"
			"To: <sip:4008@127.0.0.1>\r\n"
			"Call-ID: cd1@raw\r\nCSeq: 1 INVITE\r\n"
			"Contact: <sip:1390@%J>\r\n"
			"X-CallData-order: 42\r\n"
			"x-calldata-name: 张三\r\n"
			"X-Other: ignored\r\n"
			"Content-Type: application/sdp\r\n"
			"Content-Length: %zu\r\n\r\n%s", &f->srv, &cli,
			&cli, strlen(offer), offer), 0);
		mb->pos = 0;
		assert_int_equal(udp_send(us, &f->srv, mb), 0);
		mem_deref(mb);
	}
	WAIT_FOR(f, f->nev == 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	assert_int_equal(f->ev[0].ndata, 2);
	assert_string_equal(f->ev[0].data[0][0], "order");
	assert_string_equal(f->ev[0].data[0][1], "42");
	assert_string_equal(f->ev[0].data[1][0], "name");
	assert_string_equal(f->ev[0].data[1][1], "张三");
	mem_deref(us);
}

/* PCMU offered by its static payload type only is still G.711. */
static void test_inbound_static_pt(void **state)
{
	struct fixture *f = *state;
	struct udp_sock *us = NULL;
	struct raw r = {NULL};
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	raw_send(f, us, "4008", "", SDP_PCMU_STATIC, NULL);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	assert_null(r.resp);        /* ringing: no final answer yet */
	mem_deref(us);
}

static int trunk_auth(char **user, char **pass, const char *realm, void *arg)
{
	(void)realm;
	return str_dup(user, "trunk1") | str_dup(pass, arg);
}

/* A trunk calling from an address not listed may call in with the trunk
 * credentials (401 challenge, then accepted); a wrong password is 403. */
static void test_inbound_trunk_digest(void **state)
{
	struct fixture *f = *state;
	const struct sip_switch_conf conf = {
		.listen = "127.0.0.1", .rtp_port_min = 43000,
		.rtp_port_max = 43999, .realm = "callcloud",
		.trunk_address = "127.0.0.9", .trunk_user = "trunk1",
		.trunk_password = "secret",
		.secreth = store_phone_secret, .secret_arg = f->st,
	};
	struct sw *sw2 = NULL;
	struct sa srv2;

	assert_int_equal(sip_switch_alloc(&sw2, event_h, f, &conf), 0);
	assert_int_equal(sip_switch_laddr(sw2, &srv2), 0);

	customer_calls_to(f, &srv2, NULL, NULL);
	WAIT_FOR(f, f->cust.closed);
	assert_int_equal(f->cust.close_scode, 401);
	f->cust.closed = 0;
	customer_calls_to(f, &srv2, trunk_auth, "wrong");
	WAIT_FOR(f, f->cust.closed);
	assert_int_equal(f->cust.close_scode, 403);
	assert_int_equal(f->nev, 0);

	f->cust.closed = 0;
	customer_calls_to(f, &srv2, trunk_auth, "secret");
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	assert_string_equal(f->ev[0].dnis, "4008");
	f->cust.sess = mem_deref(f->cust.sess);
	mem_deref(sw2);
}

/* Only the trunks (and registered phones) may call in. */
static void test_inbound_source_filter(void **state)
{
	struct fixture *f = *state;
	struct raw r = {NULL};
	struct udp_sock *us = NULL;
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.2", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	assert_int_equal(raw_invite(f, us, &r, "4008", "v=0\r\n"), 403);
	run_for(f, 50);
	assert_int_equal(f->nev, 0);
	mem_deref(us);

	assert_int_equal(sa_set_str(&local, "127.0.0.3", 0), 0);
	assert_int_equal(udp_listen(&us, &local, raw_recv, &r), 0);
	assert_int_equal(raw_invite(f, us, &r, "4008", "v=0\r\n"), 488);
	mem_deref(us);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_originate_phone_answers),
		T(test_phone_hangs_up),
		T(test_originate_unregistered),
		T(test_originate_no_gateway),
		T(test_originate_bad_dest),
		T(test_originate_busy),
		T(test_originate_no_answer),
		T(test_core_cancels_ringing_phone),
		T(test_inbound_answered_customer_hangs_up),
		T(test_inbound_core_hangs_up),
		T(test_inbound_rejected_before_answer),
		T(test_inbound_no_such_number),
		T(test_inbound_cancel),
		T(test_inbound_hold_reinvite),
		T(test_inbound_no_g711),
		T(test_inbound_dtmf),
		T(test_malformed_invites),
		T(test_inbound_sdes_refused),
		T(test_inbound_sdes_answered),
		T(test_inbound_static_pt),
		T(test_inbound_source_filter),
		T(test_inbound_trunk_digest),
		T(test_inbound_call_data),
		T(test_inbound_update),
	};

	return cmocka_run_group_tests(tests, mh_group_setup, mh_group_teardown);
}
