/*
 * secrets_log_test.c — docs/security.md "What is logged": no password
 * reaches the daemon's log, at any level. A daemon on the SIP switch at
 * the most verbose level (3, debug) sees every way a password comes in:
 * Admin.Login right and wrong, Admin.ChangePassword (old right and wrong,
 * new weak and accepted), Admin.AddAgent and Admin.UpdateAgent with
 * a password, Admin.AddPhone with a SIP password, phones registering
 * with digest (right and wrong), agents signing in with right and wrong
 * passwords on the agent port and, as a browser does, over /ws. Then
 * its log must hold none of the passwords used.
 *
 * The passwords are distinctive strings that nothing else in a log can
 * contain. The demo's "admin" and "1234" are not (a user name, a port):
 * the demo warning is checked not to repeat "admin" as a password.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "itest.h"
#include "sipflow.h"
#include "sipp.h"

#define AGENT_PW    "pw-Agent-7c3e51d9"
#define AGENT_PW2   "pw-Agent-0b6f93a2"
#define WRONG_PW    "pw-Wrong-5e2c48f1"
#define ADMIN_WRONG "pw-Admin-4a8b17e6"
#define PHONE_PW    "sip-9f1d2b74c0e3"
#define PHONE_WRONG "sip-61aa5d09b8f2"
#define BROKEN_PW   "pw-Broken-3f8a6c21"
#define ADMIN_OLD   "pw-AdminOld-93c1d7e2"
#define ADMIN_WEAK  "pw-W4k"
#define ADMIN_NEW   "pw-Chief-58e0a4b6"   /* no "admin" in it */

static const char *const secrets[] = {
	AGENT_PW, AGENT_PW2, WRONG_PW, ADMIN_WRONG, PHONE_PW, PHONE_WRONG,
	BROKEN_PW, ADMIN_OLD, ADMIN_WEAK, ADMIN_NEW, "2002123", "2003123",
};

static struct daemon d;

/* The directory changes an admin makes with passwords in them. */
static void admin_writes(struct rc *admin)
{
	struct rc *c = rc_connect(d.agent_port);

	assert_int_equal(itest_code(c, "Admin.Login", json_pack(
		"{s:s, s:s}", "user", "admin", "password", ADMIN_WRONG)),
		ArPasswordError);
	rc_close(c);
	assert_int_equal(itest_code(admin, "Admin.AddPhone", json_pack(
		"{s:s, s:s}", "dn", "1901", "sipPassword", PHONE_PW)), 0);
	assert_int_equal(itest_code(admin, "Admin.AddAgent", json_pack(
		"{s:s, s:s, s:s}", "id", "3001", "name", "New",
		"password", AGENT_PW)), 0);
	assert_int_equal(itest_code(admin, "Admin.UpdateAgent", json_pack(
		"{s:s, s:s}", "id", "3001", "password", AGENT_PW2)), 0);
	assert_int_equal(itest_code(admin, "Admin.SetPermission", json_pack(
		"{s:s, s:s}", "agent", "3001", "skill", "示例")), 0);
}

static int change(struct rc *admin, const char *old, const char *new)
{
	return itest_code(admin, "Admin.ChangePassword", json_pack(
		"{s:s, s:s}", "old", old, "new", new));
}

/* The admin's own password changed: a wrong old one, a weak new one, the
 * change, and a login with the new one. */
static void admin_password_changes(struct rc *admin)
{
	struct rc *c = rc_connect(d.agent_port);

	assert_int_equal(change(admin, ADMIN_OLD, ADMIN_NEW), ArPasswordError);
	assert_int_equal(change(admin, "admin", ADMIN_WEAK), ArInvalidParam);
	assert_int_equal(change(admin, "admin", ADMIN_NEW), 0);
	assert_int_equal(itest_code(c, "Admin.Login", json_pack(
		"{s:s, s:s}", "user", "admin", "password", ADMIN_NEW)), 0);
	rc_close(c);
}

/* dn registers with password (sipp, digest); refused: a wrong one. */
static void phone_registers(const char *dn, const char *password,
			    bool refused)
{
	const struct sipp_opts o = {
		.scenario = refused ? "register_refused.xml" : "register.xml",
		.remote_port = d.sip_port, .port = itest_free_port(false, 1),
		.service = dn, .user = dn, .password = password,
		.expires = refused ? NULL : "3600",
	};

	assert_int_equal(sipp_run(&o), 0);
}

/* A SignIn line that is no JSON (a control character in the password):
 * the parser's error quotes the text near it. */
