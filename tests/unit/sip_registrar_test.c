/*
 * sip_registrar_test.c — the SIP registrar driven over real sockets on
 * 127.0.0.1 by hand-written SIP (UDP and TCP) and by libre's own
 * registration client: challenges, digest, the errors of RFC 3261 section
 * 10.3, expiry, unregistering, limits, and hostile input.
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
#include <re.h>
#include "store/store.h"
#include "switch/sip/digest.h"
#include "switch/sip/registrar.h"
#include "switch/sip/registrar_int.h"

enum { WAIT_MS = 2000, SILENCE_MS = 300, STEP_MS = 20 };

static const struct pwhash_params weak = {1, 8192};
static const char REALM[] = "callcloud";

/* A phone on libre's own stack that registers DN 1890 and answers the
 * registrar's OPTIONS pings. */
struct phone {
	struct sip *sip;
	struct sip_lsnr *lsnr;
	struct sipreg *reg;
	int reg_scode;
	uint16_t answer;        /* to OPTIONS; 0: silent */
	struct sip_msg *held;   /* the last OPTIONS left unanswered */
	int pings;              /* OPTIONS received, retransmissions not */
	char callid[64];        /* the last one's */
	char ruri[128];
};

struct fixture {
	struct sip *sip;
	struct store *st;
	struct registrar *reg;
	struct udp_sock *us;
	struct sa srv;          /* the registrar's UDP address */
	struct sa srv_tcp;
	struct sa cli;          /* our UDP socket */
	struct mbuf *resp;      /* the last response read */
	struct sip_msg *msg;    /* ... decoded */
	struct tmr tmr;
	uint32_t cseq;
	char callid[32];
	char ruri[64];          /* REGISTER's request-URI ... */
	char domain[64];        /* ... and the host of its To */
	int registered, unregistered;
	char last_dn[STORE_ID_SIZE];
	/* TCP client */
	struct tcp_conn *tc;
	struct mbuf *tcp_out;
	struct phone phone;
};

static void stop(void *arg)
{
	(void)arg;
	re_cancel();
}

static void udp_recv(const struct sa *src, struct mbuf *mb, void *arg)
{
	struct fixture *f = arg;
	(void)src;

	mem_deref(f->resp);
	f->resp = mem_ref(mb);
	re_cancel();
}

static void reg_handler(const char *dn, bool registered, void *arg)
{
	struct fixture *f = arg;

	if (registered)
		f->registered++;
	else
		f->unregistered++;
	str_ncpy(f->last_dn, dn, sizeof(f->last_dn));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sa local;
	int err;

	if (!f)
		return -1;
	err = store_open(&f->st, ":memory:", &weak);
	err = err ? err : store_load_demo(f->st);
	err = err ? err : sip_alloc(&f->sip, NULL, 32, 32, 32,
				    "callcloud-test", NULL, NULL);
	err = err ? err : sa_set_str(&local, "127.0.0.1", 0);
	err = err ? err : sip_transp_add(f->sip, SIP_TRANSP_UDP, &local);
	err = err ? err : sip_transp_add(f->sip, SIP_TRANSP_TCP, &local);
	err = err ? err : sip_transp_laddr(f->sip, &f->srv, SIP_TRANSP_UDP,
					   NULL);
	err = err ? err : sip_transp_laddr(f->sip, &f->srv_tcp,
					   SIP_TRANSP_TCP, NULL);
	err = err ? err : registrar_alloc(&f->reg, f->sip, store_phone_secret,
					  f->st, REALM);
	err = err ? err : udp_listen(&f->us, &local, udp_recv, f);
	err = err ? err : udp_local_get(f->us, &f->cli);
	if (err)
		return -1;
	registrar_set_handler(f->reg, reg_handler, f);
	tmr_init(&f->tmr);
	re_snprintf(f->callid, sizeof(f->callid), "%08x@test", rand_u32());
	re_snprintf(f->ruri, sizeof(f->ruri), "sip:%J", &f->srv);
	str_ncpy(f->domain, "127.0.0.1", sizeof(f->domain));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tmr_cancel(&f->tmr);
	mem_deref(f->phone.reg);
	mem_deref(f->phone.lsnr);
	mem_deref(f->phone.held);
	if (f->phone.sip)
		sip_close(f->phone.sip, true);
	mem_deref(f->phone.sip);
	mem_deref(f->msg);
	mem_deref(f->resp);
	mem_deref(f->tc);
	mem_deref(f->tcp_out);
	mem_deref(f->us);
	mem_deref(f->reg);
	sip_close(f->sip, true);
	mem_deref(f->sip);
	mem_deref(f->st);
	free(f);
	return 0;
}

/* Runs the loop until a response arrives or ms pass. */
static void run_for(struct fixture *f, uint64_t ms)
{
	tmr_start(&f->tmr, ms, stop, f);
	(void)re_main(NULL);
	tmr_cancel(&f->tmr);
}

/* Runs the loop until cond holds, for at most ms. */
#define WAIT_FOR(f, cond, ms) do {                                      \
		for (int step_ = 0; step_ < (ms) / STEP_MS && !(cond);  \
		     step_++)                                           \
			run_for((f), STEP_MS);                          \
	} while (0)

/* Sends text as one datagram; returns the decoded response or NULL. */
static const struct sip_msg *exchange(struct fixture *f, const char *text,
				      uint64_t wait_ms)
{
	struct mbuf *mb = mbuf_alloc(strlen(text));

	assert_non_null(mb);
	f->msg = mem_deref(f->msg);
	f->resp = mem_deref(f->resp);
	assert_int_equal(mbuf_write_str(mb, text), 0);
	mb->pos = 0;
	assert_int_equal(udp_send(f->us, &f->srv, mb), 0);
	mem_deref(mb);
	run_for(f, wait_ms);
	if (!f->resp)
		return NULL;
	f->resp->pos = 0;
	assert_int_equal(sip_msg_decode(&f->msg, f->resp), 0);
	return f->msg;
}

/* A REGISTER for dn with the given extra header lines. */
static char *register_text(struct fixture *f, const char *dn,
			   const char *extra)
{
	char *s = NULL;

	assert_int_equal(re_sdprintf(&s,
		"REGISTER %s SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %J;branch=z9hG4bK%08x;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:%s@%s>;tag=%08x\r\n"
		"To: <sip:%s@%s>\r\n"
		"Call-ID: %s\r\n"
		"CSeq: %u REGISTER\r\n"
		"%s"
		"Content-Length: 0\r\n\r\n",
		f->ruri, &f->cli, rand_u32(), dn, f->domain, rand_u32(), dn,
		f->domain, f->callid, ++f->cseq, extra), 0);
	return s;
}

