/*
 * core_router_test.c — the router's strategies and ordering: level then
 * longest idle, round-robin, fewest calls, least talk time, random,
 * ring-all; skill priority; and a drain of 50 queued calls by 5 agents with
 * no call lost or served twice.
 */
#include <stdlib.h>
#include <string.h>
#include "core_harness.h"

static int owner;

static void set_strategy(const char *skill, enum skill_strategy s)
{
	struct dir_skill sk;

	assert_int_equal(store_skill_get(H.st, skill, &sk), 0);
	sk.strategy = s;
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
}

/* One call in, answered and hung up by the customer; returns the DN that
 * was rung. */
static const char *serve_one(const char *call_id)
{
	static char dn[64];
	sw_leg_t cust = h_inbound(call_id, "13800000001", "4000");
	struct h_leg *l;

	h_pump(5);
	l = &H.legs[H.nlegs - 1];
	assert_int_equal(l->kind, SW_DEST_PHONE);
	str_ncpy(dn, l->dest, sizeof(dn));
	h_event(SW_EV_ALERTING, l->id, SW_CAUSE_NORMAL);
	h_event(SW_EV_ANSWERED, l->id, SW_CAUSE_NORMAL);
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	return dn;
}

static void longest_idle_wins(void **state)
{
	(void)state;
	h_signin("2002", "1882", "示例", &owner);
	h_pump(20);
	h_signin("2003", "1883", "示例", &owner);
	h_pump(20);
	assert_string_equal(serve_one("c1"), "1882");
	/* 2002 became Ready again last, so 2003 is now idle longest */
	assert_string_equal(serve_one("c2"), "1883");
	assert_string_equal(serve_one("c3"), "1882");
}

static void higher_level_first(void **state)
{
	(void)state;
	h_signin("2002", "1882", "示例=1", &owner);
	h_pump(20);
	h_signin("2003", "1883", "示例=5", &owner);
	assert_string_equal(serve_one("c1"), "1883");
	assert_string_equal(serve_one("c2"), "1883");
}

static void round_robin(void **state)
{
	(void)state;
	set_strategy("示例", STRATEGY_ROUND_ROBIN);
	h_signin("2002", "1882", "示例", &owner);
	h_signin("2003", "1883", "示例", &owner);
	h_signin("2004", "1884", "示例", &owner);
	assert_string_equal(serve_one("c1"), "1882");
	assert_string_equal(serve_one("c2"), "1883");
	assert_string_equal(serve_one("c3"), "1884");
	assert_string_equal(serve_one("c4"), "1882");
}

static void fewest_calls(void **state)
{
	(void)state;
	set_strategy("示例", STRATEGY_FEWEST_CALLS);
	h_signin("2002", "1882", "示例", &owner);
	assert_string_equal(serve_one("c1"), "1882");
	assert_string_equal(serve_one("c2"), "1882");
	h_signin("2003", "1883", "示例", &owner);
	/* 2003 has answered none, 2002 two */
	assert_string_equal(serve_one("c3"), "1883");
	assert_string_equal(serve_one("c4"), "1883");
	/* now 2 each: the longest idle (2002) */
	assert_string_equal(serve_one("c5"), "1882");
}

static void least_talk_time(void **state)
{
	sw_leg_t cust;
	struct h_leg *l;

	(void)state;
	set_strategy("示例", STRATEGY_LEAST_TALK_TIME);
	h_signin("2002", "1882", "示例", &owner);
	cust = h_inbound("c1", "13800000001", "4000");
	h_pump(5);
	l = h_leg_to("1882");
	h_event(SW_EV_ANSWERED, l->id, SW_CAUSE_NORMAL);
	h_pump(50);                       /* 2002 talks 50 ms */
	h_event(SW_EV_HANGUP, cust, SW_CAUSE_NORMAL);
	h_signin("2003", "1883", "示例", &owner);  /* idle less, talked 0 */
	assert_string_equal(serve_one("c2"), "1883");
}

static void random_picks_someone_ready(void **state)
{
	int i, hits[2] = {0, 0};
	char id[16];

	(void)state;
	set_strategy("示例", STRATEGY_RANDOM);
	h_signin("2002", "1882", "示例", &owner);
	h_signin("2003", "1883", "示例", &owner);
	for (i = 0; i < 40; i++) {
		const char *dn;

		re_snprintf(id, sizeof(id), "c%d", i);
		dn = serve_one(id);
		assert_true(0 == strcmp(dn, "1882") || 0 == strcmp(dn, "1883"));
		++hits[0 == strcmp(dn, "1883")];
	}
	/* 40 fair coin flips all landing on one side: p = 2^-39 */
	assert_true(hits[0] > 0 && hits[1] > 0);
}

