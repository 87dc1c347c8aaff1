/*
 * store_file_test.c — the store as the daemon uses it: the demo directory
 * and whether its admin's and supervisor's passwords are still in use, a
 * database file that persists across close and reopen, the schema version
 * table and a migration over an older database, no clear password
 * anywhere in the file, and rows edited by hand that break the store's
 * rules. The demo directory (one transaction, all or nothing) is checked
 * on PostgreSQL too (pg_harness); the rest is about the SQLite file.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <re.h>
#include <sqlite3.h>
#include "store/store.h"
#include "pg_harness.h"

/* libsodium's minimum argon2id costs, so hashing takes no time in tests */
static const struct pwhash_params weak = {1, 8192};

/* An empty store: in memory, or a fresh PostgreSQL database when the
 * group runs there. */
static bool on_pg;

static struct store *open_empty(void)
{
	struct store *st = NULL;
	char url[256];

	if (on_pg)
		assert_int_equal(pg_harness_newdb(url, sizeof(url)), 0);
	assert_int_equal(store_open(&st, on_pg ? url : ":memory:", &weak), 0);
	return st;
}

struct tmpdb {
	char path[64];
};

static int tmp_setup(void **state)
{
	struct tmpdb *t = calloc(1, sizeof(*t));
	int fd;

	if (!t)
		return -1;
	snprintf(t->path, sizeof(t->path), "/tmp/store_file_test_XXXXXX");
	fd = mkstemp(t->path);
	if (fd < 0) {
		free(t);
		return -1;
	}
	close(fd);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmpdb *t = *state;
	char side[80];

	unlink(t->path);
	snprintf(side, sizeof(side), "%s-wal", t->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", t->path);
	unlink(side);
	free(t);
	return 0;
}

static struct store *open_file(const char *path)
{
	struct store *st = NULL;

	assert_int_equal(store_open(&st, path, &weak), 0);
	assert_non_null(st);
	return st;
}

/* A second connection, as the sqlite3 shell would make. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	int64_t v;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void raw_text(const char *path, const char *sql, char *buf,
		     size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(buf, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

struct counts {
	int agents, monitors, skills, perms, phones, routes;
	bool bad;
};

static void count_agent(const struct dir_agent *a, void *arg)
{
	struct counts *c = arg;
	char name[STORE_NAME_SIZE];

	c->agents++;
	if (a->role == ROLE_MONITOR)
		c->monitors++;
	snprintf(name, sizeof(name), "Agent %s", a->id);
	if (strcmp(a->name, name) || strncmp(a->pwhash, "$argon2id$", 10) ||
	    (a->role == ROLE_MONITOR) != !strcmp(a->id, "2001"))
		c->bad = true;
}

static void count_skill(const struct dir_skill *s, void *arg)
{
	struct counts *c = arg;

	c->skills++;
	if (s->strategy != STRATEGY_LEVEL_LONGEST_IDLE ||
	    s->ring_timeout != 20 || s->max_wait || s->max_wait_noagent ||
	    s->overflow[0] || s->wrapup || s->record || s->priority)
		c->bad = true;
}

static void count_perm(const struct dir_perm *p, void *arg)
{
	struct counts *c = arg;

	c->perms++;
	if (p->level != 1)
		c->bad = true;
}

static void count_phone(const struct dir_phone *p, void *arg)
{
	struct counts *c = arg;
	int dn = atoi(p->dn);

	c->phones++;
	if (dn < 1880 || dn > 1899 || strcmp(p->sip_password, "1234"))
		c->bad = true;
}

static void count_route(const struct dir_route *r, void *arg)
{
	((struct counts *)arg)->routes++;
	(void)r;
}

static struct counts count_all(struct store *st)
{
	struct counts c = {0};

	assert_int_equal(store_agent_list(st, count_agent, &c), 0);
	assert_int_equal(store_skill_list(st, count_skill, &c), 0);
	assert_int_equal(store_perm_list(st, NULL, count_perm, &c), 0);
	assert_int_equal(store_phone_list(st, count_phone, &c), 0);
	assert_int_equal(store_route_list(st, count_route, &c), 0);
	return c;
}

static void assert_route(struct store *st, const char *access,
			 enum route_kind kind, const char *target)
{
	struct dir_route r;

	assert_int_equal(store_route_get(st, access, &r), 0);
	assert_int_equal(r.kind, kind);
	assert_string_equal(r.target, target);
}

static void assert_demo(struct store *st)
{
	struct counts c = count_all(st);
	struct dir_monskill m;
	struct dir_agent a;
	struct dir_perm p;
	char reasons[64];

	assert_false(c.bad);
	assert_int_equal(c.agents, 20);
	assert_int_equal(c.monitors, 1);
	assert_int_equal(c.skills, 3);
	assert_int_equal(c.perms, 60);
	assert_int_equal(c.phones, 20);
	assert_int_equal(c.routes, 4);

	assert_int_equal(store_agent_get(st, "2002", &a), 0);
	assert_true(pwhash_verify(a.pwhash, "2002123"));
	assert_false(pwhash_verify(a.pwhash, "2003123"));
	assert_int_equal(store_agent_get(st, "2020", &a), 0);
	assert_true(pwhash_verify(a.pwhash, "2020123"));
	assert_int_equal(store_agent_get(st, "2021", &a), ENOENT);
	assert_int_equal(store_agent_get(st, "2000", &a), ENOENT);
	assert_int_equal(store_perm_get(st, "2020", "咨询", &p), 0);
	assert_int_equal(p.level, 1);

	assert_route(st, "4000", ROUTE_SKILL, "示例");
	assert_route(st, "4001", ROUTE_SKILL, "投诉");
	assert_route(st, "4002", ROUTE_SKILL, "咨询");
	assert_route(st, "4100", ROUTE_IVR, "4100");

	assert_int_equal(store_rest_reasons(st, reasons, sizeof(reasons)), 0);
	assert_string_equal(reasons, "午饭;培训;小休");
	assert_int_equal(store_admin_verify(st, "admin", "admin"), 0);
	assert_int_equal(store_admin_verify(st, "admin", "2002123"), EACCES);
	assert_false(store_is_empty(st));
	/* the supervisor supervises the three skills, so every agent */
	assert_int_equal(store_monskill_get(st, "2001", "咨询", &m), 0);
	assert_int_equal(store_monskill_get(st, "2001", "投诉", &m), 0);
	assert_int_equal(store_monskill_get(st, "2001", "示例", &m), 0);
	assert_int_equal(store_supervises(st, "2001", "2020"), 0);
	assert_int_equal(store_monskill_get(st, "2002", "示例", &m), ENOENT);
}