static const struct sip_msg *do_register(struct fixture *f, const char *dn,
					 const char *extra)
{
	char *s = register_text(f, dn, extra);
	const struct sip_msg *m = exchange(f, s, WAIT_MS);

	mem_deref(s);
	return m;
}

static const char *hdr_str(const struct sip_msg *m, enum sip_hdrid id,
			   char *buf, size_t size)
{
	const struct sip_hdr *h = sip_msg_hdr(m, id);

	if (!h)
		return NULL;
	(void)pl_strcpy(&h->val, buf, size);
	return buf;
}

/* The client's half of digest, computed here independently of digest.c. */
static char *authorization(const struct sip_msg *chall_msg, const char *user,
			   const char *password, const char *uri, uint32_t nc)
{
	struct httpauth_digest_chall ch;
	const struct sip_hdr *h = sip_msg_hdr(chall_msg,
					      SIP_HDR_WWW_AUTHENTICATE);
	uint8_t ha1[MD5_SIZE], ha2[MD5_SIZE], resp[MD5_SIZE];
	char *s = NULL;

	assert_non_null(h);
	assert_int_equal(httpauth_digest_challenge_decode(&ch, &h->val), 0);
	assert_int_equal(md5_printf(ha1, "%s:%r:%s", user, &ch.realm,
				    password), 0);
	assert_int_equal(md5_printf(ha2, "REGISTER:%s", uri), 0);
	assert_int_equal(md5_printf(resp, "%w:%r:%08x:c0ffee:auth:%w",
				    ha1, sizeof(ha1), &ch.nonce, nc,
				    ha2, sizeof(ha2)), 0);
	assert_int_equal(re_sdprintf(&s,
		"Authorization: Digest username=\"%s\", realm=\"%r\", "
		"nonce=\"%r\", uri=\"%s\", response=\"%w\", qop=auth, "
		"nc=%08x, cnonce=\"c0ffee\", algorithm=MD5\r\n",
		user, &ch.realm, &ch.nonce, uri, resp, sizeof(resp), nc), 0);
	return s;
}

/* Challenged first, then answers with user/password; returns the reply. */
static const struct sip_msg *register_auth(struct fixture *f, const char *dn,
					   const char *user,
					   const char *password,
					   const char *extra)
{
	const struct sip_msg *m = do_register(f, dn, extra);
	char *auth, *lines;

	assert_non_null(m);
	assert_int_equal(m->scode, 401);
	auth = authorization(m, user, password, f->ruri, 1);
	assert_int_equal(re_sdprintf(&lines, "%s%s", auth, extra), 0);
	m = do_register(f, dn, lines);
	mem_deref(lines);
	mem_deref(auth);
	return m;
}

static char *contact_line(struct fixture *f, const char *user,
			  const char *params)
{
	char *s = NULL;

	assert_int_equal(re_sdprintf(&s, "Contact: <sip:%s@%J>%s\r\n",
				     user, &f->cli, params), 0);
	return s;
}

static void test_options_answered(void **state)
{
	struct fixture *f = *state;
	char *s = NULL;
	const struct sip_msg *m;
	char allow[64];

	assert_int_equal(re_sdprintf(&s,
		"OPTIONS sip:%J SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %J;branch=z9hG4bKopt1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:probe@127.0.0.1>;tag=1\r\n"
		"To: <sip:%J>\r\n"
		"Call-ID: opt1@test\r\n"
		"CSeq: 1 OPTIONS\r\n"
		"Content-Length: 0\r\n\r\n", &f->srv, &f->cli, &f->srv), 0);
	m = exchange(f, s, WAIT_MS);
	mem_deref(s);
	assert_non_null(m);
	assert_int_equal(m->scode, 200);
	assert_non_null(hdr_str(m, SIP_HDR_ALLOW, allow, sizeof(allow)));
	assert_non_null(strstr(allow, "REGISTER"));
}

static void test_register_challenged(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = do_register(f, "1889", c);
	struct httpauth_digest_chall ch;

	mem_deref(c);
	assert_non_null(m);
	assert_int_equal(m->scode, 401);
	assert_int_equal(httpauth_digest_challenge_decode(&ch,
		&sip_msg_hdr(m, SIP_HDR_WWW_AUTHENTICATE)->val), 0);
	assert_int_equal(pl_strcmp(&ch.realm, REALM), 0);
	assert_int_equal(ch.nonce.l, DIGEST_NONCE_LEN);
	assert_int_equal(pl_strcmp(&ch.qop, "auth"), 0);
	assert_false(pl_isset(&ch.stale));
	assert_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(registrar_count(f->reg), 0);
}

static void test_register_digest_ok(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = register_auth(f, "1889", "1889", "1234", c);
	const struct registrar_binding *b;
	char contact[128], want[128];

	assert_non_null(m);
	assert_int_equal(m->scode, 200);
	assert_non_null(hdr_str(m, SIP_HDR_CONTACT, contact,
				sizeof(contact)));
	re_snprintf(want, sizeof(want), "<sip:1889@%J>;expires=3600",
		    &f->cli);
	assert_string_equal(contact, want);

	b = registrar_lookup(f->reg, "1889");
	assert_non_null(b);
	assert_string_equal(b->dn, "1889");
	re_snprintf(want, sizeof(want), "sip:1889@%J", &f->cli);
	assert_string_equal(b->uri, want);
	assert_true(sa_cmp(&b->src, &f->cli, SA_ALL));
	assert_int_equal(b->tp, SIP_TRANSP_UDP);
	assert_int_equal(f->registered, 1);
	assert_string_equal(f->last_dn, "1889");
	assert_null(registrar_lookup(f->reg, "1888"));

	/* a refresh keeps one binding and tells the handler nothing new */
	m = do_register(f, "1889", c);
	assert_int_equal(m->scode, 401);
	mem_deref(c);
	c = contact_line(f, "1889", ";expires=120");
	m = register_auth(f, "1889", "1889", "1234", c);
	mem_deref(c);
	assert_int_equal(m->scode, 200);
	assert_non_null(hdr_str(m, SIP_HDR_CONTACT, contact,
				sizeof(contact)));
	assert_non_null(strstr(contact, ";expires=120"));
	assert_int_equal(registrar_count(f->reg), 1);
	assert_int_equal(f->registered, 1);
}

