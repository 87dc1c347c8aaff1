/*
 * sip_webrtc_test.c — the SIP switch speaking WebRTC to a browser phone
 * played by libre itself on 127.0.0.1: SIP over WebSocket (libre's client
 * transport against the switch's ws listener) with digest REGISTER, the
 * switch's INVITE over that connection with a WebRTC offer, ICE (libre's
 * icem, full and controlling, against our ICE-lite), DTLS (dtls_connect,
 * the browser's side) and SRTP G.711 both ways with a plain RTP customer
 * in the same bridge, checked by Goertzel, in the bridge's recording too,
 * and an RFC 4733 digit through SRTP; a browser calling in (hold music
 * through SRTP); and bad input: a wrong fingerprint, ICE never answered,
 * a DTLS handshake that fails, garbage SRTP, an unregistered browser,
 * WebSocket handshake and framing errors, offers we cannot take, a bad
 * certificate file.
 */
#include <errno.h>
#include <math.h>
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
#include "goertzel.h"
#include "g711.h"
#include "sipreg_harness.h"
#include "store/store.h"
#include "switch/sip/registrar.h"
#include "switch/sip/sip_switch.h"

enum {
	STEP_MS = 10,
	WAIT_STEPS = 400,          /* 4 s at most for anything */
	MAX_EVENTS = 32,
	RX_MAX = 16000,            /* 2 s of audio */
	FRAME = 160,
	TIMEOUT_MS = 1000,         /* the switch's ICE + DTLS limit here */
	GRACE_MS = 1500,           /* a dropped browser's, where tested:
				      shorter than the media's 3 x TIMEOUT_MS */
};

#define BROWSER_HZ 600.0
#define CUSTOMER_HZ 1000.0

static const struct pwhash_params weak = {1, 8192};

struct event {
	enum sw_event_type type;
	sw_leg_t leg;
	enum sw_cause cause;
	bool up;
	char digit;
};

/* One end of the audio: a tone every 20 ms, what it hears decoded. */
struct audio {
	struct udp_sock *us;
	struct sa local;
	struct sa dst;             /* unset: sends nothing */
	struct srtp *tx;           /* the browser: SRTP once keyed */
	struct srtp *rx;
	bool secure;
	int pt;
	double hz;
	uint32_t ssrc;
	uint16_t seq;
	uint32_t ts;
	uint32_t n;
	int16_t pcm[RX_MAX];
	size_t npcm;
	unsigned rx_bad;           /* what did not decrypt */
};

/* B_BAD_DTLS: after ICE, junk where the ClientHello should be */
enum browser_mode { B_GOOD, B_WRONG_FP, B_NO_ICE, B_BAD_DTLS };

struct browser {
	struct dnsc *dnsc;         /* libre's WebSocket client needs one */
	struct sip *sip;
	struct sipsess_sock *sock;
	struct sipsess *sess;
	struct sipreg *reg;
	int reg_scode;
	int invites;
	enum sip_transp invite_tp;
	enum browser_mode mode;
	struct sdp_session *sdp;
	struct sdp_media *sdpm;
	struct audio a;
	struct icem *icem;
	struct dtls_sock *dtls;
	struct tls *tls;
	struct tls_conn *tc;
	char ufrag[9];
	char pwd[25];
	char fp[128];              /* ours, for our SDP */
	char offer_setup[16];
	bool offer_lite;
	bool offer_mux;
	bool offer_bundle;
	char offer_proto[32];
	char srv_fp[128];          /* the switch's, from its SDP */
	int ice_err;
	bool ice_done;
	bool dtls_up;
	bool fp_ok;
	bool estab;
	int closed;
	uint16_t close_scode;
};

/* The customer: SIP over UDP from the trunk address, plain RTP. */
struct customer {
	struct sip *sip;
	struct sipsess_sock *sock;
	struct sipsess *sess;
	struct sdp_session *sdp;
	struct sdp_media *sdpm;
	struct audio a;
	bool estab;
	int closed;
	uint16_t close_scode;
};

struct fixture {
	char dir[64];
	char cert[96];
	struct store *st;
	struct sw *sw;
	struct sa srv;             /* SIP over UDP */
	struct sa ws;              /* SIP over WebSocket */
	struct tmr tmr;
	struct tmr tick;
	struct event ev[MAX_EVENTS];
	size_t nev;
	struct browser b;
	struct customer c;
};

static void run_for(struct fixture *f, uint64_t ms)
{
	loop_run_for(&f->tmr, ms);
}

#define WAIT_FOR(f, cond) LOOP_WAIT(&(f)->tmr, cond, WAIT_STEPS, STEP_MS)

static void event_h(const struct sw_event *e, void *arg)
{
	struct fixture *f = arg;

	assert_true(f->nev < MAX_EVENTS);
	f->ev[f->nev].type = e->type;
	f->ev[f->nev].leg = e->leg;
	f->ev[f->nev].cause = e->cause;
	f->ev[f->nev].up = e->up;
	f->ev[f->nev].digit = e->digits ? e->digits[0] : 0;
	f->nev++;
}

/* --- audio ------------------------------------------------------------------ */

static void audio_send(struct audio *a)
{
	struct rtp_header h = {
		.ver = 2, .pt = (uint8_t)a->pt, .seq = a->seq++, .ts = a->ts,
		.ssrc = a->ssrc,
	};
	struct mbuf *mb = mbuf_alloc(RTP_HEADER_SIZE + FRAME + 16);
	int16_t pcm[FRAME];
	uint8_t payload[FRAME];

	assert_non_null(mb);
	for (size_t i = 0; i < FRAME; i++, a->n++)
		pcm[i] = (int16_t)(8000 * sin(2 * M_PI * a->hz * a->n /
					      GOERTZEL_RATE));
	a->ts += FRAME;
	assert_int_equal(g711_encode(a->pt, pcm, payload, FRAME), 0);
	assert_int_equal(rtp_hdr_encode(mb, &h), 0);
	assert_int_equal(mbuf_write_mem(mb, payload, FRAME), 0);
	mb->pos = 0;
	if (!a->secure || !srtp_encrypt(a->tx, mb))
		(void)udp_send(a->us, &a->dst, mb);
	mem_deref(mb);
}

