/*
 * api_skillset_test.c — the skill names of Monitor.Subscribe: reading the
 * JSON array (types, empty and over-long names, duplicates, the count
 * limit) and what a subscription covers (an empty set covers all).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "api/params.h"
#include "api/skillset.h"

static struct skillset ss;

static int parse(const char *text, char *msg)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL;
	int r;

	if (text)
		assert_non_null(a);
	msg[0] = '\0';
	r = skillset_from_json(&ss, a, msg, 160);
	json_decref(a);
	return r;
}

static void test_absent_and_empty_cover_all(void **state)
{
	char msg[160];

	(void)state;
	assert_int_equal(parse(NULL, msg), 0);
	assert_int_equal(ss.n, 0);
	assert_true(skillset_covers(&ss, "示例"));
	assert_false(skillset_has(&ss, "示例"));
	assert_int_equal(parse("[]", msg), 0);
	assert_true(skillset_covers(&ss, "anything"));
}

static void test_names(void **state)
{
	char msg[160];

	(void)state;
	assert_int_equal(parse("[\"示例\",\"投诉\",\"示例\"]", msg), 0);
	assert_int_equal(ss.n, 2);               /* duplicate counted once */
	assert_string_equal(ss.name[0], "示例");
	assert_string_equal(ss.name[1], "投诉");
	assert_true(skillset_covers(&ss, "投诉"));
	assert_false(skillset_covers(&ss, "咨询"));
	assert_false(skillset_covers(&ss, "示"));  /* whole names only */
}

static void test_errors(void **state)
{
	char msg[160], text[8192];
	size_t len;

	(void)state;
	assert_int_equal(parse("[\"a\",2]", msg), PARAMS_INVALID);
	assert_non_null(strstr(msg, "item 1"));
	assert_int_equal(parse("[null]", msg), PARAMS_INVALID);
	assert_int_equal(parse("[\"a\",\"\"]", msg), ArInvalidParam);
	assert_string_equal(msg, "skills item 1 is empty");

	/* a name of STORE_NAME_SIZE bytes cannot be a skill */
	len = (size_t)snprintf(text, sizeof(text), "[\"");
	memset(text + len, 'x', STORE_NAME_SIZE);
	len += STORE_NAME_SIZE;
	snprintf(text + len, sizeof(text) - len, "\"]");
	assert_int_equal(parse(text, msg), ArSkillNotExist);
	/* one byte less is a possible name */
	memmove(text + len - 1, text + len, 3);
	assert_int_equal(parse(text, msg), 0);
	assert_int_equal(strlen(ss.name[0]), STORE_NAME_SIZE - 1);

	/* SKILLSET_MAX distinct names, then one more */
	len = (size_t)snprintf(text, sizeof(text), "[");
	for (int i = 0; i < SKILLSET_MAX; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"%s\"s%d\"", i ? "," : "", i);
	snprintf(text + len, sizeof(text) - len, "]");
	assert_int_equal(parse(text, msg), 0);
	assert_int_equal(ss.n, SKILLSET_MAX);
	snprintf(text + len, sizeof(text) - len, ",\"s0\"]");
	assert_int_equal(parse(text, msg), 0);   /* a duplicate is no more */
	snprintf(text + len, sizeof(text) - len, ",\"extra\"]");
	assert_int_equal(parse(text, msg), ArInvalidParam);
	assert_non_null(strstr(msg, "more than"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absent_and_empty_cover_all),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