static void test_wrong_password_forbidden(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = register_auth(f, "1889", "1889", "4321", c);

	assert_int_equal(m->scode, 403);
	/* right password, but another DN's name */
	m = register_auth(f, "1889", "1888", "1234", c);
	assert_int_equal(m->scode, 403);
	mem_deref(c);
	assert_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(f->registered, 0);
}

static void test_unknown_dn_not_found(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "9999", "");
	const struct sip_msg *m = do_register(f, "9999", c);

	mem_deref(c);
	assert_non_null(m);
	assert_int_equal(m->scode, 404);
}

/* RFC 3261 section 10.3: the request-URI and the To name a domain served
 * here: the realm, or an address the SIP stack listens on. */
static void test_domain_checked(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m;
	struct sa second;

	str_ncpy(f->domain, "example.com", sizeof(f->domain));
	m = do_register(f, "1889", c);
	assert_non_null(m);
	assert_int_equal(m->scode, 404);
	str_ncpy(f->domain, "127.0.0.1", sizeof(f->domain));
	str_ncpy(f->ruri, "sip:example.com", sizeof(f->ruri));
	m = do_register(f, "1889", c);
	assert_int_equal(m->scode, 404);
	assert_int_equal(registrar_count(f->reg), 0);

	/* the realm, in any case */
	str_ncpy(f->ruri, "sip:CallCloud", sizeof(f->ruri));
	str_ncpy(f->domain, REALM, sizeof(f->domain));
	m = register_auth(f, "1889", "1889", "1234", c);
	assert_int_equal(m->scode, 200);

	/* another address of ours, not the one the request came in on */
	assert_int_equal(sa_set_str(&second, "127.0.0.2", sa_port(&f->srv)),
			 0);
	assert_int_equal(sip_transp_add(f->sip, SIP_TRANSP_UDP, &second), 0);
	re_snprintf(f->ruri, sizeof(f->ruri), "sip:%J", &second);
	str_ncpy(f->domain, "127.0.0.2", sizeof(f->domain));
	m = register_auth(f, "1889", "1889", "1234", c);
	assert_int_equal(m->scode, 200);
	str_ncpy(f->domain, "127.0.0.3", sizeof(f->domain));
	m = do_register(f, "1889", c);
	assert_int_equal(m->scode, 404);
	mem_deref(c);
	assert_int_equal(registrar_count(f->reg), 1);
}

static void test_forged_nonce_rechallenged(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", ""), *lines = NULL;
	const struct sip_msg *m;

	assert_int_equal(re_sdprintf(&lines,
		"Authorization: Digest username=\"1889\", realm=\"%s\", "
		"nonce=\"0000000000000001deadbeefdeadbeefdeadbeefdeadbeef\", "
		"uri=\"sip:x\", response=\"00000000000000000000000000000000\""
		"\r\n%s", REALM, c), 0);
	m = do_register(f, "1889", lines);
	mem_deref(lines);
	mem_deref(c);
	assert_non_null(m);
	assert_int_equal(m->scode, 401);
	assert_int_equal(registrar_count(f->reg), 0);
}

static void test_nonce_lifetime(void **state)
{
	struct digest_key k;
	char nonce[DIGEST_NONCE_SIZE], other[DIGEST_NONCE_SIZE];
	struct pl pl;
	(void)state;

	digest_key_init(&k);
	digest_nonce_make(&k, 1000, nonce);
	pl_set_str(&pl, nonce);
	assert_int_equal(digest_nonce_check(&k, &pl, 1000, 300),
			 DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_check(&k, &pl, 1300, 300),
			 DIGEST_NONCE_OK);
	assert_int_equal(digest_nonce_check(&k, &pl, 1301, 300),
			 DIGEST_NONCE_STALE);
	assert_int_equal(digest_nonce_check(&k, &pl, 999, 300),
			 DIGEST_NONCE_INVALID);
	nonce[DIGEST_NONCE_LEN - 1] ^= 1;
	assert_int_equal(digest_nonce_check(&k, &pl, 1000, 300),
			 DIGEST_NONCE_INVALID);
	nonce[DIGEST_NONCE_LEN - 1] ^= 1;
	nonce[3] = 'z';
	assert_int_equal(digest_nonce_check(&k, &pl, 1000, 300),
			 DIGEST_NONCE_INVALID);
	/* the salt is covered by the MAC too, and makes each nonce unique */
	digest_nonce_make(&k, 1000, nonce);
	digest_nonce_make(&k, 1000, other);
	assert_string_not_equal(nonce, other);
	assert_int_equal(digest_nonce_issued(&pl), 1000);
	pl.l--;
	assert_int_equal(digest_nonce_check(&k, &pl, 1000, 300),
			 DIGEST_NONCE_INVALID);
	pl.l++;
	nonce[20] = nonce[20] == '0' ? '1' : '0';
	assert_int_equal(digest_nonce_check(&k, &pl, 1000, 300),
			 DIGEST_NONCE_INVALID);
}

static void rehex(char *text, const char *after)
{
	char *p = strstr(text, after);
	char hex[9];

	assert_non_null(p);
	re_snprintf(hex, sizeof(hex), "%08x", rand_u32());
	memcpy(p + strlen(after), hex, 8);
}

/* An attacker sends a captured REGISTER again as a new request: another
 * branch, and another From tag so it is not a merged request either
 * (RFC 3261 section 8.2.2.2), which the digest does not cover. */
static void as_new_request(char *text)
{
	rehex(text, "branch=z9hG4bK");
	rehex(text, ";tag=");
}

static void assert_stale_challenge(const struct sip_msg *m)
{
	struct httpauth_digest_chall ch;

	assert_non_null(m);
	assert_int_equal(m->scode, 401);
	assert_int_equal(httpauth_digest_challenge_decode(&ch,
		&sip_msg_hdr(m, SIP_HDR_WWW_AUTHENTICATE)->val), 0);
	assert_int_equal(pl_strcmp(&ch.stale, "true"), 0);
}