static void audio_recv(const struct sa *src, struct mbuf *mb, void *arg)
{
	struct audio *a = arg;
	struct rtp_header h;
	size_t n;
	(void)src;

	if (a->secure && (!a->rx || srtp_decrypt(a->rx, mb))) {
		a->rx_bad++;
		return;
	}
	if (rtp_hdr_decode(&h, mb) || (h.pt != 0 && h.pt != 8))
		return;
	n = mbuf_get_left(mb);
	if (a->npcm + n > RX_MAX)
		n = RX_MAX - a->npcm;
	(void)g711_decode(h.pt, mbuf_buf(mb), a->pcm + a->npcm, n);
	a->npcm += n;
}

static void audio_init(struct audio *a, int pt, double hz)
{
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&a->us, &local, audio_recv, a), 0);
	assert_int_equal(udp_local_get(a->us, &a->local), 0);
	a->pt = pt;
	a->hz = hz;
	a->ssrc = rand_u32();
}

static bool audio_ready(const struct audio *a)
{
	return sa_isset(&a->dst, SA_ALL) && (!a->secure || a->tx);
}

static void tick(void *arg)
{
	struct fixture *f = arg;

	if (audio_ready(&f->b.a))
		audio_send(&f->b.a);
	if (audio_ready(&f->c.a))
		audio_send(&f->c.a);
	tmr_start(&f->tick, 20, tick, f);
}

/* One RFC 4733 key press through SRTP: a start and three ends. */
static void audio_send_digit(struct audio *a, uint8_t event)
{
	for (int i = 0; i < 4; i++) {
		struct rtp_header h = {
			.ver = 2, .m = i == 0, .pt = 101, .seq = a->seq++,
			.ts = a->ts, .ssrc = a->ssrc,
		};
		struct mbuf *mb = mbuf_alloc(64);

		assert_non_null(mb);
		assert_int_equal(rtp_hdr_encode(mb, &h), 0);
		mbuf_write_u8(mb, event);
		mbuf_write_u8(mb, i ? 0x8a : 0x0a);   /* end bit, volume 10 */
		mbuf_write_u16(mb, htons((uint16_t)(160 * (i + 1))));
		mb->pos = 0;
		assert_int_equal(srtp_encrypt(a->tx, mb), 0);
		assert_int_equal(udp_send(a->us, &a->dst, mb), 0);
		mem_deref(mb);
	}
}

/* Heard the other's tone: most of the energy of the last 0.5 s. */
static void assert_hears(const struct audio *a, double hz)
{
	const size_t n = 4000;

	assert_true(a->npcm >= n);
	assert_true(goertzel_share(a->pcm + a->npcm - n, n, hz) > 0.8);
}

/* --- the browser -------------------------------------------------------------- */

static bool fp_matches(const struct tls_conn *tc, const char *attr)
{
	uint8_t md[32];
	char hex[3 * 32 + 1];
	size_t n = 0;

	if (tls_peer_fingerprint(tc, TLS_FINGERPRINT_SHA256, md, sizeof(md)))
		return false;
	for (size_t i = 0; i < sizeof(md); i++)
		n += (size_t)re_snprintf(hex + n, sizeof(hex) - n,
					 i ? ":%02X" : "%02X", md[i]);
	return !strncmp(attr, "sha-256 ", 8) && !strcmp(attr + 8, hex);
}

static void dtls_estab(void *arg)
{
	struct browser *b = arg;
	uint8_t cli[30], srv[30];
	enum srtp_suite suite;

	b->fp_ok = fp_matches(b->tc, b->srv_fp);
	assert_int_equal(tls_srtp_keyinfo(b->tc, &suite, cli, sizeof(cli),
					  srv, sizeof(srv)), 0);
	/* the browser is the DTLS client: its key is the client's */
	assert_int_equal(srtp_alloc(&b->a.tx, suite, cli, sizeof(cli), 0), 0);
	assert_int_equal(srtp_alloc(&b->a.rx, suite, srv, sizeof(srv), 0), 0);
	b->a.dst = *dtls_peer(b->tc);
	b->dtls_up = true;
}

static void dtls_recv(struct mbuf *mb, void *arg)
{
	(void)mb;
	(void)arg;
}

static void dtls_close(int err, void *arg)
{
	struct browser *b = arg;
	(void)err;

	b->dtls_up = false;
}

static void ice_done(int err, bool update, void *arg)
{
	struct browser *b = arg;
	const struct ice_cand *rc = icem_selected_rcand(b->icem, 1);
	(void)update;

	b->ice_err = err;
	b->ice_done = true;
	if (err || !rc)
		return;
	if (b->mode == B_BAD_DTLS) {
		static const uint8_t junk[] = {22, 0xfe, 0xfd, 0, 0, 0, 0, 0,
					       0, 0, 0, 0, 5, 1, 2, 3, 4, 5};
		struct mbuf mb = {.buf = (uint8_t *)junk,
				  .size = sizeof(junk),
				  .end = sizeof(junk)};

		assert_int_equal(udp_send(b->a.us, icem_lcand_addr(rc), &mb),
				 0);
		return;
	}
	/* the switch answered actpass with passive, or we said active */
	assert_int_equal(dtls_connect(&b->tc, b->tls, b->dtls,
				      icem_lcand_addr(rc), dtls_estab,
				      dtls_recv, dtls_close, b), 0);
}

static bool cand_h(const char *name, const char *value, void *arg)
{
	struct browser *b = arg;

	assert_int_equal(icem_sdp_decode(b->icem, name, value), 0);
	return false;
}

