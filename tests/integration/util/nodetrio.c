/*
 * nodetrio.c — two switch nodes and a CTI on both (nodetrio.h). Node 0
 * starts with the harness's database (the demo directory); node 1 and
 * the CTI are pointed at the same file, so that the phones' passwords,
 * the agents and the shared registrations are one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "nodec.h"
#include "nodetrio.h"

static void start_node(struct node_trio *t, int i, const char *ini,
		       bool sip)
{
	struct daemon_opts o = {.extra_args = t->node_args, .extra_ini = ini,
				.sip = sip};

	daemon_start(&t->node[i], &o);
	assert_int_not_equal(t->node[i].node_port, 0);
}

void node_trio_start(struct node_trio *t, const char *ini, bool sip)
{
	static const char *const node_args[] = {"--role", "switch",
						"--node-port", "0", NULL};
	const char *const cti_args[] = {"--role", "cti", "--switch-node",
					t->list, "--fence-token", "1", "--db",
					t->db, NULL};
	char master[96];
	struct daemon_opts o = {.extra_args = t->cti_args, .extra_ini =
		"[switch]\nnode_heartbeat_ms = 200\n"
		"node_reconnect_ms = 200\n"};
	int n;

	memset(t, 0, sizeof(*t));
	memcpy(t->node_args, node_args, sizeof(node_args));
	memcpy(t->cti_args, cti_args, sizeof(cti_args));
	start_node(t, 0, ini, sip);
	snprintf(t->db, sizeof(t->db), "%s", t->node[0].db);
	t->node_args[4] = "--db";
	t->node_args[5] = t->db;
	start_node(t, 1, ini, sip);
	n = snprintf(t->list, sizeof(t->list), "127.0.0.1:%u,127.0.0.1:%u",
		     t->node[0].node_port, t->node[1].node_port);
	assert_true(n > 0 && (size_t)n < sizeof(t->list));
	daemon_start(&t->cti, &o);
	for (int i = 0; i < 2; i++) {
		snprintf(master, sizeof(master), "switch node 127.0.0.1:%u: "
			 "master with token 1", t->node[i].node_port);
		assert_true(itest_wait_log(&t->cti, master, 5000));
	}
}

void node_trio_stop(struct node_trio *t)
{
	daemon_stop(&t->cti);
	daemon_cleanup(&t->cti);
	for (int i = 1; i >= 0; i--) {
		daemon_stop(&t->node[i]);
		daemon_cleanup(&t->node[i]);
	}
}
