/*
 * supervise_scope_test.c — a monitor acts only on agents of the skills it
 * supervises (docs/security.md "Supervisors, admins and demo
 * credentials"): the Admin.*MonitorSkill methods and their bad input, the
 * supervisor methods refused (28) on an agent outside the monitor's
 * skills and allowed inside, Monitor.Subscribe limited to them (a named
 * skill outside is 28; none named is the supervised ones, whose events
 * alone arrive, and 29 when they are more than a subscription holds), an
 * admin connection unlimited, and a deleted row taking the power with
 * it.
 *
 * Beside the demo directory: skill 专线, agent 2101 allowed only 专线, and
 * monitor 2102 supervising only 专线; the demo's 2001 supervises the demo
 * skills.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

static struct daemon *const D = &itest_daemon;

/* One admin call and the answer it must get. */
struct step {
	const char *method, *params;
	int code;   /* a result's code, or a JSON-RPC error's */
};

/* Makes each call on a, expecting its answer. */
static void run_steps(struct rc *a, const struct step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *r = rc_call(a, steps[i].method,
				    json_loads(steps[i].params, 0, NULL));
		int got = r ? rc_code(r) : rc_last_error(a);

		json_decref(r);
		if (got != steps[i].code)
			fail_msg("%s %s: %d, not %d", steps[i].method,
				 steps[i].params, got, steps[i].code);
	}
}

/* The rows Admin.ListMonitorSkills gives for params, as "m:s;m:s". */
static void rows(struct rc *a, const char *params, char *out, size_t size)
{
	json_t *r = rc_call(a, "Admin.ListMonitorSkills",
			    json_loads(params, 0, NULL));
	json_t *data, *row;
	size_t i, len = 0;

	assert_non_null(r);
	assert_int_equal(rc_code(r), 0);
	data = json_object_get(r, "data");
	assert_true(json_is_array(data));
	out[0] = '\0';
	json_array_foreach(data, i, row)
		len += (size_t)snprintf(out + len, size - len, "%s%s:%s",
					i ? ";" : "", itest_str(row, "monitor"),
					itest_str(row, "skill"));
	json_decref(r);
}

static int on_agent(struct rc *c, const char *method, const char *id)
{
	return itest_code(c, method, json_pack("{s:s}", "AgentID", id));
}

/* The next event named `event` about agent `id`; an event about any other
 * agent on the way fails the test (so none came before it). */
static void next_is(struct rc *c, const char *event, const char *id)
{
	json_t *ev = rc_wait_event(c, event, ITEST_TIMEOUT_MS);

	if (!ev)
		fail_msg("no %s", event);
	assert_string_equal(itest_str(ev, "agentId"), id);
	json_decref(ev);
}

