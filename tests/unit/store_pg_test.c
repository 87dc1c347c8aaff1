/*
 * store_pg_test.c — what only the PostgreSQL store does, on a throw-away
 * cluster (pg_harness): a malformed URL and an unreachable server at open,
 * the schema's versions (and a newer one refused), a hand-edited row and
 * text that is not UTF-8, the server going away under a running store
 * (directory reads answer EIO at once, then work again), and CDRs written
 * while it is away: they land in the journal without blocking the caller
 * and reach the table, each once, when it is back — also when the journal
 * repeats a row already written (a crash between the write and the
 * journal's removal) or holds a line cut short.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <re.h>
#include "store/store.h"
#include "pg_harness.h"

/* libsodium's minimum argon2id costs, so hashing takes no time in tests */
static const struct pwhash_params weak = {1, 8192};

/* A test's database and journal. */
struct pgt {
	char url[256];
	char journal[128];
	struct store *st;
};

static int setup(void **state)
{
	struct pgt *t = calloc(1, sizeof(*t));
	static int n;

	if (!t || pg_harness_newdb(t->url, sizeof(t->url))) {
		free(t);
		return -1;
	}
	snprintf(t->journal, sizeof(t->journal), "%s/cdr%d.journal",
		 pg_harness_dir(), ++n);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct pgt *t = *state;

	mem_deref(t->st);
	unlink(t->journal);
	free(t);
	/* a test that failed with the server stopped leaves it to the next */
	return pg_harness_restart();
}

static void open_store(struct pgt *t)
{
	assert_int_equal(store_open_journal(&t->st, t->url, t->journal,
					    &weak), 0);
}

static struct cdr cdr_sample(const char *call_id, int64_t contact_id)
{
	struct cdr c;

	memset(&c, 0, sizeof(c));
	snprintf(c.call_id, sizeof(c.call_id), "%s", call_id);
	c.contact_id = contact_id;
	snprintf(c.agent, sizeof(c.agent), "2002");
	snprintf(c.direction, sizeof(c.direction), "inbound");
	snprintf(c.hangup_by, sizeof(c.hangup_by), "customer");
	c.start_us = 1700000000000000LL + contact_id;
	return c;
}

struct seen {
	int n;
	char ids[16][STORE_NAME_SIZE];
	char data[16][64];
};

static void cdr_seen(const struct cdr *c, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 16);
	snprintf(s->ids[s->n], sizeof(s->ids[0]), "%.64s", c->call_id);
	snprintf(s->data[s->n], sizeof(s->data[0]), "%.63s", c->call_data);
	s->n++;
}

static int cdr_count(struct store *st, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(store_cdr_list(st, 0, cdr_seen, s), 0);
	return s->n;
}

static int lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, ch;

	if (!f)
		return 0;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

