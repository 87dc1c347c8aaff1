/*
 * db_pg.h — private to the PostgreSQL backend (db_pg.c, its plumbing; pg.c,
 * opening and the schema; pg_cdr.c, the CDR writer thread and journal;
 * pg_leader.c, the CTI pair's lock, leader.h).
 */
#ifndef CALLCLOUD_DB_PG_H
#define CALLCLOUD_DB_PG_H

#include <libpq-fe.h>
#include "store_db.h"

/* A call on the loop waits at most this long for the server (connect and
 * each statement); then it fails with EIO. */
enum { PG_TIMEOUT_S = 3 };

struct pg_cdr;

struct pg_conn {
	PGconn *conn;          /* the loop's connection */
	char *url;
	bool in_tx;
	uint64_t retry_ms;     /* no new connect before (tmr_jiffies) */
	struct pg_cdr *cdr;    /* the CDR writer (its own connection) */
};

extern const struct db_backend db_pg;

static inline struct pg_conn *pg_conn(struct store *st)
{
	return st->impl;
}

/* A new connection to url with the bounded timeouts; NULL (logged) when
 * the server cannot be reached. */
PGconn *pg_connect(const char *url);
/* The same with the server settings of options ("-c name=value ...")
 * instead of the statement timeout alone. */
PGconn *pg_connect_opts(const char *url, const char *options);

/* Runs sql with the fmt parameters (as db_run's) on conn; ?N placeholders
 * are rewritten to $N. *resp gets the result to PQclear when 0 is returned;
 * otherwise the errno, logged as what: EEXIST, ENOENT, EINVAL (a value the
 * table cannot hold), ENOMEM, else EIO (the server, the link or the
 * schema failed: worth trying again later). */
int pg_query(PGconn *conn, const char *what, PGresult **resp,
	     const char *sql, const char *fmt, va_list ap);

int  pg_cdr_start(struct store *st, const char *url, const char *journal);
void pg_cdr_stop(struct pg_cdr *w);
int  pg_cdr_queue(struct store *st, const struct db_cdr_op *op);
void pg_cdr_flush(struct store *st);

#endif
