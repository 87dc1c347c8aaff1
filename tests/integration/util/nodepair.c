/*
 * nodepair.c — a switch node and the CTI driving it, as two daemons
 * (nodec.h), for the tests of the switch as a node.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "nodec.h"

bool itest_wait_log(const struct daemon *d, const char *needle, int ms)
{
	int64_t end = itest_now_ms() + ms;

	while (!daemon_log_contains(d, needle)) {
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(20);
	}
	return true;
}

void node_pair_start_node(struct node_pair *p, const char *ini, bool sip)
{
	static const char *const args[] = {"--role", "switch", "--node-port",
					   "0", NULL};
	struct daemon_opts o = {.extra_args = args, .extra_ini = ini,
				.sip = sip};

	memset(p, 0, sizeof(*p));
	daemon_start(&p->node, &o);
	assert_int_not_equal(p->node.node_port, 0);
	snprintf(p->addr, sizeof(p->addr), "127.0.0.1:%u", p->node.node_port);
}

void node_pair_launch_cti(struct node_pair *p)
{
	/* daemon_start keeps the pointers: p->addr lives as long as p */
	const char *args[] = {"--role", "cti", "--switch-node", p->addr,
			      "--fence-token", "1", NULL};
	struct daemon_opts o = {.extra_args = args,
				.extra_ini = p->cti_settings};

	snprintf(p->cti_settings, sizeof(p->cti_settings), "[switch]\nnode_heartbeat_ms = 200\n"
		 "node_reconnect_ms = 200\n%s", p->cti_ini ? p->cti_ini : "");
	daemon_start(&p->cti, &o);
	p->has_cti = true;
}

void node_pair_start_cti(struct node_pair *p)
{
	node_pair_launch_cti(p);
	assert_true(itest_wait_log(&p->cti, "master with token 1", 5000));
}

struct nodec *node_pair_control(const struct node_pair *p)
{
	return nodec_control(p->node.node_port);
}

void node_pair_inbound(struct nodec *ctl, char *call_id, size_t size)
{
	json_t *r = nodec_ctl(ctl, "sim_inbound", json_pack(
				      "{s:s, s:s}", "ani", "13800000000",
				      "dnis", "4000"));

	assert_int_equal(json_integer_value(json_object_get(r, "err")), 0);
	snprintf(call_id, size, "%s",
		 json_string_value(json_object_get(r, "call_id")));
	json_decref(r);
}

void node_pair_stop(struct node_pair *p)
{
	if (p->has_cti && daemon_alive(&p->cti))
		daemon_stop(&p->cti);
	if (p->has_cti)
		daemon_cleanup(&p->cti);
	daemon_stop(&p->node);
	daemon_cleanup(&p->node);
}
