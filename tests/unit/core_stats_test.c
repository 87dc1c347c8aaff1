/*
 * core_stats_test.c — the per-skill counters behind /metrics: a requeue
 * after a ring timeout is still one offer, an answer counts its wait from
 * entering the queue against service_level_seconds, abandons while waiting
 * and while ringing, an overflow counts in both skills, calls by kind, and
 * a skill deleted while one of its calls rings stays until the call is
 * done (its counters are still written to).
 */
#include <string.h>
#include "core_harness.h"
#include "core/core_internal.h"   /* the threshold, set on the core */

static int owner;

static struct skill_stats stats(const char *skill)
{
	struct skill_stats s;

	assert_int_equal(core_skill_stats(H.core, skill, &s), ArSuccess);
	return s;
}

static void set_skill(const char *name, int ring_timeout, int max_wait,
		      const char *overflow)
{
	struct dir_skill sk;

	assert_int_equal(store_skill_get(H.st, name, &sk), 0);
	sk.ring_timeout = ring_timeout;
	sk.max_wait = max_wait;
	str_ncpy(sk.overflow, overflow, sizeof(sk.overflow));
	assert_int_equal(store_skill_put(H.st, &sk, true), 0);
	core_directory_changed(H.core);
}

static void requeue_is_one_offer(void **state)
{
	struct skill_stats s;

	(void)state;
	set_skill("示例", 1, 0, "");
	H.core->cfg.service_level_seconds = 1;
	s = stats("示例");
	assert_int_equal(s.n.offered, 0);
	assert_int_equal(s.queued, 0);
	assert_int_equal(s.oldest_wait_us, 0);

	h_signin("2002", "1889", "示例", &owner);
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	s = stats("示例");
	assert_int_equal(s.n.offered, 1);
	assert_int_equal(s.queued, 0);        /* ringing, not waiting */
	assert_int_equal(s.free_agents, 0);
	assert_int_equal(s.signed_in, 1);
	/* no answer: back in the queue, the same offer */
	h_pump(1200);
	s = stats("示例");
	assert_int_equal(s.n.offered, 1);
	assert_int_equal(s.queued, 1);
	assert_true(s.oldest_wait_us >= 1000000);
	/* another agent answers after more than the 1 s threshold */
	h_signin("2003", "1883", "示例", &owner);
	h_pump(5);
	h_answer_phone("1883");
	s = stats("示例");
	assert_int_equal(s.n.offered, 1);
	assert_int_equal(s.n.answered, 1);
	assert_int_equal(s.n.answered_in_sl, 0);
	assert_true(s.n.answer_wait_us >= 1000000);
	assert_int_equal(s.queued, 0);
	assert_int_equal(s.oldest_wait_us, 0);

	/* a quick answer is within it */
	h_signin("2004", "1884", "示例", &owner);
	h_inbound("sim-2", "13800000002", "4000");
	h_pump(5);
	h_answer_phone("1884");
	s = stats("示例");
	assert_int_equal(s.n.offered, 2);
	assert_int_equal(s.n.answered, 2);
	assert_int_equal(s.n.answered_in_sl, 1);
	assert_int_equal(s.n.abandoned + s.n.overflowed, 0);
}

static void abandons_and_call_kinds(void **state)
{
	unsigned n[CORE_CALLS_KINDS];
	struct skill_stats s;
	sw_leg_t c1, c3;

	(void)state;
	h_signin("2002", "1889", "示例", &owner);
	c1 = h_inbound("sim-1", "13800000001", "4000");
	h_inbound("sim-2", "13800000002", "4000");
	h_pump(5);
	core_call_counts(H.core, n);
	assert_int_equal(n[CORE_CALLS_RINGING], 1);
	assert_int_equal(n[CORE_CALLS_QUEUED], 1);
	assert_int_equal(n[CORE_CALLS_TALKING], 0);
	/* the first gives up while rung: the agent gets the second */
	h_event(SW_EV_HANGUP, c1, SW_CAUSE_NORMAL);
	h_pump(5);
	core_call_counts(H.core, n);
	assert_int_equal(n[CORE_CALLS_RINGING], 1);
	assert_int_equal(n[CORE_CALLS_QUEUED], 0);
	h_answer_phone("1889");
	core_call_counts(H.core, n);
	assert_int_equal(n[CORE_CALLS_TALKING], 1);
	assert_int_equal(n[CORE_CALLS_RINGING], 0);
	/* the third gives up while waiting */
	c3 = h_inbound("sim-3", "13800000003", "4000");
	h_pump(5);
	core_call_counts(H.core, n);
	assert_int_equal(n[CORE_CALLS_QUEUED], 1);
	assert_int_equal(stats("示例").queued, 1);
	h_event(SW_EV_HANGUP, c3, SW_CAUSE_NORMAL);
	core_call_counts(H.core, n);
	assert_int_equal(n[CORE_CALLS_QUEUED], 0);
	s = stats("示例");
	assert_int_equal(s.queued, 0);
	assert_int_equal(s.n.offered, 3);
	assert_int_equal(s.n.answered, 1);
	assert_int_equal(s.n.abandoned, 2);
	assert_int_equal(s.n.overflowed, 0);
	/* another skill saw none of it */
	assert_int_equal(stats("投诉").n.offered, 0);
	assert_int_equal(core_skill_stats(H.core, "", &s), ArSkillIsEmpty);
	assert_int_equal(core_skill_stats(H.core, "无此技能", &s),
			 ArSkillNotExist);
}

static void overflow_counts_in_both(void **state)
{
	struct skill_stats from, to;

	(void)state;
	set_skill("示例", 20, 1, "skill:投诉");
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(1200);
	from = stats("示例");
	to = stats("投诉");
	assert_int_equal(from.n.offered, 1);
	assert_int_equal(from.n.overflowed, 1);
	assert_int_equal(from.queued, 0);
	assert_int_equal(to.n.offered, 1);
	assert_int_equal(to.n.overflowed, 0);
	assert_int_equal(to.queued, 1);
	/* its wait in the next skill starts at the overflow */
	assert_true(to.oldest_wait_us < 500000);
}

static void skill_deleted_while_ringing(void **state)
{
	struct skill_stats s;

	(void)state;
	h_signin("2002", "1889", "示例", &owner);
	h_inbound("sim-1", "13800000001", "4000");
	h_pump(5);
	/* ringing: out of the queue, yet the skill's */
	assert_int_equal(store_skill_del(H.st, "示例"), 0);
	core_directory_changed(H.core);
	h_answer_phone("1889");
	s = stats("示例");
	assert_int_equal(s.n.answered, 1);
	/* once the call is gone the next change forgets the skill */
	h_event(SW_EV_HANGUP, h_leg_to("1889")->id, SW_CAUSE_NORMAL);
	h_pump(5);
	core_directory_changed(H.core);
	assert_int_equal(core_skill_stats(H.core, "示例", &s),
			 ArSkillNotExist);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(requeue_is_one_offer),
		T(abandons_and_call_kinds),
		T(overflow_counts_in_both),
		T(skill_deleted_while_ringing),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