/* The switch's side, from its SDP (offer or answer). */
static void browser_take_remote(struct browser *b)
{
	const char *v;

	v = sdp_media_rattr(b->sdpm, "ice-ufrag");
	assert_non_null(v);
	assert_int_equal(icem_sdp_decode(b->icem, "ice-ufrag", v), 0);
	v = sdp_media_rattr(b->sdpm, "ice-pwd");
	assert_non_null(v);
	assert_int_equal(icem_sdp_decode(b->icem, "ice-pwd", v), 0);
	b->offer_lite = sdp_session_rattr(b->sdp, "ice-lite") != NULL;
	if (b->offer_lite)
		assert_int_equal(ice_sdp_decode(b->icem, "ice-lite", NULL), 0);
	(void)sdp_media_rattr_apply(b->sdpm, "candidate", cand_h, b);
	v = sdp_media_rattr(b->sdpm, "fingerprint");
	assert_non_null(v);
	str_ncpy(b->srv_fp, v, sizeof(b->srv_fp));
	v = sdp_media_rattr(b->sdpm, "setup");
	str_ncpy(b->offer_setup, v ? v : "", sizeof(b->offer_setup));
	b->offer_mux = sdp_media_rattr(b->sdpm, "rtcp-mux") != NULL;
	v = sdp_session_rattr(b->sdp, "group");
	b->offer_bundle = v && !strcmp(v, "BUNDLE 0");
	str_ncpy(b->offer_proto, sdp_media_proto(b->sdpm),
		 sizeof(b->offer_proto));
}

static void browser_local_attrs(struct browser *b, const char *setup)
{
	const char *fp = b->fp;

	if (b->mode == B_WRONG_FP)
		fp = "sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		     "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "ice-ufrag", "%s",
					     b->ufrag), 0);
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "ice-pwd", "%s",
					     b->pwd), 0);
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "fingerprint",
					     "%s", fp), 0);
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "setup", "%s",
					     setup), 0);
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "rtcp-mux",
					     NULL), 0);
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "mid", "0"), 0);
	assert_int_equal(sdp_session_set_lattr(b->sdp, true, "group",
					       "BUNDLE 0"), 0);
	assert_int_equal(sdp_media_set_lattr(b->sdpm, true, "candidate",
					     "1 1 UDP 2130706431 %j %u typ host",
					     &b->a.local, sa_port(&b->a.local)),
			 0);
}

static void browser_start_ice(struct browser *b)
{
	if (b->mode == B_NO_ICE)
		return;
	assert_int_equal(icem_conncheck_start(b->icem), 0);
}

static void browser_estab(const struct sip_msg *msg, void *arg)
{
	struct browser *b = arg;
	(void)msg;

	b->estab = true;
}

static void browser_close(int err, const struct sip_msg *msg, void *arg)
{
	struct browser *b = arg;
	(void)err;

	b->closed++;
	b->close_scode = msg ? msg->scode : 0;
	b->sess = mem_deref(b->sess);
}

static int browser_offer(struct mbuf **descp, const struct sip_msg *msg,
			 void *arg)
{
	struct browser *b = arg;

	assert_int_equal(sdp_decode(b->sdp, msg->mb, true), 0);
	return sdp_encode(descp, b->sdp, false);
}

static int browser_answer(const struct sip_msg *msg, void *arg)
{
	struct browser *b = arg;

	assert_int_equal(sdp_decode(b->sdp, msg->mb, false), 0);
	browser_take_remote(b);
	browser_start_ice(b);
	return 0;
}

/* The switch's INVITE: answered at once (200) with our WebRTC side. */
static void browser_conn(const struct sip_msg *msg, void *arg)
{
	struct browser *b = arg;
	struct mbuf *desc = NULL;

	b->invites++;
	b->invite_tp = msg->tp;
	assert_int_equal(sdp_decode(b->sdp, msg->mb, true), 0);
	browser_take_remote(b);
	browser_local_attrs(b, "active");
	assert_int_equal(sdp_encode(&desc, b->sdp, false), 0);
	assert_int_equal(sipsess_accept(&b->sess, b->sock, msg, 200, "OK",
					"browser", "application/sdp", desc,
					NULL, NULL, false, browser_offer,
					browser_answer, browser_estab, NULL,
					NULL, browser_close, b, ""), 0);
	mem_deref(desc);
	browser_start_ice(b);
}

