/*
 * protocol_test.c — the daemon's outer layer against the real binary:
 * every kind of malformed input on fresh, agent and admin connections
 * (each followed by a valid request on the same connection: it stays
 * usable, the daemon stays up), permissions, line limits, a garbage flood,
 * the shapes of replies and events, heartbeat loss, kicks, HTTP, the
 * command line and configuration errors, and a clean SIGTERM shutdown.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

static struct daemon d;

static int setup(void **state)
{
	(void)state;
	daemon_start(&d, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	daemon_stop(&d);      /* fails unless SIGTERM gives exit status 0 */
	daemon_cleanup(&d);
	return 0;
}

/* Next reply (notifications skipped); fails the test on timeout. */
static json_t *next_reply(struct rc *c)
{
	json_t *m;

	for (;;) {
		m = rc_read_msg(c, ITEST_TIMEOUT_MS);
		if (!m)
			fail_msg("no reply");
		if (json_object_get(m, "id"))
			return m;
		json_decref(m);
	}
}

/* Sends line + "\n", expects a JSON-RPC error code with the given id
 * (-1: null), then proves the connection still works. */
static void expect_error(struct rc *c, const char *line, size_t len,
			 int code, int id, const char *needle)
{
	json_t *m, *e, *jid;

	rc_send_raw(c, line, len);
	rc_send_str(c, "\n");
	m = next_reply(c);
	e = json_object_get(m, "error");
	jid = json_object_get(m, "id");
	if (!e || json_integer_value(json_object_get(e, "code")) != code)
		fail_msg("%.*s: want error %d, got %s", (int)len, line, code,
			 json_dumps(m, JSON_COMPACT));
	if (id < 0)
		assert_true(json_is_null(jid));
	else
		assert_int_equal(json_integer_value(jid), id);
	assert_string_equal(json_string_value(json_object_get(m, "jsonrpc")),
			    "2.0");
	if (needle && !strstr(json_string_value(json_object_get(e, "message")),
			      needle))
		fail_msg("%.*s: message \"%s\" lacks \"%s\"", (int)len, line,
			 json_string_value(json_object_get(e, "message")),
			 needle);
	json_decref(m);
	assert_true(itest_heartbeat_ok(c));
}

#define EXPECT(c, s, code, id, needle) \
	expect_error(c, s, sizeof(s) - 1, code, id, needle)

static void malformed_suite(struct rc *c)
{
	static const char nul[] = "{\"jsonrpc\":\"2.0\",\"id\":20,"
				  "\"method\":\"Heart\0beat\"}";
	json_t *m;

	EXPECT(c, "{bad json", -32700, -1, "parse error");
	EXPECT(c, "[1,2,3]", -32600, -1, "object");
	EXPECT(c, "[]", -32600, -1, NULL);
	EXPECT(c, "\"SignIn\"", -32600, -1, NULL);
	EXPECT(c, "42", -32600, -1, NULL);
	EXPECT(c, "null", -32600, -1, NULL);
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":1}", -32600, 1, "method");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":5}", -32600, 2,
	       "method");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":null}", -32600, 3,
	       "method");
	EXPECT(c, "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"Heartbeat\"}",
	       -32600, 4, "jsonrpc");
	EXPECT(c, "{\"jsonrpc\":2,\"id\":5,\"method\":\"Heartbeat\"}", -32600,
	       5, "jsonrpc");
	EXPECT(c, "{\"id\":6,\"method\":\"Heartbeat\"}", -32600, 6, "jsonrpc");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"Heartbeat\"}",
	       -32600, -1, "id");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"Heartbeat\"}",
	       -32600, -1, "id");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"Heartbeat\","
	       "\"params\":\"x\"}", -32600, 7, "params");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"NoSuchMethod\"}",
	       -32601, 8, NULL);
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"signin\"}",
	       -32601, 9, NULL);
	/* wrong parameter types and missing parameters name the parameter */
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"SetRest\","
	       "\"params\":{\"reason\":5}}", -32602, 10, "reason");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"MakeCall\","
	       "\"params\":{\"type\":1}}", -32602, 11, "dest");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"MakeCall\","
	       "\"params\":{\"dest\":\"1\",\"type\":\"1\"}}", -32602, 12,
	       "type");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"SignIn\","
	       "\"params\":[\"2002\"]}", -32602, 13, "object");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"SignIn\","
	       "\"params\":{\"AgentID\":\"2002\",\"PassWord\":\"x\","
	       "\"DN\":\"1882\",\"ServiceList\":\"示例\",\"AutoAnswer\":2}}",
	       -32602, 14, "AutoAnswer");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":"
	       "\"GetAgentDetailByAgentID\",\"params\":{}}", -32602, 15,
	       "AgentID");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"Admin.Login\","
	       "\"params\":{\"user\":\"admin\"}}", -32602, 16, "password");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"Sim.Answer\","
	       "\"params\":{\"party\":[]}}", -32602, 17, "party");
	/* huge numbers */
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"MakeCall\","
	       "\"params\":{\"dest\":\"1\",\"type\":99999999999}}", -32602, 18,
	       "type");
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":1e999,\"method\":\"Heartbeat\"}",
	       -32700, -1, NULL);
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"Heartbeat\","
	       "\"params\":{\"x\":123456789012345678901234567890}}", -32700, -1,
	       NULL);
	/* invalid UTF-8, NUL bytes raw and escaped, duplicate keys */
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"Heart\xff"
	       "beat\"}", -32700, -1, NULL);
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"\xc3\x28\"}",
	       -32700, -1, NULL);
	expect_error(c, nul, sizeof(nul) - 1, -32700, -1, NULL);
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"Heart\\u0000"
	       "beat\"}", -32700, -1, NULL);
	EXPECT(c, "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"Heartbeat\","
	       "\"id\":23}", -32700, -1, NULL);

	/* a notification is executed, never answered, even when wrong: the
	 * next message is the reply to the next request */
	rc_send_str(c, "{\"jsonrpc\":\"2.0\",\"method\":\"NoSuch\"}\n"
		    "{\"jsonrpc\":\"2.0\",\"method\":\"Heartbeat\"}\n"
		    "{\"jsonrpc\":\"2.0\",\"method\":\"SetRest\","
		    "\"params\":{\"reason\":5}}\n"
		    "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":"
		    "\"Heartbeat\"}\r\n");
	m = next_reply(c);
	assert_string_equal(json_string_value(json_object_get(m, "id")), "s");
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(m, "result"), "code")), ArSuccess);
	json_decref(m);
}

