/*
 * db_sqlite.c — the SQLite backend's plumbing: a small cache of prepared
 * statements keyed by their SQL text, binding parameters, stepping rows,
 * mapping SQLite results to errno codes, transactions and columns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "db_sqlite.h"

/* A cached statement still running (a list handler calling back into the
 * store with the same query) is not shared: a fresh copy is prepared, and
 * finalized by stmt_release. */
static int stmt_get(struct sqlite_conn *c, const char *what, const char *sql,
		    sqlite3_stmt **stp)
{
	struct stmt_slot *free_slot = NULL;
	sqlite3_stmt *stmt;
	bool known = false, keep;
	int rc;

	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		struct stmt_slot *slot = &c->cache[i];

		if (slot->sql == sql) {
			if (!sqlite3_stmt_busy(slot->stmt)) {
				*stp = slot->stmt;
				return 0;
			}
			known = true;
		}
		else if (!slot->sql && !free_slot) {
			free_slot = slot;
		}
	}

	keep = free_slot && !known;
	rc = sqlite3_prepare_v3(c->db, sql, -1,
				keep ? SQLITE_PREPARE_PERSISTENT : 0,
				&stmt, NULL);
	if (rc != SQLITE_OK)
		return db_sqlite_err(c->db, rc, what);
	if (keep) {
		free_slot->sql = sql;
		free_slot->stmt = stmt;
	}
	*stp = stmt;
	return 0;
}

static void stmt_release(struct sqlite_conn *c, sqlite3_stmt *stmt)
{
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		if (c->cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return;
		}
	}
	sqlite3_finalize(stmt);
}

static int bind(sqlite3_stmt *stmt, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;

	for (int i = 0; fmt[i] && rc == SQLITE_OK; i++) {
		switch (fmt[i]) {
		case 's':
			rc = sqlite3_bind_text(stmt, i + 1,
					       va_arg(ap, const char *), -1,
					       SQLITE_STATIC);
			break;
		case 'i':
			rc = sqlite3_bind_int(stmt, i + 1, va_arg(ap, int));
			break;
		case 'I':
			rc = sqlite3_bind_int64(stmt, i + 1,
						va_arg(ap, int64_t));
			break;
		default:
			rc = SQLITE_MISUSE;
			break;
		}
	}
	return rc;
}

/* Prepares and binds; on error nothing is left to release. */
static int start(struct sqlite_conn *c, const char *what, sqlite3_stmt **stp,
		 const char *sql, const char *fmt, va_list ap)
{
	int err, rc;

	err = stmt_get(c, what, sql, stp);
	if (err)
		return err;
	rc = bind(*stp, fmt, ap);
	if (rc == SQLITE_OK)
		return 0;
	stmt_release(c, *stp);
	return db_sqlite_err(c->db, rc, what);
}

static int exec(struct store *st, const char *what, enum db_take take,
		db_row_h *rowh, void *arg, int *changes, const char *sql,
		const char *fmt, va_list ap)
{
	struct sqlite_conn *c = sqlite_conn(st);
	struct db_row row = {&db_sqlite, NULL, 0};
	sqlite3_stmt *stmt = NULL;
	int err, rc;

	err = start(c, what, &stmt, sql, fmt, ap);
	if (err)
		return err;
	row.res = stmt;
	rc = sqlite3_step(stmt);
	switch (take) {
	case DB_TAKE_NONE:
		err = rc == SQLITE_DONE ? 0 : db_sqlite_err(c->db, rc, what);
		if (!err && changes)
			*changes = sqlite3_changes(c->db);
		break;
	case DB_TAKE_FIRST:
		if (rc == SQLITE_ROW)
			err = rowh ? rowh(&row, arg) : 0;
		else if (rc == SQLITE_DONE)
			err = ENOENT;
		else
			err = db_sqlite_err(c->db, rc, what);
		break;
	case DB_TAKE_ALL:
		for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
			err = rowh(&row, arg);
			if (err)
				break;
		}
		if (!err && rc != SQLITE_DONE)
			err = db_sqlite_err(c->db, rc, what);
		break;
	}
	stmt_release(c, stmt);
	return err;
}

static int script(struct store *st, const char *sql, const char *what)
{
	struct sqlite_conn *c = sqlite_conn(st);
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_sqlite_err(c->db, rc, what);
}

int db_sqlite_err(struct sqlite3 *db, int rc, const char *what)
{
	switch (rc) {
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_UNIQUE:
		return EEXIST;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return ENOENT;
	case SQLITE_NOMEM:
		log_error("store: %s: out of memory", what);
		return ENOMEM;
	default:
		log_error("store: %s: %s (%d)", what,
			  db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), rc);
		return EIO;
	}
}

static int tx_begin(struct store *st)
{
	return script(st, "BEGIN IMMEDIATE", "begin");
}

static int tx_end(struct store *st, int err)
{
	struct sqlite_conn *c = sqlite_conn(st);

	if (!err) {
		err = script(st, "COMMIT", "commit");
		if (!err)
			return 0;
	}
	/* SQLite may have rolled back already (e.g. after a full disk) */
	if (!sqlite3_get_autocommit(c->db))
		script(st, "ROLLBACK", "rollback");
	return err;
}

static const char *col_text(const struct db_row *r, int col, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(r->res, col);

	*len = t ? (size_t)sqlite3_column_bytes(r->res, col) : 0;
	return (const char *)t;
}

static int64_t col_int64(const struct db_row *r, int col)
{
	return sqlite3_column_int64(r->res, col);
}

const struct db_backend db_sqlite = {
	.exec = exec,
	.script = script,
	.tx_begin = tx_begin,
	.tx_end = tx_end,
	.col_text = col_text,
	.col_int64 = col_int64,
	.cdr_queue = NULL,
	.cdr_flush = NULL,
};