static void broken_signin(struct rc *c)
{
	json_t *r;

	rc_send_str(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SignIn\","
		    "\"params\":{\"AgentID\":\"3001\",\"PassWord\":\""
		    BROKEN_PW "\x01\"}}\n");
	r = rc_read_msg(c, ITEST_TIMEOUT_MS);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(r, "error"), "code")), -32700);
	json_decref(r);
}

/* A masked text frame, as a browser sends one (RFC 6455 5.2). */
static void ws_send_text(struct rc *c, const char *text)
{
	static const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
	unsigned char frame[1024];
	size_t len = strlen(text), o = 0;

	assert_true(len < 65536 && len + 8 <= sizeof(frame));
	frame[o++] = 0x81;   /* FIN, text */
	if (len < 126) {
		frame[o++] = (unsigned char)(0x80 | len);
	} else {
		frame[o++] = 0x80 | 126;
		frame[o++] = (unsigned char)(len >> 8);
		frame[o++] = (unsigned char)len;
	}
	memcpy(frame + o, mask, 4);
	o += 4;
	for (size_t i = 0; i < len; i++)
		frame[o++] = (unsigned char)text[i] ^ mask[i % 4];
	rc_send_raw(c, frame, o);
}

/* Agent 2003 signs in on /ws from the daemon's own page, as the toolbar
 * does; true once the server knows it signed in (asked on admin). */
static bool browser_signin(struct rc *admin)
{
	struct rc *ws = rc_connect(d.http_port);
	char req[512], *line;
	json_t *r = NULL;
	bool in = false;

	snprintf(req, sizeof(req), "GET /ws HTTP/1.1\r\n"
		 "Host: 127.0.0.1:%u\r\nOrigin: http://127.0.0.1:%u\r\n"
		 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		 "Sec-WebSocket-Version: 13\r\n\r\n", d.http_port,
		 d.http_port);
	rc_send_str(ws, req);
	line = rc_read_line(ws, ITEST_TIMEOUT_MS);
	assert_non_null(line);
	assert_non_null(strstr(line, " 101 "));
	free(line);
	while ((line = rc_read_line(ws, ITEST_TIMEOUT_MS)) && *line &&
	       strcmp(line, "\r"))   /* the head ends with an empty line */
		free(line);
	free(line);
	ws_send_text(ws, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SignIn\","
		     "\"params\":{\"AgentID\":\"2003\",\"PassWord\":\"2003123\","
		     "\"DN\":\"1883\",\"ServiceList\":\"示例=1\"}}");
	for (int i = 0; i < 100 && !in; i++) {
		itest_sleep_ms(20);
		r = rc_call(admin, "GetAgentDetailByAgentID",
			    json_pack("{s:s}", "AgentID", "2003"));
		in = rc_code(r) == 0;
		json_decref(r);
	}
	rc_close(ws);
	return in;
}

static void no_password_logged(void **state)
{
	struct daemon_opts o = {.sip = true, .log_level = 3};
	struct rc *admin, *a, *b;

	(void)state;
	admin = itest_start_admin(&d, &o);
	admin_writes(admin);
	phone_registers("1901", PHONE_WRONG, true);
	phone_registers("1901", PHONE_PW, false);
	sipflow_register(&d, "1882", itest_free_port(false, 1), false);
	sipflow_register(&d, "1883", itest_free_port(false, 1), false);

	a = rc_connect(d.agent_port);
	broken_signin(a);
	assert_int_equal(itest_signin_with(a, "3001", WRONG_PW, "1901",
					   "示例=1", true, false),
			 ArAgentPasswordError);
	assert_int_equal(itest_signin_with(a, "3001", AGENT_PW2, "1901",
					   "示例=1", true, false), 0);
	b = rc_connect(d.agent_port);
	assert_int_equal(itest_signin_with(b, "2002", "2002123", "1882",
					   "示例=1", true, false), 0);
	assert_true(browser_signin(admin));
	admin_password_changes(admin);
	rc_close(a);
	rc_close(b);

	/* the log did see these events */
	assert_true(daemon_log_contains(&d, "agent 3001: wrong password"));
	assert_true(daemon_log_contains(&d, "admin 'admin' changed its "
					"password"));
	assert_true(daemon_log_contains(&d, "Admin.ChangePassword as 'admin' "
					"refused"));
	assert_true(daemon_log_contains(&d, "DEMO CREDENTIALS IN USE"));
	assert_false(daemon_log_contains(&d, "password 'admin'"));
	for (size_t i = 0; i < sizeof(secrets) / sizeof(*secrets); i++)
		if (daemon_log_contains(&d, secrets[i]))
			fail_msg("the log holds the password %s", secrets[i]);
	itest_stop_admin(&d, admin);
}

static int teardown(void **state)
{
	(void)state;
	sipp_kill_all();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(no_password_logged, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
