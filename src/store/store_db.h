/*
 * store_db.h — private to src/store: the store object, the database
 * backend interface (SQLite in db_sqlite.c, PostgreSQL in db_pg.c) and the
 * backend-neutral helpers that the per-table files share (one-statement
 * calls, transactions, column readers, field checks). Nothing outside
 * src/store includes this; the public interface is store.h.
 */
#ifndef CALLCLOUD_STORE_DB_H
#define CALLCLOUD_STORE_DB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store.h"

struct db_backend;

/* One result row, whichever backend produced it: res is the backend's
 * handle (a sqlite3_stmt, a PGresult) and n the row's index in it; be reads
 * its columns. */
struct db_row {
	const struct db_backend *be;
	void *res;
	int n;
};

/*
 * Statements are written once, in SQLite's dialect with ?1..?n parameters
 * and ON CONFLICT upserts, which PostgreSQL shares (its backend rewrites
 * ?N to $N). `sql` must be a static string (its address keys the SQLite
 * statement cache); `fmt` lists the parameters that follow: 's' const
 * char *, 'i' int, 'I' int64_t. `what` names the call in error logs, which
 * never show bound values (they may be secrets).
 */
typedef int (db_row_h)(const struct db_row *row, void *arg);

/* How a statement's rows are taken: none expected, the first, or all. */
enum db_take { DB_TAKE_NONE, DB_TAKE_FIRST, DB_TAKE_ALL };

/* A CDR operation, as a backend that writes CDRs off the loop queues it. */
struct db_cdr_op {
	bool set_data;            /* false: insert cdr; true: set call data */
	struct cdr cdr;           /* set_data uses contact_id and call_data */
};

/* What each backend provides. exec runs one statement: TAKE_NONE reports
 * the rows it changed in *changes (if not NULL), TAKE_FIRST answers ENOENT
 * for no row, TAKE_ALL stops at the first error rowh returns. Errors as in
 * store.h: EEXIST (duplicate key), ENOENT (missing referenced row), ENOMEM,
 * else EIO (logged). */
struct db_backend {
	int  (*exec)(struct store *st, const char *what, enum db_take take,
		     db_row_h *rowh, void *arg, int *changes,
		     const char *sql, const char *fmt, va_list ap);
	int  (*script)(struct store *st, const char *sql, const char *what);
	int  (*tx_begin)(struct store *st);
	int  (*tx_end)(struct store *st, int err);
	/* text of a column (NULL reads as ""), its length in *len */
	const char *(*col_text)(const struct db_row *r, int col, size_t *len);
	int64_t (*col_int64)(const struct db_row *r, int col);
	/* NULL: CDR writes are statements like any other; else they are
	 * handed to the backend's writer and this never blocks */
	int  (*cdr_queue)(struct store *st, const struct db_cdr_op *op);
	/* NULL, or waits (bounded) until queued CDR operations are written,
	 * so a list shows what was written before it */
	void (*cdr_flush)(struct store *st);
};

/* The schema as one backend spells it: migrations[i] brings version i to
 * i + 1 (append only: a released migration is never edited); lock, if not
 * NULL, is run first in the migration's transaction so that two daemons
 * starting on one database cannot both migrate it. */
struct db_schema {
	const char *const *migrations;
	int count;
	const char *version_table;
	const char *lock;
};

struct store {
	const struct db_backend *be;
	void *impl;               /* the backend's connection state */
	struct pwhash_params pw;  /* strength for passwords hashed by the store */
};

/* Creates or upgrades the schema, recording versions in schema_version. */
int db_migrate(struct store *st, const struct db_schema *schema);

/* A statement that returns no rows; *changes (if not NULL) gets the number
 * of rows it changed directly (not those changed by a cascade). */
int db_run(struct store *st, const char *what, int *changes,
	   const char *sql, const char *fmt, ...);
/* The first row goes to rowh (NULL: only whether there is one); ENOENT
 * when there is none. */
int db_get(struct store *st, const char *what, db_row_h *rowh, void *arg,
	   const char *sql, const char *fmt, ...);
/* Every row goes to rowh, until it returns an error. */
int db_list(struct store *st, const char *what, db_row_h *rowh, void *arg,
	    const char *sql, const char *fmt, ...);

/* A statement that deletes one keyed row: ENOENT when there was none. */
int db_del(struct store *st, const char *what, const char *sql,
	   const char *fmt, ...);

/*
 * One table of the directory, described for the two reads every table has.
 * read() fills a zeroed row struct of `size` bytes from a result row and
 * says whether the row keeps the rules the writer enforces (only a
 * hand-edited database breaks them): such a row is logged, a get answers
 * EIO and a list skips it. emit() calls the caller's typed handler, which
 * the list carries as a db_fn and emit casts back to its own type.
 */
typedef void (db_fn)(void);
struct db_table {
	const char *name;
	size_t size;
	bool (*read)(const struct db_row *row, void *out);
	void (*emit)(db_fn *h, const void *row, void *arg);
};

/* The first row into out; ENOENT when there is none. */
int db_get_row(struct store *st, const struct db_table *t, void *out,
	       const char *sql, const char *fmt, ...);
/* Every valid row to h. */
int db_list_rows(struct store *st, const struct db_table *t, db_fn *h,
		 void *arg, const char *sql, const char *fmt, ...);

int db_tx_begin(struct store *st);
/* Commits when err is 0, else rolls back; returns err or the commit's. */
int db_tx_end(struct store *st, int err);

/* Column readers. Text is truncated to size (as store.h promises); an
 * integer outside int's range reads as false. */
void db_col_text(const struct db_row *r, int col, char *buf, size_t size);
bool db_col_int(const struct db_row *r, int col, int *out);
int64_t db_col_int64(const struct db_row *r, int col);

/* A caller's string field: NUL-terminated inside its size, and not empty
 * unless allowed. */
bool field_ok(const char *s, size_t size, bool empty_ok);

/* The backends' openers (store_open chooses by the path). */
int db_sqlite_open(struct store *st, const char *path);
int db_pg_open(struct store *st, const char *url, const char *journal);

/* Parameters that libsodium's argon2id accepts. */
bool pwhash_params_ok(const struct pwhash_params *p);

/* An argon2id string as pwhash_make writes it (so never a clear password). */
bool pwhash_is_hash(const char *hash);

#endif
