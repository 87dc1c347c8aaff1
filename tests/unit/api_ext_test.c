/*
 * api_ext_test.c — the method tables of the API: its own, and those a
 * backend registers (api_ext.h), as main.c wires them: the sim switch's
 * Sim.* after the API's methods in the names /metrics labels its counters
 * with, names never registered twice, nothing added once the API started.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "api/api_int.h"
#include <re_main.h>
#include "core/core.h"
#include "switch/sim/sim.h"

static struct {
	struct store *st;
	struct sw *sw;
	struct api *api;
	struct core *core;
} T;

static void no_event(const struct sw_event *ev, void *arg)
{
	(void)ev;
	(void)arg;
}

static int setup(void **state)
{
	static const struct pwhash_params weak = {1, 8192};
	struct api_conf conf = {
		.listen_address = "127.0.0.1", .heartbeat_timeout = 60,
		.admin_lock = {5, 60, 60}, .address_lock = {30, 60, 60},
	};

	(void)state;
	api_limits_default(&conf.limits);
	memset(&T, 0, sizeof(T));
	if (libre_init() || store_open(&T.st, ":memory:", &weak) ||
	    sim_switch_alloc(&T.sw, no_event, NULL) ||
	    api_alloc(&T.api, &conf, T.st))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	T.api = mem_deref(T.api);
	T.core = mem_deref(T.core);
	T.sw = mem_deref(T.sw);
	T.st = mem_deref(T.st);
	libre_close();
	return 0;
}

static void ok(struct api_ext_call *call, const struct pval *v, void *arg)
{
	(void)v;
	(void)arg;
	api_ext_reply(call, 0, NULL);
}

/* Whether name is among the methods the API knows. */
static bool has(const char *name)
{
	for (size_t i = 0; i < dispatch_methods(T.api); i++)
		if (!strcmp(dispatch_method_name(T.api, i), name))
			return true;
	return false;
}

static void test_own_names(void **state)
{
	size_t n = dispatch_methods(T.api);

	(void)state;
	assert_true(n > 50);
	for (size_t i = 0; i < n; i++) {
		const char *m = dispatch_method_name(T.api, i);

		assert_non_null(m);
		assert_string_not_equal(m, "unknown");
		/* labels written as they are: nothing to escape */
		assert_null(strpbrk(m, "\"\\\n"));
		/* Sim.* is the sim switch's, not the API's */
		assert_int_not_equal(strncmp(m, "Sim.", 4), 0);
	}
	assert_true(has("SignIn") && has("Admin.Login"));
	assert_null(dispatch_method_name(T.api, n));
}

static void test_sim_methods(void **state)
{
	static const char *const sim[] = {
		"Sim.InboundCall", "Sim.Answer", "Sim.Hangup", "Sim.Reject",
		"Sim.SendDTMF", "Sim.SetPhone", "Sim.SetNumber",
		"Sim.Parties", "Sim.LegCount",
	};
	size_t n = dispatch_methods(T.api);

	(void)state;
	assert_int_equal(sim_rpc_register(T.api, NULL), EINVAL);
	assert_int_equal(sim_rpc_register(T.api, T.sw), 0);
	/* after the API's own, in the sim's order */
	assert_int_equal(dispatch_methods(T.api), n + ARRAY_SIZE(sim));
	for (size_t i = 0; i < ARRAY_SIZE(sim); i++)
		assert_string_equal(dispatch_method_name(T.api, n + i),
				    sim[i]);
	/* twice: every name is taken */
	assert_int_equal(sim_rpc_register(T.api, T.sw), EEXIST);
	assert_int_equal(dispatch_methods(T.api), n + ARRAY_SIZE(sim));
}

static void test_refused(void **state)
{
	static const struct api_ext_method taken[] = {
		{"Test.A", ok, NULL}, {"SignIn", ok, NULL}, {NULL, NULL, NULL},
	};
	static const struct api_ext_method twice[] = {
		{"Test.A", ok, NULL}, {"Test.A", ok, NULL}, {NULL, NULL, NULL},
	};
	static const struct api_ext_method unnamed[] = {
		{"", ok, NULL}, {NULL, NULL, NULL},
	};
	static const struct api_ext_method no_handler[] = {
		{"Test.A", NULL, NULL}, {NULL, NULL, NULL},
	};
	static const struct api_ext_method good[] = {
		{"Test.A", ok, NULL}, {"Test.B", ok, NULL}, {NULL, NULL, NULL},
	};
	size_t n = dispatch_methods(T.api);

	(void)state;
	assert_int_equal(api_ext_register(NULL, good, NULL), EINVAL);
	assert_int_equal(api_ext_register(T.api, NULL, NULL), EINVAL);
	assert_int_equal(api_ext_register(T.api, unnamed, NULL), EINVAL);
	assert_int_equal(api_ext_register(T.api, no_handler, NULL), EINVAL);
	/* a clash adds none of the table */
	assert_int_equal(api_ext_register(T.api, taken, NULL), EEXIST);
	assert_int_equal(api_ext_register(T.api, twice, NULL), EEXIST);
	assert_int_equal(dispatch_methods(T.api), n);
	assert_false(has("Test.A"));
	assert_int_equal(api_ext_register(T.api, good, NULL), 0);
	assert_int_equal(dispatch_methods(T.api), n + 2);
	assert_string_equal(dispatch_method_name(T.api, n + 1), "Test.B");
}

static void path_h(struct http_conn *conn, const struct http_msg *msg,
		   void *arg)
{
	(void)conn;
	(void)msg;
	(void)arg;
}

/* HTTP paths of a backend (the SIP switch's /sip): never the API's own,
 * never twice; the routing itself is integration/sip_ws_test. */
static void test_http_paths(void **state)
{
	char longpath[80];

	(void)state;
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = 0;
	assert_int_equal(api_ext_http(NULL, "/sip", path_h, NULL), EINVAL);
	assert_int_equal(api_ext_http(T.api, "sip", path_h, NULL), EINVAL);
	assert_int_equal(api_ext_http(T.api, "/sip", NULL, NULL), EINVAL);
	assert_int_equal(api_ext_http(T.api, longpath, path_h, NULL), EINVAL);
	assert_int_equal(api_ext_http(T.api, "/ws", path_h, NULL), EEXIST);
	assert_int_equal(api_ext_http(T.api, "/metrics", path_h, NULL),
			 EEXIST);
	assert_int_equal(api_ext_http(T.api, "/sip", path_h, NULL), 0);
	assert_int_equal(api_ext_http(T.api, "/sip", path_h, NULL), EEXIST);
}

/* The counters are sized when the API starts: no table after that. */
static void test_after_start(void **state)
{
	static const struct api_ext_method late[] = {
		{"Test.Late", ok, NULL}, {NULL, NULL, NULL},
	};
	struct core_config cfg;
	struct core_handlers h;

	(void)state;
	core_config_default(&cfg);
	cfg.recordings_dir = "/tmp";
	memset(&h, 0, sizeof(h));
	api_core_handlers(T.api, &h);
	assert_int_equal(core_alloc(&T.core, &cfg, T.st, T.sw, &h), 0);
	assert_int_equal(api_start(T.api, T.core), 0);
	assert_int_equal(api_ext_register(T.api, late, NULL), EALREADY);
	assert_int_equal(sim_rpc_register(T.api, T.sw), EALREADY);
	assert_false(has("Test.Late") || has("Sim.LegCount"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_own_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_http_paths, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sim_methods, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_start, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
