/*
 * sqlite.c — opening and closing the SQLite store: connection settings
 * (WAL so readers never block the writer, a busy timeout for a second
 * process such as the sqlite3 shell, foreign keys for the permission
 * cascades) and the schema in SQLite's dialect, created and upgraded by
 * db_migrate.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <re.h>
#include "log.h"
#include "db_sqlite.h"

/* Calls run on the main loop, so a lock held by another process may stall
 * it this long before the call fails with EIO. */
enum { BUSY_TIMEOUT_MS = 2000 };

enum { JOURNAL_MODE_SIZE = 16 };   /* "delete", "memory", "wal", ... */

/* migrations[i] brings the schema from version i to i + 1. Append only: a
 * released migration is never edited, so every database reaches the same
 * schema. STRICT tables make SQLite reject values of the wrong type even
 * when the file is edited by hand. */
static const char *const migrations[] = {
	/* 1: the directory and the CDR */
	"CREATE TABLE agents("
	" id TEXT PRIMARY KEY NOT NULL,"
	" name TEXT NOT NULL,"
	" role INTEGER NOT NULL,"
	" pwhash TEXT NOT NULL) STRICT;"
	"CREATE TABLE skills("
	" name TEXT PRIMARY KEY NOT NULL,"
	" strategy INTEGER NOT NULL,"
	" ring_timeout INTEGER NOT NULL,"
	" max_wait INTEGER NOT NULL,"
	" max_wait_noagent INTEGER NOT NULL,"
	" overflow TEXT NOT NULL,"
	" wrapup INTEGER NOT NULL,"
	" record INTEGER NOT NULL,"
	" priority INTEGER NOT NULL) STRICT;"
	"CREATE TABLE perms("
	" agent TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,"
	" skill TEXT NOT NULL REFERENCES skills(name) ON DELETE CASCADE,"
	" level INTEGER NOT NULL,"
	" PRIMARY KEY(agent, skill)) STRICT;"
	"CREATE INDEX perms_skill ON perms(skill);"
	"CREATE TABLE phones("
	" dn TEXT PRIMARY KEY NOT NULL,"
	" sip_password TEXT NOT NULL) STRICT;"
	"CREATE TABLE routes("
	" access TEXT PRIMARY KEY NOT NULL,"
	" kind INTEGER NOT NULL,"
	" target TEXT NOT NULL) STRICT;"
	"CREATE TABLE rest_reasons("
	" reason TEXT PRIMARY KEY NOT NULL,"
	" position INTEGER NOT NULL UNIQUE) STRICT;"
	"CREATE TABLE admins("
	" user TEXT PRIMARY KEY NOT NULL,"
	" pwhash TEXT NOT NULL) STRICT;"
	"CREATE TABLE cdr("
	" id INTEGER PRIMARY KEY,"
	" call_id TEXT NOT NULL,"
	" contact_id INTEGER NOT NULL,"
	" agent TEXT NOT NULL,"
	" dn TEXT NOT NULL,"
	" ani TEXT NOT NULL,"
	" dnis TEXT NOT NULL,"
	" direction TEXT NOT NULL,"
	" skill TEXT NOT NULL,"
	" queue_wait_ms INTEGER NOT NULL,"
	" ring_ms INTEGER NOT NULL,"
	" talk_ms INTEGER NOT NULL,"
	" end_reason TEXT NOT NULL,"
	" hangup_by TEXT NOT NULL,"
	" start_us INTEGER NOT NULL,"
	" answer_us INTEGER NOT NULL,"
	" end_us INTEGER NOT NULL,"
	" call_data TEXT NOT NULL) STRICT;",
	/* 2: IVR flows */
	"CREATE TABLE ivr_flows("
	" name TEXT PRIMARY KEY NOT NULL,"
	" script TEXT NOT NULL) STRICT;",
	/* 3: the CTI pair's fencing token (only a PostgreSQL pair uses it;
	 * here for the same numbering) */
	"CREATE TABLE cti_leader("
	" id INTEGER PRIMARY KEY NOT NULL,"
	" token INTEGER NOT NULL) STRICT;"
	"INSERT INTO cti_leader VALUES(1, 0);",
	/* 4: the SIP phones' registrations the switch nodes share
	 * (sipreg.c) */
	"CREATE TABLE sip_bindings("
	" dn TEXT NOT NULL,"
	" contact TEXT NOT NULL,"
	" route TEXT NOT NULL,"
	" node TEXT NOT NULL,"
	" expires_s INTEGER NOT NULL,"
	" PRIMARY KEY(dn, contact)) STRICT;",
	/* 5: the skills each monitor supervises (monskills.c); the monitors
	 * of an older database keep what they had: every skill */
	"CREATE TABLE monitor_skills("
	" monitor TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,"
	" skill TEXT NOT NULL REFERENCES skills(name) ON DELETE CASCADE,"
	" PRIMARY KEY(monitor, skill)) STRICT;"
	"CREATE INDEX monitor_skills_skill ON monitor_skills(skill);"
	"INSERT INTO monitor_skills SELECT a.id, s.name FROM agents a, skills s"
	" WHERE a.role = 1;",
};

static const struct db_schema schema = {
	migrations, (int)ARRAY_SIZE(migrations),
	"CREATE TABLE IF NOT EXISTS schema_version("
	" version INTEGER PRIMARY KEY, applied_us INTEGER NOT NULL) STRICT",
	NULL,   /* BEGIN IMMEDIATE already takes the write lock */
};
static const char SQL_WAL[] = "PRAGMA journal_mode = WAL";

static void conn_destructor(void *data)
{
	struct sqlite_conn *c = data;

	for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
		sqlite3_finalize(c->cache[i].stmt);
	if (c->db && sqlite3_close(c->db) != SQLITE_OK)
		log_error("store: close: %s", sqlite3_errmsg(c->db));
}

static int mode_row(const struct db_row *row, void *arg)
{
	db_col_text(row, 0, arg, JOURNAL_MODE_SIZE);
	return 0;
}

static int configure(struct store *st, const char *path)
{
	char mode[JOURNAL_MODE_SIZE];
	int err;

	err = db_sqlite.script(st, "PRAGMA foreign_keys = ON", "foreign keys");
	if (!err)
		err = db_get(st, "journal mode", mode_row, mode,
			     SQL_WAL, "");
	if (err)
		return err;
	/* An in-memory database has no journal file; elsewhere WAL may be
	 * refused (e.g. no shared memory), which is slower but still safe. */
	if (strcmp(path, ":memory:") && strcmp(mode, "wal"))
		log_warn("store: %s: journal mode is %s, not wal", path, mode);

	/* In WAL mode NORMAL loses nothing when the process crashes; a power
	 * cut may lose the last commits, never the file. */
	return db_sqlite.script(st, "PRAGMA synchronous = NORMAL",
				"synchronous");
}

int db_sqlite_open(struct store *st, const char *path)
{
	struct sqlite_conn *c;
	int err, rc;

	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c)
		return ENOMEM;
	st->be = &db_sqlite;
	st->impl = c;

	rc = sqlite3_open_v2(path, &c->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		log_error("store: cannot open %s: %s", path,
			  c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		return EIO;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);

	err = configure(st, path);
	return err ? err : db_migrate(st, &schema);
}