/* RFC 7616 section 3.4: a nonce count used before is a replay. */
static void test_nonce_count_replay(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = do_register(f, "1889", c);
	char *auth1, *auth2, *lines, *first;

	assert_int_equal(m->scode, 401);
	auth1 = authorization(m, "1889", "1234", f->ruri, 1);
	auth2 = authorization(m, "1889", "1234", f->ruri, 2);
	assert_int_equal(re_sdprintf(&lines, "%s%s", auth1, c), 0);
	first = register_text(f, "1889", lines);
	mem_deref(lines);
	m = exchange(f, first, WAIT_MS);
	assert_non_null(m);
	assert_int_equal(m->scode, 200);

	/* the phone unregisters with the next count of the same nonce */
	assert_int_equal(re_sdprintf(&lines, "%s%sExpires: 0\r\n", auth2, c),
			 0);
	m = do_register(f, "1889", lines);
	mem_deref(lines);
	assert_int_equal(m->scode, 200);
	assert_null(registrar_lookup(f->reg, "1889"));

	/* its first REGISTER, replayed twice, registers nothing */
	for (int i = 0; i < 2; i++) {
		as_new_request(first);
		assert_stale_challenge(exchange(f, first, WAIT_MS));
		assert_null(registrar_lookup(f->reg, "1889"));
	}
	assert_int_equal(f->registered, 1);
	assert_int_equal(f->unregistered, 1);
	mem_deref(first);
	mem_deref(auth1);
	mem_deref(auth2);
	mem_deref(c);
}

/* A DN's counts are bounded: its oldest nonce is pushed out, and then
 * refused rather than forgotten. */
static void test_nonce_counts_bounded(void **state)
{
	struct fixture *f = *state;
	enum { NONCES = 9 };
	char *c = contact_line(f, "1889", "");
	char *oldest = NULL, *newest = NULL, *lines;
	const struct sip_msg *m;

	for (int i = 0; i < NONCES; i++) {
		char *auth1;

		m = do_register(f, "1889", c);
		assert_int_equal(m->scode, 401);
		auth1 = authorization(m, "1889", "1234", f->ruri, 1);
		mem_deref(newest);
		newest = authorization(m, "1889", "1234", f->ruri, 2);
		if (!oldest)
			oldest = mem_ref(newest);
		assert_int_equal(re_sdprintf(&lines, "%s%s", auth1, c), 0);
		m = do_register(f, "1889", lines);
		mem_deref(lines);
		mem_deref(auth1);
		assert_int_equal(m->scode, 200);
	}
	assert_int_equal(re_sdprintf(&lines, "%s%s", newest, c), 0);
	m = do_register(f, "1889", lines);
	mem_deref(lines);
	assert_int_equal(m->scode, 200);
	assert_int_equal(re_sdprintf(&lines, "%s%s", oldest, c), 0);
	assert_stale_challenge(do_register(f, "1889", lines));
	mem_deref(lines);
	mem_deref(oldest);
	mem_deref(newest);
	mem_deref(c);
}

/* A DN's counts go once its nonces are too old to be accepted anyway. */
static void test_nonce_counts_swept(void **state)
{
	struct fixture *f = *state;
	const uint64_t t = 1000;
	char nonce[DIGEST_NONCE_SIZE];
	struct pl pn, nc1 = PL("00000001"), bad = PL("1");

	digest_nonce_make(&(struct digest_key){{0}}, t, nonce);
	pl_set_str(&pn, nonce);
	assert_int_equal(replay_check(f->reg, "1889", &pn, &bad, t), EBADMSG);
	assert_int_equal(replay_check(f->reg, "1889", &pn, &nc1, t), 0);
	/* another DN's count of the same nonce is its own */
	assert_int_equal(replay_check(f->reg, "1888", &pn, &nc1, t), 0);
	replay_sweep(f->reg, t + REGISTRAR_NONCE_LIFETIME);
	assert_int_equal(replay_check(f->reg, "1889", &pn, &nc1, t),
			 EALREADY);
	replay_sweep(f->reg, t + REGISTRAR_NONCE_LIFETIME + 1);
	assert_int_equal(replay_check(f->reg, "1889", &pn, &nc1, t), 0);
}

static void test_unregister_expires_zero(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", ""), *lines = NULL;
	const struct sip_msg *m = register_auth(f, "1889", "1889", "1234", c);

	assert_int_equal(m->scode, 200);
	assert_non_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(re_sdprintf(&lines, "%sExpires: 0\r\n", c), 0);
	m = register_auth(f, "1889", "1889", "1234", lines);
	mem_deref(lines);
	mem_deref(c);
	assert_int_equal(m->scode, 200);
	assert_null(sip_msg_hdr(m, SIP_HDR_CONTACT));
	assert_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(registrar_count(f->reg), 0);
	assert_int_equal(f->unregistered, 1);
}

/* A connection that goes takes its contacts with it (a browser's
 * WebSocket): only those from that address and port. */
static void test_drop_flow(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = register_auth(f, "1889", "1889", "1234", c);
	struct sa other = f->cli;

	mem_deref(c);
	assert_int_equal(m->scode, 200);
	assert_true(registrar_has_flow(f->reg, &f->cli));
	sa_set_port(&other, sa_port(&f->cli) + 1);
	assert_false(registrar_has_flow(f->reg, &other));
	registrar_drop_flow(f->reg, &other);
	assert_non_null(registrar_lookup(f->reg, "1889"));
	registrar_drop_flow(f->reg, &f->cli);
	assert_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(registrar_count(f->reg), 0);
	assert_int_equal(f->unregistered, 1);
	assert_false(registrar_has_flow(f->reg, &f->cli));
}

static void test_wildcard_removes_all(void **state)
{
	struct fixture *f = *state;
	char *a = contact_line(f, "a", ""), *b = contact_line(f, "b", "");
	char *both = NULL;
	const struct sip_msg *m;

	assert_int_equal(re_sdprintf(&both, "%s%s", a, b), 0);
	m = register_auth(f, "1889", "1889", "1234", both);
	assert_int_equal(m->scode, 200);
	assert_int_equal(sip_msg_hdr_count(m, SIP_HDR_CONTACT), 2);
	assert_int_equal(registrar_count(f->reg), 2);

	/* '*' only with Expires: 0 and alone */
	m = register_auth(f, "1889", "1889", "1234",
			  "Contact: *\r\nExpires: 3600\r\n");
	assert_int_equal(m->scode, 400);
	mem_deref(both);
	assert_int_equal(re_sdprintf(&both, "Contact: *\r\n%sExpires: 0\r\n",
				     a), 0);
	m = register_auth(f, "1889", "1889", "1234", both);
	assert_int_equal(m->scode, 400);
	assert_int_equal(registrar_count(f->reg), 2);

	m = register_auth(f, "1889", "1889", "1234",
			  "Contact: *\r\nExpires: 0\r\n");
	assert_int_equal(m->scode, 200);
	assert_int_equal(registrar_count(f->reg), 0);
	assert_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(f->registered, 1);
	assert_int_equal(f->unregistered, 1);
	mem_deref(both);
	mem_deref(a);
	mem_deref(b);
}

