/*
 * db.c — the SQLite plumbing every store file shares: a small cache of
 * prepared statements keyed by their SQL text, one-statement calls with
 * their parameters, mapping of SQLite results to errno codes, transactions
 * and column readers.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "store_db.h"

/* A cached statement still running (a list handler calling back into the
 * store with the same query) is not shared: a fresh copy is prepared, and
 * finalized by stmt_release. */
static int stmt_get(struct store *st, const char *what, const char *sql,
		    sqlite3_stmt **stp)
{
	struct stmt_slot *free_slot = NULL;
	sqlite3_stmt *stmt;
	bool known = false, keep;
	int rc;

	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		struct stmt_slot *slot = &st->cache[i];

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
	rc = sqlite3_prepare_v3(st->db, sql, -1,
				keep ? SQLITE_PREPARE_PERSISTENT : 0,
				&stmt, NULL);
	if (rc != SQLITE_OK)
		return db_err(st, rc, what);
	if (keep) {
		free_slot->sql = sql;
		free_slot->stmt = stmt;
	}
	*stp = stmt;
	return 0;
}

static void stmt_release(struct store *st, sqlite3_stmt *stmt)
{
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		if (st->cache[i].stmt == stmt) {
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
static int start(struct store *st, const char *what, sqlite3_stmt **stp,
		 const char *sql, const char *fmt, va_list ap)
{
	int err, rc;

	err = stmt_get(st, what, sql, stp);
	if (err)
		return err;
	rc = bind(*stp, fmt, ap);
	if (rc == SQLITE_OK)
		return 0;
	stmt_release(st, *stp);
	return db_err(st, rc, what);
}

/* How a statement's rows are taken: none expected, the first, or all. */
enum take { TAKE_NONE, TAKE_FIRST, TAKE_ALL };

static int exec(struct store *st, const char *what, enum take take,
		db_row_h *rowh, void *arg, int *changes, const char *sql,
		const char *fmt, va_list ap)
{
	sqlite3_stmt *stmt;
	int err, rc;

	err = start(st, what, &stmt, sql, fmt, ap);
	if (err)
		return err;
	rc = sqlite3_step(stmt);
	switch (take) {
	case TAKE_NONE:
		err = rc == SQLITE_DONE ? 0 : db_err(st, rc, what);
		if (!err && changes)
			*changes = sqlite3_changes(st->db);
		break;
	case TAKE_FIRST:
		if (rc == SQLITE_ROW)
			err = rowh ? rowh(stmt, arg) : 0;
		else if (rc == SQLITE_DONE)
			err = ENOENT;
		else
			err = db_err(st, rc, what);
		break;
	case TAKE_ALL:
		for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
			err = rowh(stmt, arg);
			if (err)
				break;
		}
		if (!err && rc != SQLITE_DONE)
			err = db_err(st, rc, what);
		break;
	}
	stmt_release(st, stmt);
	return err;
}

int db_run(struct store *st, const char *what, int *changes,
	   const char *sql, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, what, TAKE_NONE, NULL, NULL, changes, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_get(struct store *st, const char *what, db_row_h *rowh, void *arg,
	   const char *sql, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, what, TAKE_FIRST, rowh, arg, NULL, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_list(struct store *st, const char *what, db_row_h *rowh, void *arg,
	    const char *sql, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, what, TAKE_ALL, rowh, arg, NULL, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_del(struct store *st, const char *what, const char *sql,
	   const char *fmt, ...)
{
	va_list ap;
	int changes = 0, err;

	va_start(ap, fmt);
	err = exec(st, what, TAKE_NONE, NULL, NULL, &changes, sql, fmt, ap);
	va_end(ap);
	return err ? err : changes ? 0 : ENOENT;
}

/* A described table's row on its way to a get's out or a list's handler. */
struct rows {
	const struct db_table *t;
	void *row;
	db_fn *h;
	void *arg;
};

static bool row_take(sqlite3_stmt *stmt, const struct rows *r)
{
	const unsigned char *key;

	memset(r->row, 0, r->t->size);
	if (r->t->read(stmt, r->row))
		return true;
	key = sqlite3_column_text(stmt, 0);
	log_warn("store: invalid %s row '%s'", r->t->name,
		 key ? (const char *)key : "");
	return false;
}

static int get_h(sqlite3_stmt *stmt, void *arg)
{
	return row_take(stmt, arg) ? 0 : EIO;
}

static int list_h(sqlite3_stmt *stmt, void *arg)
{
	struct rows *r = arg;

	if (row_take(stmt, r))
		r->t->emit(r->h, r->row, r->arg);
	return 0;
}

int db_get_row(struct store *st, const struct db_table *t, void *out,
	       const char *sql, const char *fmt, ...)
{
	struct rows r = {t, out, NULL, NULL};
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, t->name, TAKE_FIRST, get_h, &r, NULL, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_list_rows(struct store *st, const struct db_table *t, db_fn *h,
		 void *arg, const char *sql, const char *fmt, ...)
{
	struct rows r = {t, NULL, h, arg};
	va_list ap;
	int err;

	/* one row struct for the whole walk (a CDR's is several KiB) */
	r.row = malloc(t->size);
	if (!r.row)
		return ENOMEM;
	va_start(ap, fmt);
	err = exec(st, t->name, TAKE_ALL, list_h, &r, NULL, sql, fmt, ap);
	va_end(ap);
	free(r.row);
	return err;
}

int db_err(struct store *st, int rc, const char *what)
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
			  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc),
			  rc);
		return EIO;
	}
}

int db_tx_begin(struct store *st)
{
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_err(st, rc, "begin");
}

int db_tx_end(struct store *st, int err)
{
	int rc;

	if (!err) {
		rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		err = db_err(st, rc, "commit");
	}
	/* SQLite may have rolled back already (e.g. after a full disk) */
	if (!sqlite3_get_autocommit(st->db)) {
		rc = sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			db_err(st, rc, "rollback");
	}
	return err;
}

void db_col_text(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(stmt, col) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

bool db_col_int(sqlite3_stmt *stmt, int col, int *out)
{
	sqlite3_int64 v = sqlite3_column_int64(stmt, col);

	if (v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

bool field_ok(const char *s, size_t size, bool empty_ok)
{
	return s && strnlen(s, size) < size && (empty_ok || s[0] != '\0');
}
