/*
 * pair_failover_test.c — calls survive the CTI main's crash (issue 11):
 * PostgreSQL (pg_harness), one sim switch node, a main CTI on 127.0.0.1
 * and a backup on 127.0.0.2 (the same agent port, as the manual's
 * MainCTIIP / BackCTIIP / CTIPort imply) leading by the database's lock,
 * and every demo agent (19) on a C SDK bar with both addresses.
 *
 * 19 customers talk with the agents and 19 more wait in the queue; then
 * the main dies (SIGKILL), hangs (SIGSTOP; the stale main, resumed, steps
 * down), is shut down (SIGTERM), or loses its database (PostgreSQL
 * restarts; it steps down). Asserted:
 *   - the node never ends a customer's leg: all 57 legs stay up;
 *   - every bar raises OnMasterChanged(ACD_MASTERCHANGE), then
 *     OnMasterChanged(ACD_RELOGINSUCCESS), and is back talking, on the
 *     same call id;
 *   - the queued customers are answered in the order they called, as the
 *     agents free up one by one;
 *   - every call has exactly one CDR row with its agent.
 * The takeover time and the re-sign-in times (p50, max) are printed.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "ctipair.h"
#include "evrec.h"
#include "itest.h"
#include "pg_harness.h"

enum { AGENTS = 19, FIRST_AGENT = 2002, FIRST_DN = 1880 };

static const char NODE_INI[] =
	"[switch]\norphan_timeout = 60\nnode_heartbeat_ms = 1000\n";

/* The test's daemons and bars: stopped by teardown, after a failure too. */
static struct cti_pair P;
static struct pair_bar bars[AGENTS];

static int setup(void **state)
{
	(void)state;
	return pg_harness_newdb(P.url, sizeof(P.url));
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < AGENTS; i++)
		pair_bar_free(&bars[i]);
	cti_pair_stop(&P);
	/* database_restarts may have failed with the server stopped */
	return pg_harness_restart();
}

/* A customer calling 4000 from a number of its own; its call id. */
static void customer(struct nodec *ctl, int n, char *call_id, size_t size)
{
	char ani[32];
	json_t *r;

	snprintf(ani, sizeof(ani), "139%08d", n);
	r = nodec_ctl(ctl, "sim_inbound", json_pack("{s:s, s:s}", "ani", ani,
						    "dnis", "4000"));
	assert_int_equal(itest_int(r, "err"), 0);
	snprintf(call_id, size, "%s", itest_str(r, "call_id"));
	json_decref(r);
}

/*
 * The scene before the crash: the pair, every agent talking with a
 * customer, as many customers queued (their call ids into queued[], in
 * the order they called).
 */
static void scene(char queued[AGENTS][64])
{
	struct nodec *ctl;
	char id[64];

	cti_pair_start(&P, NODE_INI, false);
	ctl = node_pair_control(&P.np);
	for (int i = 0; i < AGENTS; i++)
		pair_bar_start(&bars[i], &P, FIRST_AGENT + i, FIRST_DN + i);
	for (int i = 0; i < AGENTS; i++) {
		customer(ctl, i, id, sizeof(id));
		itest_sleep_ms(20);
	}
	for (int i = 0; i < AGENTS; i++) {
		const struct ev *e = evrec_wait(bars[i].rec, "OnConnected",
						ITEST_TIMEOUT_MS);

		assert_non_null(e);
		snprintf(bars[i].call_id, sizeof(bars[i].call_id), "%s",
			 e->callID);
	}
	for (int i = 0; i < AGENTS; i++) {
		customer(ctl, AGENTS + i, queued[i], sizeof(queued[i]));
		itest_sleep_ms(20);
	}
	assert_true(nodec_wait_legs(ctl, 3 * AGENTS, ITEST_TIMEOUT_MS));
	itest_sleep_ms(300);   /* the last notes on their way to the node */
	nodec_close(ctl);
}

/* After the takeover: no customer lost, the queue served in order, one
 * CDR row a call. */
