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
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "evrec.h"
#include "itest.h"
#include "nodec.h"
#include "pg_harness.h"
#include "../../lib/agentbar/timers.h"

enum { AGENTS = 19, FIRST_AGENT = 2002, FIRST_DN = 1880,
       TAKEOVER_MS = 10000, RELOGIN_MS = 20000 };

static const char NODE_INI[] =
	"[switch]\norphan_timeout = 60\nnode_heartbeat_ms = 1000\n";

struct agent_bar {
	AgentBar *bar;
	struct evrec *rec;
	char call_id[64];      /* the call it talks on */
};

/* The test's daemons and bars: stopped by teardown, after a failure too. */
static struct node_pair P;
static struct daemon B;
static bool has_b;
static struct agent_bar bars[AGENTS];
static char url[512];

static int setup(void **state)
{
	(void)state;
	return pg_harness_newdb(url, sizeof(url));
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < AGENTS; i++) {
		if (bars[i].bar)
			ab_Destroy(bars[i].bar);
		if (bars[i].rec)
			evrec_free(bars[i].rec);
	}
	memset(bars, 0, sizeof(bars));
	if (P.has_cti && P.cti.pid)
		kill(P.cti.pid, SIGCONT);
	if (has_b && daemon_alive(&B))
		daemon_stop(&B);
	if (has_b)
		daemon_cleanup(&B);
	has_b = false;
	node_pair_stop(&P);
	memset(&P, 0, sizeof(P));
	/* database_restarts may have failed with the server stopped */
	return pg_harness_restart();
}

static void start_cti(struct daemon *d, const char *address, uint16_t port)
{
	static char ini[2][256];
	const char *args[] = {"--role", "cti", "--switch-node", P.addr,
			      "--db", url, "--leader", "pg", NULL};
	char *conf = ini[d == &B];
	struct daemon_opts o = {.extra_args = args, .extra_ini = conf,
				.agent_port = port};

	snprintf(conf, sizeof(ini[0]), "[server]\nlisten_address = %s\n"
		 "[switch]\nnode_heartbeat_ms = 200\n"
		 "node_reconnect_ms = 200\n", address);
	daemon_start(d, &o);
}

