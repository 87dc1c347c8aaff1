/*
 * switch_node_test.c — the switch as a node (docs/switch-protocol.md): a
 * `--role switch` daemon on the sim backend and a `--role cti` daemon
 * driving it over TCP, or a raw protocol client (nodec.h) in the CTI's
 * place.
 *
 *   routed_call           sign in, inbound call, answer, hangup, CDR,
 *                         through the CTI's agent port
 *   cti_killed_orphans    SIGKILL the CTI mid-call: the node keeps the
 *                         call for orphan_timeout, then ends it
 *   queued_caller_keeps_music  the same for a caller in the queue: the
 *                         music goes on until the orphan timeout
 *   cti_back_leg_report   a CTI back within orphan_timeout gets the leg
 *                         report (state, bridge, flags, call id, the call
 *                         data and queue time the CTI attached), which
 *                         its admin reads with Switch.Legs
 *   link_lost_and_back    heartbeats missed (the node stopped): the CTI
 *                         reconnects and carries on with its call
 *   stale_token_refused   a newer master deposes the old one, takes its
 *                         legs over; the old token is refused
 *   report_larger_than_a_frame  call data and queue time attached to
 *                         legs, a report of several frames' size
 *   bad_frames            a bad frame, a frame before hello, a wrong
 *                         version: an error frame and a close, the node
 *                         carries on
 *   node_secret           a node with a secret: a hello without a nonce,
 *                         a wrong proof refused; the node's proof checks;
 *                         a CTI with the secret drives it, one with
 *                         another secret or none does not, and a CTI
 *                         with a secret leaves a node without one
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <re_types.h>
#include <re_mem.h>
#include <re_hmac.h>
#include "agentbar_codes.h"
#include "swframe.h"
#include "itest.h"
#include "nodec.h"

/* The node's heartbeat is 1 s: a test's control connection may be
 * silent for up to 3 s. */
static const char NODE_INI[] =
	"[switch]\norphan_timeout = 2\nnode_heartbeat_ms = 1000\n";

/* The test's daemons: stopped by teardown, after a failure too. */
static struct node_pair P;

