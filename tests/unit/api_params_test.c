/*
 * api_params_test.c — declarative parameter validation: case-insensitive
 * names, types, defaults, required parameters, length limits answered as
 * -32602 or as the AcResultT the manual asks for, and list splitting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "api/params.h"

static const struct pspec spec[] = {
	{.name = "AgentID", .type = PT_STR, .required = true, .maxlen = 4},
	{.name = "type", .type = PT_INT, .min = 0, .max = 1, .def = 1},
	{.name = "AutoAnswer", .type = PT_BOOL, .def = 1},
	{.name = "key", .type = PT_STR, .maxlen = 3,
	 .toolong = ArInvalidParam},
	{.name = "data", .type = PT_OBJ},
	{.name = "skills", .type = PT_ARR},
	{NULL},
};

static int run(const char *text, struct pval *v, char *msg)
{
	json_t *p = text ? json_loads(text, 0, NULL) : NULL;
	int r;

	if (text)
		assert_non_null(p);
	r = params_parse(p, spec, v, msg, 160);
	json_decref(p);
	return r;
}

static void test_ok_and_defaults(void **state)
{
	struct pval v[PARAMS_MAX];
	char msg[160];
	json_t *p = json_loads("{\"agentid\":\"2002\"}", 0, NULL);

	(void)state;
	assert_int_equal(params_parse(p, spec, v, msg, sizeof(msg)), 0);
	assert_true(v[0].set);
	assert_string_equal(v[0].s, "2002");   /* case-insensitive name */
	assert_false(v[1].set);
	assert_int_equal(v[1].i, 1);            /* default */
	assert_int_equal(v[2].i, 1);
	assert_string_equal(v[3].s, "");        /* absent string */
	assert_null(v[4].j);
	assert_null(v[5].j);
	json_decref(p);
}

static void test_exact_case_wins(void **state)
{
	json_t *p = json_loads("{\"agentid\":\"a\",\"AgentID\":\"b\"}", 0,
			       NULL);

	(void)state;
	assert_string_equal(json_string_value(params_get(p, "AgentID")), "b");
	assert_string_equal(json_string_value(params_get(p, "AGENTID")), "a");
	assert_null(params_get(p, "Agent"));
	json_decref(p);
}

static void test_bool_forms(void **state)
{
	struct pval v[PARAMS_MAX];
	char msg[160];

	(void)state;
	assert_int_equal(run("{\"AgentID\":\"1\",\"AutoAnswer\":false}", v,
			     msg), 0);
	assert_int_equal(v[2].i, 0);
	assert_int_equal(run("{\"AgentID\":\"1\",\"AutoAnswer\":0}", v, msg),
			 0);
	assert_int_equal(v[2].i, 0);
	assert_int_equal(run("{\"AgentID\":\"1\",\"AutoAnswer\":1}", v, msg),
			 0);
	assert_int_equal(v[2].i, 1);
	assert_int_equal(run("{\"AgentID\":\"1\",\"AutoAnswer\":2}", v, msg),
			 PARAMS_INVALID);
	assert_non_null(strstr(msg, "AutoAnswer"));
	assert_int_equal(run("{\"AgentID\":\"1\",\"AutoAnswer\":\"true\"}", v,
			     msg), PARAMS_INVALID);
}