static void browser_init(struct browser *b)
{
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 53), 0);
	/* never asked: every address here is an IP */
	assert_int_equal(dnsc_alloc(&b->dnsc, NULL, &local, 1), 0);
	sa_set_port(&local, 0);
	assert_int_equal(sip_alloc(&b->sip, b->dnsc, 32, 32, 32, "browser",
				   NULL, NULL), 0);
	assert_int_equal(sip_transp_add_websock(b->sip, SIP_TRANSP_WS, &local,
						false, NULL), 0);
	/* A browser sends everything over its one WebSocket; libre's
	 * client follows the switch's Contact (transport=tcp) instead, for
	 * its ACK and BYE of a call it made: give it TCP for those. */
	assert_int_equal(sip_transp_add(b->sip, SIP_TRANSP_TCP, &local), 0);
	assert_int_equal(sipsess_listen(&b->sock, b->sip, 32, browser_conn,
					b), 0);
	audio_init(&b->a, 0, BROWSER_HZ);
	b->a.secure = true;

	assert_int_equal(tls_alloc(&b->tls, TLS_METHOD_DTLS, NULL, NULL), 0);
	assert_int_equal(tls_set_selfsigned_rsa(b->tls, "browser", 2048), 0);
	assert_int_equal(tls_set_srtp(b->tls, "SRTP_AES128_CM_SHA1_80"), 0);
	{
		uint8_t md[32];
		size_t n;

		assert_int_equal(tls_fingerprint(b->tls,
						 TLS_FINGERPRINT_SHA256, md,
						 sizeof(md)), 0);
		n = (size_t)re_snprintf(b->fp, sizeof(b->fp), "sha-256 ");
		for (size_t i = 0; i < sizeof(md); i++)
			n += (size_t)re_snprintf(b->fp + n, sizeof(b->fp) - n,
						 i ? ":%02X" : "%02X", md[i]);
	}
	assert_int_equal(dtls_listen(&b->dtls, NULL, b->a.us, 2, 10, NULL,
				     NULL), 0);
	rand_str(b->ufrag, sizeof(b->ufrag));
	rand_str(b->pwd, sizeof(b->pwd));
	assert_int_equal(icem_alloc(&b->icem, ICE_MODE_FULL,
				    ICE_ROLE_CONTROLLING, IPPROTO_UDP, 0,
				    rand_u64(), b->ufrag, b->pwd, ice_done, b),
			 0);
	assert_int_equal(icem_comp_add(b->icem, 1, b->a.us), 0);
	assert_int_equal(icem_cand_add(b->icem, 1, 0, "lo", &b->a.local), 0);

	assert_int_equal(sdp_session_alloc(&b->sdp, &b->a.local), 0);
	assert_int_equal(sdp_media_add(&b->sdpm, b->sdp, "audio",
				       sa_port(&b->a.local),
				       "UDP/TLS/RTP/SAVPF"), 0);
	assert_int_equal(sdp_format_add(NULL, b->sdpm, false, "0", "PCMU",
					8000, 1, NULL, NULL, NULL, false,
					NULL), 0);
	assert_int_equal(sdp_format_add(NULL, b->sdpm, false, "101",
					"telephone-event", 8000, 1, NULL,
					NULL, NULL, false, "0-15"), 0);
}

/* Its SIP and so its WebSocket go; its media stays. */
static void browser_close_sip(struct browser *b)
{
	b->sess = mem_deref(b->sess);
	b->reg = mem_deref(b->reg);
	b->sock = mem_deref(b->sock);
	if (b->sip)
		sip_close(b->sip, true);
	b->sip = mem_deref(b->sip);
	b->dnsc = mem_deref(b->dnsc);
}

static void browser_close_all(struct browser *b)
{
	browser_close_sip(b);
	b->tc = mem_deref(b->tc);
	b->icem = mem_deref(b->icem);
	b->dtls = mem_deref(b->dtls);
	b->tls = mem_deref(b->tls);
	b->a.tx = mem_deref(b->a.tx);
	b->a.rx = mem_deref(b->a.rx);
	b->a.us = mem_deref(b->a.us);
	b->sdp = mem_deref(b->sdp);
}

/* --- the customer ------------------------------------------------------------- */

static int cust_answer(const struct sip_msg *msg, void *arg)
{
	struct customer *c = arg;

	assert_int_equal(sdp_decode(c->sdp, msg->mb, false), 0);
	c->a.dst = *sdp_media_raddr(c->sdpm);
	return 0;
}

static void cust_estab(const struct sip_msg *msg, void *arg)
{
	struct customer *c = arg;
	(void)msg;

	c->estab = true;
}

static void cust_close(int err, const struct sip_msg *msg, void *arg)
{
	struct customer *c = arg;
	(void)err;

	c->closed++;
	c->close_scode = msg ? msg->scode : 0;
	c->sess = mem_deref(c->sess);
}

static void cust_init(struct customer *c)
{
	struct sa local;

	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(sip_alloc(&c->sip, NULL, 32, 32, 32, "customer",
				   NULL, NULL), 0);
	assert_int_equal(sip_transp_add(c->sip, SIP_TRANSP_UDP, &local), 0);
	assert_int_equal(sipsess_listen(&c->sock, c->sip, 32, NULL, NULL), 0);
	audio_init(&c->a, 8, CUSTOMER_HZ);
	assert_int_equal(sdp_session_alloc(&c->sdp, &c->a.local), 0);
}

static void cust_close_all(struct customer *c)
{
	c->sess = mem_deref(c->sess);
	c->sock = mem_deref(c->sock);
	if (c->sip)
		sip_close(c->sip, true);
	c->sip = mem_deref(c->sip);
	c->sdp = mem_deref(c->sdp);
	c->a.us = mem_deref(c->a.us);
}

/* An INVITE to 4008 with an offer of proto and optional attributes. */
/* What a customer's SAVPF offer lacks. */
enum savpf { PLAIN, SAVPF_NO_ICE, SAVPF_NO_MUX };

static void cust_call(struct fixture *f, const char *proto, enum savpf v)
{
	struct customer *c = &f->c;
	struct mbuf *desc = NULL;
	char to[64];

	assert_int_equal(sdp_media_add(&c->sdpm, c->sdp, "audio",
				       sa_port(&c->a.local), proto), 0);
	assert_int_equal(sdp_format_add(NULL, c->sdpm, false, "8", "PCMA",
					8000, 1, NULL, NULL, NULL, false,
					NULL), 0);
	if (v != PLAIN)
		assert_int_equal(sdp_media_set_lattr(c->sdpm, true,
						     "setup", "actpass"), 0);
	if (v == SAVPF_NO_MUX) {
		/* all a browser's offer has, but rtcp-mux */
		assert_int_equal(sdp_media_set_lattr(c->sdpm, true, "ice-ufrag",
						     "abcd"), 0);
		assert_int_equal(sdp_media_set_lattr(c->sdpm, true, "ice-pwd",
						     "abcdefghijklmnopqrstuv"),
				 0);
		assert_int_equal(sdp_media_set_lattr(c->sdpm, true,
						     "fingerprint", "%s",
						     f->b.fp), 0);
	}
	re_snprintf(to, sizeof(to), "sip:4008@%J", &f->srv);
	assert_int_equal(sdp_encode(&desc, c->sdp, true), 0);
	assert_int_equal(sipsess_connect(&c->sess, c->sock, to, NULL,
					 "sip:13900001111@127.0.0.1", "cust",
					 NULL, 0, "application/sdp", desc,
					 NULL, NULL, false, NULL, cust_answer,
					 NULL, cust_estab, NULL, NULL,
					 cust_close, c, ""), 0);
	mem_deref(desc);
}