static void test_ready_line(void **state)
{
	(void)state;
	assert_true(d.agent_port > 0);
	assert_true(d.http_port > 0);
	assert_int_not_equal(d.agent_port, d.http_port);
	assert_int_equal(d.sip_port, 0);   /* sim switch: no SIP */
}

static void test_demo_admin_warning(void **state)
{
	(void)state;
	assert_true(daemon_log_contains(&d, "DEMO CREDENTIALS IN USE"));
}

static void test_malformed_fresh_connection(void **state)
{
	struct rc *c = rc_connect(d.agent_port);

	(void)state;
	malformed_suite(c);
	rc_close(c);
}

static void test_malformed_agent_connection(void **state)
{
	struct rc *c = rc_connect(d.agent_port);
	json_t *ev;

	(void)state;
	assert_int_equal(itest_signin(c, "2003", "1883", NULL), ArSuccess);
	ev = rc_wait_event(c, "OnReady", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);
	malformed_suite(c);
	/* still signed in */
	ev = rc_call(c, "GetAgentStatus", NULL);
	assert_int_equal(rc_code(ev), ArSuccess);
	assert_int_equal(json_integer_value(json_object_get(ev, "value")),
			 AsReadyState);
	json_decref(ev);
	rc_close(c);
}

static void test_malformed_admin_connection(void **state)
{
	struct rc *c = rc_connect(d.agent_port);

	(void)state;
	assert_int_equal(itest_admin_login(c), ArSuccess);
	malformed_suite(c);
	rc_close(c);
}

static void expect_code(struct rc *c, const char *method, json_t *params,
			int code)
{
	json_t *r = rc_call(c, method, params);

	if (!r)
		fail_msg("%s: JSON-RPC error %d %s", method, rc_last_error(c),
			 rc_last_error_message(c));
	if (rc_code(r) != code)
		fail_msg("%s: want code %d, got %s", method, code,
			 json_dumps(r, JSON_COMPACT));
	if (code && !json_is_string(json_object_get(r, "message")))
		fail_msg("%s: code %d without a message", method, code);
	json_decref(r);
}

static void test_requests_before_signin(void **state)
{
	struct rc *c = rc_connect(d.agent_port);

	(void)state;
	expect_code(c, "SetIdle", NULL, ArNoSignin);
	expect_code(c, "SignOut", NULL, ArNoSignin);
	expect_code(c, "GetAgentStatus", NULL, ArNoSignin);
	expect_code(c, "MakeCall", json_pack("{s:s, s:i}", "dest", "13800",
					     "type", 1), ArNoSignin);
	expect_code(c, "GetCallingNo", NULL, ArNoSignin);
	expect_code(c, "Hold", NULL, ArNoSignin);
	expect_code(c, "GetSysInfo", NULL, ArNoSignin);
	expect_code(c, "GetAgentDetailByAgentID",
		    json_pack("{s:s}", "AgentID", "2002"), ArNoSignin);
	/* allowed on any connection */
	expect_code(c, "Heartbeat", NULL, ArSuccess);
	expect_code(c, "SynchronizeCTITime", NULL, ArSuccess);
	rc_close(c);
}