static int teardown(void **state)
{
	(void)state;
	node_pair_stop(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

/* The inbound leg of the report (the one with call_id). */
static const json_t *report_leg(const json_t *legs, const char *call_id)
{
	const json_t *l;
	size_t i;

	json_array_foreach(legs, i, l)
		if (!strcmp(json_string_value(json_object_get(l, "dir")),
			    "in") &&
		    json_is_string(json_object_get(l, "call_id")) &&
		    !strcmp(json_string_value(json_object_get(l, "call_id")),
			    call_id))
			return l;
	return NULL;
}

typedef bool (leg_test)(const json_t *leg);

/* Until call_id's customer leg on the node passes ok (what the CTI sent
 * may still be on the way when the agent's event arrives). */
static bool wait_customer(struct nodec *ctl, const char *call_id,
			  leg_test *ok, int ms)
{
	int64_t end = itest_now_ms() + ms;

	for (;;) {
		json_t *r = nodec_ctl(ctl, "legs", NULL);
		const json_t *in = report_leg(json_object_get(r, "legs"),
					      call_id);
		bool done = in && ok(in);

		json_decref(r);
		if (done)
			return true;
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(20);
	}
}

static bool bridged(const json_t *leg)
{
	return json_is_string(json_object_get(leg, "bridge"));
}

/* the agent's call data (orphaned_call) */
static bool attached(const json_t *leg)
{
	return json_object_get(json_object_get(leg, "data"), "orderNo");
}

/* The tone of call_id's customer leg on the node ("" when no such leg). */
static const char *customer_tone(struct nodec *ctl, const char *call_id,
				 char *buf, size_t size)
{
	json_t *r = nodec_ctl(ctl, "legs", NULL);
	const json_t *in = report_leg(json_object_get(r, "legs"), call_id);

	snprintf(buf, size, "%s", in ? json_string_value(
			 json_object_get(in, "tone")) : "");
	json_decref(r);
	return buf;
}

/* Agent 2002 on DN 1882 talking with a customer through the node. */
static struct rc *talking(struct node_pair *p, struct nodec *ctl,
			  char *call_id, size_t size)
{
	struct rc *x = rc_connect(p->cti.agent_port);

	assert_int_equal(itest_signin(x, "2002", "1882", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	node_pair_inbound(ctl, call_id, size);
	json_decref(itest_expect(x, "OnAlerting", -1));
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_true(nodec_wait_legs(ctl, 2, 2000));
	assert_true(wait_customer(ctl, call_id, bridged, 2000));
	return x;
}

/* A node (settings ini) and a CTI with a call talking through it, the
 * agent's call data on it, then the CTI killed: the node has the call
 * orphaned. The control connection. */
static struct nodec *orphaned_call(struct node_pair *p, const char *ini,
				   char *call_id, size_t size)
{
	struct nodec *ctl;
	struct rc *x;

	node_pair_start_node(p, ini, false);
	node_pair_start_cti(p);
	ctl = node_pair_control(p);
	x = talking(p, ctl, call_id, size);
	assert_int_equal(itest_code(x, "SetCallData", json_pack(
		"{s:s, s:s}", "key", "orderNo", "CallData", "A-1")),
			 ArSuccess);
	assert_true(wait_customer(ctl, call_id, attached, 2000));
	daemon_kill9(&p->cti);
	rc_close(x);
	assert_true(itest_wait_log(&p->node, "CTI gone, keeping 2 legs",
				   2000));
	return ctl;
}

static void routed_call(void **state)
{
	struct nodec *ctl;
	struct rc *x, *a;
	char call_id[64];
	json_t *ev, *rows;

	(void)state;
	node_pair_start_node(&P, NODE_INI, false);
	node_pair_start_cti(&P);
	ctl = node_pair_control(&P);
	x = rc_connect(P.cti.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1882", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	node_pair_inbound(ctl, call_id, sizeof(call_id));
	ev = itest_expect(x, "OnLock", -1);
	assert_string_equal(itest_str(ev, "callID"), call_id);
	json_decref(ev);
	ev = itest_expect(x, "OnAlerting", -1);
	assert_string_equal(itest_str(ev, "otherParty"), "13800000000");
	assert_string_equal(itest_str(ev, "originalDNIS"), "4000");
	json_decref(ev);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_true(nodec_wait_legs(ctl, 2, 2000));
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	assert_true(nodec_wait_legs(ctl, 0, 2000));

	a = itest_admin(&P.cti);
	rows = itest_cdr_rows(a, call_id);
	assert_non_null(itest_cdr_row(rows, "2002"));
	json_decref(rows);
	rc_close(a);
	rc_close(x);
	nodec_close(ctl);
}

static void cti_killed_orphans(void **state)
{
	struct nodec *ctl;
	char call_id[64];

	(void)state;
	ctl = orphaned_call(&P, NODE_INI, call_id, sizeof(call_id));
	/* orphan_timeout is 2 s: still talking well within it */
	for (int i = 0; i < 10; i++) {
		assert_int_equal(nodec_leg_count(ctl), 2);
		itest_sleep_ms(100);
	}
	assert_true(nodec_wait_legs(ctl, 0, 3000));
	assert_true(daemon_log_contains(&P.node, "no CTI for 2000 ms"));
	nodec_close(ctl);
}

/* No agent: the caller waits in the queue with music; the CTI killed, the
 * music goes on until orphan_timeout ends the call. */
static void queued_caller_keeps_music(void **state)
{
	struct nodec *ctl;
	char call_id[64], tone[16];
	int64_t end;

	(void)state;
	node_pair_start_node(&P, NODE_INI, false);
	node_pair_start_cti(&P);
	ctl = node_pair_control(&P);
	node_pair_inbound(ctl, call_id, sizeof(call_id));
	end = itest_now_ms() + 2000;
	while (strcmp(customer_tone(ctl, call_id, tone, sizeof(tone)), "moh")
	       && itest_now_ms() < end)
		itest_sleep_ms(20);
	assert_string_equal(tone, "moh");
	daemon_kill9(&P.cti);
	assert_true(itest_wait_log(&P.node, "CTI gone, keeping 1 legs",
				   2000));
	for (int i = 0; i < 10; i++) {
		assert_string_equal(customer_tone(ctl, call_id, tone,
						  sizeof(tone)), "moh");
		itest_sleep_ms(100);
	}
	assert_true(nodec_wait_legs(ctl, 0, 3000));
	nodec_close(ctl);
}

static void cti_back_leg_report(void **state)
{
	struct nodec *ctl;
	char call_id[64];
	const json_t *in;
	struct rc *a;
	json_t *r;

	(void)state;
	ctl = orphaned_call(&P, "[switch]\norphan_timeout = 30\n"
			    "node_heartbeat_ms = 1000\n", call_id,
			    sizeof(call_id));
	daemon_restart(&P.cti);
	assert_true(itest_wait_log(&P.cti, "master with token 1, 2 live "
				   "legs reported", 5000));
	assert_true(itest_wait_log(&P.node, "token 1, 2 legs reported",
				   2000));

	/* what the CTI got, as its admin sees it */
	a = itest_admin(&P.cti);
	r = rc_call(a, "Switch.Legs", NULL);
	assert_int_equal(rc_code(r), 0);
	assert_int_equal(json_array_size(json_object_get(r, "data")), 2);
	in = report_leg(json_object_get(r, "data"), call_id);
	assert_non_null(in);
	assert_string_equal(json_string_value(json_object_get(in, "state")),
			    "answered");
	assert_string_equal(json_string_value(json_object_get(in, "ani")),
			    "13800000000");
	assert_true(json_is_string(json_object_get(in, "bridge")));
	assert_int_equal(json_integer_value(json_object_get(in, "flags")), 3);
	/* what the CTI attached: the agent's call data, the queue time */
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(in, "data"), "orderNo")), "A-1");
	assert_true(json_integer_value(json_object_get(in, "queued_at")) >
		    1700000000000000LL);
	json_decref(r);
	rc_close(a);
	nodec_close(ctl);
}

/* The node stops answering (SIGSTOP) for longer than three heartbeats:
 * the CTI drops the link and keeps trying; when the node runs again it
 * takes the same CTI back, which carries on with the call it had. */
static void link_lost_and_back(void **state)
{
	struct nodec *ctl;
	struct rc *x;
	char call_id[64];

	(void)state;
	node_pair_start_node(&P, "[switch]\norphan_timeout = 30\n"
			     "node_heartbeat_ms = 200\n", false);
	node_pair_start_cti(&P);
	ctl = node_pair_control(&P);
	x = talking(&P, ctl, call_id, sizeof(call_id));
	nodec_close(ctl);
	assert_int_equal(kill(P.node.pid, SIGSTOP), 0);
	assert_true(itest_wait_log(&P.cti, "link lost (Connection timed out)",
				   3000));
	assert_int_equal(kill(P.node.pid, SIGCONT), 0);
	assert_true(itest_wait_log(&P.node, "token 1, 2 legs reported",
				   5000));
	assert_true(itest_wait_log(&P.cti, "master with token 1, 2 live "
				   "legs reported", 5000));
	/* the same call, still the core's: the agent ends it */
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	ctl = node_pair_control(&P);
	assert_true(nodec_wait_legs(ctl, 0, 2000));
	assert_false(daemon_log_contains(&P.cti, "ended while away"));
	rc_close(x);
	nodec_close(ctl);
}

static json_t *originate(long long token, long long leg)
{
	return json_pack("{s:s, s:I, s:i, s:s, s:I, s:s, s:s, s:s}", "t",
			 "cmd", "token", (json_int_t)token, "seq", 1, "op",
			 "originate", "leg", (json_int_t)leg, "kind", "phone",
			 "dest", "1883", "caller", "4000");
}

static const char *code_of(const json_t *f)
{
	const char *s = json_string_value(json_object_get(f, "code"));

	return s ? s : "";
}

/* The next frame of type t (events before it are skipped). */
static json_t *next_of(struct nodec *c, const char *t)
{
	json_t *f;

	while ((f = nodec_read(c, ITEST_TIMEOUT_MS))) {
		if (!strcmp(json_string_value(json_object_get(f, "t")), t))
			return f;
		json_decref(f);
	}
	fail_msg("no %s frame", t);
	return NULL;
}

static void stale_token_refused(void **state)
{
	const long long leg = (1LL << 62) | 1;
	struct nodec *a, *b, *a2;
	json_t *f;

	(void)state;
	node_pair_start_node(&P, NODE_INI, false);
	a = nodec_connect(P.node.node_port);
	f = nodec_hello(a, "master", 5);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "welcome");
	json_decref(f);
	/* A rings a phone: a leg the next master will find in its report */
	nodec_send(a, originate(5, leg));
	f = next_of(a, "ack");
	assert_int_equal(json_integer_value(json_object_get(f, "err")), 0);
	json_decref(f);

	b = nodec_connect(P.node.node_port);
	f = nodec_hello(b, "master", 7);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "welcome");
	json_decref(f);
	f = next_of(b, "leg");
	assert_int_equal(json_integer_value(json_object_get(f, "leg")), leg);
	json_decref(f);
	f = nodec_read(b, ITEST_TIMEOUT_MS);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "synced");
	json_decref(f);

	/* A is told and dropped; its late commands cannot arrive */
	f = next_of(a, "error");
	assert_string_equal(code_of(f), "deposed");
	json_decref(f);
	assert_true(nodec_wait_closed(a, ITEST_TIMEOUT_MS));

	/* A comes back with its old token: refused */
	a2 = nodec_connect(P.node.node_port);
	f = nodec_hello(a2, "master", 5);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "error");
	assert_string_equal(code_of(f), "stale_token");
	json_decref(f);
	assert_true(nodec_wait_closed(a2, ITEST_TIMEOUT_MS));

	/* a command with the old token on B's link is refused too */
	nodec_send(b, json_pack("{s:s, s:i, s:i, s:s, s:I}", "t", "cmd",
				"token", 5, "seq", 9, "op", "hangup", "leg",
				(json_int_t)leg));
	f = next_of(b, "ack");
	assert_int_not_equal(json_integer_value(json_object_get(f, "err")), 0);
	assert_string_equal(code_of(f), "stale_token");
	json_decref(f);
	/* the leg is still there, and B, the master, may end it */
	nodec_send(b, json_pack("{s:s, s:i, s:i, s:s, s:I}", "t", "cmd",
				"token", 7, "seq", 10, "op", "hangup", "leg",
				(json_int_t)leg));
	f = next_of(b, "ack");
	assert_int_equal(json_integer_value(json_object_get(f, "err")), 0);
	json_decref(f);
	nodec_close(a);
	nodec_close(a2);
	nodec_close(b);
}