static void test_interval_too_brief(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", ";expires=10");
	const struct sip_msg *m = register_auth(f, "1889", "1889", "1234", c);
	char min[16], contact[128];

	mem_deref(c);
	assert_int_equal(m->scode, 423);
	assert_string_equal(hdr_str(m, SIP_HDR_MIN_EXPIRES, min, sizeof(min)),
			    "60");
	assert_int_equal(registrar_count(f->reg), 0);

	/* too long is shortened, not refused */
	c = contact_line(f, "1889", ";expires=99999999999999");
	m = register_auth(f, "1889", "1889", "1234", c);
	mem_deref(c);
	assert_int_equal(m->scode, 200);
	assert_non_null(hdr_str(m, SIP_HDR_CONTACT, contact,
				sizeof(contact)));
	assert_non_null(strstr(contact, ";expires=3600"));
}

static void test_expiry_by_time(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m;

	assert_int_equal(registrar_set_expires(f->reg, 0, 10), EINVAL);
	assert_int_equal(registrar_set_expires(f->reg, 20, 10), EINVAL);
	assert_int_equal(registrar_set_expires(f->reg, 1, 3600), 0);
	mem_deref(c);
	c = contact_line(f, "1889", ";expires=1");
	m = register_auth(f, "1889", "1889", "1234", c);
	mem_deref(c);
	assert_int_equal(m->scode, 200);
	assert_non_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(f->registered, 1);
	run_for(f, 1300);
	assert_null(registrar_lookup(f->reg, "1889"));
	assert_int_equal(registrar_count(f->reg), 0);
	assert_int_equal(f->unregistered, 1);
	assert_string_equal(f->last_dn, "1889");
}

static void test_stale_cseq_refused(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = register_auth(f, "1889", "1889", "1234", c);
	char *auth, *lines, uri[64];

	assert_int_equal(m->scode, 200);
	/* the same Call-ID with an older CSeq: a reordered old request */
	m = do_register(f, "1889", c);
	assert_int_equal(m->scode, 401);
	re_snprintf(uri, sizeof(uri), "sip:%J", &f->srv);
	auth = authorization(m, "1889", "1234", uri, 1);
	assert_int_equal(re_sdprintf(&lines, "%s%sExpires: 0\r\n", auth, c),
			 0);
	f->cseq = 0;
	m = do_register(f, "1889", lines);
	assert_int_equal(m->scode, 500);
	assert_non_null(registrar_lookup(f->reg, "1889"));
	mem_deref(lines);
	mem_deref(auth);
	mem_deref(c);
}

/* A retransmission (same branch, same CSeq) is the same transaction, so
 * it gets the same answer, not "stale". */
static void test_retransmission_same_answer(void **state)
{
	struct fixture *f = *state;
	char *c = contact_line(f, "1889", "");
	const struct sip_msg *m = do_register(f, "1889", c);
	char uri[64], *auth, *lines, *s;

	assert_int_equal(m->scode, 401);
	re_snprintf(uri, sizeof(uri), "sip:%J", &f->srv);
	auth = authorization(m, "1889", "1234", uri, 1);
	assert_int_equal(re_sdprintf(&lines, "%s%s", auth, c), 0);
	s = register_text(f, "1889", lines);
	m = exchange(f, s, WAIT_MS);
	assert_non_null(m);
	assert_int_equal(m->scode, 200);
	m = exchange(f, s, WAIT_MS);
	assert_non_null(m);
	assert_int_equal(m->scode, 200);
	assert_int_equal(registrar_count(f->reg), 1);
	assert_int_equal(f->registered, 1);
	mem_deref(s);
	mem_deref(lines);
	mem_deref(auth);
	mem_deref(c);
}

static void test_too_many_contacts(void **state)
{
	struct fixture *f = *state;
	char *lines = NULL;
	const struct sip_msg *m;

	for (int i = 0; i < REGISTRAR_MAX_PER_DN + 1; i++) {
		char *c = NULL, user[8];
		char *prev = lines;

		re_snprintf(user, sizeof(user), "u%d", i);
		c = contact_line(f, user, "");
		assert_int_equal(re_sdprintf(&lines, "%s%s", prev ? prev : "",
					     c), 0);
		mem_deref(prev);
		mem_deref(c);
	}
	m = register_auth(f, "1889", "1889", "1234", lines);
	mem_deref(lines);
	assert_int_equal(m->scode, 403);
	assert_int_equal(registrar_count(f->reg), 0);
}

static void test_total_limit(void **state)
{
	struct fixture *f = *state;
	char *a = contact_line(f, "a", ""), *b = contact_line(f, "b", "");
	char *both = NULL, retry[16];
	const struct sip_msg *m;

	assert_int_equal(registrar_set_max_total(f->reg, 0), EINVAL);
	assert_int_equal(registrar_set_max_total(f->reg, 2), 0);
	assert_int_equal(re_sdprintf(&both, "%s%s", a, b), 0);
	m = register_auth(f, "1889", "1889", "1234", both);
	assert_int_equal(m->scode, 200);
	m = register_auth(f, "1888", "1888", "1234", a);
	assert_int_equal(m->scode, 503);
	assert_string_equal(hdr_str(m, SIP_HDR_RETRY_AFTER, retry,
				    sizeof(retry)), "60");
	assert_null(registrar_lookup(f->reg, "1888"));
	/* refreshing what exists takes no room */
	m = register_auth(f, "1889", "1889", "1234", a);
	assert_int_equal(m->scode, 200);
	assert_int_equal(registrar_count(f->reg), 2);
	mem_deref(both);
	mem_deref(a);
	mem_deref(b);
}

/* RFC 3261 sections 8.2 and 18.3: a request that cannot be answered is
 * dropped (libre's parser does that), one that can is answered 400. */