static void test_admin_and_sim_need_admin_login(void **state)
{
	struct rc *c = rc_connect(d.agent_port);
	struct rc *a = rc_connect(d.agent_port);
	json_t *r, *row;
	size_t i;

	(void)state;
	expect_code(c, "Admin.ListAgents", NULL, ArPermissionDenied);
	expect_code(c, "Admin.AddAgent", json_pack("{s:s, s:s}", "id", "9",
						   "password", "x"),
		    ArPermissionDenied);
	expect_code(c, "Sim.InboundCall", json_pack("{s:s, s:s}", "ani", "1",
						    "dnis", "4000"),
		    ArPermissionDenied);
	expect_code(c, "Sim.LegCount", NULL, ArPermissionDenied);
	expect_code(c, "Admin.Login", json_pack("{s:s, s:s}", "user", "admin",
						"password", "wrong"),
		    ArPasswordError);
	expect_code(c, "Admin.ListAgents", NULL, ArPermissionDenied);

	/* an agent connection is not an admin connection either */
	assert_int_equal(itest_signin(a, "2004", "1884", NULL), ArSuccess);
	expect_code(a, "Admin.ListAgents", NULL, ArPermissionDenied);
	expect_code(a, "Sim.LegCount", NULL, ArPermissionDenied);
	expect_code(a, "Admin.Login", json_pack("{s:s, s:s}", "user", "admin",
						"password", "admin"),
		    ArHasSigned);
	expect_code(a, "SignOut", NULL, ArSuccess);

	assert_int_equal(itest_admin_login(c), ArSuccess);
	expect_code(c, "Sim.LegCount", NULL, ArSuccess);
	r = rc_call(c, "Admin.ListAgents", NULL);
	assert_int_equal(rc_code(r), ArSuccess);
	assert_true(json_is_array(json_object_get(r, "data")));
	assert_int_equal(json_array_size(json_object_get(r, "data")), 20);
	json_array_foreach(json_object_get(r, "data"), i, row) {
		assert_non_null(json_object_get(row, "id"));
		assert_null(json_object_get(row, "pwhash"));
		assert_null(json_object_get(row, "password"));
	}
	json_decref(r);
	/* an admin connection cannot sign an agent in */
	r = rc_call(c, "SignIn", json_pack("{s:s, s:s, s:s, s:s}", "AgentID",
					   "2005", "PassWord", "2005123", "DN",
					   "1885", "ServiceList", "示例=1"));
	assert_int_equal(rc_code(r), ArHasSigned);
	json_decref(r);
	rc_close(a);
	rc_close(c);
}

/* Admin.* round trips: what is added can be used and listed, updates
 * merge, deletes remove, bad fields are ArInvalidParam, unknown rows give
 * the manual's "does not exist" codes. */