/* A master attaches call data (32 pairs of 1000 bytes) and a queue time
 * to three legs: the report, some 100 KB, reaches the next master whole,
 * a frame per leg. */
static void report_larger_than_a_frame(void **state)
{
	const long long leg0 = (1LL << 62) | 1;
	struct nodec *a, *b;
	char value[1001];
	json_t *f, *data = json_object();

	(void)state;
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = 0;
	for (int i = 0; i < 32; i++) {
		char key[8];

		snprintf(key, sizeof(key), "k%d", i);
		json_object_set_new(data, key, json_string(value));
	}
	node_pair_start_node(&P, NODE_INI, false);
	a = nodec_connect(P.node.node_port);
	json_decref(nodec_hello(a, "master", 1));
	for (long long i = 0; i < 3; i++) {
		nodec_send(a, originate(1, leg0 + i));
		f = next_of(a, "ack");
		assert_int_equal(json_integer_value(json_object_get(f, "err")),
				 0);
		json_decref(f);
		nodec_send(a, json_pack("{s:s, s:i, s:i, s:s, s:I, s:O, s:I}",
					"t", "cmd", "token", 1, "seq", 2, "op",
					"attach", "leg", (json_int_t)(leg0 + i),
					"data", data, "queued_at",
					(json_int_t)1765000000000000LL));
		f = next_of(a, "ack");
		assert_int_equal(json_integer_value(json_object_get(f, "err")),
				 0);
		json_decref(f);
	}
	b = nodec_connect(P.node.node_port);
	json_decref(nodec_hello(b, "master", 2));
	for (long long i = 0; i < 3; i++) {
		f = next_of(b, "leg");
		assert_int_equal(json_integer_value(json_object_get(f, "leg")),
				 leg0 + i);
		assert_true(json_equal(json_object_get(f, "data"), data));
		assert_int_equal(json_integer_value(json_object_get(
			f, "queued_at")), 1765000000000000LL);
		json_decref(f);
	}
	f = nodec_read(b, ITEST_TIMEOUT_MS);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "synced");
	json_decref(f);
	json_decref(data);
	nodec_close(a);
	nodec_close(b);
}

