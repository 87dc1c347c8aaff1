/*
 * ctipair.c — a CTI pair on PostgreSQL driving a switch node, and the
 * agents' bars on it, for the takeover tests (ctipair.h).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ctipair.h"
#include "evrec.h"
#include "itest.h"
#include "../../../lib/agentbar/timers.h"

static void start_cti(struct cti_pair *p, struct daemon *d,
		      const char *address, uint16_t port)
{
	/* daemon_start keeps the pointers: p->nodes, p->url and p->ini live
	 * as long as p */
	const char *args[] = {"--role", "cti", "--switch-node", p->nodes,
			      "--db", p->url, "--leader", "pg", NULL};
	char *conf = p->ini[d == &p->backup];
	struct daemon_opts o = {.extra_args = args, .extra_ini = conf,
				.agent_port = port};

	snprintf(conf, sizeof(p->ini[0]), "[server]\nlisten_address = %s\n"
		 "[switch]\nnode_heartbeat_ms = 200\n"
		 "node_reconnect_ms = 200\n", address);
	daemon_start(d, &o);
}

/* The main, then the backup, on p->nodes. */
static void start_ctis(struct cti_pair *p)
{
	start_cti(p, &p->np.cti, "127.0.0.1", 0);
	p->np.has_cti = true;
	assert_true(itest_wait_log(&p->np.cti, "master with token 1", 5000));
	start_cti(p, &p->backup, "127.0.0.2", p->np.cti.agent_port);
	p->has_backup = true;
	assert_true(itest_wait_log(&p->backup, "leader: standby", 5000));
}

void cti_pair_start(struct cti_pair *p, const char *node_ini, bool sip)
{
	node_pair_start_node(&p->np, node_ini, sip);
	snprintf(p->nodes, sizeof(p->nodes), "%s", p->np.addr);
	start_ctis(p);
}

void cti_pair_start_two(struct cti_pair *p, const char *node_ini)
{
	node_pair_start_node(&p->np, node_ini, false);
	node_pair_start_node(&p->np2, node_ini, false);
	p->has_np2 = true;
	snprintf(p->nodes, sizeof(p->nodes), "%s,%s", p->np.addr,
		 p->np2.addr);
	start_ctis(p);
}

void cti_pair_stop(struct cti_pair *p)
{
	if (p->np.has_cti && p->np.cti.pid)
		kill(p->np.cti.pid, SIGCONT);
	if (p->has_backup && daemon_alive(&p->backup))
		daemon_stop(&p->backup);
	if (p->has_backup)
		daemon_cleanup(&p->backup);
	p->has_backup = false;
	if (p->np.node.pid)
		node_pair_stop(&p->np);
	if (p->has_np2)
		node_pair_stop(&p->np2);
	memset(&p->np, 0, sizeof(p->np));
	memset(&p->np2, 0, sizeof(p->np2));
	p->has_np2 = false;
}

void cti_pair_takeover(struct cti_pair *p, int64_t t0, const char *tag)
{
	assert_true(itest_wait_log(&p->backup, "master with token 2",
				   PAIR_TAKEOVER_MS));
	fprintf(stderr, "%s: backup master %lld ms after the main's end\n",
		tag, (long long)(itest_now_ms() - t0));
	assert_true(itest_wait_log(&p->backup, "handed to the core",
				   PAIR_TAKEOVER_MS));
}

struct rc *cti_pair_admin(const struct cti_pair *p, const char *ip)
{
	struct rc *a = rc_connect_to(ip, p->np.cti.agent_port);

	assert_int_equal(itest_admin_login(a), ArSuccess);
	return a;
}

void pair_bar_start(struct pair_bar *b, const struct cti_pair *p, int agent,
		    int dn)
{
	char id[16], ext[16];

	snprintf(id, sizeof(id), "%d", agent);
	snprintf(ext, sizeof(ext), "%d", dn);
	b->rec = evrec_new();
	assert_non_null(b->rec);
	b->bar = evrec_bar(b->rec, p->np.cti.agent_port, id, ext);
	ab_SetBackCTIIP(b->bar, "127.0.0.2");
	/* a stopped main answers nothing: a heartbeat every 500 ms, three
	 * missed, tells the bar within 2 s (the default, 10 s, in 40 s) */
	abi_set_timers(b->bar, 500, 3, 200, 1000);
	ab_SetAutoAnswer(b->bar, 1);
	assert_int_equal(ab_Initial(b->bar), ArSuccess);
	assert_int_equal(ab_SignIn(b->bar), ArSuccess);
	assert_non_null(evrec_wait(b->rec, "OnReady", ITEST_TIMEOUT_MS));
}

void pair_bar_free(struct pair_bar *b)
{
	if (b->bar)
		ab_Destroy(b->bar);
	if (b->rec)
		evrec_free(b->rec);
	memset(b, 0, sizeof(*b));
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

void pair_bars_back(struct pair_bar *bars, int n, int64_t t0,
		    const char *tag)
{
	long long ms[PAIR_BARS_MAX];

	assert_in_range(n, 1, PAIR_BARS_MAX);
	for (int i = 0; i < n; i++) {
		const struct ev *e;

		e = evrec_wait(bars[i].rec, "OnMasterChanged",
			       PAIR_RELOGIN_MS);
		assert_non_null(e);
		assert_int_equal(e->reason, EVENTREASON_ACD_MASTERCHANGE);
		e = evrec_wait(bars[i].rec, "OnMasterChanged",
			       PAIR_RELOGIN_MS);
		assert_non_null(e);
		assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
		ms[i] = itest_now_ms() - t0;
		assert_int_equal(ab_GetAgentStatus(bars[i].bar),
				 AsConnectedState);
	}
	qsort(ms, (size_t)n, sizeof(*ms), cmp_ll);
	fprintf(stderr, "%s: %d agents signed back in: p50 %lld ms, max %lld "
		"ms after the main's end\n", tag, n, ms[n / 2], ms[n - 1]);
}

void pair_cdr_once(const struct cti_pair *p, const struct pair_bar *bars,
		   int n, int first_agent, char queued[][64])
{
	struct rc *a = cti_pair_admin(p, "127.0.0.2");

	for (int i = 0; i < 2 * n; i++) {
		const char *id = i < n ? bars[i].call_id : queued[i - n];
		json_t *rows = itest_cdr_rows(a, id);
		char agent[16];

		snprintf(agent, sizeof(agent), "%d", first_agent + i % n);
		assert_int_equal(json_array_size(rows), 1);
		assert_non_null(itest_cdr_row(rows, agent));
		json_decref(rows);
	}
	rc_close(a);
}