static void ring_all(void **state)
{
	struct agent *a, *b, *c;
	struct h_leg *la, *lb, *lc;

	(void)state;
	set_strategy("示例", STRATEGY_RING_ALL);
	a = h_signin("2002", "1882", "示例", &owner);
	b = h_signin("2003", "1883", "示例", &owner);
	c = h_signin("2004", "1884", "示例", &owner);
	h_inbound("c1", "13800000001", "4000");
	h_pump(5);
	la = h_leg_to("1882");
	lb = h_leg_to("1883");
	lc = h_leg_to("1884");
	assert_non_null(la);
	assert_non_null(lb);
	assert_non_null(lc);
	assert_int_equal(agent_status(a), AsLockState);
	assert_int_equal(agent_status(b), AsLockState);
	h_event(SW_EV_ANSWERED, lb->id, SW_CAUSE_NORMAL);
	assert_int_equal(agent_status(b), AsConnectedState);
	assert_int_equal(agent_status(a), AsReadyState);
	assert_int_equal(agent_status(c), AsReadyState);
	assert_int_equal(h_last("2002")->reason, CerIdleUnlock);
	assert_true(la->hung_up);
	assert_true(lc->hung_up);
	assert_false(lb->hung_up);
}

static void skill_priority(void **state)
{
	struct dir_skill sk;

	(void)state;
	assert_int_equal(store_skill_get(H.st, "投诉", &sk), 0);
	sk.priority = 5;
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
	h_inbound("c1", "13800000001", "4000");   /* 示例, earlier */
	h_pump(5);
	h_inbound("c2", "13800000002", "4001");   /* 投诉, priority 5 */
	h_pump(5);
	h_signin("2002", "1882", "示例;投诉", &owner);
	h_pump(5);
	assert_string_equal(h_leg_to("1882")->caller, "13800000002");
}

/* Each agent answers what it is offered, talks, hangs up; at the end every
 * call was served exactly once. */
static void drain_fifty_with_five(void **state)
{
	int served[50];
	int i, q, f, rounds = 0;
	char id[16];

	(void)state;
	memset(served, 0, sizeof(served));
	for (i = 0; i < 50; i++) {
		re_snprintf(id, sizeof(id), "c%d", i);
		h_inbound(id, "13800000000", "4000");
	}
	h_signin("2002", "1882", "示例", &owner);
	h_signin("2003", "1883", "示例", &owner);
	h_signin("2004", "1884", "示例", &owner);
	h_signin("2005", "1885", "示例", &owner);
	h_signin("2006", "1886", "示例", &owner);

	while (rounds++ < 100) {
		size_t n = H.nlegs, k;

		h_pump(2);
		for (k = 0; k < n; k++) {
			struct h_leg *l = &H.legs[k];
			struct agent *a;
			const struct h_event *ev;
			int idx;

			if (l->kind != SW_DEST_PHONE || l->hung_up ||
			    l->bridge[0])
				continue;
			a = core_agent_by_dn(H.core, l->dest);
			assert_non_null(a);
			h_event(SW_EV_ANSWERED, l->id, SW_CAUSE_NORMAL);
			ev = h_last(agent_id(a));
			assert_int_equal(ev->status, AsConnectedState);
			idx = atoi(ev->callID + 1);
			assert_true(idx >= 0 && idx < 50);
			served[idx]++;
			assert_int_equal(core_release_call(H.core, a),
					 ArSuccess);
		}
		core_skill_waiting(H.core, "示例", &q, &f);
		if (q == 0 && f == 5)
			break;
	}
	for (i = 0; i < 50; i++)
		assert_int_equal(served[i], 1);
	assert_int_equal(h_cdr_count(), 50);
	{
		struct sys_info si;

		core_sys_info(H.core, &si);
		assert_int_equal(si.totalCalls, 0);
		assert_int_equal(si.queueCalls, 0);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(longest_idle_wins),
		T(higher_level_first),
		T(round_robin),
		T(fewest_calls),
		T(least_talk_time),
		T(random_picks_someone_ready),
		T(ring_all),
		T(skill_priority),
		T(drain_fifty_with_five),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