/* Sends bad, expects an error frame with code and a close. */
static void refused(const struct node_pair *p, const void *bad, size_t len,
		    const char *code)
{
	struct nodec *c = nodec_connect(p->node.node_port);
	json_t *f;

	nodec_send_raw(c, bad, len);
	f = nodec_read(c, ITEST_TIMEOUT_MS);
	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "error");
	assert_string_equal(code_of(f), code);
	json_decref(f);
	assert_true(nodec_wait_closed(c, ITEST_TIMEOUT_MS));
	nodec_close(c);
}

static void bad_frames(void **state)
{
	static const char huge[] = "\xff\xff\xff\xff{}";
	static const char notjson[] = "\0\0\0\x05hello";
	static const char early[] = "\0\0\0\x0b{\"t\":\"cmd\"}";
	static const char version[] =
		"\0\0\0\x24{\"t\":\"hello\",\"v\":99,\"role\":\"master\"}";
	struct nodec *ctl;

	(void)state;
	node_pair_start_node(&P, NODE_INI, false);
	refused(&P, huge, sizeof(huge) - 1, "bad_frame");
	refused(&P, notjson, sizeof(notjson) - 1, "bad_frame");
	refused(&P, early, sizeof(early) - 1, "bad_hello");
	refused(&P, version, sizeof(version) - 1, "version");
	/* still serving */
	ctl = node_pair_control(&P);
	assert_int_equal(nodec_leg_count(ctl), 0);
	nodec_close(ctl);
}

