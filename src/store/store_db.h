/*
 * store_db.h — private to src/store: the store object and the SQLite helpers
 * that the per-entity files share (statement cache, one-statement calls,
 * error mapping, transactions, field checks). Nothing outside src/store
 * includes this; the public interface is store.h.
 */
#ifndef CALLCLOUD_STORE_DB_H
#define CALLCLOUD_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>
#include "store.h"

/* Enough for every statement the store uses, so each is compiled once. */
enum { STMT_CACHE_SIZE = 64 };

struct stmt_slot {
	const char *sql;        /* identity of the statement: its text's address */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	struct pwhash_params pw;  /* strength for passwords hashed by the store */
	struct stmt_slot cache[STMT_CACHE_SIZE];
};

/*
 * One statement per call. `sql` must be a static string (its address keys
 * the cache); `fmt` lists the parameters ?1..?n that follow: 's' const
 * char *, 'i' int, 'I' int64_t. `what` names the call in error logs, which
 * never show bound values (they may be secrets).
 */
typedef int (db_row_h)(sqlite3_stmt *stmt, void *arg);

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
 * hand-edited file breaks them): such a row is logged, a get answers EIO
 * and a list skips it. emit() calls the caller's typed handler, which the
 * list carries as a db_fn and emit casts back to its own type.
 */
typedef void (db_fn)(void);
struct db_table {
	const char *name;
	size_t size;
	bool (*read)(sqlite3_stmt *stmt, void *row);
	void (*emit)(db_fn *h, const void *row, void *arg);
};

/* The first row into out; ENOENT when there is none. */
int db_get_row(struct store *st, const struct db_table *t, void *out,
	       const char *sql, const char *fmt, ...);
/* Every valid row to h. */
int db_list_rows(struct store *st, const struct db_table *t, db_fn *h,
		 void *arg, const char *sql, const char *fmt, ...);

/* SQLite result code → errno: EEXIST for a duplicate key, ENOENT for a
 * missing referenced row, ENOMEM, else EIO (logged). */
int db_err(struct store *st, int rc, const char *what);

int db_tx_begin(struct store *st);
/* Commits when err is 0, else rolls back; returns err or the commit's. */
int db_tx_end(struct store *st, int err);

/* Column readers. Text is truncated to size (as store.h promises); an
 * integer outside int's range reads as false. */
void db_col_text(sqlite3_stmt *stmt, int col, char *buf, size_t size);
bool db_col_int(sqlite3_stmt *stmt, int col, int *out);

/* A caller's string field: NUL-terminated inside its size, and not empty
 * unless allowed. */
bool field_ok(const char *s, size_t size, bool empty_ok);

/* Parameters that libsodium's argon2id accepts. */
bool pwhash_params_ok(const struct pwhash_params *p);

/* An argon2id string as pwhash_make writes it (so never a clear password). */
bool pwhash_is_hash(const char *hash);

#endif