static void directory(struct rc *a)
{
	static const struct step steps[] = {
		{"Admin.AddSkill", "{\"name\":\"专线\"}", 0},
		{"Admin.AddAgent", "{\"id\":\"2101\",\"name\":\"x\","
		 "\"password\":\"2101123\"}", 0},
		{"Admin.SetPermission", "{\"agent\":\"2101\",\"skill\":\"专线\"}",
		 0},
		{"Admin.AddAgent", "{\"id\":\"2102\",\"name\":\"y\","
		 "\"role\":\"monitor\",\"password\":\"2102123\"}", 0},
		{"Admin.SetPermission", "{\"agent\":\"2102\",\"skill\":\"专线\"}",
		 0},
		{"Admin.SetMonitorSkill",
		 "{\"monitor\":\"2102\",\"skill\":\"专线\"}", 0},
		/* again: nothing changes, still 0 */
		{"Admin.SetMonitorSkill",
		 "{\"monitor\":\"2102\",\"skill\":\"专线\"}", 0},
	};
	char buf[512];

	rows(a, "{}", buf, sizeof(buf));
	assert_string_equal(buf, "2001:咨询;2001:投诉;2001:示例");
	run_steps(a, steps, sizeof(steps) / sizeof(*steps));
	rows(a, "{\"monitor\":\"2102\"}", buf, sizeof(buf));
	assert_string_equal(buf, "2102:专线");
	rows(a, "{\"monitor\":\"2002\"}", buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void bad_input(void **state)
{
	static const struct step steps[] = {
		/* only a monitor supervises */
		{"Admin.SetMonitorSkill",
		 "{\"monitor\":\"2002\",\"skill\":\"示例\"}", ArInvalidParam},
		{"Admin.SetMonitorSkill",
		 "{\"monitor\":\"9999\",\"skill\":\"示例\"}",
		 ArAgentIdNotExist},
		{"Admin.SetMonitorSkill",
		 "{\"monitor\":\"2001\",\"skill\":\"没有\"}", ArSkillNotExist},
		{"Admin.SetMonitorSkill", "{\"monitor\":\"\",\"skill\":\"示例\"}",
		 ArInvalidParam},
		{"Admin.DeleteMonitorSkill",
		 "{\"monitor\":\"2001\",\"skill\":\"没有\"}", ArFailed},
		/* parameters: missing, of the wrong type, too long */
		{"Admin.SetMonitorSkill", "{\"monitor\":\"2001\"}", -32602},
		{"Admin.DeleteMonitorSkill",
		 "{\"monitor\":2001,\"skill\":\"示例\"}", -32602},
		{"Admin.ListMonitorSkills",
		 "{\"monitor\":\"0123456789012345678901234567890123\"}", -32602},
	};
	struct rc *a = itest_admin(D);

	(void)state;
	run_steps(a, steps, sizeof(steps) / sizeof(*steps));
	rc_close(a);
}

static void monitors_act_in_their_skills(void **state)
{
	static const struct step deletes[] = {
		{"Admin.DeleteMonitorSkill",
		 "{\"monitor\":\"2102\",\"skill\":\"专线\"}", 0},
		{"Admin.DeleteMonitorSkill",
		 "{\"monitor\":\"2102\",\"skill\":\"专线\"}", ArFailed},
	};
	struct rc *a = itest_admin(D);
	struct rc *x = rc_connect(D->agent_port);    /* 2003, 示例 */
	struct rc *y = rc_connect(D->agent_port);    /* 2101, 专线 */
	struct rc *m1 = rc_connect(D->agent_port);   /* 2001: the demo's */
	struct rc *m2 = rc_connect(D->agent_port);   /* 2102: 专线 only */

	(void)state;
	directory(a);
	assert_int_equal(itest_signin(x, "2003", "1883", "示例=1"), 0);
	assert_int_equal(itest_signin(y, "2101", "1890", "专线=1"), 0);
	assert_int_equal(itest_signin(m1, "2001", "1881", "示例=1"), 0);
	assert_int_equal(itest_signin(m2, "2102", "1892", "专线=1"), 0);

	/* outside its skills: refused, whatever the method */
	assert_int_equal(on_agent(m1, "ForceBusy", "2101"), ArPermissionDenied);
	assert_int_equal(on_agent(m1, "ForceOut", "2101"), ArPermissionDenied);
	assert_int_equal(itest_code(m1, "Listen", json_pack(
		"{s:s, s:s, s:s}", "AgentID", "2101", "showANI", "",
		"showDest", "")), ArPermissionDenied);
	assert_int_equal(on_agent(m2, "ForceBusy", "2003"), ArPermissionDenied);
	assert_int_equal(on_agent(m2, "Break", "2003"), ArPermissionDenied);
	/* an agent that does not exist is still 18, an empty id 27 */
	assert_int_equal(on_agent(m2, "ForceBusy", "9999"),
			 ArDestAgentIdNotExist);
	assert_int_equal(on_agent(m2, "ForceBusy", ""), ArDestIdIsEmpty);
	/* inside: allowed (the monitor 2102 itself: 29, as before) */
	assert_int_equal(on_agent(m1, "ForceBusy", "2003"), 0);
	assert_int_equal(on_agent(m2, "ForceBusy", "2101"), 0);
	assert_int_equal(on_agent(m2, "ForceIdle", "2102"), ArInvalidParam);

	/* watching: a skill named outside is refused, none named is the
	 * monitor's own */
	assert_int_equal(itest_subscribe(m1, "[\"专线\"]"), ArPermissionDenied);
	assert_int_equal(itest_subscribe(m1, "[\"示例\", \"专线\"]"),
			 ArPermissionDenied);
	assert_int_equal(itest_subscribe(m1, "[\"没有\"]"), ArSkillNotExist);
	assert_int_equal(itest_subscribe(m1, "[\"示例\"]"), 0);
	assert_int_equal(itest_subscribe(m2, NULL), 0);
	rc_drain(m2, 0);
	/* 2003 (示例) changes first, 2101 (专线) next: 2102 sees only 2101 */
	assert_int_equal(on_agent(m1, "ForceIdle", "2003"), 0);
	assert_int_equal(itest_code(y, "SetIdle", NULL), 0);
	next_is(m2, "OnReady", "2101");
	/* an admin connection watches and names any skill */
	assert_int_equal(itest_subscribe(a, "[\"专线\", \"示例\"]"), 0);

	/* the row deleted: the power goes with it */
	run_steps(a, deletes, sizeof(deletes) / sizeof(*deletes));
	assert_int_equal(on_agent(m2, "ForceBusy", "2101"), ArPermissionDenied);
	assert_int_equal(itest_subscribe(m2, NULL), ArPermissionDenied);
	assert_true(itest_heartbeat_ok(m2));
	rc_close(m2);
	rc_close(m1);
	rc_close(y);
	rc_close(x);
	rc_close(a);
}

/* A monitor of more skills than one subscription holds (64) must name
 * the ones it watches: none named would leave some out. */
static void too_many_to_watch(void **state)
{
	struct rc *a = itest_admin(D), *m = rc_connect(D->agent_port);
	char params[128];

	(void)state;
	for (int i = 0; i < 65; i++) {
		snprintf(params, sizeof(params), "{\"name\":\"s%d\"}", i);
		assert_int_equal(itest_code(a, "Admin.AddSkill",
					    json_loads(params, 0, NULL)), 0);
		snprintf(params, sizeof(params), "{\"monitor\":\"2001\","
			 "\"skill\":\"s%d\"}", i);
		assert_int_equal(itest_code(a, "Admin.SetMonitorSkill",
					    json_loads(params, 0, NULL)), 0);
	}
	assert_int_equal(itest_signin(m, "2001", "1881", "示例=1"), 0);
	assert_int_equal(itest_subscribe(m, NULL), ArInvalidParam);
	assert_int_equal(itest_subscribe(m, "[\"s64\", \"示例\"]"), 0);
	for (int i = 0; i < 65; i++) {
		snprintf(params, sizeof(params), "{\"name\":\"s%d\"}", i);
		assert_int_equal(itest_code(a, "Admin.DeleteSkill",
					    json_loads(params, 0, NULL)), 0);
	}
	/* the rows went with the skills */
	assert_int_equal(itest_subscribe(m, NULL), 0);
	rc_close(m);
	rc_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_input),
		cmocka_unit_test(monitors_act_in_their_skills),
		cmocka_unit_test(too_many_to_watch),
	};

	return cmocka_run_group_tests(tests, itest_daemon_setup,
				      itest_daemon_teardown);
}
