/*
 * pg_daemon_test.c — the daemon on PostgreSQL (`--db postgresql://…`, a
 * throw-away cluster from pg_harness): the demo directory loaded into it,
 * an agent signing in and a call's CDR reaching the table; the server
 * stopped mid-call: the daemon keeps running, a SignIn answers ArFailed,
 * the ended call's CDR waits in the journal and reaches the table once the
 * server is back; and start-up with a malformed URL or an unreachable
 * server fails as with a bad SQLite path (exit 1, said why).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"
#include "pg_harness.h"

static char url[256];
/* The daemon under test, killed by the teardown if a test fails with it
 * running. */
static struct daemon d;

static int teardown(void **state)
{
	(void)state;
	daemon_cleanup(&d);
	return pg_harness_restart();
}

/* Admin.ListCDR until call_id's row of agent is there (the writer is a
 * thread of its own). */
static bool cdr_arrives(struct rc *admin, const char *call_id,
			const char *agent, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	bool found = false;

	while (!found && itest_now_ms() < end) {
		json_t *rows = itest_cdr_rows(admin, call_id);

		found = json_array_size(rows) == 1 &&
			itest_cdr_row(rows, agent);
		json_decref(rows);
		if (!found)
			itest_sleep_ms(100);
	}
	return found;
}

static void call_and_cdr(void **state)
{
	const char *args[] = {"--db", url, NULL};
	struct daemon_opts o = {.extra_args = args};
	struct rc *a, *x, *y;
	char call_id[64], ini[256];

	(void)state;
	snprintf(ini, sizeof(ini),
		 "[server]\ncdr_journal = %s/daemon.journal\n",
		 pg_harness_dir());
	o.extra_ini = ini;
	a = itest_start_admin(&d, &o);
	x = rc_connect(d.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1889", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);

	assert_int_equal(itest_sim_inbound(a, "13800000000", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(x, "OnAlerting", -1);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalOtherHangup);
	assert_true(cdr_arrives(a, call_id, "2002", ITEST_TIMEOUT_MS));

	/* the server goes away in the middle of a call */
	assert_int_equal(itest_sim_inbound(a, "13800000001", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(x, "OnAlerting", -1);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_int_equal(pg_harness_stop(), 0);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalOtherHangup);
	y = rc_connect(d.agent_port);
	assert_int_equal(itest_signin(y, "2003", "1883", "示例"), ArFailed);
	assert_true(daemon_alive(&d));
	assert_true(itest_heartbeat_ok(x));
	assert_true(daemon_log_contains(&d, "directory: agent"));

	/* back: the journaled CDR arrives, and sign-ins work again */
	assert_int_equal(pg_harness_restart(), 0);
	assert_true(cdr_arrives(a, call_id, "2002", 3 * ITEST_TIMEOUT_MS));
	assert_int_equal(itest_signin(y, "2003", "1883", "示例"), ArSuccess);
	rc_close(y);
	rc_close(x);
	itest_stop_admin(&d, a);
}

static void bad_start(void **state)
{
	const char *bad_url[] = {"--db", "postgresql://[::1/db",
				 "--agent-port", "0", "--http-port", "0",
				 "--switch", "sim", NULL};
	const char *away[] = {"--db",
			      "postgresql:///x?host=/nonexistent&port=1",
			      "--agent-port", "0", "--http-port", "0",
			      "--switch", "sim", NULL};
	const char *sqlite[] = {"--db", "/nonexistent-dir/x.db",
				"--agent-port", "0", "--http-port", "0",
				"--switch", "sim", NULL};
	char out[4096];
	int status;

	(void)state;
	status = itest_run(sqlite, out, sizeof(out), 10000);
	assert_int_not_equal(status, 0);
	assert_int_equal(itest_run(bad_url, out, sizeof(out), 10000), status);
	assert_non_null(strstr(out, "invalid postgresql URL"));
	assert_non_null(strstr(out, "cannot open database"));
	assert_int_equal(itest_run(away, out, sizeof(out), 10000), status);
	assert_non_null(strstr(out, "cannot open database"));
	assert_null(strstr(out, "nonexistent&port"));   /* no URL logged */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(call_and_cdr, teardown),
		cmocka_unit_test(bad_start),
	};

	if (!pg_harness_start() || pg_harness_newdb(url, sizeof(url)))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
