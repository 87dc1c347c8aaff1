/*
 * sip_failover_test.c — calls survive the CTI main's crash on the SIP
 * switch (issue 11 §5): PostgreSQL (pg_harness), one SIP switch node, a
 * main CTI on 127.0.0.1 and a backup on 127.0.0.2 (ctipair.h), and
 * AGENTS demo agents (19: all but the monitor, 2001) on C SDK bars, each
 * with a sipp phone registered on the node (tests/sipp/phone_talks.xml:
 * answers, then speaks G.711 until the switch's BYE).
 *
 * AGENTS customers (tests/sipp/customer_stays.xml: speak until the
 * switch's BYE, never hang up) talk with the agents and AGENTS more wait in
 * the queue, one after the other; the queue (GetSkillWaitingCallInfo on
 * the main) lists them in the order they called. Then the main gets
 * SIGKILL (the SIGSTOP case is pair_failover_test's, on the sim node).
 * Asserted:
 *   - every bar raises OnMasterChanged(ACD_MASTERCHANGE), then
 *     OnMasterChanged(ACD_RELOGINSUCCESS), and is back talking;
 *   - no BYE reaches a customer or a phone: every sipp is still in its
 *     call, and the node still holds every leg;
 *   - media flowed on through the takeover: the node's RTP counters (ctl
 *     "stats"), received and sent, each grew by more than the speakers
 *     outside the talking calls could make them (rtp_floor());
 *   - as the agents release one by one, each talking customer gets its
 *     BYE and ends as scripted, each agent's phone too; a new phone on the
 *     same port gets the next queued customer, in the order they called;
 *   - when all are released every sipp ends as scripted, the node holds no
 *     leg, and every call has exactly one CDR row with its agent.
 * Printed: the takeover time, the re-sign-in times (p50, max) and the RTP
 * counts against their floor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ctipair.h"
#include "evrec.h"
#include "itest.h"
#include "pg_harness.h"
#include "sipflow.h"
#include "sipp.h"

enum { AGENTS = 19, FIRST_AGENT = 2002, FIRST_DN = 1880,
       SIPP_S = 90,          /* a sipp's -timeout: the whole test */
       /* g711a.pcap: 236 packets in 7.05 s, a packet every 30 ms */
       PCAP_PPS = 33,
       RTP_WINDOW_MS = 2000 };   /* the RTP counts over this at least */

/* The node keeps calls without a CTI for a minute and pings no phone (a
 * phone's sipp would take an OPTIONS for a call it does not know). */
static const char NODE_INI[] =
	"[switch]\norphan_timeout = 60\nnode_heartbeat_ms = 1000\n"
	"[sip]\noptions_interval = 0\n";
static const char TAG[] = "sip_failover";

/* What goes with bars[i]. */
struct agent {
	uint16_t port;            /* its phone's SIP port */
	struct sipp phone;
	int customer;             /* the talking customer it got */
};

struct rtp_count {
	long long received, sent;
	int64_t at;               /* ms */
};

/* The test's daemons, bars and sipps: stopped by teardown, after a
 * failure too (sipp_kill_all). */
static struct cti_pair P;
static struct pair_bar bars[AGENTS];
static struct agent ag[AGENTS];
static struct sipp talking[AGENTS], queued[AGENTS];
static char queued_id[AGENTS][64];

static int setup(void **state)
{
	(void)state;
	return pg_harness_newdb(P.url, sizeof(P.url));
}

static int teardown(void **state)
{
	(void)state;
	sipp_kill_all();
	for (int i = 0; i < AGENTS; i++)
		pair_bar_free(&bars[i]);
	cti_pair_stop(&P);
	return 0;
}

static void ani_of(int n, char *ani, size_t size)
{
	snprintf(ani, size, "139%08d", n);
}

/* Customer n (of 2 * AGENTS, in the order they call) calls 4000. */
static void customer_start(struct sipp *s, int n)
{
	char ani[16];
	const struct sipp_opts o = {
		.scenario = "customer_stays.xml", .service = "4000",
		.remote_port = P.np.node.sip_port, .ani = ani,
		.timeout_s = SIPP_S,
	};

	ani_of(n, ani, sizeof(ani));
	sipp_start(s, &o);
}

