/*
 * db.c — the backend-neutral plumbing every store file shares: one-statement
 * calls with their parameters, described tables' gets and lists,
 * transactions and column readers, each passed on to the store's backend.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "store_db.h"

static int exec(struct store *st, const char *what, enum db_take take,
		db_row_h *rowh, void *arg, int *changes, const char *sql,
		const char *fmt, va_list ap)
{
	return st->be->exec(st, what, take, rowh, arg, changes, sql, fmt, ap);
}

int db_run(struct store *st, const char *what, int *changes,
	   const char *sql, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, what, DB_TAKE_NONE, NULL, NULL, changes, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_get(struct store *st, const char *what, db_row_h *rowh, void *arg,
	   const char *sql, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, what, DB_TAKE_FIRST, rowh, arg, NULL, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_list(struct store *st, const char *what, db_row_h *rowh, void *arg,
	    const char *sql, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = exec(st, what, DB_TAKE_ALL, rowh, arg, NULL, sql, fmt, ap);
	va_end(ap);
	return err;
}

int db_del(struct store *st, const char *what, const char *sql,
	   const char *fmt, ...)
{
	va_list ap;
	int changes = 0, err;

	va_start(ap, fmt);
	err = exec(st, what, DB_TAKE_NONE, NULL, NULL, &changes, sql, fmt, ap);
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

static bool row_take(const struct db_row *dr, const struct rows *r)
{
	char key[STORE_NAME_SIZE];

	memset(r->row, 0, r->t->size);
	if (r->t->read(dr, r->row))
		return true;
	db_col_text(dr, 0, key, sizeof(key));
	log_warn("store: invalid %s row '%s'", r->t->name, key);
	return false;
}

static int get_h(const struct db_row *dr, void *arg)
{
	return row_take(dr, arg) ? 0 : EIO;
}

static int list_h(const struct db_row *dr, void *arg)
{
	struct rows *r = arg;

	if (row_take(dr, r))
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
	err = exec(st, t->name, DB_TAKE_FIRST, get_h, &r, NULL, sql, fmt, ap);
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
	err = exec(st, t->name, DB_TAKE_ALL, list_h, &r, NULL, sql, fmt, ap);
	va_end(ap);
	free(r.row);
	return err;
}

int db_tx_begin(struct store *st)
{
	return st->be->tx_begin(st);
}

int db_tx_end(struct store *st, int err)
{
	return st->be->tx_end(st, err);
}

void db_col_text(const struct db_row *r, int col, char *buf, size_t size)
{
	size_t n = 0;
	const char *t = r->be->col_text(r, col, &n);

	if (!t)
		n = 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

int64_t db_col_int64(const struct db_row *r, int col)
{
	return r->be->col_int64(r, col);
}

bool db_col_int(const struct db_row *r, int col, int *out)
{
	int64_t v = r->be->col_int64(r, col);

	if (v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

bool field_ok(const char *s, size_t size, bool empty_ok)
{
	return s && strnlen(s, size) < size && (empty_ok || s[0] != '\0');
}