static void test_demo(void **state)
{
	struct store *st = open_empty();

	(void)state;
	assert_true(store_is_empty(st));
	assert_int_equal(store_load_demo(st), 0);
	assert_demo(st);

	/* a second load clashes and changes nothing */
	assert_int_equal(store_load_demo(st), EEXIST);
	assert_demo(st);
	assert_int_equal(store_load_demo(NULL), EINVAL);
	mem_deref(st);
}

/* store_demo_credentials(): the demo admin's or supervisor's password;
 * false once both changed, whatever the other agents keep. */
static void test_demo_credentials(void **state)
{
	struct store *st = open_empty();
	struct dir_agent a;

	(void)state;
	assert_false(store_demo_credentials(st));   /* nobody at all */
	assert_int_equal(store_load_demo(st), 0);
	assert_true(store_demo_credentials(st));
	assert_int_equal(store_admin_put(st, "admin", "n3w-passw0rd"), 0);
	assert_true(store_demo_credentials(st));     /* 2001 still */
	assert_int_equal(store_agent_get(st, "2001", &a), 0);
	assert_int_equal(store_agent_put(st, &a, "s3cret-2001", true), 0);
	assert_false(store_demo_credentials(st));
	assert_int_equal(store_admin_put(st, "admin", "admin"), 0);
	assert_true(store_demo_credentials(st));
	assert_false(store_demo_credentials(NULL));
	mem_deref(st);
}