static void test_admin_directory(void **state)
{
	struct rc *a = rc_connect(d.agent_port);
	struct rc *c = rc_connect(d.agent_port);
	json_t *r, *row;
	size_t i;
	bool found = false;

	(void)state;
	assert_int_equal(itest_admin_login(a), ArSuccess);
	expect_code(a, "Admin.AddSkill", json_pack(
		"{s:s, s:s, s:i, s:b, s:i}", "name", "售后", "strategy",
		"round-robin", "ringTimeout", 15, "record", 0, "priority", 2),
		ArSuccess);
	expect_code(a, "Admin.AddSkill", json_pack("{s:s}", "name", "售后"),
		    ArFailed);   /* exists */
	expect_code(a, "Admin.AddSkill", json_pack("{s:s, s:s}", "name", "x",
						   "strategy", "fastest"),
		    ArInvalidParam);
	expect_code(a, "Admin.AddSkill", json_pack("{s:s}", "name", "a=b"),
		    ArInvalidParam);
	expect_code(a, "Admin.AddSkill", json_pack("{s:s, s:s}", "name", "y",
						   "overflow", "pbx:1"),
		    ArInvalidParam);
	expect_code(a, "Admin.UpdateSkill", json_pack("{s:s, s:i}", "name",
						      "售后", "wrapup", 5),
		    ArSuccess);
	expect_code(a, "Admin.UpdateSkill", json_pack("{s:s}", "name", "无"),
		    ArSkillNotExist);
	r = rc_call(a, "Admin.ListSkills", NULL);
	json_array_foreach(json_object_get(r, "data"), i, row) {
		if (strcmp(json_string_value(json_object_get(row, "name")),
			   "售后"))
			continue;
		found = true;
		assert_string_equal(json_string_value(json_object_get(
			row, "strategy")), "round-robin");
		assert_int_equal(json_integer_value(json_object_get(
			row, "ringTimeout")), 15);   /* kept by the update */
		assert_int_equal(json_integer_value(json_object_get(
			row, "wrapup")), 5);
	}
	assert_true(found);
	json_decref(r);

	expect_code(a, "Admin.AddAgent", json_pack("{s:s, s:s, s:s, s:s}",
						   "id", "3001", "name", "新人",
						   "role", "agent", "password",
						   "pw3001"), ArSuccess);
	expect_code(a, "Admin.AddAgent", json_pack("{s:s, s:s, s:s}", "id",
						   "3002", "role", "boss",
						   "password", "x"),
		    ArInvalidParam);
	expect_code(a, "Admin.AddAgent", json_pack("{s:s}", "id", "3003"),
		    ArInvalidParam);   /* a new agent needs a password */
	expect_code(a, "Admin.UpdateAgent", json_pack("{s:s, s:s}", "id",
						      "9999", "name", "x"),
		    ArAgentIdNotExist);
	expect_code(a, "Admin.AddPhone", json_pack("{s:s, s:s}", "dn", "1950",
						   "sipPassword", "s3cret"),
		    ArSuccess);
	expect_code(a, "Admin.SetPermission", json_pack("{s:s, s:s, s:i}",
							"agent", "3001",
							"skill", "售后",
							"level", 3), ArSuccess);
	expect_code(a, "Admin.SetPermission", json_pack("{s:s, s:s}", "agent",
							"3001", "skill", "无"),
		    ArSkillNotExist);
	r = rc_call(a, "Admin.ListPermissions", json_pack("{s:s}", "agent",
							  "3001"));
	assert_int_equal(json_array_size(json_object_get(r, "data")), 1);
	json_decref(r);
	r = rc_call(a, "Admin.ListPhones", NULL);
	json_array_foreach(json_object_get(r, "data"), i, row)
		assert_null(json_object_get(row, "sipPassword"));
	json_decref(r);

	/* the new directory entries are usable at once */
	r = rc_call(c, "SignIn", json_pack("{s:s, s:s, s:s, s:s}", "AgentID",
					   "3001", "PassWord", "pw3001", "DN",
					   "1950", "ServiceList", "售后"));
	assert_int_equal(rc_code(r), ArSuccess);
	json_decref(r);
	expect_code(c, "SignOut", NULL, ArSuccess);
	expect_code(a, "Admin.UpdateAgent", json_pack("{s:s, s:s}", "id",
						      "3001", "password",
						      "new"), ArSuccess);
	expect_code(c, "SignIn", json_pack("{s:s, s:s, s:s, s:s}", "AgentID",
					   "3001", "PassWord", "pw3001", "DN",
					   "1950", "ServiceList", "售后"),
		    ArAgentPasswordError);

	expect_code(a, "Admin.AddRoute", json_pack("{s:s, s:s, s:s}", "access",
						   "4500", "kind", "skill",
						   "target", "售后"), ArSuccess);
	expect_code(a, "Admin.AddRoute", json_pack("{s:s, s:s, s:s}", "access",
						   "4501", "kind", "fax",
						   "target", "x"),
		    ArInvalidParam);
	expect_code(a, "Admin.AddRoute", json_pack("{s:s, s:s, s:s}", "access",
						   "4502", "kind", "skill",
						   "target", "无"),
		    ArSkillNotExist);
	expect_code(a, "Admin.DeleteRoute", json_pack("{s:s}", "access",
						      "4500"), ArSuccess);
	expect_code(a, "Admin.DeleteRoute", json_pack("{s:s}", "access",
						      "4500"), ArFailed);
	expect_code(a, "Admin.AddRestReason", json_pack("{s:s}", "reason",
							"会议"), ArSuccess);
	expect_code(a, "Admin.AddRestReason", json_pack("{s:s}", "reason",
							"a;b"),
		    ArInvalidParam);
	r = rc_call(a, "Admin.ListRestReasons", NULL);
	assert_int_equal(json_array_size(json_object_get(r, "data")), 4);
	json_decref(r);
	expect_code(a, "Admin.DeleteRestReason", json_pack("{s:s}", "reason",
							   "会议"), ArSuccess);
	expect_code(a, "Admin.DeletePermission", json_pack("{s:s, s:s}",
							   "agent", "3001",
							   "skill", "售后"),
		    ArSuccess);
	expect_code(a, "Admin.DeleteAgent", json_pack("{s:s}", "id", "3001"),
		    ArSuccess);
	expect_code(a, "Admin.DeleteAgent", json_pack("{s:s}", "id", "3001"),
		    ArAgentIdNotExist);
	expect_code(a, "Admin.DeletePhone", json_pack("{s:s}", "dn", "1950"),
		    ArSuccess);
	expect_code(a, "Admin.DeleteSkill", json_pack("{s:s}", "name", "售后"),
		    ArSuccess);
	expect_code(a, "Admin.DeleteSkill", json_pack("{s:s}", "name", "售后"),
		    ArSkillNotExist);
	rc_close(c);
	rc_close(a);
}

static void test_line_limit(void **state)
{
	static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
				   "\"Heartbeat\",\"params\":{\"pad\":\"";
	static const char tail[] = "\"}}";
	size_t max = 65536, pad = max - (sizeof(head) - 1) - (sizeof(tail) - 1);
	char *line = malloc(max + 8000);
	struct rc *c = rc_connect(d.agent_port);
	json_t *m, *e;

	(void)state;
	assert_non_null(line);
	/* exactly 64 KiB: accepted */
	memcpy(line, head, sizeof(head) - 1);
	memset(line + sizeof(head) - 1, 'x', pad);
	memcpy(line + sizeof(head) - 1 + pad, tail, sizeof(tail));
	assert_int_equal(strlen(line), max);
	rc_send_raw(c, line, max);
	rc_send_str(c, "\n");
	m = next_reply(c);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(m, "result"), "code")), ArSuccess);
	json_decref(m);

	/* longer, still without a newline: an error, then the server closes */
	memset(line, 'x', max + 8000);
	rc_send_raw(c, line, max + 8000);
	m = rc_read_msg(c, ITEST_TIMEOUT_MS);
	assert_non_null(m);
	e = json_object_get(m, "error");
	assert_int_equal(json_integer_value(json_object_get(e, "code")),
			 -32600);
	assert_string_equal(json_string_value(json_object_get(e, "message")),
			    "line too long");
	assert_true(json_is_null(json_object_get(m, "id")));
	json_decref(m);
	assert_true(rc_wait_closed(c, ITEST_TIMEOUT_MS));
	rc_close(c);
	free(line);

	c = rc_connect(d.agent_port);
	assert_true(itest_heartbeat_ok(c));   /* the daemon is fine */
	rc_close(c);
}