static void test_malformed_requests(void **state)
{
	struct fixture *f = *state;
	static const char *const drop[] = {"Via", "From", "To", "Call-ID",
					   "CSeq"};
	const struct sip_msg *m;

	for (size_t i = 0; i < sizeof(drop) / sizeof(*drop); i++) {
		char *c = contact_line(f, "1889", "");
		char *s = register_text(f, "1889", c);
		char *line = strstr(s, drop[i]);
		char *end;

		assert_non_null(line);
		end = strstr(line, "\r\n") + 2;
		memmove(line, end, strlen(end) + 1);
		m = exchange(f, s, SILENCE_MS);
		/* without a Via there is nowhere to send an answer */
		if (i == 0) {
			assert_null(m);
		}
		else {
			assert_non_null(m);
			assert_int_equal(m->scode, 400);
		}
		mem_deref(s);
		mem_deref(c);
	}
	/* a To without a user part names no DN */
	m = do_register(f, "", "Contact: <sip:x@127.0.0.1>\r\n");
	assert_non_null(m);
	assert_int_equal(m->scode, 400);
	/* a bad Expires */
	m = register_auth(f, "1889", "1889", "1234",
			  "Contact: <sip:x@127.0.0.1>;expires=12a\r\n");
	assert_int_equal(m->scode, 400);
	/* a garbled contact */
	m = register_auth(f, "1889", "1889", "1234", "Contact: <<<\r\n");
	assert_int_equal(m->scode, 400);
	assert_int_equal(registrar_count(f->reg), 0);

	/* credentials that do not parse */
	m = do_register(f, "1889", "Authorization: Digest ,,,\r\n"
			"Contact: <sip:x@127.0.0.1>\r\n");
	assert_int_equal(m->scode, 400);
	/* another scheme is no answer to our challenge */
	m = do_register(f, "1889", "Authorization: Basic MTg4OToxMjM0\r\n"
			"Contact: <sip:x@127.0.0.1>\r\n");
	assert_int_equal(m->scode, 401);
	m = do_register(f, "1889", "Require: gruu\r\n");
	assert_int_equal(m->scode, 420);

	/* still serving */
	test_register_digest_ok(state);
}

static void test_huge_header_dropped(void **state)
{
	struct fixture *f = *state;
	enum { HUGE = 60000 };
	char *big = malloc(HUGE + 16);
	char *s;
	const struct sip_msg *m;

	assert_non_null(big);
	memcpy(big, "X-Big: ", 7);
	memset(big + 7, 'a', HUGE);
	memcpy(big + 7 + HUGE, "\r\n", 3);
	s = register_text(f, "1889", big);
	free(big);
	m = exchange(f, s, SILENCE_MS);
	mem_deref(s);
	if (m)
		assert_true(m->scode >= 400);
	assert_int_equal(registrar_count(f->reg), 0);
	test_options_answered(state);
}

static void test_invite_not_served(void **state)
{
	struct fixture *f = *state;
	char *s = NULL;
	const struct sip_msg *m;

	assert_int_equal(re_sdprintf(&s,
		"INVITE sip:1889@%J SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %J;branch=z9hG4bKinv1;rport\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:caller@127.0.0.1>;tag=1\r\n"
		"To: <sip:1889@%J>\r\n"
		"Call-ID: inv1@test\r\n"
		"CSeq: 1 INVITE\r\n"
		"Contact: <sip:caller@%J>\r\n"
		"Content-Length: 0\r\n\r\n", &f->srv, &f->cli, &f->srv,
		&f->cli), 0);
	m = exchange(f, s, WAIT_MS);
	mem_deref(s);
	assert_non_null(m);
	assert_int_equal(m->scode, 501);

	/* nor is an OPTIONS to a DN (a call party's business) */
	assert_int_equal(re_sdprintf(&s,
		"OPTIONS sip:1889@%J SIP/2.0\r\n"
		"Via: SIP/2.0/UDP %J;branch=z9hG4bKopt2;rport\r\n"
		"From: <sip:probe@127.0.0.1>;tag=1\r\n"
		"To: <sip:1889@%J>\r\n"
		"Call-ID: opt2@test\r\n"
		"CSeq: 1 OPTIONS\r\n"
		"Content-Length: 0\r\n\r\n", &f->srv, &f->cli, &f->srv), 0);
	m = exchange(f, s, WAIT_MS);
	mem_deref(s);
	assert_non_null(m);
	assert_int_equal(m->scode, 501);
}

/* --- TCP ---------------------------------------------------------------- */

static void tcp_estab(void *arg)
{
	struct fixture *f = arg;

	f->tcp_out->pos = 0;
	(void)tcp_send(f->tc, f->tcp_out);
}

static void tcp_recv(struct mbuf *mb, void *arg)
{
	struct fixture *f = arg;

	if (!f->resp)
		f->resp = mbuf_alloc(mbuf_get_left(mb));
	(void)mbuf_write_mem(f->resp, mbuf_buf(mb), mbuf_get_left(mb));
	if (mbuf_get_left(mb) && strstr((char *)mbuf_buf(mb), "\r\n\r\n"))
		re_cancel();
}

static void tcp_close(int err, void *arg)
{
	(void)err;
	(void)arg;
	re_cancel();
}

static const struct sip_msg *tcp_exchange(struct fixture *f,
					  const char *text)
{
	f->msg = mem_deref(f->msg);
	f->resp = mem_deref(f->resp);
	f->tc = mem_deref(f->tc);
	f->tcp_out = mem_deref(f->tcp_out);
	f->tcp_out = mbuf_alloc(strlen(text));
	assert_int_equal(mbuf_write_str(f->tcp_out, text), 0);
	assert_int_equal(tcp_connect(&f->tc, &f->srv_tcp, tcp_estab,
				     tcp_recv, tcp_close, f), 0);
	run_for(f, WAIT_MS);
	if (!f->resp)
		return NULL;
	f->resp->pos = 0;
	if (sip_msg_decode(&f->msg, f->resp))
		return NULL;
	return f->msg;
}

static void test_register_over_tcp(void **state)
{
	struct fixture *f = *state;
	char *s = register_text(f, "1889", "Contact: <sip:1889@127.0.0.1;"
				"transport=tcp>\r\n");
	const struct sip_msg *m;
	char uri[64], *auth, *lines, *s2;

	s2 = strstr(s, "SIP/2.0/UDP");
	memcpy(s2, "SIP/2.0/TCP", 11);
	m = tcp_exchange(f, s);
	mem_deref(s);
	assert_non_null(m);
	assert_int_equal(m->scode, 401);
	re_snprintf(uri, sizeof(uri), "sip:%J", &f->srv);
	auth = authorization(m, "1889", "1234", uri, 1);
	assert_int_equal(re_sdprintf(&lines, "%sContact: <sip:1889@127.0.0.1;"
				     "transport=tcp>\r\n", auth), 0);
	s = register_text(f, "1889", lines);
	s2 = strstr(s, "SIP/2.0/UDP");
	memcpy(s2, "SIP/2.0/TCP", 11);
	m = tcp_exchange(f, s);
	mem_deref(s);
	mem_deref(lines);
	mem_deref(auth);
	assert_non_null(m);
	assert_int_equal(m->scode, 200);
	assert_int_equal(registrar_lookup(f->reg, "1889")->tp,
			 SIP_TRANSP_TCP);
}

