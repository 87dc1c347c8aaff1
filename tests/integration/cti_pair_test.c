/*
 * cti_pair_test.c — the CTI pair (docs/operations.md, "High
 * availability"): one PostgreSQL (pg_harness), one sim switch node and
 * two `--role cti --leader pg` daemons sharing the database.
 *
 *   takeover      the first CTI leads and routes a call; the second is the
 *                 standby (/healthz, sign-in refused with ArNotMaster);
 *                 SIGKILL the master: the standby leads with a higher
 *                 token, the node refuses the old one, an agent signs in
 *                 on the new master and takes a call
 *   stale_master  SIGSTOP the master: the server ends its idle lock
 *                 session, the standby leads; SIGCONT: the old master
 *                 finds its lock gone and exits with status 3
 *   db_restart    PostgreSQL stops: the master steps down (exit 3); back,
 *                 the standby leads
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "itest.h"
#include "nodec.h"
#include "pg_harness.h"

static const char NODE_INI[] =
	"[switch]\norphan_timeout = 5\nnode_heartbeat_ms = 1000\n";
static const char CTI_INI[] =
	"[switch]\nnode_heartbeat_ms = 200\nnode_reconnect_ms = 200\n";

/* A generous bound on a takeover: the lock is polled every 500 ms; a
 * stopped master's session ends after 2 s idle. */
enum { TAKEOVER_MS = 10000 };

/* The test's daemons (the pair's node and first CTI, the second CTI):
 * stopped by teardown, after a failure too. */
static struct node_pair P;
static struct daemon B;
static bool has_b;
static char url[512];

static int setup(void **state)
{
	(void)state;
	/* a database per test: the token starts again at 1 */
	return pg_harness_newdb(url, sizeof(url));
}

static int teardown(void **state)
{
	(void)state;
	if (P.has_cti && P.cti.pid)
		kill(P.cti.pid, SIGCONT);
	if (has_b && daemon_alive(&B))
		daemon_stop(&B);
	if (has_b)
		daemon_cleanup(&B);
	has_b = false;
	node_pair_stop(&P);
	memset(&P, 0, sizeof(P));
	/* db_restart may have failed with the server stopped */
	return pg_harness_restart();
}

static void start_cti(struct daemon *d, const struct node_pair *p)
{
	const char *args[] = {"--role", "cti", "--switch-node", p->addr,
			      "--db", url, "--leader", "pg", NULL};
	struct daemon_opts o = {.extra_args = args, .extra_ini = CTI_INI};

	daemon_start(d, &o);
}

static void assert_role(const struct daemon *d, const char *role)
{
	char buf[1024], want[64];

	snprintf(want, sizeof(want), "\"role\":\"%s\"", role);
	assert_non_null(strstr(itest_http_get(d->http_port, "/healthz", buf,
					      sizeof(buf)), want));
}

/* An agent on d signs in and takes a call from the node, then hangs up. */
static void take_call(const struct daemon *d, struct nodec *ctl,
		      const char *agent, const char *dn)
{
	struct rc *x = rc_connect(d->agent_port);
	char call_id[64];

	assert_int_equal(itest_signin(x, agent, dn, "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	node_pair_inbound(ctl, call_id, sizeof(call_id));
	itest_expect_drop(x, "OnAlerting", -1);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	assert_int_equal(itest_code(x, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleNormalSelfHangup);
	rc_close(x);
}

/* The node, the first CTI leading with token 1, the second standby. */
static void pair(void)
{
	struct rc *y;

	node_pair_start_node(&P, NODE_INI, false);
	start_cti(&P.cti, &P);
	P.has_cti = true;
	assert_true(itest_wait_log(&P.cti, "master with token 1", 5000));
	start_cti(&B, &P);
	has_b = true;
	assert_true(itest_wait_log(&B, "leader: standby", 5000));
	assert_role(&P.cti, "master");
	assert_role(&B, "standby");
	y = rc_connect(B.agent_port);
	assert_int_equal(itest_signin(y, "2003", "1883", "示例"),
			 ArNotMaster);
	rc_close(y);
}

/* promtool check metrics on a scrape, when promtool is installed (the
 * web test needs it; here the takeover's samples are there too). */
static void promtool_check(const char *scrape)
{
	FILE *p;

	if (system("command -v promtool >/dev/null 2>&1"))
		return;
	p = popen("promtool check metrics", "w");
	assert_non_null(p);
	assert_true(fputs(scrape, p) >= 0);
	assert_int_equal(pclose(p), 0);
}

/* Until B leads with token 2; prints how long it took from t0. */
static void b_leads(int64_t t0, const char *how)
{
	static char buf[262144];   /* the whole scrape */
	const char *m;

	assert_true(itest_wait_log(&B, "master with token 2", TAKEOVER_MS));
	fprintf(stderr, "cti_pair: takeover after %s: %lld ms\n", how,
		(long long)(itest_now_ms() - t0));
	assert_role(&B, "master");
	m = itest_http_get(B.http_port, "/metrics", buf, sizeof(buf));
	assert_non_null(strstr(m, "callcloud_ha_master 1\n"));
	assert_non_null(strstr(m, "callcloud_ha_fence_token 2\n"));
	assert_non_null(strstr(m, "callcloud_ha_takeovers_total 1\n"));
	assert_non_null(strstr(m, "\ncallcloud_ha_last_takeover_"
				  "duration_seconds "));
	promtool_check(m);
}

/* The node refuses a master with the old token. */
static void old_token_refused(const struct node_pair *p)
{
	struct nodec *c = nodec_connect(p->node.node_port);
	json_t *f = nodec_hello(c, "master", 1);

	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(f, "t")),
			    "error");
	assert_string_equal(json_string_value(json_object_get(f, "code")),
			    "stale_token");
	json_decref(f);
	nodec_close(c);
}

static void takeover(void **state)
{
	struct nodec *ctl;
	int64_t t0;

	(void)state;
	pair();
	ctl = node_pair_control(&P);
	take_call(&P.cti, ctl, "2002", "1882");

	t0 = itest_now_ms();
	daemon_kill9(&P.cti);
	b_leads(t0, "SIGKILL");
	old_token_refused(&P);
	take_call(&B, ctl, "2003", "1883");
	nodec_close(ctl);
}

/* The first CTI, no longer leading, exits with status 3. */
static void a_steps_down(void)
{
	int status = itest_wait_exit(P.cti.pid, TAKEOVER_MS);

	P.cti.pid = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_true(daemon_log_contains(&P.cti, "lost the lock"));
}

static void stale_master(void **state)
{
	int64_t t0;

	(void)state;
	pair();
	t0 = itest_now_ms();
	assert_int_equal(kill(P.cti.pid, SIGSTOP), 0);
	b_leads(t0, "SIGSTOP");
	assert_int_equal(kill(P.cti.pid, SIGCONT), 0);
	a_steps_down();
	old_token_refused(&P);
}

static void db_restart(void **state)
{
	int64_t t0;

	(void)state;
	pair();
	assert_int_equal(pg_harness_stop(), 0);
	a_steps_down();
	assert_role(&B, "standby");
	t0 = itest_now_ms();
	assert_int_equal(pg_harness_restart(), 0);
	b_leads(t0, "a database restart");
	old_token_refused(&P);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(takeover, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_master, setup,
						teardown),
		cmocka_unit_test_setup_teardown(db_restart, setup, teardown),
	};

	if (!pg_harness_start())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