static void test_garbage_flood(void **state)
{
	struct rc *c = rc_connect(d.agent_port);
	size_t size = 1000 * 32, len = 0;
	char *buf = malloc(size);
	json_t *m;

	(void)state;
	assert_non_null(buf);
	for (int i = 0; i < 1000; i++)
		len += (size_t)snprintf(buf + len, size - len,
					"garbage %d }{\x01\n", i);
	rc_send_raw(c, buf, len);
	free(buf);
	for (int i = 0; i < 1000; i++) {
		m = rc_read_msg(c, 10000);
		if (!m)
			fail_msg("reply %d of 1000 missing", i);
		assert_int_equal(json_integer_value(json_object_get(
			json_object_get(m, "error"), "code")), -32700);
		json_decref(m);
	}
	assert_true(itest_heartbeat_ok(c));
	rc_close(c);
}

/* The call-control methods outside a call: the core's state check
 * answers; parameters are still typed and required. */
static void test_call_methods_outside_a_call(void **state)
{
	struct rc *c = rc_connect(d.agent_port);
	char key[41];
	json_t *r;

	(void)state;
	assert_int_equal(itest_signin(c, "2006", "1886", NULL), ArSuccess);
	expect_code(c, "Hold", NULL, ArAgentStatusIsWrong);
	expect_code(c, "Consult", json_pack("{s:s, s:i}", "consultNum", "2007",
					    "consultType", 0),
		    ArAgentStatusIsWrong);
	/* the manual's limits are the core's: key <= 32 bytes */
	memset(key, 'k', 40);
	key[40] = '\0';
	expect_code(c, "GetCallData", json_pack("{s:s}", "key", key),
		    ArInvalidParam);
	expect_code(c, "GetCallData", json_pack("{s:s}", "key", ""),
		    ArKeyIsEmpty);
	r = rc_call(c, "SendDTMF", json_object());
	assert_null(r);
	assert_int_equal(rc_last_error(c), -32602);
	assert_non_null(strstr(rc_last_error_message(c), "DTMFDigits"));
	/* not a monitor */
	expect_code(c, "ForceIdle", json_pack("{s:s}", "AgentID", "2007"),
		    ArPermissionDenied);
	expect_code(c, "SignOut", NULL, ArSuccess);
	rc_close(c);
}