static void served_in_order(char queued[AGENTS][64])
{
	struct nodec *ctl = node_pair_control(&P.np);

	assert_int_equal(nodec_leg_count(ctl), 3 * AGENTS);
	for (int i = 0; i < AGENTS; i++) {
		const struct ev *e;

		assert_int_equal(ab_ReleaseCall(bars[i].bar), ArSuccess);
		e = evrec_wait(bars[i].rec, "OnConnected", ITEST_TIMEOUT_MS);
		assert_non_null(e);
		assert_string_equal(e->callID, queued[i]);
	}
	for (int i = 0; i < AGENTS; i++) {
		assert_int_equal(ab_ReleaseCall(bars[i].bar), ArSuccess);
		assert_non_null(evrec_wait(bars[i].rec, "OnReady",
					   ITEST_TIMEOUT_MS));
	}
	assert_true(nodec_wait_legs(ctl, 0, ITEST_TIMEOUT_MS));

	pair_cdr_once(&P, bars, AGENTS, FIRST_AGENT, queued);
	nodec_close(ctl);
}

/* The main exits with status st (SIGTERM: 0, stepping down: 3). */
static void main_exits(int st)
{
	int status = itest_wait_exit(P.np.cti.pid, PAIR_TAKEOVER_MS);

	P.np.cti.pid = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), st);
}

static void main_killed(void **state)
{
	char queued[AGENTS][64];
	int64_t t0;

	(void)state;
	scene(queued);
	t0 = itest_now_ms();
	daemon_kill9(&P.np.cti);
	cti_pair_takeover(&P, t0, "pair_failover (SIGKILL)");
	pair_bars_back(bars, AGENTS, t0, "pair_failover (SIGKILL)");
	served_in_order(queued);
}

static void main_stopped(void **state)
{
	char queued[AGENTS][64];
	int64_t t0;

	(void)state;
	scene(queued);
	t0 = itest_now_ms();
	assert_int_equal(kill(P.np.cti.pid, SIGSTOP), 0);
	cti_pair_takeover(&P, t0, "pair_failover (SIGSTOP)");
	pair_bars_back(bars, AGENTS, t0, "pair_failover (SIGSTOP)");
	/* the stale main, resumed, finds its lock gone and steps down
	 * without touching the calls or the CDR */
	assert_int_equal(kill(P.np.cti.pid, SIGCONT), 0);
	main_exits(3);
	served_in_order(queued);
}

/* Maintenance: the main is stopped cleanly (SIGTERM). It leaves its
 * calls on the node and its bars sign in on the backup. */
static void main_shut_down(void **state)
{
	char queued[AGENTS][64];
	int64_t t0;

	(void)state;
	scene(queued);
	t0 = itest_now_ms();
	assert_int_equal(kill(P.np.cti.pid, SIGTERM), 0);
	main_exits(0);
	cti_pair_takeover(&P, t0, "pair_failover (SIGTERM)");
	pair_bars_back(bars, AGENTS, t0, "pair_failover (SIGTERM)");
	served_in_order(queued);
}

/* PostgreSQL restarts: the main steps down (status 3), leaving its calls
 * on the node; the database back, the backup leads and takes them. */
static void database_restarts(void **state)
{
	char queued[AGENTS][64];
	int64_t t0;

	(void)state;
	scene(queued);
	t0 = itest_now_ms();
	assert_int_equal(pg_harness_stop(), 0);
	main_exits(3);
	assert_int_equal(pg_harness_restart(), 0);
	cti_pair_takeover(&P, t0, "pair_failover (PostgreSQL restart)");
	pair_bars_back(bars, AGENTS, t0,
		       "pair_failover (PostgreSQL restart)");
	served_in_order(queued);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(main_killed, setup, teardown),
		cmocka_unit_test_setup_teardown(main_stopped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(main_shut_down, setup,
						teardown),
		cmocka_unit_test_setup_teardown(database_restarts, setup,
						teardown),
	};

	if (!pg_harness_start())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
