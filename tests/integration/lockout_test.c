/*
 * lockout_test.c — passwords held back (docs/security.md "Supervisors,
 * admins and demo credentials"): a source address locked out after
 * [security] address_max_failures wrong passwords over many agent ids
 * (a sprayer), other addresses not; an admin user locked out after
 * admin_max_failures, from every address, until admin_lockout is over;
 * during a lock-out the right and the wrong password get the same answer
 * (30); Admin.ChangePassword: who may, its bad input, weak new passwords,
 * a wrong old one (24, counted), the change itself.
 *
 * 127.0.0.2 and 127.0.0.3 stand for other hosts (rc_connect_from).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

static int login(struct rc *c, const char *user, const char *password)
{
	return itest_code(c, "Admin.Login", json_pack("{s:s, s:s}", "user",
						      user, "password",
						      password));
}

static int signin(struct rc *c, const char *agent, const char *password)
{
	return itest_signin_with(c, agent, password, "1890", "示例", true,
				 false);
}

static int change(struct rc *c, const char *old, const char *new)
{
	return itest_code(c, "Admin.ChangePassword",
			  json_pack("{s:s, s:s}", "old", old, "new", new));
}

static void address_locked_out(void **state)
{
	struct daemon d;
	struct daemon_opts o = {.extra_ini = "[security]\n"
				"address_max_failures = 3\n"
				"address_lockout = 600\n"};
	struct rc *c, *other, *third;

	(void)state;
	daemon_start(&d, &o);
	c = rc_connect(d.agent_port);
	/* one wrong password on each of three agents: the per-agent count
	 * (5) sees one each, the address's three */
	assert_int_equal(signin(c, "2003", "wrong"), ArAgentPasswordError);
	assert_int_equal(signin(c, "2004", "wrong"), ArAgentPasswordError);
	assert_int_equal(signin(c, "2005", "wrong"), ArAgentPasswordError);
	assert_true(daemon_log_contains(&d, "address 127.0.0.1 locked out"));
	/* from that address now, right or wrong: one answer */
	assert_int_equal(signin(c, "2006", "2006123"), ArTooManyAttempts);
	assert_int_equal(signin(c, "2006", "wrong"), ArTooManyAttempts);
	assert_int_equal(login(c, "admin", "admin"), ArTooManyAttempts);
	assert_int_equal(login(c, "admin", "wrong"), ArTooManyAttempts);
	rc_close(c);
	c = rc_connect(d.agent_port);   /* a new connection changes nothing */
	assert_int_equal(signin(c, "2006", "2006123"), ArTooManyAttempts);
	/* other addresses are not locked, nor are the agents tried */
	other = rc_connect_from("127.0.0.2", "127.0.0.1", d.agent_port);
	assert_int_equal(signin(other, "2003", "2003123"), ArSuccess);
	third = rc_connect_from("127.0.0.3", "127.0.0.1", d.agent_port);
	assert_int_equal(login(third, "admin", "admin"), ArSuccess);
	rc_close(third);
	rc_close(other);
	rc_close(c);
	daemon_stop(&d);
	daemon_cleanup(&d);
}

static void admin_user_locked_out(void **state)
{
	struct daemon d;
	struct daemon_opts o = {.extra_ini = "[security]\n"
				"admin_max_failures = 3\n"
				"admin_lockout = 1\n"};
	struct rc *c, *other;
	int code = -1;

	(void)state;
	daemon_start(&d, &o);
	c = rc_connect(d.agent_port);
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(c, "admin", "wrong"), ArPasswordError);
	assert_true(daemon_log_contains(&d, "admin user admin locked out"));
	assert_int_equal(login(c, "admin", "admin"), ArTooManyAttempts);
	assert_int_equal(login(c, "admin", "wrong"), ArTooManyAttempts);
	/* the user is locked from every address */
	other = rc_connect_from("127.0.0.2", "127.0.0.1", d.agent_port);
	assert_int_equal(login(other, "admin", "admin"), ArTooManyAttempts);
	/* another user name is not; nor are the agents */
	assert_int_equal(login(other, "nobody", "x"), ArPasswordError);
	assert_int_equal(signin(other, "2002", "2002123"), ArSuccess);
	/* the lock-out ends (admin_lockout = 1 s) */
	for (int i = 0; i < 50 && code; i++) {
		itest_sleep_ms(100);
		code = login(c, "admin", "admin");
		assert_true(code == ArSuccess || code == ArTooManyAttempts);
	}
	assert_int_equal(code, ArSuccess);
	rc_close(other);
	rc_close(c);
	daemon_stop(&d);
	daemon_cleanup(&d);
}