static void test_demo_all_or_nothing(void **state)
{
	struct store *st = open_empty();
	struct dir_phone p = {"1899", "other"};
	struct counts c;
	char reasons[64];

	(void)state;
	/* the demo's last phone already exists: agents and skills, loaded
	 * before it, must be rolled back too */
	assert_int_equal(store_phone_put(st, &p, false), 0);
	assert_int_equal(store_load_demo(st), EEXIST);
	c = count_all(st);
	assert_int_equal(c.agents, 0);
	assert_int_equal(c.skills, 0);
	assert_int_equal(c.perms, 0);
	assert_int_equal(c.phones, 1);
	assert_int_equal(c.routes, 0);
	assert_int_equal(store_rest_reasons(st, reasons, sizeof(reasons)), 0);
	assert_string_equal(reasons, "");
	assert_int_equal(store_admin_verify(st, "admin", "admin"), EACCES);
	assert_true(store_is_empty(st));

	/* and the store works on afterwards */
	assert_int_equal(store_phone_del(st, "1899"), 0);
	assert_int_equal(store_load_demo(st), 0);
	assert_demo(st);
	mem_deref(st);
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static bool file_has(const char *path, const char *s)
{
	size_t len;
	char *buf = read_file(path, &len);
	bool found;

	if (!buf)
		return false;
	found = memmem(buf, len, s, strlen(s)) != NULL;
	free(buf);
	return found;
}

static void test_no_clear_password(void **state)
{
	struct tmpdb *t = *state;
	struct store *st = open_file(t->path);
	struct dir_agent a = {"7001", "Agent 7001", ROLE_AGENT, ""};
	char wal[80];

	assert_int_equal(store_load_demo(st), 0);
	assert_int_equal(store_agent_put(st, &a, "Zebra-Secret-77", false),
			 0);
	assert_int_equal(store_admin_put(st, "root", "Quokka-Secret-88"), 0);

	/* while open, the rows may sit in the write-ahead log */
	snprintf(wal, sizeof(wal), "%s-wal", t->path);
	for (int round = 0; round < 2; round++) {
		const char *files[] = {t->path, wal};

		assert_true(file_has(t->path, "$argon2id$") ||
			    file_has(wal, "$argon2id$"));
		assert_true(file_has(t->path, "Agent 2001") ||
			    file_has(wal, "Agent 2001"));
		for (size_t f = 0; f < 2; f++) {
			for (int id = 2001; id <= 2020; id++) {
				char pw[16];

				snprintf(pw, sizeof(pw), "%d123", id);
				assert_false(file_has(files[f], pw));
			}
			assert_false(file_has(files[f], "Zebra-Secret-77"));
			assert_false(file_has(files[f], "Quokka-Secret-88"));
		}
		if (round == 0) {
			st = mem_deref(st);
			/* closing checkpoints the log into the file */
			assert_true(file_has(t->path, "Agent 2001"));
		}
	}
}

static void cdr_copy(const struct cdr *c, void *arg)
{
	*(struct cdr *)arg = *c;
}

static void test_persistence(void **state)
{
	struct tmpdb *t = *state;
	struct store *st = open_file(t->path);
	struct dir_agent a = {"2002", "王小明", ROLE_MONITOR, ""}, got;
	struct dir_skill s = {.name = "投诉", .strategy = STRATEGY_RANDOM,
			      .ring_timeout = 9, .record = true};
	struct dir_perm p = {"2002", "投诉", 4}, gp;
	struct dir_skill gs;
	struct cdr c = {.call_id = "c-1", .contact_id = 42,
			.direction = "internal", .talk_ms = 7,
			.call_data = "{\"k\":\"v\"}"};
	char reasons[32], mode[16];
	struct cdr gc = {0};

	assert_int_equal(store_agent_put(st, &a, "pw-2002", false), 0);
	assert_int_equal(store_skill_put(st, &s, false), 0);
	assert_int_equal(store_perm_put(st, &p), 0);
	assert_int_equal(store_rest_reason_add(st, "开会"), 0);
	assert_int_equal(store_cdr_write(st, &c), 0);
	mem_deref(st);

	/* the file is left in WAL mode, which persists */
	raw_text(t->path, "PRAGMA journal_mode", mode, sizeof(mode));
	assert_string_equal(mode, "wal");

	st = open_file(t->path);
	assert_int_equal(store_agent_get(st, "2002", &got), 0);
	assert_string_equal(got.name, "王小明");
	assert_int_equal(got.role, ROLE_MONITOR);
	assert_true(pwhash_verify(got.pwhash, "pw-2002"));
	assert_int_equal(store_skill_get(st, "投诉", &gs), 0);
	assert_int_equal(gs.strategy, STRATEGY_RANDOM);
	assert_int_equal(gs.ring_timeout, 9);
	assert_true(gs.record);
	assert_int_equal(store_perm_get(st, "2002", "投诉", &gp), 0);
	assert_int_equal(gp.level, 4);
	assert_int_equal(store_rest_reasons(st, reasons, sizeof(reasons)), 0);
	assert_string_equal(reasons, "开会");
	assert_int_equal(store_cdr_list(st, 0, cdr_copy, &gc), 0);
	assert_string_equal(gc.call_id, "c-1");
	assert_int_equal(gc.contact_id, 42);
	assert_string_equal(gc.direction, "internal");
	assert_int_equal(gc.talk_ms, 7);
	assert_string_equal(gc.call_data, "{\"k\":\"v\"}");
	mem_deref(st);

	/* the cascade still works after reopening (foreign keys are a
	 * per-connection setting) */
	st = open_file(t->path);
	assert_int_equal(store_agent_del(st, "2002"), 0);
	assert_int_equal(store_perm_get(st, "2002", "投诉", &gp), ENOENT);
	mem_deref(st);
	assert_int_equal(raw_int(t->path, "SELECT COUNT(*) FROM perms"), 0);
	assert_int_equal(raw_int(t->path, "SELECT COUNT(*) FROM cdr"), 1);
}

static void test_schema_version(void **state)
{
	struct tmpdb *t = *state;
	struct store *st = open_file(t->path);

	mem_deref(st);
	assert_int_equal(raw_int(t->path,
				 "SELECT MAX(version) FROM schema_version"), 5);
	st = open_file(t->path);   /* reopening applies nothing again */
	mem_deref(st);
	assert_int_equal(raw_int(t->path,
				 "SELECT COUNT(*) FROM schema_version"), 5);

	/* a database of version 4 (before monitor_skills): its monitors
	 * come out supervising every skill, its agents none */
	st = open_file(t->path);
	assert_int_equal(store_load_demo(st), 0);
	mem_deref(st);
	raw_exec(t->path, "DROP TABLE monitor_skills;"
		 "DELETE FROM schema_version WHERE version = 5");
	st = open_file(t->path);
	mem_deref(st);
	assert_int_equal(raw_int(t->path, "SELECT COUNT(*) FROM monitor_skills"
				 " WHERE monitor = '2001'"), 3);
	assert_int_equal(raw_int(t->path,
				 "SELECT COUNT(*) FROM monitor_skills"), 3);

	/* a database from a newer build is refused, not misread */
	raw_exec(t->path, "INSERT INTO schema_version VALUES(999, 0)");
	st = NULL;
	assert_int_equal(store_open(&st, t->path, &weak), ENOTSUP);
	assert_null(st);
}

static void test_not_a_database(void **state)
{
	struct tmpdb *t = *state;
	struct store *st = NULL;
	FILE *f = fopen(t->path, "wb");

	assert_non_null(f);
	for (int i = 0; i < 256; i++)
		fputs("this is not an SQLite database file\n", f);
	fclose(f);
	assert_int_equal(store_open(&st, t->path, &weak), EIO);
	assert_null(st);
}

struct names {
	int n;
	char name[4][STORE_NAME_SIZE];
};

static void skill_name(const struct dir_skill *s, void *arg)
{
	struct names *n = arg;

	assert_true(n->n < 4);
	snprintf(n->name[n->n++], sizeof(n->name[0]), "%s", s->name);
}

static void agent_name(const struct dir_agent *a, void *arg)
{
	struct names *n = arg;

	assert_true(n->n < 4);
	snprintf(n->name[n->n++], sizeof(n->name[0]), "%s", a->id);
}

/* Values only a hand edit can put there are refused on reading: a get
 * fails with EIO, a list skips the row. */
static void test_hand_edited_rows(void **state)
{
	struct tmpdb *t = *state;
	struct store *st = open_file(t->path);
	struct dir_skill s = {.name = "ok", .ring_timeout = 20}, gs;
	struct dir_agent a = {"1", "A", ROLE_AGENT, ""}, ga;
	struct dir_route gr;
	struct names names = {0};

	assert_int_equal(store_skill_put(st, &s, false), 0);
	assert_int_equal(store_agent_put(st, &a, "pw", false), 0);
	raw_exec(t->path,
		 "INSERT INTO skills VALUES('bad', 99, 20, 0, 0, '', 0, 0, 0);"
		 "INSERT INTO skills VALUES('neg', 0, -5, 0, 0, '', 0, 0, 0);"
		 "INSERT INTO skills VALUES('big', 0, 20, 0, 0, '', 0, 0,"
		 " 9000000000);"
		 "INSERT INTO agents VALUES('2', 'B', 7, '');"
		 "INSERT INTO agents VALUES('3', 'C', 0, 'cleartext');"
		 "INSERT INTO routes VALUES('4000', 5, 'x');");

	assert_int_equal(store_skill_get(st, "bad", &gs), EIO);
	assert_int_equal(store_skill_get(st, "neg", &gs), EIO);
	assert_int_equal(store_skill_get(st, "big", &gs), EIO);
	assert_int_equal(store_skill_get(st, "ok", &gs), 0);
	assert_int_equal(store_skill_list(st, skill_name, &names), 0);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.name[0], "ok");

	assert_int_equal(store_agent_get(st, "2", &ga), EIO);
	assert_int_equal(store_agent_get(st, "3", &ga), EIO);
	memset(&names, 0, sizeof(names));
	assert_int_equal(store_agent_list(st, agent_name, &names), 0);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.name[0], "1");

	assert_int_equal(store_route_get(st, "4000", &gr), EIO);
	mem_deref(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_demo_credentials),
		cmocka_unit_test(test_demo_all_or_nothing),
		cmocka_unit_test_setup_teardown(test_no_clear_password,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_persistence, tmp_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_schema_version, tmp_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, tmp_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_hand_edited_rows,
						tmp_setup, tmp_teardown),
	};

	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_demo_credentials),
		cmocka_unit_test(test_demo_all_or_nothing),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);

	if (!pg_harness_start())
		return failed + 1;
	on_pg = true;
	return failed +
	       cmocka_run_group_tests_name("postgresql", pg_tests, NULL, NULL);
}