static const char SECRET[] = "a node secret of 32 characters!!";

/* HMAC-SHA256(secret, who ":" nonce) in hex: the protocol's proof */
static void proof_of(char out[65], const char *secret, const char *who,
		     const char *nonce)
{
	struct hmac *h = NULL;
	uint8_t md[32];
	char msg[128];

	snprintf(msg, sizeof(msg), "%s:%s", who, nonce);
	assert_int_equal(hmac_create(&h, HMAC_HASH_SHA256,
				     (const uint8_t *)secret, strlen(secret)),
			 0);
	assert_int_equal(hmac_digest(h, md, sizeof(md), (uint8_t *)msg,
				     strlen(msg)), 0);
	mem_deref(h);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* A control hello with nonce: the node's challenge, its proof checked. */
static json_t *challenged(struct nodec *c, const char *nonce)
{
	char want[65];
	json_t *f;

	nodec_send(c, json_pack("{s:s, s:i, s:s, s:s}", "t", "hello", "v",
				SWFRAME_VERSION, "role", "control", "nonce",
				nonce));
	f = nodec_read(c, ITEST_TIMEOUT_MS);
	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "challenge");
	proof_of(want, SECRET, "node", nonce);
	assert_string_equal(json_string_value(json_object_get(f, "proof")),
			    want);
	return f;
}

static void refused_auth(struct nodec *c)
{
	json_t *f = nodec_read(c, ITEST_TIMEOUT_MS);

	assert_non_null(f);
	assert_string_equal(code_of(f), "bad_auth");
	json_decref(f);
	assert_true(nodec_wait_closed(c, ITEST_TIMEOUT_MS));
	nodec_close(c);
}