static void test_huge_header_over_tcp(void **state)
{
	struct fixture *f = *state;
	enum { HUGE = 64 * 1024 };
	char *big = malloc(HUGE + 16);
	char *s;
	const struct sip_msg *m;

	assert_non_null(big);
	memcpy(big, "X-Big: ", 7);
	memset(big + 7, 'a', HUGE);
	memcpy(big + 7 + HUGE, "\r\n", 3);
	s = register_text(f, "1889", big);
	free(big);
	m = tcp_exchange(f, s);
	mem_deref(s);
	if (m)
		assert_true(m->scode >= 400);
	assert_int_equal(registrar_count(f->reg), 0);
	test_options_answered(state);
}

/* --- libre's own registration client ------------------------------------ */

struct client {
	struct fixture *f;
	int scode;
};

static int client_auth(char **user, char **pass, const char *realm,
		       void *arg)
{
	(void)realm;
	(void)arg;
	return str_dup(user, "1890") | str_dup(pass, "1234");
}

static void client_resp(int err, const struct sip_msg *msg, void *arg)
{
	struct client *c = arg;

	c->scode = err ? -err : msg->scode;
	if (c->scode != 401)
		re_cancel();
}

static void test_libre_client_registers(void **state)
{
	struct fixture *f = *state;
	struct sip *csip = NULL;
	struct sipreg *reg = NULL;
	struct client c = {f, 0};
	struct sa local;
	char ruri[64], aor[64];

	assert_int_equal(sip_alloc(&csip, NULL, 32, 32, 32, "client", NULL,
				   NULL), 0);
	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(sip_transp_add(csip, SIP_TRANSP_UDP, &local), 0);
	re_snprintf(ruri, sizeof(ruri), "sip:%J", &f->srv);
	re_snprintf(aor, sizeof(aor), "sip:1890@%J", &f->srv);
	assert_int_equal(sipreg_register(&reg, csip, ruri, aor, NULL, aor,
					 600, "1890", NULL, 0, 0,
					 client_auth, NULL, false,
					 client_resp, &c, NULL, NULL), 0);
	run_for(f, WAIT_MS);
	assert_int_equal(c.scode, 200);
	assert_non_null(registrar_lookup(f->reg, "1890"));
	mem_deref(reg);
	sip_close(csip, true);
	mem_deref(csip);
}

/* --- OPTIONS pings to registered phones --------------------------------- */

static bool phone_request(const struct sip_msg *msg, void *arg)
{
	struct phone *p = arg;

	if (pl_strcmp(&msg->met, "OPTIONS"))
		return false;
	if (pl_strcmp(&msg->callid, p->callid)) {
		p->pings++;
		(void)pl_strcpy(&msg->callid, p->callid, sizeof(p->callid));
		(void)pl_strcpy(&msg->ruri, p->ruri, sizeof(p->ruri));
	}
	if (p->answer) {
		(void)sip_treply(NULL, p->sip, msg, p->answer, "Test");
	}
	else {
		mem_deref(p->held);
		p->held = mem_ref((struct sip_msg *)msg);
	}
	return true;
}

static void phone_reg_resp(int err, const struct sip_msg *msg, void *arg)
{
	struct phone *p = arg;

	p->reg_scode = err ? -err : msg->scode;
}

/* Registers DN 1890 over tp; the registrar pings every second. */
static void phone_start(struct fixture *f, enum sip_transp tp,
			uint16_t answer)
{
	struct phone *p = &f->phone;
	struct sa local;
	char ruri[64], aor[64];

	p->answer = answer;
	assert_int_equal(registrar_set_options_interval(f->reg, 1), 0);
	assert_int_equal(sa_set_str(&local, "127.0.0.1", 0), 0);
	assert_int_equal(sip_alloc(&p->sip, NULL, 32, 32, 32, "phone", NULL,
				   NULL), 0);
	assert_int_equal(sip_transp_add(p->sip, tp, &local), 0);
	assert_int_equal(sip_listen(&p->lsnr, p->sip, true, phone_request, p),
			 0);
	re_snprintf(ruri, sizeof(ruri), "sip:%J%s",
		    tp == SIP_TRANSP_TCP ? &f->srv_tcp : &f->srv,
		    sip_transp_param(tp));
	re_snprintf(aor, sizeof(aor), "sip:1890@%J", &f->srv);
	assert_int_equal(sipreg_register(&p->reg, p->sip, ruri, aor, NULL, aor,
					 600, "1890", NULL, 0, 0, client_auth,
					 NULL, false, phone_reg_resp, p, NULL,
					 NULL), 0);
	WAIT_FOR(f, p->reg_scode == 200, WAIT_MS);
	assert_int_equal(p->reg_scode, 200);
	assert_int_equal(registrar_lookup(f->reg, "1890")->tp, tp);
	assert_int_equal(f->registered, 1);
}

static void test_ping_answered_keeps_phone(void **state)
{
	struct fixture *f = *state;
	const struct registrar_binding *b;

	phone_start(f, SIP_TRANSP_UDP, 200);
	WAIT_FOR(f, f->phone.pings >= 3, 5000);
	assert_int_equal(f->phone.pings, 3);
	b = registrar_lookup(f->reg, "1890");
	assert_non_null(b);
	/* sent to the contact the phone registered */
	assert_string_equal(f->phone.ruri, b->uri);
	assert_int_equal(f->unregistered, 0);
}

/* A final answer, even a refusal, is the phone alive; 408 is not. */
static void test_ping_any_final_answer(void **state)
{
	struct fixture *f = *state;

	phone_start(f, SIP_TRANSP_UDP, 405);
	WAIT_FOR(f, f->phone.pings >= 1, 2000);
	assert_int_equal(f->phone.pings, 1);
	f->phone.answer = 501;
	WAIT_FOR(f, f->phone.pings >= 2, 2000);
	assert_int_equal(f->phone.pings, 2);
	assert_non_null(registrar_lookup(f->reg, "1890"));
	assert_int_equal(f->unregistered, 0);

	f->phone.answer = 408;
	WAIT_FOR(f, f->unregistered, 2000);
	assert_int_equal(f->unregistered, 1);
	assert_null(registrar_lookup(f->reg, "1890"));
}