/* --- fixture -------------------------------------------------------------- */

static int setup_with(void **state, uint32_t grace_ms)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sip_switch_conf conf = {
		.listen = "127.0.0.1",
		.rtp_port_min = 43000,
		.rtp_port_max = 43999,
		.realm = "callcloud",
		.trunk_address = "127.0.0.1",
		.secreth = store_phone_secret,
		.ws = true,
		.webrtc_timeout_ms = TIMEOUT_MS,
		.ws_grace_ms = grace_ms,
	};

	if (!f)
		return -1;
	tmr_init(&f->tmr);
	tmr_init(&f->tick);
	strcpy(f->dir, "/tmp/cc-webrtc-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->cert, sizeof(f->cert), "%s/dtls.pem", f->dir);
	conf.dtls_cert = f->cert;
	if (store_open(&f->st, ":memory:", &weak) ||
	    store_load_demo(f->st) ||
	    !(conf.secret_arg = f->st) ||
	    sip_switch_alloc(&f->sw, event_h, f, &conf) ||
	    sip_switch_laddr(f->sw, &f->srv) ||
	    sip_switch_ws_laddr(f->sw, &f->ws))
		return -1;
	browser_init(&f->b);
	cust_init(&f->c);
	tmr_start(&f->tick, 20, tick, f);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, 0);
}

static int setup_grace(void **state)
{
	return setup_with(state, GRACE_MS);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tmr_cancel(&f->tick);
	browser_close_all(&f->b);
	cust_close_all(&f->c);
	/* libre's WebSocket client closes with a close handshake */
	run_for(f, 100);
	mem_deref(f->sw);
	mem_deref(f->st);
	tmr_cancel(&f->tmr);
	unlink(f->cert);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* REGISTER over WebSocket, with digest, through the ws listener. */
static void browser_register(struct fixture *f)
{
	const struct registrar_binding *bd;
	char proxy[80];

	re_snprintf(proxy, sizeof(proxy), "sip:%J;transport=ws", &f->ws);
	assert_int_equal(srh_register_1890(&f->b.reg, f->b.sip, &f->ws, NULL,
					   proxy, &f->b.reg_scode), 0);
	WAIT_FOR(f, f->b.reg_scode == 200 && f->nev >= 1);
	assert_int_equal(f->b.reg_scode, 200);
	bd = registrar_lookup(sip_switch_registrar(f->sw), "1890");
	assert_non_null(bd);
	/* to the stack, the browser is the TCP flow of its WebSocket */
	assert_int_equal(bd->tp, SIP_TRANSP_TCP);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_PHONE);
	f->nev = 0;
}

static sw_leg_t customer_answered(struct fixture *f)
{
	sw_leg_t leg;

	cust_call(f, "RTP/AVP", PLAIN);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	leg = f->ev[0].leg;
	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->c.estab);
	assert_true(f->c.estab);
	f->nev = 0;
	return leg;
}

static sw_leg_t originate_browser(struct fixture *f)
{
	struct sw_originate o = {.kind = SW_DEST_PHONE, .dest = "1890",
				 .caller = "4008"};
	sw_leg_t leg = 0;

	assert_int_equal(sw_originate(f->sw, &leg, &o), 0);
	WAIT_FOR(f, f->b.invites >= 1);
	assert_int_equal(f->b.invites, 1);
	/* over the browser's own WebSocket connection, a WebRTC offer */
	assert_int_equal(f->b.invite_tp, SIP_TRANSP_WS);
	assert_string_equal(f->b.offer_proto, "UDP/TLS/RTP/SAVPF");
	assert_true(f->b.offer_lite);
	assert_string_equal(f->b.offer_setup, "actpass");
	assert_true(f->b.offer_mux);
	assert_true(f->b.offer_bundle);
	return leg;
}

static void assert_srtp_dropped(struct fixture *f, uint64_t min)
{
	struct sw_stats st;

	sw_stats(f->sw, &st);
	assert_true(st.srtp_dropped >= min);
}

/* The bridge's recording: the customer on the left, the browser (an
 * agent's phone) on the right, each with its own tone. */
static void assert_recorded(const char *path)
{
	static int16_t frames[2 * 8000];
	int16_t left[4000], right[4000];
	FILE *fp = fopen(path, "rb");
	size_t n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 44, SEEK_SET), 0);
	n = fread(frames, 4, 8000, fp);
	fclose(fp);
	assert_true(n >= 4000 + 1600);
	/* the last 0.5 s: the first frames may be before the tones met */
	for (size_t i = 0; i < 4000; i++) {
		left[i] = frames[2 * (n - 4000 + i)];
		right[i] = frames[2 * (n - 4000 + i) + 1];
	}
	assert_true(goertzel_share(left, 4000, CUSTOMER_HZ) > 0.8);
	assert_true(goertzel_share(right, 4000, BROWSER_HZ) > 0.8);
}

/* --- tests -------------------------------------------------------------------- */

/* The switch calls the browser; ICE, DTLS, SRTP; the browser and a plain
 * RTP customer in one bridge hear each other; garbage SRTP is dropped
 * and counted, the call goes on. */