static void test_signin_and_queries(void **state)
{
	struct rc *c = rc_connect(d.agent_port);
	struct rc *q = rc_connect(d.agent_port);
	json_t *r, *ev, *info;
	const char *key;
	json_t *v;
	static const char *const keys[] = {
		"agentId", "agentDn", "loginTime", "currStatus",
		"currStatusTime", "answerTime", "currTime", "origCaller",
		"origCallee", "privQueueNum", "callTimes", "answerTimes",
		"freeTotalTime", "busyTotalTime", "resetTotalTime",
		"callTotalTime", "answerTotalTime",
	};
	size_t i = 0;

	(void)state;
	/* wrong password: ArAgentPasswordError, after the configured delay */
	r = rc_call(c, "SignIn", json_pack("{s:s, s:s, s:s, s:s}", "AgentID",
					   "2002", "PassWord", "nope", "DN",
					   "1882", "ServiceList", "示例=1"));
	assert_int_equal(rc_code(r), ArAgentPasswordError);
	assert_int_equal(json_integer_value(json_object_get(r, "agentStatus")),
			 AsUnLoginState);
	json_decref(r);

	/* the manual's spelling variants of parameter names are accepted */
	r = rc_call(c, "SignIn", json_pack("{s:s, s:s, s:s, s:s, s:i}",
					   "agentID", "2002", "password",
					   "2002123", "dn", "1882",
					   "serviceList", "示例=1;投诉=2",
					   "StatusChangeType", 0));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_int_equal(json_integer_value(json_object_get(r, "agentStatus")),
			 AsReadyState);
	json_decref(r);
	ev = rc_wait_event(c, "OnReady", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	assert_string_equal(json_string_value(json_object_get(ev, "agentId")),
			    "2002");
	assert_int_equal(json_integer_value(json_object_get(ev,
							    "agentStatus")),
			 AsReadyState);
	assert_int_equal(json_integer_value(json_object_get(ev, "reason")),
			 CerIdleSelfLogin);
	assert_true(json_integer_value(json_object_get(ev, "timestamp")) >
		    1000000000000000LL);
	json_decref(ev);
	expect_code(c, "SignIn", json_pack("{s:s, s:s, s:s, s:s}", "AgentID",
					   "2002", "PassWord", "2002123", "DN",
					   "1882", "ServiceList", "示例=1"),
		    ArHasSigned);

	/* queries from another agent's connection */
	assert_int_equal(itest_signin(q, "2008", "1888", NULL), ArSuccess);
	r = rc_call(q, "GetAgentDetailByAgentID",
		    json_pack("{s:s}", "agentID", "2002"));
	assert_int_equal(rc_code(r), ArSuccess);
	info = rc_data_json(r);
	assert_true(json_is_object(info));
	json_object_foreach(info, key, v) {
		assert_true(i < sizeof(keys) / sizeof(keys[0]));
		assert_string_equal(key, keys[i]);   /* the manual's order */
		i++;
	}
	assert_int_equal(i, sizeof(keys) / sizeof(keys[0]));
	assert_string_equal(json_string_value(json_object_get(info, "agentDn")),
			    "1882");
	json_decref(info);
	json_decref(r);

	r = rc_call(q, "GetAgentDetailByAgentID",
		    json_pack("{s:s}", "AgentID", "2019"));  /* not signed in */
	assert_int_equal(rc_code(r), ArAgentIdNotExist);
	assert_string_equal(rc_data(r), "");
	json_decref(r);
	r = rc_call(q, "GetAgentDetailByAgentDN",
		    json_pack("{s:s}", "AgentDN", "1899"));
	assert_int_equal(rc_code(r), ArDestAgentDnNotExist);
	json_decref(r);
	r = rc_call(q, "GetAgentDetailsByAgentIDs",
		    json_pack("{s:s}", "AgentIDs", "2002;2019,2008"));
	info = rc_data_json(r);
	assert_int_equal(json_array_size(info), 2);   /* 2019 skipped */
	json_decref(info);
	json_decref(r);
	r = rc_call(q, "GetAgentNBySkill", json_pack("{s:s}", "skill", "投诉"));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_int_equal(json_integer_value(json_object_get(r, "value")), 2);
	json_decref(r);
	expect_code(q, "GetAgentNBySkill", json_pack("{s:s}", "Skill", "nope"),
		    ArSkillNotExist);
	r = rc_call(q, "GetSkillWaitingNumber",
		    json_pack("{s:s}", "skill", "示例"));
	assert_string_equal(rc_data(r), "{\"queuenumber\":0,\"freenumber\":2}");
	json_decref(r);
	r = rc_call(q, "GetRestReason", NULL);
	assert_string_equal(rc_data(r), "午饭;培训;小休");
	json_decref(r);
	r = rc_call(q, "GetSysInfo", NULL);
	info = rc_data_json(r);
	assert_true(json_integer_value(json_object_get(info, "totalAgents")) >=
		    2);
	json_decref(info);
	json_decref(r);

	r = rc_call(c, "SynchronizeCTITime", NULL);
	assert_true(json_integer_value(json_object_get(r, "time")) >
		    1000000000000000LL);
	json_decref(r);
	expect_code(c, "SetRest", json_pack("{s:s}", "reason", "午饭"),
		    ArSuccess);
	ev = rc_wait_event(c, "OnRest", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);
	expect_code(c, "SignOut", NULL, ArSuccess);
	ev = rc_wait_event(c, "OnUnLogin", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	assert_int_equal(json_integer_value(json_object_get(ev, "reason")),
			 CerUnloginLogout);
	json_decref(ev);
	expect_code(c, "SetIdle", NULL, ArNoSignin);
	expect_code(q, "SignOut", NULL, ArSuccess);
	rc_close(q);
	rc_close(c);
}

/* SignIn of 2012 on 1892 with the ResumeStatus extension (reason NULL:
 * no ResumeReason); the result's code, agentStatus checked against want. */
static int signin_resuming(struct rc *c, int status, const char *reason,
			   int want_status)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:i}", "AgentID", "2012",
			      "PassWord", "2012123", "DN", "1892",
			      "ServiceList", "示例=1", "ResumeStatus", status);
	json_t *r;
	int code;

	if (reason)
		json_object_set_new(p, "ResumeReason", json_string(reason));
	r = rc_call(c, "SignIn", p);
	assert_non_null(r);
	code = rc_code(r);
	assert_int_equal(json_integer_value(json_object_get(r, "agentStatus")),
			 want_status);
	json_decref(r);
	return code;
}

static void test_signin_resume_status(void **state)
{
	struct rc *c = rc_connect(d.agent_port);
	json_t *ev;

	(void)state;
	assert_int_equal(signin_resuming(c, 99, NULL, AsUnLoginState),
			 ArInvalidParam);
	assert_int_equal(signin_resuming(c, AsRestState, NULL, AsUnLoginState),
			 ArInvalidParam);
	assert_int_equal(signin_resuming(c, AsRestState, "not a reason",
					 AsUnLoginState), ArInvalidParam);
	assert_int_equal(rc_pending_events(c), 0);
	/* straight into Rest: the one event a sign-in has */
	assert_int_equal(signin_resuming(c, AsRestState, "小休", AsRestState),
			 ArSuccess);
	ev = rc_read_msg(c, ITEST_TIMEOUT_MS);
	assert_string_equal(itest_str(ev, "method"), "OnRest");
	assert_int_equal(itest_int(json_object_get(ev, "params"), "reason"),
			 CerIdleSelfLogin);
	json_decref(ev);
	expect_code(c, "SignOut", NULL, ArSuccess);
	rc_close(c);
}

