/*
 * db_sqlite.h — private to the SQLite backend (db_sqlite.c, its plumbing;
 * sqlite.c, opening and the schema): the connection and its cache of
 * prepared statements.
 */
#ifndef CALLCLOUD_DB_SQLITE_H
#define CALLCLOUD_DB_SQLITE_H

#include <sqlite3.h>
#include "store_db.h"

/* Enough for every statement the store uses, so each is compiled once. */
enum { STMT_CACHE_SIZE = 64 };

struct stmt_slot {
	const char *sql;        /* identity of the statement: its text's address */
	sqlite3_stmt *stmt;
};

struct sqlite_conn {
	sqlite3 *db;
	struct stmt_slot cache[STMT_CACHE_SIZE];
};

extern const struct db_backend db_sqlite;

static inline struct sqlite_conn *sqlite_conn(struct store *st)
{
	return st->impl;
}

/* SQLite result code → errno: EEXIST for a duplicate key, ENOENT for a
 * missing referenced row, ENOMEM, else EIO (logged). */
int db_sqlite_err(struct sqlite3 *db, int rc, const char *what);

#endif