static void test_browser_answers_hears_customer(void **state)
{
	struct fixture *f = *state;
	sw_leg_t cust, leg;
	struct udp_sock *stranger = NULL;
	struct sa local;
	struct mbuf *junk;
	char wav[96];

	browser_register(f);
	cust = customer_answered(f);
	leg = originate_browser(f);
	WAIT_FOR(f, f->nev >= 1 && f->b.dtls_up);
	assert_true(f->b.ice_done);
	assert_int_equal(f->b.ice_err, 0);
	assert_true(f->b.dtls_up);
	assert_true(f->b.fp_ok);
	/* answered only now that media flows */
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_ANSWERED);
	assert_int_equal(f->ev[0].leg, leg);

	assert_int_equal(sw_join(f->sw, "b1", cust, SW_HEAR | SW_SPEAK), 0);
	assert_int_equal(sw_join(f->sw, "b1", leg, SW_HEAR | SW_SPEAK), 0);
	re_snprintf(wav, sizeof(wav), "%s/call.wav", f->dir);
	assert_int_equal(sw_record(f->sw, "b1", wav), 0);
	run_for(f, 1200);
	assert_int_equal(sw_record(f->sw, "b1", NULL), 0);
	assert_recorded(wav);
	unlink(wav);
	assert_hears(&f->b.a, CUSTOMER_HZ);
	assert_hears(&f->c.a, BROWSER_HZ);
	assert_int_equal(f->b.a.rx_bad, 0);

	/* garbage that looks like RTP, from the browser and a stranger */
	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(udp_listen(&stranger, &local, NULL, NULL), 0);
	junk = mbuf_alloc(200);
	assert_non_null(junk);
	mbuf_write_u8(junk, 0x80);
	mbuf_write_u8(junk, 0x00);      /* PCMU: RTP, not RTCP */
	for (int i = 2; i < 180; i++)
		mbuf_write_u8(junk, (uint8_t)rand_u32());
	for (int i = 0; i < 10; i++) {
		junk->pos = 0;
		assert_int_equal(udp_send(f->b.a.us, &f->b.a.dst, junk), 0);
		junk->pos = 0;
		assert_int_equal(udp_send(stranger, &f->b.a.dst, junk), 0);
	}
	mem_deref(junk);
	mem_deref(stranger);
	f->b.a.npcm = 0;
	f->c.a.npcm = 0;
	run_for(f, 800);
	assert_srtp_dropped(f, 20);
	assert_int_equal(f->nev, 1);           /* the call goes on */
	assert_hears(&f->b.a, CUSTOMER_HZ);
	assert_hears(&f->c.a, BROWSER_HZ);

	/* a key pressed in the browser: telephone-event through SRTP */
	audio_send_digit(&f->b.a, 5);
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[1].type, SW_EV_DTMF);
	assert_int_equal(f->ev[1].leg, leg);
	assert_int_equal(f->ev[1].digit, '5');

	/* the core hangs up: the BYE reaches the browser over its
	 * connection (the Record-Route it copied into its 200) */
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), 0);
	WAIT_FOR(f, f->b.closed);
	assert_int_equal(f->b.closed, 1);
	assert_int_equal(f->nev, 2);
}

/* The browser calls in (it offers actpass: the switch is passive). */
static void browser_calls(struct fixture *f)
{
	struct mbuf *desc = NULL;
	char to[64], from[64], proxy[80];
	const char *routev[1] = {proxy};

	browser_local_attrs(&f->b, "actpass");
	re_snprintf(to, sizeof(to), "sip:4008@%J", &f->ws);
	re_snprintf(from, sizeof(from), "sip:1890@%J", &f->ws);
	re_snprintf(proxy, sizeof(proxy), "sip:%J;transport=ws", &f->ws);
	assert_int_equal(sdp_encode(&desc, f->b.sdp, true), 0);
	assert_int_equal(sipsess_connect(&f->b.sess, f->b.sock, to, NULL,
					 from, "browser", routev, 1,
					 "application/sdp", desc, NULL, NULL,
					 false, browser_offer, browser_answer,
					 NULL, browser_estab, NULL, NULL,
					 browser_close, &f->b, ""), 0);
	mem_deref(desc);
}

static void test_browser_calls_in(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	browser_register(f);
	browser_calls(f);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->ev[0].type, SW_EV_INCOMING);
	leg = f->ev[0].leg;
	assert_int_equal(sw_answer(f->sw, leg), 0);
	WAIT_FOR(f, f->b.dtls_up);
	assert_true(f->b.estab);
	assert_string_equal(f->b.offer_setup, "passive");
	assert_true(f->b.fp_ok);
	assert_int_equal(sw_play(f->sw, leg, SW_TONE_MOH), 0);
	run_for(f, 600);
	/* hold music through SRTP: it decrypts, and is not silence */
	assert_int_equal(f->b.a.rx_bad, 0);
	assert_true(f->b.a.npcm >= 2000);
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), 0);
	WAIT_FOR(f, f->b.closed);
	assert_int_equal(f->b.closed, 1);
}

/* The browser's certificate is not the one its SDP announces. */
static void test_wrong_fingerprint(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	f->b.mode = B_WRONG_FP;
	browser_register(f);
	leg = originate_browser(f);
	WAIT_FOR(f, f->nev >= 1 && f->b.closed);
	assert_true(f->b.ice_done);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_FAILED);
	assert_int_equal(f->ev[0].leg, leg);
	assert_int_equal(f->ev[0].cause, SW_CAUSE_FAILED);
	assert_int_equal(f->b.closed, 1);        /* BYE */
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), ENOENT);
}

/* The browser answers but never checks: the leg ends after the limit. */
static void test_ice_never_answered(void **state)
{
	struct fixture *f = *state;
	uint64_t t0;
	sw_leg_t leg;

	f->b.mode = B_NO_ICE;
	browser_register(f);
	leg = originate_browser(f);
	t0 = tmr_jiffies();
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_FAILED);
	assert_int_equal(f->ev[0].leg, leg);
	assert_int_equal(f->ev[0].cause, SW_CAUSE_FAILED);
	assert_true(tmr_jiffies() - t0 >= TIMEOUT_MS - 100);
	WAIT_FOR(f, f->b.closed);
	assert_int_equal(f->b.closed, 1);
	assert_false(f->b.dtls_up);
}

