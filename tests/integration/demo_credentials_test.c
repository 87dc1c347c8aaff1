/*
 * demo_credentials_test.c — the daemon refuses to listen beyond this host
 * with passwords everybody knows (docs/security.md "Supervisors, admins
 * and demo credentials"): --demo with a non-loopback listen_address exits
 * 2 before anything is opened, saying how to fix it, and so does a start
 * on a database whose demo admin or supervisor still has its demo
 * password; --i-know-demo-credentials starts it anyway, and once both
 * passwords are changed it starts without the flag.
 *
 * The refusals come before any socket is bound, so an address of no
 * interface (10.255.255.1) is refused the same way; the daemons that do
 * start listen on 0.0.0.0 with free ports, briefly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

static const char ON_ALL[] = "[server]\nlisten_address = 0.0.0.0\n";

/* An INI of the harness's weak hashing on address, in dir. */
static void write_ini(char *path, size_t size, const char *dir,
		      const char *address)
{
	FILE *f;

	snprintf(path, size, "%s/any.ini", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "[server]\nlisten_address = %s\n[security]\n"
		"pwhash_ops = 1\npwhash_mem_kib = 8\n", address);
	fclose(f);
}

/* callcloud -c ini --db db --switch sim ... [--demo]: its exit status,
 * its output in out. */
static int run(const char *ini, const char *db, bool demo, char *out,
	       size_t size)
{
	const char *args[] = {"-c", ini, "--db", db, "--switch", "sim",
			      "--agent-port", "0", "--http-port", "0",
			      demo ? "--demo" : NULL, NULL};

	return itest_run(args, out, size, 10000);
}

static void demo_flag_refused(void **state)
{
	static const char *const addresses[] = {"0.0.0.0", "10.255.255.1",
						"::"};
	char dir[] = "/tmp/itest-demo-XXXXXX", ini[64], db[64], out[4096];
	const char *bad[] = {"--demo", "--i-know-demo-credentials=yes", NULL};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/cc.db", dir);
	for (size_t i = 0; i < sizeof(addresses) / sizeof(*addresses); i++) {
		write_ini(ini, sizeof(ini), dir, addresses[i]);
		assert_int_equal(run(ini, db, true, out, sizeof(out)), 2);
		assert_non_null(strstr(out, addresses[i]));
		assert_non_null(strstr(out, "--i-know-demo-credentials"));
		assert_non_null(strstr(out, "127.0.0.1"));
		/* refused before the database was opened */
		assert_int_not_equal(access(db, F_OK), 0);
	}
	/* the flag takes no value */
	assert_int_equal(itest_run(bad, out, sizeof(out), 10000), 2);
	itest_remove_dir(dir);
}

static void flag_starts_it(void **state)
{
	const char *const flag[] = {"--i-know-demo-credentials", NULL};
	struct daemon_opts o = {.extra_ini = ON_ALL, .extra_args = flag};
	struct daemon d;
	struct rc *a;

	(void)state;
	daemon_start(&d, &o);
	a = itest_admin(&d);
	assert_true(daemon_log_contains(&d, "DEMO CREDENTIALS IN USE"));
	rc_close(a);
	daemon_stop(&d);
	daemon_cleanup(&d);
}

static int update_2001(struct rc *a, const char *password)
{
	return itest_code(a, "Admin.UpdateAgent", json_pack(
		"{s:s, s:s}", "id", "2001", "password", password));
}

static void stored_credentials(void **state)
{
	char ini[64], out[4096];
	struct daemon d, e;
	struct rc *a;
	const char *db_args[] = {"--db", NULL, NULL};
	struct daemon_opts eo = {.extra_ini = ON_ALL, .no_demo = true,
				 .extra_args = db_args};

	(void)state;
	/* the loop has run (so SIGTERM is handled) once a login is answered */
	a = itest_start_admin(&d, NULL);
	rc_close(a);
	daemon_stop(&d);
	write_ini(ini, sizeof(ini), d.dir, "0.0.0.0");
	/* no --demo, but the demo's passwords are in the database */
	assert_int_equal(run(ini, d.db, false, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "refusing to listen on 0.0.0.0"));
	assert_non_null(strstr(out, "--i-know-demo-credentials"));
	/* the admin's changed, the supervisor's not yet: still refused */
	daemon_restart(&d);
	a = itest_admin(&d);
	assert_int_equal(itest_code(a, "Admin.ChangePassword", json_pack(
		"{s:s, s:s}", "old", "admin", "new", "n3w-passw0rd")), 0);
	rc_close(a);
	daemon_stop(&d);
	assert_int_equal(run(ini, d.db, false, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "refusing to listen"));
	/* and the supervisor's: it starts, without the warning */
	daemon_restart(&d);
	a = rc_connect(d.agent_port);
	assert_int_equal(itest_code(a, "Admin.Login", json_pack(
		"{s:s, s:s}", "user", "admin", "password", "n3w-passw0rd")),
		0);
	assert_int_equal(update_2001(a, "s3cret-2001"), 0);
	rc_close(a);
	daemon_stop(&d);
	db_args[1] = d.db;
	daemon_start(&e, &eo);
	a = rc_connect(e.agent_port);
	assert_true(itest_heartbeat_ok(a));
	rc_close(a);
	assert_false(daemon_log_contains(&e, "DEMO CREDENTIALS IN USE"));
	daemon_stop(&e);
	daemon_cleanup(&e);
	daemon_cleanup(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_flag_refused),
		cmocka_unit_test(flag_starts_it),
		cmocka_unit_test(stored_credentials),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
