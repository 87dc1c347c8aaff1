/*
 * lockout_count_test.c — src/lockout.c on its own, with the time given
 * (no clock): the failures that lock a key and those that do not (a
 * window over, a right password, lockout 0), the lock-out's end, keys
 * apart, settings refused, and the bound on the keys a guesser can make.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <re.h>
#include "lockout.h"

enum { S = 1000000 };   /* us in a second */

static struct lockout *make(int max_failures, int window, int lockout)
{
	struct lockout_conf c = {max_failures, window, lockout};
	struct lockout *lo = NULL;

	assert_int_equal(lockout_alloc(&lo, &c, "key"), 0);
	return lo;
}

static void test_locks_and_ends(void **state)
{
	struct lockout *lo = make(3, 60, 10);

	(void)state;
	assert_false(lockout_fail(lo, "2003", 1 * S));
	assert_false(lockout_fail(lo, "2003", 2 * S));
	assert_false(lockout_active(lo, "2003", 2 * S));
	assert_true(lockout_fail(lo, "2003", 3 * S));
	assert_true(lockout_active(lo, "2003", 3 * S));
	assert_true(lockout_active(lo, "2003", 13 * S - 1));
	assert_false(lockout_active(lo, "2004", 4 * S));   /* keys apart */
	assert_false(lockout_active(lo, "2003", 13 * S));  /* over */
	/* after it, counting starts afresh */
	assert_false(lockout_fail(lo, "2003", 14 * S));
	assert_false(lockout_fail(lo, "2003", 15 * S));
	assert_true(lockout_fail(lo, "2003", 16 * S));
	mem_deref(lo);
}

static void test_what_does_not_lock(void **state)
{
	struct lockout *lo = make(2, 10, 10), *never = make(1, 10, 0);

	(void)state;
	/* the window is over before the second failure */
	assert_false(lockout_fail(lo, "a", 0));
	assert_false(lockout_fail(lo, "a", 11 * S));
	assert_false(lockout_active(lo, "a", 11 * S));
	/* a right password between */
	lockout_forget(lo, "a");
	assert_false(lockout_fail(lo, "a", 12 * S));
	assert_false(lockout_active(lo, "a", 12 * S));
	lockout_forget(lo, "nobody");
	/* lockout 0: counted, never locked */
	assert_false(lockout_fail(never, "a", 0));
	assert_false(lockout_fail(never, "a", 1));
	assert_false(lockout_active(never, "a", 1));
	/* no table, no key: nothing */
	assert_false(lockout_fail(NULL, "a", 0));
	assert_false(lockout_fail(lo, NULL, 0));
	assert_false(lockout_active(NULL, "a", 0));
	lockout_forget(NULL, "a");
	mem_deref(never);
	mem_deref(lo);
}

static void test_bad_settings(void **state)
{
	static const struct lockout_conf bad[] = {
		{0, 60, 60}, {5, 0, 60}, {5, 60, -1},
	};
	struct lockout_conf ok = {5, 60, 60};
	struct lockout *lo = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(lockout_alloc(&lo, &bad[i], "key"), EINVAL);
	assert_int_equal(lockout_alloc(NULL, &ok, "key"), EINVAL);
	assert_int_equal(lockout_alloc(&lo, NULL, "key"), EINVAL);
	assert_int_equal(lockout_alloc(&lo, &ok, NULL), EINVAL);
	assert_null(lo);
}

/* Made-up keys cannot grow the table past 10 000: the oldest goes, so its
 * count starts again; the newest keep theirs. */
static void test_bounded(void **state)
{
	struct lockout *lo = make(2, 3600, 60);
	char key[16];

	(void)state;
	for (int i = 0; i <= 10000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_false(lockout_fail(lo, key, 0));
	}
	assert_false(lockout_fail(lo, "k0", 1));      /* dropped: 1st again */
	assert_true(lockout_fail(lo, "k10000", 1));   /* kept: 2nd */
	mem_deref(lo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locks_and_ends),
		cmocka_unit_test(test_what_does_not_lock),
		cmocka_unit_test(test_bad_settings),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