static void test_errors_name_the_parameter(void **state)
{
	struct pval v[PARAMS_MAX];
	char msg[160];

	(void)state;
	assert_int_equal(run("{}", v, msg), PARAMS_INVALID);
	assert_string_equal(msg, "missing parameter AgentID");
	assert_int_equal(run(NULL, v, msg), PARAMS_INVALID);
	assert_int_equal(run("{\"AgentID\":null}", v, msg), PARAMS_INVALID);
	assert_int_equal(run("{\"AgentID\":2002}", v, msg), PARAMS_INVALID);
	assert_string_equal(msg, "parameter AgentID must be a string");
	assert_int_equal(run("{\"AgentID\":\"1\",\"type\":\"1\"}", v, msg),
			 PARAMS_INVALID);
	assert_non_null(strstr(msg, "type"));
	assert_int_equal(run("{\"AgentID\":\"1\",\"type\":1.0}", v, msg),
			 PARAMS_INVALID);
	assert_int_equal(run("{\"AgentID\":\"1\",\"type\":2}", v, msg),
			 PARAMS_INVALID);
	assert_string_equal(msg, "parameter type must be in 0..1");
	assert_int_equal(run("{\"AgentID\":\"1\",\"type\":"
			     "9223372036854775807}", v, msg), PARAMS_INVALID);
	assert_int_equal(run("{\"AgentID\":\"1\",\"data\":[]}", v, msg),
			 PARAMS_INVALID);
	assert_int_equal(run("{\"AgentID\":\"1\",\"skills\":{}}", v, msg),
			 PARAMS_INVALID);
	assert_string_equal(msg, "parameter skills must be an array");
	assert_int_equal(run("{\"AgentID\":\"1\",\"skills\":\"a\"}", v,
			     msg), PARAMS_INVALID);
	assert_int_equal(run("[\"1\"]", v, msg), PARAMS_INVALID);
	assert_string_equal(msg, "params must be an object");
}

static void test_array(void **state)
{
	struct pval v[PARAMS_MAX];
	char msg[160];
	json_t *p = json_loads("{\"AgentID\":\"1\",\"skills\":[\"a\",1]}",
			       0, NULL);

	(void)state;
	assert_int_equal(params_parse(p, spec, v, msg, sizeof(msg)), 0);
	assert_true(v[5].set);
	/* the items are the method's to judge */
	assert_int_equal(json_array_size(v[5].j), 2);
	json_decref(p);
	assert_int_equal(run("{\"AgentID\":\"1\",\"skills\":null}", v,
			     msg), 0);
	assert_false(v[5].set);
	assert_null(v[5].j);
}

static void test_lengths(void **state)
{
	struct pval v[PARAMS_MAX];
	char msg[160];

	(void)state;
	assert_int_equal(run("{\"AgentID\":\"1234\"}", v, msg), 0);
	assert_int_equal(run("{\"AgentID\":\"12345\"}", v, msg),
			 PARAMS_INVALID);
	assert_string_equal(msg, "parameter AgentID is longer than 4 bytes");
	/* limits are bytes: two CJK characters are 6 bytes */
	assert_int_equal(run("{\"AgentID\":\"示例\"}", v, msg),
			 PARAMS_INVALID);
	/* over-long call data is ArInvalidParam, not a protocol error */
	assert_int_equal(run("{\"AgentID\":\"1\",\"key\":\"abcd\"}", v, msg),
			 ArInvalidParam);
	assert_int_equal(run("{\"AgentID\":\"1\",\"key\":\"abc\"}", v, msg),
			 0);
}

struct items {
	char v[8][16];
	int n;
};

static void item_h(const char *item, void *arg)
{
	struct items *it = arg;

	assert_true(it->n < 8);
	strcpy(it->v[it->n++], item);
}

static void test_list(void **state)
{
	struct items it = {0};

	(void)state;
	params_list_foreach("2001, 2002;2003;; ,2004 ", item_h, &it);
	assert_int_equal(it.n, 4);
	assert_string_equal(it.v[0], "2001");
	assert_string_equal(it.v[1], "2002");
	assert_string_equal(it.v[2], "2003");
	assert_string_equal(it.v[3], "2004");
	it.n = 0;
	params_list_foreach("", item_h, &it);
	params_list_foreach(";,;", item_h, &it);
	assert_int_equal(it.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_and_defaults),
		cmocka_unit_test(test_exact_case_wins),
		cmocka_unit_test(test_bool_forms),
		cmocka_unit_test(test_errors_name_the_parameter),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
