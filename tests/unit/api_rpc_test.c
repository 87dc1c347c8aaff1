/*
 * api_rpc_test.c — the JSON-RPC 2.0 envelope: what is a parse error, what
 * an invalid request (and which id the error carries), notifications, the
 * shapes of replies, and method lookup across tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "api/rpc.h"

static int parse(const char *line, struct rpc_req *req)
{
	char msg[160];

	return rpc_parse(req, line, strlen(line), msg, sizeof(msg));
}

static void expect(const char *line, int code, bool has_id)
{
	struct rpc_req req;

	assert_int_equal(parse(line, &req), code);
	if (has_id)
		assert_non_null(req.id);
	else
		assert_null(req.id);
	rpc_req_reset(&req);
}

static void test_valid(void **state)
{
	struct rpc_req req;

	(void)state;
	assert_int_equal(parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":"
			       "\"SignIn\",\"params\":{\"AgentID\":\"2002\"}}",
			       &req), 0);
	assert_string_equal(req.method, "SignIn");
	assert_int_equal(json_integer_value(req.id), 7);
	assert_true(json_is_object(req.params));
	rpc_req_reset(&req);

	/* a notification: no id */
	assert_int_equal(parse("{\"jsonrpc\":\"2.0\",\"method\":\"Heartbeat\"}",
			       &req), 0);
	assert_null(req.id);
	assert_null(req.params);
	rpc_req_reset(&req);

	expect("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"X\"}", 0, true);
	expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"X\"}", 0, true);
}

static void test_parse_errors(void **state)
{
	static const char nul[] = "{\"jsonrpc\":\"2.0\",\"id\":1,"
				  "\"method\":\"Heart\0beat\"}";
	struct rpc_req req;
	char msg[160];

	(void)state;
	expect("{bad", RPC_PARSE_ERROR, false);
	expect("", RPC_PARSE_ERROR, false);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\xfe\"}",
	       RPC_PARSE_ERROR, false);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\\u0000b\"}",
	       RPC_PARSE_ERROR, false);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1e999,\"method\":\"X\"}",
	       RPC_PARSE_ERROR, false);
	expect("{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,"
	       "\"method\":\"X\"}", RPC_PARSE_ERROR, false);
	expect("{\"jsonrpc\":\"2.0\",\"method\":\"X\",\"method\":\"Y\"}",
	       RPC_PARSE_ERROR, false);
	assert_int_equal(rpc_parse(&req, nul, sizeof(nul) - 1, msg,
				   sizeof(msg)), RPC_PARSE_ERROR);
	assert_null(req.id);
	rpc_req_reset(&req);
}

static void test_invalid_requests(void **state)
{
	(void)state;
	expect("[1,2]", RPC_INVALID_REQUEST, false);
	expect("42", RPC_INVALID_REQUEST, false);
	expect("\"SignIn\"", RPC_INVALID_REQUEST, false);
	/* the id is echoed when it is valid, even if the rest is not */
	expect("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"X\"}",
	       RPC_INVALID_REQUEST, true);
	expect("{\"id\":1,\"method\":\"X\"}", RPC_INVALID_REQUEST, true);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1}", RPC_INVALID_REQUEST, true);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
	       RPC_INVALID_REQUEST, true);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}",
	       RPC_INVALID_REQUEST, true);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"X\",\"params\":3}",
	       RPC_INVALID_REQUEST, true);
	/* bad ids cannot be echoed */
	expect("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"X\"}",
	       RPC_INVALID_REQUEST, false);
	expect("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"X\"}",
	       RPC_INVALID_REQUEST, false);
	expect("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"X\"}",
	       RPC_INVALID_REQUEST, false);
}

static void test_messages(void **state)
{
	json_t *id = json_integer(3), *m;
	char *text;

	(void)state;
	m = rpc_error(NULL, RPC_PARSE_ERROR, "parse error");
	text = json_dumps(m, JSON_COMPACT);
	assert_string_equal(text, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":"
			    "{\"code\":-32700,\"message\":\"parse error\"}}");
	free(text);
	json_decref(m);

	m = rpc_result(id, json_pack("{s:i}", "code", 0));
	text = json_dumps(m, JSON_COMPACT);
	assert_string_equal(text, "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":"
			    "{\"code\":0}}");
	free(text);
	json_decref(m);
	json_decref(id);

	m = rpc_notification("OnReady", json_object());
	text = json_dumps(m, JSON_COMPACT);
	assert_string_equal(text, "{\"jsonrpc\":\"2.0\",\"method\":\"OnReady\","
			    "\"params\":{}}");
	free(text);
	json_decref(m);
}

static json_t *h(struct rpc_call *c)
{
	(void)c;
	return NULL;
}

static void test_method_find(void **state)
{
	static const struct rpc_method a[] = {
		{"SignIn", h, NEEDS_NONE, NULL}, {NULL, NULL, NEEDS_NONE, NULL},
	};
	static const struct rpc_method b[] = {
		{"Admin.Login", h, NEEDS_NONE, NULL},
		{"GetSysInfo", h, NEEDS_ANY, NULL},
		{NULL, NULL, NEEDS_NONE, NULL},
	};
	static const struct rpc_method *const tabs[] = {a, b, NULL};

	(void)state;
	assert_ptr_equal(rpc_method_find(tabs, "SignIn"), &a[0]);
	assert_ptr_equal(rpc_method_find(tabs, "GetSysInfo"), &b[1]);
	assert_null(rpc_method_find(tabs, "signin"));  /* names are exact */
	assert_null(rpc_method_find(tabs, "Nope"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_invalid_requests),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_method_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
