/*
 * open.c — store_open choosing the backend by the path (a postgresql://
 * URL, else an SQLite file), the schema's numbered migrations recorded in
 * schema_version whichever backend runs them, and store_is_empty.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <re.h>
#include "log.h"
#include "store_db.h"

static const char SQL_VERSION_GET[] =
	"SELECT COALESCE(MAX(version), 0) FROM schema_version";
static const char SQL_VERSION_ADD[] =
	"INSERT INTO schema_version(version, applied_us) VALUES(?1, ?2)";
static const char SQL_IS_EMPTY[] =
	"SELECT CASE WHEN EXISTS(SELECT 1 FROM agents)"
	" OR EXISTS(SELECT 1 FROM skills) OR EXISTS(SELECT 1 FROM admins)"
	" THEN 0 ELSE 1 END";

bool store_is_url(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) ||
			!strncmp(path, "postgres://", 11));
}

static void store_destructor(void *data)
{
	struct store *st = data;

	mem_deref(st->impl);
}

static int int_row(const struct db_row *row, void *arg)
{
	if (db_col_int(row, 0, arg))
		return 0;
	log_error("store: integer out of range");
	return EIO;
}

/* In one transaction, under the backend's lock. */
int db_migrate(struct store *st, const struct db_schema *schema)
{
	int version = 0, err;

	err = db_tx_begin(st);
	if (err)
		return err;
	if (schema->lock)
		err = st->be->script(st, schema->lock, "schema lock");
	if (!err)
		err = st->be->script(st, schema->version_table,
				     "schema version table");
	if (!err)
		err = db_get(st, "schema version", int_row, &version,
			     SQL_VERSION_GET, "");
	if (!err && version > schema->count) {
		log_error("store: database schema version %d is newer than"
			  " this build's %d", version, schema->count);
		err = ENOTSUP;
	}
	for (int v = version; !err && v < schema->count; v++) {
		err = st->be->script(st, schema->migrations[v], "migration");
		if (!err)
			err = db_run(st, "schema version", NULL,
				     SQL_VERSION_ADD, "iI", v + 1, now_us());
		if (!err)
			log_debug("store: schema migrated to version %d", v + 1);
	}
	return db_tx_end(st, err);
}

int store_open_journal(struct store **stp, const char *path,
		       const char *journal, const struct pwhash_params *pw)
{
	struct store *st;
	int err;

	if (!stp || !path || !*path || !pw || !pwhash_params_ok(pw))
		return EINVAL;

	st = mem_zalloc(sizeof(*st), store_destructor);
	if (!st)
		return ENOMEM;
	st->pw = *pw;

	if (store_is_url(path))
		err = db_pg_open(st, path, journal);
	else
		err = db_sqlite_open(st, path);
	if (err)
		mem_deref(st);
	else
		*stp = st;
	return err;
}

int store_open(struct store **stp, const char *path,
	       const struct pwhash_params *pw)
{
	return store_open_journal(stp, path, NULL, pw);
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