static void expect_param_error(struct rc *c, json_t *params)
{
	assert_null(rc_call(c, "Admin.ChangePassword", params));
	assert_int_equal(rc_last_error(c), -32602);
}

static void change_password(void **state)
{
	struct daemon d;
	struct daemon_opts o = {.extra_ini = "[security]\n"
				"admin_max_failures = 3\n"};
	struct rc *fresh, *agent, *a, *b;
	char longer[130];    /* the limit is 128 bytes */
	json_t *r;

	(void)state;
	daemon_start(&d, &o);
	/* only an admin connection */
	fresh = rc_connect(d.agent_port);
	assert_int_equal(change(fresh, "admin", "n3w-passw0rd"),
			 ArPermissionDenied);
	agent = rc_connect(d.agent_port);
	assert_int_equal(itest_signin(agent, "2002", "1882", NULL), 0);
	assert_int_equal(change(agent, "admin", "n3w-passw0rd"),
			 ArPermissionDenied);
	a = itest_admin(&d);

	/* bad input: missing, wrong type, too long */
	expect_param_error(a, json_object());
	expect_param_error(a, json_pack("{s:s}", "old", "admin"));
	expect_param_error(a, json_pack("{s:i, s:s}", "old", 1, "new",
					"n3w-passw0rd"));
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	expect_param_error(a, json_pack("{s:s, s:s}", "old", "admin", "new",
					longer));
	/* weak: refused with what is wrong, before the old one is looked at */
	r = rc_call(a, "Admin.ChangePassword",
		    json_pack("{s:s, s:s}", "old", "admin", "new", "short"));
	assert_int_equal(rc_code(r), ArInvalidParam);
	assert_non_null(strstr(itest_str(r, "message"), "8 characters"));
	json_decref(r);
	r = rc_call(a, "Admin.ChangePassword",
		    json_pack("{s:s, s:s}", "old", "admin", "new",
			      "my-ADMIN-2026"));
	assert_int_equal(rc_code(r), ArInvalidParam);
	assert_non_null(strstr(itest_str(r, "message"), "user name"));
	json_decref(r);
	assert_int_equal(change(a, "same-pass-1", "same-pass-1"),
			 ArInvalidParam);
	/* a wrong old one */
	assert_int_equal(change(a, "wrong-old", "n3w-passw0rd"),
			 ArPasswordError);
	/* the change */
	assert_int_equal(change(a, "admin", "n3w-passw0rd"), ArSuccess);
	b = rc_connect(d.agent_port);
	assert_int_equal(login(b, "admin", "admin"), ArPasswordError);
	assert_int_equal(login(b, "admin", "n3w-passw0rd"), ArSuccess);
	/* a wrong old password counts toward the user's lock-out (the right
	 * login above cleared the count): the third locks it */
	for (int i = 0; i < 3; i++)
		assert_int_equal(change(b, "wrong-old", "an0ther-pass"),
				 ArPasswordError);
	assert_int_equal(change(b, "n3w-passw0rd", "an0ther-pass"),
			 ArTooManyAttempts);
	rc_close(b);
	rc_close(a);
	rc_close(agent);
	rc_close(fresh);
	daemon_stop(&d);
	daemon_cleanup(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(address_locked_out),
		cmocka_unit_test(admin_user_locked_out),
		cmocka_unit_test(change_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
