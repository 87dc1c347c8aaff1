/*
 * sqlite.c — opening and closing the SQLite store: connection settings
 * (WAL so readers never block the writer, a busy timeout for a second
 * process such as the sqlite3 shell, foreign keys for the permission
 * cascades) and the schema, created and upgraded by numbered migrations
 * recorded in the schema_version table.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <re.h>
#include "log.h"
#include "store_db.h"

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
};

static const char SQL_VERSION_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_version("
	" version INTEGER PRIMARY KEY, applied_us INTEGER NOT NULL) STRICT";
static const char SQL_VERSION_GET[] =
	"SELECT COALESCE(MAX(version), 0) FROM schema_version";
static const char SQL_VERSION_ADD[] =
	"INSERT INTO schema_version(version, applied_us) VALUES(?1, ?2)";
static const char SQL_WAL[] = "PRAGMA journal_mode = WAL";
static const char SQL_IS_EMPTY[] =
	"SELECT NOT (EXISTS(SELECT 1 FROM agents)"
	" OR EXISTS(SELECT 1 FROM skills) OR EXISTS(SELECT 1 FROM admins))";

static void store_destructor(void *data)
{
	struct store *st = data;

	for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	if (st->db && sqlite3_close(st->db) != SQLITE_OK)
		log_error("store: close: %s", sqlite3_errmsg(st->db));
}

static int exec(struct store *st, const char *sql, const char *what)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_err(st, rc, what);
}

static int mode_row(sqlite3_stmt *stmt, void *arg)
{
	db_col_text(stmt, 0, arg, JOURNAL_MODE_SIZE);
	return 0;
}

static int configure(struct store *st, const char *path)
{
	char mode[JOURNAL_MODE_SIZE];
	int err;

	err = exec(st, "PRAGMA foreign_keys = ON", "foreign keys");
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
	return exec(st, "PRAGMA synchronous = NORMAL", "synchronous");
}

static int int_row(sqlite3_stmt *stmt, void *arg)
{
	if (db_col_int(stmt, 0, arg))
		return 0;
	log_error("store: integer out of range in %s", sqlite3_sql(stmt));
	return EIO;
}

/* In one IMMEDIATE transaction, so two daemons starting on the same file
 * cannot both migrate it. */
static int migrate(struct store *st)
{
	const int latest = (int)ARRAY_SIZE(migrations);
	int version = 0, err;

	err = db_tx_begin(st);
	if (err)
		return err;
	err = exec(st, SQL_VERSION_TABLE, "schema version table");
	if (!err)
		err = db_get(st, "schema version", int_row, &version,
			     SQL_VERSION_GET, "");
	if (!err && version > latest) {
		log_error("store: database schema version %d is newer than"
			  " this build's %d", version, latest);
		err = ENOTSUP;
	}
	for (int v = version; !err && v < latest; v++) {
		err = exec(st, migrations[v], "migration");
		if (!err)
			err = db_run(st, "schema version", NULL,
				     SQL_VERSION_ADD, "iI", v + 1, now_us());
		if (!err)
			log_debug("store: schema migrated to version %d", v + 1);
	}
	return db_tx_end(st, err);
}

int store_open(struct store **stp, const char *path,
	       const struct pwhash_params *pw)
{
	struct store *st;
	int err, rc;

	if (!stp || !path || !*path || !pw || !pwhash_params_ok(pw))
		return EINVAL;

	st = mem_zalloc(sizeof(*st), store_destructor);
	if (!st)
		return ENOMEM;
	st->pw = *pw;

	rc = sqlite3_open_v2(path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		log_error("store: cannot open %s: %s", path,
			  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		err = EIO;
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);

	err = configure(st, path);
	if (!err)
		err = migrate(st);
 out:
	if (err)
		mem_deref(st);
	else
		*stp = st;
	return err;
}

/* A database error answers "not empty", so the caller never loads the demo
 * directory over data it could not see. */
bool store_is_empty(struct store *st)
{
	int empty = 0;

	if (!st)
		return false;
	if (db_get(st, "is empty", int_row, &empty, SQL_IS_EMPTY, ""))
		return false;
	return empty != 0;
}