/* Agent i's phone, on the port it registered from, waits for a call. */
static void phone_start(int i)
{
	char dn[16];
	const struct sipp_opts o = {
		.scenario = "phone_talks.xml", .port = ag[i].port,
		.service = dn, .timeout_s = SIPP_S,
	};

	snprintf(dn, sizeof(dn), "%d", FIRST_DN + i);
	sipp_start(&ag[i].phone, &o);
}

/* Agent i's phone registered, and listening. */
static void phone_register(int i)
{
	char dn[16];

	snprintf(dn, sizeof(dn), "%d", FIRST_DN + i);
	ag[i].port = itest_steady_port(false);
	sipflow_register(&P.np.node, dn, ag[i].port, false);
	phone_start(i);
}

/* The customer number of a call event: n of ani_of(n). */
static int customer_of(const struct ev *e)
{
	char want[16];
	int n = atoi(e->otherParty + 3);

	ani_of(n, want, sizeof(want));
	assert_string_equal(e->otherParty, want);
	return n;
}

/* The waiting calls of skill 示例 on the CTI of admin (QueueInfoT, head
 * first); a new reference. */
static json_t *waiting_calls(struct rc *admin)
{
	json_t *r = rc_call(admin, "GetSkillWaitingCallInfo",
			    json_pack("{s:s}", "skill", "示例"));
	json_t *q;

	assert_int_equal(rc_code(r), ArSuccess);
	q = rc_data_json(r);
	json_decref(r);
	assert_true(json_is_array(q));
	return q;
}

static void queue_grows_to(struct rc *admin, size_t n)
{
	int64_t end = itest_now_ms() + ITEST_TIMEOUT_MS;

	for (;;) {
		json_t *q = waiting_calls(admin);
		size_t have = json_array_size(q);

		json_decref(q);
		if (have == n)
			return;
		if (itest_now_ms() >= end)
			fail_msg("%zu calls queued, not %zu", have, n);
		itest_sleep_ms(20);
	}
}

/* Every agent talks with a customer, the next AGENTS customers queue one
 * after the other; queued_id[] gets the queue from the main, head first,
 * which must be the order they called in. */
static void scene(void)
{
	struct rc *admin;
	struct nodec *ctl;
	json_t *q;

	cti_pair_start(&P, NODE_INI, true);
	/* every phone first: the node tells the CTI of each (a SignIn on a
	 * DN it does not know registered fails), well before its agent
	 * signs in */
	for (int i = 0; i < AGENTS; i++)
		phone_register(i);
	for (int i = 0; i < AGENTS; i++)
		pair_bar_start(&bars[i], &P, FIRST_AGENT + i, FIRST_DN + i);
	for (int i = 0; i < AGENTS; i++)
		customer_start(&talking[i], i);
	for (int i = 0; i < AGENTS; i++) {
		const struct ev *e = evrec_wait(bars[i].rec, "OnConnected",
						ITEST_TIMEOUT_MS);

		assert_non_null(e);
		snprintf(bars[i].call_id, sizeof(bars[i].call_id), "%s",
			 e->callID);
		ag[i].customer = customer_of(e);
	}
	admin = cti_pair_admin(&P, "127.0.0.1");
	for (int i = 0; i < AGENTS; i++) {
		customer_start(&queued[i], AGENTS + i);
		queue_grows_to(admin, (size_t)i + 1);
	}
	q = waiting_calls(admin);
	for (int i = 0; i < AGENTS; i++) {
		const json_t *c = json_array_get(q, (size_t)i);
		char ani[16];

		ani_of(AGENTS + i, ani, sizeof(ani));
		assert_string_equal(itest_str(c, "origCaller"), ani);
		snprintf(queued_id[i], sizeof(queued_id[i]), "%s",
			 itest_str(c, "callId"));
	}
	json_decref(q);
	rc_close(admin);
	ctl = node_pair_control(&P.np);
	assert_true(nodec_wait_legs(ctl, 3 * AGENTS, ITEST_TIMEOUT_MS));
	nodec_close(ctl);
	itest_sleep_ms(300);   /* the last notes on their way to the node */
}

static struct rtp_count rtp_now(void)
{
	struct nodec *ctl = node_pair_control(&P.np);
	json_t *r = nodec_ctl(ctl, "stats", NULL);
	const json_t *st = json_object_get(r, "stats");
	struct rtp_count c = {itest_int(st, "rtp_received"),
			      itest_int(st, "rtp_sent"), itest_now_ms()};