static void node_secret(void **state)
{
	static const char nonce[] = "00112233445566778899aabbccddeeff";
	char ini[256], cti[256], proof[65];
	struct nodec *c;
	json_t *ch, *f;
	struct rc *x;

	(void)state;
	snprintf(ini, sizeof(ini), "%snode_secret = %s\n", NODE_INI, SECRET);
	node_pair_start_node(&P, ini, false);
	/* no nonce, a short one: refused */
	c = nodec_connect(P.node.node_port);
	f = nodec_hello(c, "control", 0);
	assert_string_equal(code_of(f), "bad_auth");
	json_decref(f);
	nodec_close(c);
	c = nodec_connect(P.node.node_port);
	nodec_send(c, json_pack("{s:s, s:i, s:s, s:s}", "t", "hello", "v",
				SWFRAME_VERSION, "role", "control", "nonce",
				"abc"));
	refused_auth(c);
	/* a proof made with another secret */
	c = nodec_connect(P.node.node_port);
	ch = challenged(c, nonce);
	proof_of(proof, "another secret of 16 chars or more", "cti",
		 json_string_value(json_object_get(ch, "nonce")));
	nodec_send(c, json_pack("{s:s, s:s}", "t", "auth", "proof", proof));
	refused_auth(c);
	json_decref(ch);
	/* the node's own proof sent back is no proof */
	c = nodec_connect(P.node.node_port);
	ch = challenged(c, nonce);
	nodec_send(c, json_pack("{s:s, s:O}", "t", "auth", "proof",
				json_object_get(ch, "proof")));
	refused_auth(c);
	json_decref(ch);
	/* the right one: welcomed */
	c = nodec_connect(P.node.node_port);
	ch = challenged(c, nonce);
	proof_of(proof, SECRET, "cti",
		 json_string_value(json_object_get(ch, "nonce")));
	nodec_send(c, json_pack("{s:s, s:s}", "t", "auth", "proof", proof));
	f = nodec_read(c, ITEST_TIMEOUT_MS);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "welcome");
	json_decref(f);
	json_decref(ch);
	nodec_close(c);

	/* a CTI without the secret, then with another: never master */
	node_pair_launch_cti(&P);
	assert_true(itest_wait_log(&P.cti, "asks for the node secret", 5000));
	daemon_stop(&P.cti);
	daemon_cleanup(&P.cti);
	P.cti_ini = "node_secret = another secret of 16 chars or more\n";
	node_pair_launch_cti(&P);
	assert_true(itest_wait_log(&P.cti, "did not prove the node secret",
				   5000));
	assert_false(daemon_log_contains(&P.cti, "master with token"));
	daemon_stop(&P.cti);
	daemon_cleanup(&P.cti);
	/* with it: a call goes through */
	snprintf(cti, sizeof(cti), "node_secret = %s\n", SECRET);
	P.cti_ini = cti;
	node_pair_start_cti(&P);
	x = rc_connect(P.cti.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1882", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	rc_close(x);
	node_pair_stop(&P);

	/* a CTI with a secret leaves a node without one */
	node_pair_start_node(&P, NODE_INI, false);
	P.cti_ini = cti;
	node_pair_launch_cti(&P);
	assert_true(itest_wait_log(&P.cti, "has no node secret", 5000));
	assert_false(daemon_log_contains(&P.cti, "master with token"));
	assert_false(daemon_log_contains(&P.cti, SECRET));
	assert_false(daemon_log_contains(&P.node, SECRET));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(routed_call, teardown),
		cmocka_unit_test_teardown(cti_killed_orphans, teardown),
		cmocka_unit_test_teardown(queued_caller_keeps_music, teardown),
		cmocka_unit_test_teardown(cti_back_leg_report, teardown),
		cmocka_unit_test_teardown(link_lost_and_back, teardown),
		cmocka_unit_test_teardown(stale_token_refused, teardown),
		cmocka_unit_test_teardown(report_larger_than_a_frame,
					  teardown),
		cmocka_unit_test_teardown(bad_frames, teardown),
		cmocka_unit_test_teardown(node_secret, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