static bool exists(const char *path)
{
	struct stat sb;

	return !stat(path, &sb);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

/* The writer is a thread of its own: wait (up to 5 s) until the journal
 * holds n lines, or is gone. */
static void wait_lines(const char *path, int n)
{
	for (int i = 0; i < 100 && lines(path) < n; i++)
		sleep_ms(50);
}

static void wait_gone(const char *path)
{
	for (int i = 0; i < 100 && exists(path); i++)
		sleep_ms(50);
}

static void test_bad_url(void **state)
{
	struct store *st = NULL;

	(void)state;
	assert_int_equal(store_open(&st, "postgresql://[::1/db", &weak),
			 EINVAL);
	assert_int_equal(store_open(&st, "postgresql:///db?nosuch=1", &weak),
			 EINVAL);
	assert_null(st);
	assert_true(store_is_url("postgres://h/db"));
	assert_false(store_is_url("callcloud.db"));
}

static void test_unreachable(void **state)
{
	struct store *st = NULL;

	(void)state;
	assert_int_equal(store_open(&st, "postgresql:///db?host="
				    "/nonexistent-dir&port=1", &weak), EIO);
	assert_null(st);
}

/* One statement on a connection of our own, as psql would run it; the
 * first column of its first row as an integer (0 if none). */
static long raw(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res;
	long v = 0;

	assert_int_equal(PQstatus(conn), CONNECTION_OK);
	res = PQexec(conn, sql);
	assert_true(PQresultStatus(res) == PGRES_TUPLES_OK ||
		    PQresultStatus(res) == PGRES_COMMAND_OK);
	if (PQntuples(res))
		v = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return v;
}

static void test_schema_version(void **state)
{
	struct pgt *t = *state;

	open_store(t);
	t->st = mem_deref(t->st);
	assert_int_equal(raw(t->url, "SELECT MAX(version) FROM schema_version"),
			 5);
	/* a second open finds the schema made and migrates nothing */
	open_store(t);
	assert_true(store_is_empty(t->st));
	t->st = mem_deref(t->st);
	assert_int_equal(raw(t->url, "SELECT COUNT(*) FROM schema_version"),
			 5);

	/* a database from a newer build is refused, not misread */
	raw(t->url, "INSERT INTO schema_version VALUES(999, 0)");
	assert_int_equal(store_open_journal(&t->st, t->url, t->journal,
					    &weak), ENOTSUP);
	assert_null(t->st);
}

static void agent_count(const struct dir_agent *a, void *arg)
{
	(void)a;
	(*(int *)arg)++;
}

/* A row edited by hand that breaks the store's rules: a get answers EIO,
 * a list skips it. */
static void test_hand_edited_row(void **state)
{
	struct pgt *t = *state;
	struct dir_agent a = {"2002", "Agent", ROLE_AGENT, ""}, got;
	int n = 0;

	open_store(t);
	assert_int_equal(store_agent_put(t->st, &a, "pw", false), 0);
	a.id[3] = '3';
	assert_int_equal(store_agent_put(t->st, &a, "pw", false), 0);
	raw(t->url, "UPDATE agents SET role = 7 WHERE id = '2003'");
	assert_int_equal(store_agent_get(t->st, "2003", &got), EIO);
	assert_int_equal(store_agent_list(t->st, agent_count, &n), 0);
	assert_int_equal(n, 1);
}

/* Text PostgreSQL cannot hold (not UTF-8) is a field the store refuses. */
static void test_not_utf8(void **state)
{
	struct pgt *t = *state;
	struct dir_agent a = {"2002", "\xff\xfe", ROLE_AGENT, ""}, got;

	open_store(t);
	assert_int_equal(store_agent_put(t->st, &a, "pw", false), EINVAL);
	assert_int_equal(store_agent_get(t->st, "\xff", &got), EINVAL);
}

static void test_server_away(void **state)
{
	struct pgt *t = *state;
	struct dir_agent a = {"2002", "Agent", ROLE_AGENT, ""}, got;

	open_store(t);
	assert_int_equal(store_agent_put(t->st, &a, "pw", false), 0);
	assert_int_equal(pg_harness_stop(), 0);
	assert_int_equal(store_agent_get(t->st, "2002", &got), EIO);
	assert_int_equal(store_agent_put(t->st, &a, "pw", true), EIO);
	assert_false(store_is_empty(t->st));
	assert_int_equal(pg_harness_restart(), 0);
	/* the next call connects again */
	assert_int_equal(store_agent_get(t->st, "2002", &got), 0);
	assert_string_equal(got.name, "Agent");
}

static void test_journal(void **state)
{
	struct pgt *t = *state;
	struct cdr c;
	struct seen s;
	uint64_t t0;

	open_store(t);
	c = cdr_sample("before", 1);
	assert_int_equal(store_cdr_write(t->st, &c), 0);
	assert_int_equal(cdr_count(t->st, &s), 1);

	assert_int_equal(pg_harness_stop(), 0);
	t0 = tmr_jiffies();
	c = cdr_sample("away-1", 2);
	assert_int_equal(store_cdr_write(t->st, &c), 0);
	c = cdr_sample("away-2", 3);
	assert_int_equal(store_cdr_write(t->st, &c), 0);
	assert_int_equal(store_cdr_set_data(t->st, 3, "{\"k\":\"v\"}"), 0);
	/* the caller (the main loop) never waits for the database */
	assert_true(tmr_jiffies() - t0 < 100);
	wait_lines(t->journal, 3);
	assert_int_equal(lines(t->journal), 3);

	assert_int_equal(pg_harness_restart(), 0);
	wait_gone(t->journal);
	assert_false(exists(t->journal));
	assert_int_equal(cdr_count(t->st, &s), 3);
	assert_string_equal(s.ids[0], "away-2");
	assert_string_equal(s.data[0], "{\"k\":\"v\"}");
	assert_string_equal(s.ids[1], "away-1");
	assert_string_equal(s.ids[2], "before");
}

/* A line cut short (the daemon died while appending it) costs only
 * itself: the next append starts a line of its own. */
static void test_journal_cut_line(void **state)
{
	struct pgt *t = *state;
	struct cdr c;
	struct seen s;
	FILE *f;

	open_store(t);
	assert_int_equal(pg_harness_stop(), 0);
	c = cdr_sample("away-1", 1);
	assert_int_equal(store_cdr_write(t->st, &c), 0);
	wait_lines(t->journal, 1);
	f = fopen(t->journal, "a");
	assert_non_null(f);
	fputs("{\"set_data\":fa", f);
	fclose(f);
	c = cdr_sample("away-2", 2);
	assert_int_equal(store_cdr_write(t->st, &c), 0);
	wait_lines(t->journal, 3);
	assert_int_equal(lines(t->journal), 3);

	assert_int_equal(pg_harness_restart(), 0);
	wait_gone(t->journal);
	assert_int_equal(cdr_count(t->st, &s), 2);
	assert_string_equal(s.ids[0], "away-2");
	assert_string_equal(s.ids[1], "away-1");
}

/* Rows still in the journal when the daemon stopped go first at the next
 * start; a row the journal holds twice (written, then the daemon died
 * before removing the journal) is written once. */
static void test_replay_once(void **state)
{
	static const char row[] =
		"{\"set_data\":false,\"rid\":\"00000000000000000000000000000001\","
		"\"call_id\":\"old\",\"contact_id\":9,\"agent\":\"2002\","
		"\"dn\":\"\",\"ani\":\"\",\"dnis\":\"\","
		"\"direction\":\"inbound\",\"skill\":\"\","
		"\"queue_wait_ms\":0,\"ring_ms\":0,\"talk_ms\":0,"
		"\"end_reason\":\"\",\"hangup_by\":\"\",\"start_us\":1,"
		"\"answer_us\":0,\"end_us\":2,\"call_data\":\"\"}\n";
	struct pgt *t = *state;
	struct seen s;
	FILE *f = fopen(t->journal, "w");

	assert_non_null(f);
	fputs(row, f);
	fputs("not json\n", f);
	fputs(row, f);
	fputs("{\"set_data\":fa", f);     /* a crash cut this line short */
	fclose(f);

	open_store(t);
	wait_gone(t->journal);
	assert_false(exists(t->journal));
	assert_int_equal(cdr_count(t->st, &s), 1);
	assert_string_equal(s.ids[0], "old");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_url),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test_setup_teardown(test_schema_version, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hand_edited_row, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_utf8, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_server_away, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_journal, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_journal_cut_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_replay_once, setup,
						teardown),
	};

	if (!pg_harness_start())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