	assert_int_equal(itest_int(r, "err"), 0);
	json_decref(r);
	nodec_close(ctl);
	return c;
}

/* Two thirds of what the callers speak in ms (every customer and every
 * agent on a call, PCAP_PPS each), received and sent by the node alike
 * (it sends more: it relays in 20 ms packets and plays the queue music).
 * The talking calls are two thirds of the speakers: without their media
 * neither count could reach it. */
static long long rtp_floor(int64_t ms)
{
	return (long long)3 * AGENTS * PCAP_PPS * ms / 1000 * 2 / 3;
}

/* No BYE reached anyone: every sipp still in its call, every leg up; the
 * media flowed on from before to now (RTP_WINDOW_MS at least). */
static void nobody_hung_up(const struct rtp_count *before)
{
	struct rtp_count now;
	long long got, sent, floor;
	struct nodec *ctl;

	if (itest_now_ms() < before->at + RTP_WINDOW_MS)
		itest_sleep_ms((int)(before->at + RTP_WINDOW_MS -
				     itest_now_ms()));
	now = rtp_now();
	got = now.received - before->received;
	sent = now.sent - before->sent;
	floor = rtp_floor(now.at - before->at);
	fprintf(stderr, "%s: RTP over the takeover (%lld ms): received %lld, "
		"sent %lld packets; floor %lld\n", TAG,
		(long long)(now.at - before->at), got, sent, floor);
	assert_true(got >= floor);
	assert_true(sent >= floor);
	for (int i = 0; i < AGENTS; i++) {
		assert_true(sipp_running(&talking[i]));
		assert_true(sipp_running(&queued[i]));
		assert_true(sipp_running(&ag[i].phone));
	}
	ctl = node_pair_control(&P.np);
	assert_int_equal(nodec_leg_count(ctl), 3 * AGENTS);
	nodec_close(ctl);
}

/* The agents release one by one: the customer and the phone each get
 * their BYE, and the agent, Ready again, is given the head of the queue
 * (OnLock); a new phone on the same port gets its call (the INVITE, sent
 * before the phone listens, comes again 500 ms later). Then all hang
 * up. */
static void served_in_order(void)
{
	struct nodec *ctl;

	for (int i = 0; i < AGENTS; i++) {
		const struct ev *e;

		assert_int_equal(ab_ReleaseCall(bars[i].bar), ArSuccess);
		assert_int_equal(sipp_wait(&talking[ag[i].customer]), 0);
		assert_int_equal(sipp_wait(&ag[i].phone), 0);
		phone_start(i);
		e = evrec_wait(bars[i].rec, "OnLock", ITEST_TIMEOUT_MS);
		assert_non_null(e);
		assert_string_equal(e->callID, queued_id[i]);
	}
	for (int i = 0; i < AGENTS; i++) {
		const struct ev *e = evrec_wait(bars[i].rec, "OnConnected",
						ITEST_TIMEOUT_MS);

		assert_non_null(e);
		assert_string_equal(e->callID, queued_id[i]);
		assert_int_equal(customer_of(e), AGENTS + i);
	}
	for (int i = 0; i < AGENTS; i++) {
		assert_int_equal(ab_ReleaseCall(bars[i].bar), ArSuccess);
		assert_non_null(evrec_wait(bars[i].rec, "OnReady",
					   ITEST_TIMEOUT_MS));
		assert_int_equal(sipp_wait(&queued[i]), 0);
		assert_int_equal(sipp_wait(&ag[i].phone), 0);
	}
	ctl = node_pair_control(&P.np);
	assert_true(nodec_wait_legs(ctl, 0, ITEST_TIMEOUT_MS));
	nodec_close(ctl);
}

static void main_killed(void **state)
{
	struct rtp_count before;
	int64_t t0;

	(void)state;
	scene();
	before = rtp_now();
	t0 = itest_now_ms();
	daemon_kill9(&P.np.cti);
	cti_pair_takeover(&P, t0, TAG);
	pair_bars_back(bars, AGENTS, t0, TAG);
	nobody_hung_up(&before);
	served_in_order();
	pair_cdr_once(&P, bars, AGENTS, FIRST_AGENT, queued_id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(main_killed, setup, teardown),
	};

	if (!pg_harness_start())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