/* No answer before the next ping is due: gone, with one OPTIONS out. */
static void test_ping_silent_phone_removed(void **state)
{
	struct fixture *f = *state;

	phone_start(f, SIP_TRANSP_UDP, 0);
	WAIT_FOR(f, f->unregistered, 4000);
	assert_int_equal(f->unregistered, 1);
	assert_string_equal(f->last_dn, "1890");
	assert_null(registrar_lookup(f->reg, "1890"));
	assert_int_equal(registrar_count(f->reg), 0);
	assert_int_equal(f->phone.pings, 1);
}

/* The phone's sockets close (its REGISTER stays, no unREGISTER). */
static void closed_phone_removed(struct fixture *f, enum sip_transp tp)
{
	phone_start(f, tp, 200);
	WAIT_FOR(f, f->phone.pings >= 1, 2000);
	assert_int_equal(f->phone.pings, 1);
	sip_transp_flush(f->phone.sip);
	WAIT_FOR(f, f->unregistered, 4000);
	assert_int_equal(f->unregistered, 1);
	assert_null(registrar_lookup(f->reg, "1890"));
}

static void test_ping_closed_udp_phone_removed(void **state)
{
	closed_phone_removed(*state, SIP_TRANSP_UDP);
}

/* Over TCP the OPTIONS goes on the phone's connection; once closed, a
 * new one to its port is refused. */
static void test_ping_closed_tcp_phone_removed(void **state)
{
	closed_phone_removed(*state, SIP_TRANSP_TCP);
}

/* The phone moves (a NAT rebinds) and registers from its new address
 * with an OPTIONS out to the old one: that one no longer counts, the
 * next goes to the new address. */
static void test_ping_follows_refresh(void **state)
{
	struct fixture *f = *state;
	char *c = NULL;
	const struct sip_msg *m;
	struct sip_msg *ping = NULL;

	phone_start(f, SIP_TRANSP_UDP, 0);
	WAIT_FOR(f, f->phone.pings >= 1, 2000);
	assert_int_equal(f->phone.pings, 1);
	assert_int_equal(re_sdprintf(&c, "Contact: <%s>\r\n",
				     registrar_lookup(f->reg, "1890")->uri), 0);
	m = register_auth(f, "1890", "1890", "1234", c);
	mem_deref(c);
	assert_int_equal(m->scode, 200);
	assert_true(sa_cmp(&registrar_lookup(f->reg, "1890")->src, &f->cli,
			   SA_ALL));

	f->resp = mem_deref(f->resp);
	WAIT_FOR(f, f->resp || f->unregistered, 2000);
	assert_int_equal(f->unregistered, 0);
	assert_non_null(f->resp);
	f->resp->pos = 0;
	assert_int_equal(sip_msg_decode(&ping, f->resp), 0);
	assert_int_equal(pl_strcmp(&ping->met, "OPTIONS"), 0);
	mem_deref(ping);
	assert_int_equal(f->phone.pings, 1);
}

static void test_ping_off_and_on(void **state)
{
	struct fixture *f = *state;

	phone_start(f, SIP_TRANSP_UDP, 200);
	assert_int_equal(registrar_set_options_interval(f->reg, 0), 0);
	run_for(f, 1200);
	assert_int_equal(f->phone.pings, 0);
	assert_int_equal(registrar_set_options_interval(NULL, 1), EINVAL);
	/* contacts already registered are pinged from then on */
	assert_int_equal(registrar_set_options_interval(f->reg, 1), 0);
	WAIT_FOR(f, f->phone.pings >= 1, 2000);
	assert_int_equal(f->phone.pings, 1);
}

/* The phone answers the OPTIONS left unanswered after all, with an
 * answer that would remove its contact if it were heard. */
static void phone_answers_late(struct fixture *f)
{
	assert_non_null(f->phone.held);
	assert_int_equal(sip_treply(NULL, f->phone.sip, f->phone.held, 408,
				    "Request Timeout"), 0);
	run_for(f, SILENCE_MS);
}

/* An OPTIONS out when its contact goes, or the registrar: its answer is
 * not heard (the ASan build checks no freed memory is used). */
static void test_ping_out_when_contact_removed(void **state)
{
	struct fixture *f = *state;

	phone_start(f, SIP_TRANSP_UDP, 0);
	WAIT_FOR(f, f->phone.pings >= 1, 2000);
	assert_int_equal(f->phone.pings, 1);
	/* the phone unregisters */
	f->phone.reg = mem_deref(f->phone.reg);
	WAIT_FOR(f, f->unregistered, WAIT_MS);
	assert_int_equal(f->unregistered, 1);
	phone_answers_late(f);
	assert_int_equal(f->unregistered, 1);
	assert_int_equal(registrar_count(f->reg), 0);
}

static void test_ping_out_when_registrar_freed(void **state)
{
	struct fixture *f = *state;

	phone_start(f, SIP_TRANSP_UDP, 0);
	WAIT_FOR(f, f->phone.pings >= 1, 2000);
	assert_int_equal(f->phone.pings, 1);
	f->reg = mem_deref(f->reg);
	phone_answers_late(f);
	assert_int_equal(f->unregistered, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nonce_lifetime),
		cmocka_unit_test_setup_teardown(test_options_answered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_register_challenged,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_digest_ok,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password_forbidden,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_dn_not_found,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_checked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forged_nonce_rechallenged,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonce_count_replay, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nonce_counts_bounded,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonce_counts_swept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unregister_expires_zero,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_flow, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wildcard_removes_all,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_interval_too_brief,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_by_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale_cseq_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_retransmission_same_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_total_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_many_contacts,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_requests,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_header_dropped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_invite_not_served, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_register_over_tcp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_huge_header_over_tcp,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_libre_client_registers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_answered_keeps_phone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_any_final_answer,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_silent_phone_removed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ping_closed_udp_phone_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ping_closed_tcp_phone_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_follows_refresh,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_off_and_on, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_ping_out_when_contact_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_ping_out_when_registrar_freed, setup, teardown),
	};
	int rc;

	if (libre_init())
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	libre_close();
	return rc;
}