static void test_inbound_call_events(void **state)
{
	static const char *const keys[] = {
		"agentId", "agentStatus", "eventID", "callID", "contactID",
		"partyNum", "otherParty", "otherPartyAttribute",
		"originatingParty", "originalANI", "originalDNIS", "reason",
		"timestamp",
	};
	struct rc *a = rc_connect(d.agent_port);
	struct rc *c = rc_connect(d.agent_port);
	char call_id[32];
	json_t *ev, *r;

	(void)state;
	assert_int_equal(itest_admin_login(a), ArSuccess);
	assert_int_equal(itest_signin(c, "2010", "1890", "投诉=1"), ArSuccess);
	ev = rc_wait_event(c, "OnReady", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);
	assert_int_equal(itest_sim_inbound(a, "13900000001", "4001", call_id,
					   sizeof(call_id)), ArSuccess);
	assert_int_equal(strncmp(call_id, "sim-", 4), 0);
	ev = rc_wait_event(c, "OnAlerting", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	assert_int_equal(json_object_size(ev), 13);
	for (size_t i = 0; i < 13; i++)
		assert_non_null(json_object_get(ev, keys[i]));
	assert_string_equal(json_string_value(json_object_get(ev,
							      "otherParty")),
			    "13900000001");
	assert_string_equal(json_string_value(json_object_get(ev,
							      "originalDNIS")),
			    "4001");
	assert_int_equal(json_integer_value(json_object_get(
		ev, "otherPartyAttribute")), PaNormal);
	json_decref(ev);
	assert_int_equal(itest_sim_answer(a, "1890"), ArSuccess);
	ev = rc_wait_event(c, "OnConnected", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);
	r = rc_call(c, "GetCallingNo", NULL);
	assert_string_equal(rc_data(r), "13900000001");
	json_decref(r);
	r = rc_call(a, "Sim.Parties", json_pack("{s:s}", "callID", call_id));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_int_equal(json_array_size(json_object_get(r, "data")), 2);
	json_decref(r);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	ev = rc_wait_event(c, "OnReady", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	assert_int_equal(json_integer_value(json_object_get(ev, "reason")),
			 CerIdleNormalOtherHangup);
	json_decref(ev);
	expect_code(a, "Sim.Hangup", json_pack("{s:s}", "party", "sim-9999"),
		    ArFailed);
	expect_code(a, "Sim.Reject", json_pack("{s:s, s:s}", "party", "1890",
					       "cause", "bored"),
		    ArInvalidParam);
	expect_code(c, "SignOut", NULL, ArSuccess);
	rc_close(c);
	rc_close(a);
}

static void test_force_signin_kicks_old_connection(void **state)
{
	struct rc *old = rc_connect(d.agent_port);
	struct rc *new = rc_connect(d.agent_port);
	json_t *ev;

	(void)state;
	assert_int_equal(itest_signin(old, "2011", "1891", NULL), ArSuccess);
	assert_int_equal(itest_signin(new, "2011", "1891", NULL), ArSuccess);
	ev = rc_wait_event(old, "OnUnLogin", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	assert_int_equal(json_integer_value(json_object_get(ev, "reason")),
			 CerUnloginResignin);
	json_decref(ev);
	assert_true(rc_wait_closed(old, ITEST_TIMEOUT_MS));
	expect_code(new, "GetAgentStatus", NULL, ArSuccess);
	expect_code(new, "SignOut", NULL, ArSuccess);
	rc_close(new);
	rc_close(old);
}

static void test_http(void **state)
{
	static const char *const reqs[] = {
		"GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
	};
	static const char *const want[] = {"200", "404"};

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct sockaddr_in sin = {.sin_family = AF_INET,
			.sin_port = htons(d.http_port),
			.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		char buf[1024];
		ssize_t n, len = 0;

		assert_int_equal(connect(fd, (struct sockaddr *)&sin,
					 sizeof(sin)), 0);
		assert_true(write(fd, reqs[i], strlen(reqs[i])) ==
			    (ssize_t)strlen(reqs[i]));
		while (len < (ssize_t)sizeof(buf) - 1 &&
		       poll(&pfd, 1, ITEST_TIMEOUT_MS) > 0 &&
		       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
			len += n;
			buf[len] = '\0';
			if (strstr(buf, "\r\n\r\n") && (i == 1 ||
							strstr(buf, "}")))
				break;
		}
		buf[len] = '\0';
		close(fd);
		assert_int_equal(strncmp(buf + 9, want[i], 3), 0);
		if (i == 0)
			assert_non_null(strstr(buf, "{\"status\":\"ok\","
					       "\"role\":\"master\"}"));
	}
}

static void test_heartbeat_loss(void **state)
{
	struct daemon_opts o = {.heartbeat_timeout = 1};
	struct daemon hd;
	struct rc *c, *q;
	json_t *r;

	(void)state;
	daemon_start(&hd, &o);
	c = rc_connect(hd.agent_port);
	q = rc_connect(hd.agent_port);
	assert_int_equal(itest_signin(c, "2002", "1882", NULL), ArSuccess);
	assert_int_equal(itest_signin(q, "2003", "1883", NULL), ArSuccess);
	/* q keeps talking, c goes silent */
	for (int i = 0; i < 4; i++) {
		usleep(350000);
		assert_true(itest_heartbeat_ok(q));
	}
	assert_true(rc_wait_closed(c, ITEST_TIMEOUT_MS));
	r = rc_call(q, "GetAgentDetailByAgentID",
		    json_pack("{s:s}", "AgentID", "2002"));
	assert_int_equal(rc_code(r), ArAgentIdNotExist);  /* signed out */
	json_decref(r);
	rc_close(c);
	rc_close(q);
	daemon_stop(&hd);
	daemon_cleanup(&hd);
}

/* SIGTERM with an agent in a call: the agent is signed out, the call is
 * hung up and its CDR is in the database the next start reads. */
static void test_shutdown_during_call(void **state)
{
	struct daemon sd;
	struct rc *c, *a;
	char call_id[32];
	json_t *ev, *r, *row;

	(void)state;
	daemon_start(&sd, NULL);
	c = rc_connect(sd.agent_port);
	a = itest_admin(&sd);
	assert_int_equal(itest_signin(c, "2002", "1882", "示例=1"), ArSuccess);
	assert_int_equal(itest_sim_inbound(a, "13700000000", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	ev = rc_wait_event(c, "OnAlerting", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);
	assert_int_equal(itest_sim_answer(a, "1882"), ArSuccess);
	ev = rc_wait_event(c, "OnConnected", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);

	daemon_stop(&sd);      /* exit status 0 */
	ev = rc_wait_event(c, "OnUnLogin", ITEST_TIMEOUT_MS);
	assert_non_null(ev);
	json_decref(ev);
	assert_true(rc_wait_closed(c, ITEST_TIMEOUT_MS));
	assert_true(rc_wait_closed(a, ITEST_TIMEOUT_MS));
	rc_close(c);
	rc_close(a);

	daemon_restart(&sd);
	a = itest_admin(&sd);
	r = rc_call(a, "Admin.ListCDR", json_pack("{s:i}", "limit", 10));
	assert_int_equal(rc_code(r), ArSuccess);
	assert_int_equal(json_array_size(json_object_get(r, "data")), 1);
	row = json_array_get(json_object_get(r, "data"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "callID")),
			    call_id);
	assert_string_equal(json_string_value(json_object_get(row, "agent")),
			    "2002");
	json_decref(r);
	rc_close(a);
	daemon_stop(&sd);
	daemon_cleanup(&sd);
}

static void test_bad_config_exits_2(void **state)
{
	char path[] = "/tmp/protocol_test-XXXXXX", out[4096], want[96];
	const char *args[] = {"-c", path, "--agent-port", "0", "--http-port",
			      "0", NULL};
	int fd = mkstemp(path);
	static const char ini[] = "[server]\nagent_port = 0\nbogus_key = 1\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, ini, sizeof(ini) - 1), sizeof(ini) - 1);
	close(fd);
	assert_int_equal(itest_run(args, out, sizeof(out), 10000), 2);
	snprintf(want, sizeof(want), "%s:3:", path);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "bogus_key"));
	unlink(path);
}

static void test_bad_cli_exits_2(void **state)
{
	static const char *const bad[][4] = {
		{"--agent-port", "70000", NULL},
		{"--http-port", "abc", NULL},
		{"--log-level", "9", NULL},
		{"--bogus", NULL},
		{"--db", NULL},
		{"--switch", "pbx", NULL},
		{"stray", NULL},
	};
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t slen = sizeof(sin);
	int busy = socket(AF_INET, SOCK_DGRAM, 0);
	char port[8];
	const char *sip[] = {"--switch", "sip", "--sip-port", port,
			     "--agent-port", "0", "--http-port", "0", NULL};
	const char *help[] = {"-h", NULL};
	char out[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(itest_run(bad[i], out, sizeof(out), 10000),
				 2);
		assert_non_null(strstr(out, "usage: callcloud"));
	}
	/* a SIP port in use: start-up fails at run time, and says so */
	assert_true(busy >= 0);
	assert_int_equal(bind(busy, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(busy, (struct sockaddr *)&sin, &slen),
			 0);
	snprintf(port, sizeof(port), "%u", ntohs(sin.sin_port));
	assert_int_equal(itest_run(sip, out, sizeof(out), 10000), 1);
	assert_non_null(strstr(out, "cannot start the sip switch"));
	assert_non_null(strstr(out, "Address already in use"));
	close(busy);
	assert_int_equal(itest_run(help, out, sizeof(out), 10000), 0);
	assert_non_null(strstr(out, "--agent-port"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ready_line),
		cmocka_unit_test(test_demo_admin_warning),
		cmocka_unit_test(test_malformed_fresh_connection),
		cmocka_unit_test(test_malformed_agent_connection),
		cmocka_unit_test(test_malformed_admin_connection),
		cmocka_unit_test(test_requests_before_signin),
		cmocka_unit_test(test_admin_and_sim_need_admin_login),
		cmocka_unit_test(test_admin_directory),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_garbage_flood),
		cmocka_unit_test(test_call_methods_outside_a_call),
		cmocka_unit_test(test_signin_and_queries),
		cmocka_unit_test(test_signin_resume_status),
		cmocka_unit_test(test_inbound_call_events),
		cmocka_unit_test(test_force_signin_kicks_old_connection),
		cmocka_unit_test(test_http),
		cmocka_unit_test(test_heartbeat_loss),
		cmocka_unit_test(test_shutdown_during_call),
		cmocka_unit_test(test_bad_config_exits_2),
		cmocka_unit_test(test_bad_cli_exits_2),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