/* Junk instead of a ClientHello: no media, the leg ends in time. */
static void test_dtls_handshake_fails(void **state)
{
	struct fixture *f = *state;
	sw_leg_t leg;

	f->b.mode = B_BAD_DTLS;
	browser_register(f);
	leg = originate_browser(f);
	WAIT_FOR(f, f->nev >= 1);
	assert_true(f->b.ice_done);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_FAILED);
	assert_int_equal(f->ev[0].leg, leg);
	assert_int_equal(f->ev[0].cause, SW_CAUSE_FAILED);
	WAIT_FOR(f, f->b.closed);
	assert_int_equal(f->b.closed, 1);
}

/* Over WebSocket, only a browser registered on that connection may
 * call in, whatever the trunk addresses say (all flows are loopback). */
static void test_unregistered_browser_refused(void **state)
{
	struct fixture *f = *state;

	browser_calls(f);
	WAIT_FOR(f, f->b.closed);
	assert_int_equal(f->b.closed, 1);
	assert_int_equal(f->b.close_scode, 403);
	assert_int_equal(f->nev, 0);
}

/* A browser that goes away is unregistered at once: by its last
 * REGISTER or by its connection's end, whichever the switch sees first
 * (the latter alone: sip_registrar_test's test_drop_flow). */
static void test_ws_close_unregisters(void **state)
{
	struct fixture *f = *state;

	browser_register(f);
	browser_close_all(&f->b);
	WAIT_FOR(f, f->nev >= 1);
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].type, SW_EV_PHONE);
	assert_false(f->ev[0].up);
	assert_false(sw_phone_ready(f->sw, "1890"));
}

/* After its answer, the browser's DN went down and its leg hung up. */
static void assert_gone(struct fixture *f, sw_leg_t leg)
{
	bool phone_down = false, hung_up = false;

	for (size_t i = 1; i < f->nev; i++) {
		phone_down |= f->ev[i].type == SW_EV_PHONE && !f->ev[i].up;
		hung_up |= f->ev[i].type == SW_EV_HANGUP &&
			   f->ev[i].leg == leg;
	}
	assert_true(phone_down);
	assert_true(hung_up);
}

/* A browser that goes away in a call: the call ends with it. */
static void test_ws_close_ends_call(void **state)
{
	struct fixture *f = *state;
	struct tls_conn *dtls;
	sw_leg_t leg;

	browser_register(f);
	leg = originate_browser(f);
	/* the switch's ANSWERED may come before the browser's own end of
	 * DTLS is done: closing before it would race that handshake */
	WAIT_FOR(f, f->nev >= 1 && f->b.dtls_up);
	assert_true(f->b.dtls_up);
	assert_int_equal(f->ev[0].type, SW_EV_ANSWERED);
	/* its DTLS stays (a closed DTLS ends the leg too): the WebSocket's
	 * end alone must do it */
	dtls = mem_ref(f->b.tc);
	browser_close_all(&f->b);
	WAIT_FOR(f, f->nev >= 3);
	mem_deref(dtls);
	assert_int_equal(f->nev, 3);
	assert_gone(f, leg);
	assert_int_equal(sw_hangup(f->sw, leg, SW_CAUSE_NORMAL), ENOENT);
}

/* With [sip] ws_grace, a browser whose WebSocket drops keeps its call and
 * its registration that long (it may come back on a new one: the web
 * toolbar's test shows it), then it is gone: unregistered, call ended. */
static void test_ws_grace_then_gone(void **state)
{
	struct fixture *f = *state;
	uint64_t t0;
	sw_leg_t leg;

	browser_register(f);
	leg = originate_browser(f);
	/* the switch's ANSWERED may come before the browser's own end of
	 * DTLS is done: closing before it would race that handshake */
	WAIT_FOR(f, f->nev >= 1 && f->b.dtls_up);
	assert_true(f->b.dtls_up);
	assert_int_equal(f->ev[0].type, SW_EV_ANSWERED);
	t0 = tmr_jiffies();
	browser_close_sip(&f->b);          /* its media goes on */
	run_for(f, GRACE_MS / 2);
	assert_int_equal(f->nev, 1);     /* still registered, still talking */
	WAIT_FOR(f, f->nev >= 3);
	assert_int_equal(f->nev, 3);
	assert_true(tmr_jiffies() - t0 >= GRACE_MS - 50);
	assert_gone(f, leg);
}

/* A browser that stops sending anything (no ICE check, no SRTP: gone
 * without a word) is dropped after three times the set-up time. */
static void test_browser_goes_silent(void **state)
{
	struct fixture *f = *state;
	uint64_t t0;
	sw_leg_t leg;

	browser_register(f);
	leg = originate_browser(f);
	WAIT_FOR(f, f->nev >= 1 && f->b.a.npcm > 0);
	assert_int_equal(f->ev[0].type, SW_EV_ANSWERED);
	/* libre's ICE sends no checks once done: only its media stops */
	sa_init(&f->b.a.dst, AF_UNSPEC);
	t0 = tmr_jiffies();
	WAIT_FOR(f, f->nev >= 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[1].type, SW_EV_HANGUP);
	assert_int_equal(f->ev[1].leg, leg);
	assert_true(tmr_jiffies() - t0 >= 3 * TIMEOUT_MS - 200);
	WAIT_FOR(f, f->b.closed);
	assert_int_equal(f->b.closed, 1);
}

/* A raw TCP client of the WebSocket port. */
struct raw {
	struct tcp_conn *tc;
	bool up;
	bool closed;
	char rx[2048];
	size_t n;
};

static void raw_estab(void *arg)
{
	((struct raw *)arg)->up = true;
}