static void bar_start(struct agent_bar *b, int i)
{
	char agent[16], dn[16];

	snprintf(agent, sizeof(agent), "%d", FIRST_AGENT + i);
	snprintf(dn, sizeof(dn), "%d", FIRST_DN + i);
	b->rec = evrec_new();
	assert_non_null(b->rec);
	b->bar = evrec_bar(b->rec, P.cti.agent_port, agent, dn);
	ab_SetBackCTIIP(b->bar, "127.0.0.2");
	/* a stopped main answers nothing: a heartbeat every 500 ms, three
	 * missed, tells the bar within 2 s (the default, 10 s, in 40 s) */
	abi_set_timers(b->bar, 500, 3, 200, 1000);
	ab_SetAutoAnswer(b->bar, 1);
	assert_int_equal(ab_Initial(b->bar), ArSuccess);
	assert_int_equal(ab_SignIn(b->bar), ArSuccess);
	assert_non_null(evrec_wait(b->rec, "OnReady", ITEST_TIMEOUT_MS));
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

/* Until the node holds n legs; false after ms. */
static bool legs_are(struct nodec *ctl, size_t n, int ms)
{
	int64_t end = itest_now_ms() + ms;

	while (nodec_leg_count(ctl) != n) {
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(50);
	}
	return true;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Every bar back on the backup, talking on its call; prints how long the
 * re-sign-ins took from t0 (p50, max). */
static void bars_back(int64_t t0)
{
	long long ms[AGENTS];

	for (int i = 0; i < AGENTS; i++) {
		const struct ev *e;

		e = evrec_wait(bars[i].rec, "OnMasterChanged", RELOGIN_MS);
		assert_non_null(e);
		assert_int_equal(e->reason, EVENTREASON_ACD_MASTERCHANGE);
		e = evrec_wait(bars[i].rec, "OnMasterChanged", RELOGIN_MS);
		assert_non_null(e);
		assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
		ms[i] = itest_now_ms() - t0;
		assert_int_equal(ab_GetAgentStatus(bars[i].bar),
				 AsConnectedState);
	}
	qsort(ms, AGENTS, sizeof(*ms), cmp_ll);
	fprintf(stderr, "pair_failover: %d agents signed back in: p50 %lld "
		"ms, max %lld ms after the crash\n", AGENTS, ms[AGENTS / 2],
		ms[AGENTS - 1]);
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

	node_pair_start_node(&P, NODE_INI, false);
	start_cti(&P.cti, "127.0.0.1", 0);
	P.has_cti = true;
	assert_true(itest_wait_log(&P.cti, "master with token 1", 5000));
	start_cti(&B, "127.0.0.2", P.cti.agent_port);
	has_b = true;
	assert_true(itest_wait_log(&B, "leader: standby", 5000));
	ctl = node_pair_control(&P);
	for (int i = 0; i < AGENTS; i++)
		bar_start(&bars[i], i);
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
	assert_true(legs_are(ctl, 3 * AGENTS, ITEST_TIMEOUT_MS));
	itest_sleep_ms(300);   /* the last notes on their way to the node */
	nodec_close(ctl);
}

/* After the takeover: no customer lost, the queue served in order, one
 * CDR row a call. */
static void served_in_order(char queued[AGENTS][64])
{
	struct nodec *ctl = node_pair_control(&P);
	struct rc *a;

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
	assert_true(legs_are(ctl, 0, ITEST_TIMEOUT_MS));

	a = rc_connect_to("127.0.0.2", B.agent_port);
	assert_int_equal(itest_admin_login(a), ArSuccess);
	for (int i = 0; i < 2 * AGENTS; i++) {
		const char *id = i < AGENTS ? bars[i].call_id :
			queued[i - AGENTS];
		json_t *rows = itest_cdr_rows(a, id);
		char agent[16];

		snprintf(agent, sizeof(agent), "%d",
			 FIRST_AGENT + i % AGENTS);
		assert_int_equal(json_array_size(rows), 1);
		assert_non_null(itest_cdr_row(rows, agent));
		json_decref(rows);
	}
	rc_close(a);
	nodec_close(ctl);
}

/* The main exits with status s (SIGTERM: 0, stepping down: 3). */
static void main_exits(int s)
{
	int status = itest_wait_exit(P.cti.pid, TAKEOVER_MS);

	P.cti.pid = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), s);
}

static void main_killed(void **state)
{
	char queued[AGENTS][64];
	int64_t t0;

	(void)state;
	scene(queued);
	t0 = itest_now_ms();
	daemon_kill9(&P.cti);
	assert_true(itest_wait_log(&B, "master with token 2", TAKEOVER_MS));
	fprintf(stderr, "pair_failover: backup master %lld ms after "
		"SIGKILL\n", (long long)(itest_now_ms() - t0));
	assert_true(itest_wait_log(&B, "handed to the core", TAKEOVER_MS));
	bars_back(t0);
	served_in_order(queued);
}

static void main_stopped(void **state)
{
	char queued[AGENTS][64];
	int64_t t0;

	(void)state;
	scene(queued);
	t0 = itest_now_ms();
	assert_int_equal(kill(P.cti.pid, SIGSTOP), 0);
	assert_true(itest_wait_log(&B, "master with token 2", TAKEOVER_MS));
	assert_true(itest_wait_log(&B, "handed to the core", TAKEOVER_MS));
	bars_back(t0);
	/* the stale main, resumed, finds its lock gone and steps down
	 * without touching the calls or the CDR */
	assert_int_equal(kill(P.cti.pid, SIGCONT), 0);
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
	assert_int_equal(kill(P.cti.pid, SIGTERM), 0);
	main_exits(0);
	assert_true(itest_wait_log(&B, "handed to the core", TAKEOVER_MS));
	bars_back(t0);
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
	assert_true(itest_wait_log(&B, "handed to the core", TAKEOVER_MS));
	bars_back(t0);
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