static void raw_recv(struct mbuf *mb, void *arg)
{
	struct raw *r = arg;
	size_t n = mbuf_get_left(mb);

	if (n > sizeof(r->rx) - 1 - r->n)
		n = sizeof(r->rx) - 1 - r->n;
	memcpy(r->rx + r->n, mbuf_buf(mb), n);
	r->n += n;
	r->rx[r->n] = 0;
}

static void raw_close(int err, void *arg)
{
	(void)err;
	((struct raw *)arg)->closed = true;
}

static void raw_send(struct raw *r, const void *p, size_t n)
{
	struct mbuf mb = {.buf = (uint8_t *)p, .size = n, .end = n};

	assert_int_equal(tcp_send(r->tc, &mb), 0);
}

static void raw_open(struct fixture *f, struct raw *r, const char *proto)
{
	char req[512];

	memset(r, 0, sizeof(*r));
	assert_int_equal(tcp_connect(&r->tc, &f->ws, raw_estab, raw_recv,
				     raw_close, r), 0);
	WAIT_FOR(f, r->up);
	assert_true(r->up);
	/* the key and its answer are RFC 6455's example */
	re_snprintf(req, sizeof(req),
		    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
		    "Connection: Upgrade\r\n"
		    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		    "Sec-WebSocket-Version: 13\r\n%s\r\n", proto);
	raw_send(r, req, strlen(req));
	WAIT_FOR(f, strstr(r->rx, "\r\n\r\n") || r->closed);
}

/* The handshake names the sip sub-protocol or is refused; a client
 * frame must be masked; the connection's end is the flow's. */
static void test_ws_protocol_errors(void **state)
{
	struct fixture *f = *state;
	static const uint8_t unmasked[] = {0x81, 0x03, 'a', 'b', 'c'};
	struct raw r;

	raw_open(f, &r, "");
	assert_non_null(strstr(r.rx, "HTTP/1.1 400"));
	r.tc = mem_deref(r.tc);

	raw_open(f, &r, "Sec-WebSocket-Protocol: chat, sip\r\n");
	assert_non_null(strstr(r.rx, "HTTP/1.1 101"));
	assert_non_null(strstr(r.rx, "Sec-WebSocket-Accept: "
				     "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
	assert_non_null(strstr(r.rx, "Sec-WebSocket-Protocol: sip\r\n"));
	r.n = 0;
	raw_send(&r, unmasked, sizeof(unmasked));
	WAIT_FOR(f, r.closed);
	assert_true(r.closed);
	/* a close frame with 1002 came first */
	assert_int_equal(r.n, 4);
	assert_int_equal((uint8_t)r.rx[0], 0x88);
	assert_int_equal((uint8_t)r.rx[2] << 8 | (uint8_t)r.rx[3], 1002);
	r.tc = mem_deref(r.tc);
	assert_int_equal(f->nev, 0);
}

/* SAVPF without ICE credentials or fingerprint: 488, no call. */
static void test_savpf_without_dtls(void **state)
{
	struct fixture *f = *state;

	cust_call(f, "UDP/TLS/RTP/SAVPF", SAVPF_NO_ICE);
	WAIT_FOR(f, f->c.closed);
	assert_int_equal(f->c.closed, 1);
	assert_int_equal(f->c.close_scode, 488);
	run_for(f, 50);
	assert_int_equal(f->nev, 0);
}

/* rtcp-mux is required, as browsers require it: without it the far end
 * would run ICE for an RTCP component the switch has none for. */
static void test_savpf_without_rtcp_mux(void **state)
{
	struct fixture *f = *state;

	cust_call(f, "UDP/TLS/RTP/SAVPF", SAVPF_NO_MUX);
	WAIT_FOR(f, f->c.closed);
	assert_int_equal(f->c.closed, 1);
	assert_int_equal(f->c.close_scode, 488);
	assert_int_equal(f->nev, 0);
}

static size_t file_read(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, size, fp);
	fclose(fp);
	return n;
}

/* A certificate once made is kept: the next start reads it back. */
static void test_certificate_kept(void **state)
{
	struct fixture *f = *state;
	struct sw *sw2 = NULL;
	struct sip_switch_conf conf = {
		.listen = "127.0.0.1",
		.rtp_port_min = 44000,
		.rtp_port_max = 44099,
		.secreth = store_phone_secret,
		.secret_arg = f->st,
		.dtls_cert = f->cert,
	};
	static char before[8192], after[8192];
	size_t n;

	browser_register(f);
	originate_browser(f);
	assert_int_equal(strlen(f->b.srv_fp), 8 + 3 * 32 - 1);
	n = file_read(f->cert, before, sizeof(before));
	assert_true(n > 0 && n < sizeof(before));
	assert_int_equal(sip_switch_alloc(&sw2, event_h, f, &conf), 0);
	sw2 = mem_deref(sw2);
	assert_int_equal(file_read(f->cert, after, sizeof(after)), n);
	assert_memory_equal(before, after, n);
	/* and a file that is no certificate stops the switch */
	{
		FILE *fp = fopen(f->cert, "w");

		assert_non_null(fp);
		fputs("not a certificate\n", fp);
		fclose(fp);
	}
	assert_int_not_equal(sip_switch_alloc(&sw2, event_h, f, &conf), 0);
	assert_null(sw2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
		T(test_browser_answers_hears_customer),
		T(test_browser_calls_in),
		T(test_wrong_fingerprint),
		T(test_ice_never_answered),
		T(test_dtls_handshake_fails),
		T(test_unregistered_browser_refused),
		T(test_ws_protocol_errors),
		T(test_ws_close_unregisters),
		T(test_ws_close_ends_call),
		cmocka_unit_test_setup_teardown(test_ws_grace_then_gone,
						setup_grace, teardown),
		T(test_browser_goes_silent),
		T(test_savpf_without_dtls),
		T(test_savpf_without_rtcp_mux),
		T(test_certificate_kept),
#undef T
	};
	int r;

	if (libre_init())
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	libre_close();
	return r;
}
