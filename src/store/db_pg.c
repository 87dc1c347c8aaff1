/*
 * db_pg.c — the PostgreSQL backend's plumbing: connecting with bounded
 * timeouts (the loop may wait, never hang), rewriting the store's ?N
 * placeholders to $N, passing parameters as text, mapping SQLSTATEs to
 * errno codes, reconnecting after the server went away, transactions and
 * columns. Results arrive whole, so a list's handler may call back into
 * the store.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <re.h>
#include "log.h"
#include "db_pg.h"

/* Longer than any statement of the store; parameters per statement; a
 * log line's share of a server message. A connect that failed slowly (a
 * host that does not answer) is not tried again for RECONNECT_MS: calls
 * fail at once meanwhile rather than each waiting again (a sign-in makes
 * several). One refused at once (the server is down) costs nothing to
 * try at the next call. */
enum { SQL_MAX = 2048, PARAMS_MAX = 24, NUM_SIZE = 24, MSG_SIZE = 512,
       RECONNECT_MS = 1000, SLOW_CONNECT_MS = 100 };

/* libpq's messages span lines; a log entry is one line. */
static const char *one_line(const char *msg, char buf[MSG_SIZE])
{
	size_t n = 0;

	for (; msg && *msg && n + 1 < MSG_SIZE; msg++)
		buf[n++] = *msg == '\n' || *msg == '\t' ? ' ' : *msg;
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/* Notices (e.g. "relation already exists, skipping") are not errors. */
static void no_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

PGconn *pg_connect(const char *url)
{
	return pg_connect_opts(url, "-c statement_timeout=3000");
}

PGconn *pg_connect_opts(const char *url, const char *options)
{
	char timeout[NUM_SIZE];
	/* ours before dbname, so that the URL's own settings win */
	const char *keys[] = {"connect_timeout", "keepalives_idle",
			      "tcp_user_timeout", "options", "dbname", NULL};
	const char *vals[] = {timeout, "10", "5000", options, url, NULL};
	char msg[MSG_SIZE];
	PGconn *conn;

	snprintf(timeout, sizeof(timeout), "%d", PG_TIMEOUT_S);
	conn = PQconnectdbParams(keys, vals, 1);
	if (!conn) {
		log_error("store: postgresql: out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		log_error("store: postgresql: %s",
			  one_line(PQerrorMessage(conn), msg));
		PQfinish(conn);
		return NULL;
	}
	PQsetNoticeProcessor(conn, no_notice, NULL);
	return conn;
}

/* ?N → $N outside quoted text; false when it does not fit. */
static bool rewrite(const char *sql, char *out, size_t size)
{
	char quote = 0;
	size_t n = 0;

	for (; *sql; sql++) {
		char ch = *sql;

		if (quote && ch == quote)
			quote = 0;
		else if (!quote && (ch == '\'' || ch == '"'))
			quote = ch;
		else if (!quote && ch == '?')
			ch = '$';
		if (n + 1 >= size)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return true;
}

static int sqlstate_err(PGconn *conn, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
				: NULL;
	char msg[MSG_SIZE];

	if (state && !strcmp(state, "23505"))      /* unique_violation */
		return EEXIST;
	if (state && !strcmp(state, "23503"))      /* foreign_key_violation */
		return ENOENT;
	/* a data exception (e.g. text that is not UTF-8): a value the
	 * table cannot hold, as a field the store refuses */
	if (state && !strncmp(state, "22", 2)) {
		log_warn("store: %s: %s", what,
			 one_line(PQresultErrorMessage(res), msg));
		return EINVAL;
	}
	if (!res || (state && !strcmp(state, "53200"))) {
		log_error("store: %s: out of memory", what);
		return ENOMEM;
	}
	log_error("store: %s: %s", what, one_line(PQerrorMessage(conn), msg));
	return EIO;
}

int pg_query(PGconn *conn, const char *what, PGresult **resp,
	     const char *sql, const char *fmt, va_list ap)
{
	char text[SQL_MAX], nums[PARAMS_MAX][NUM_SIZE];
	const char *vals[PARAMS_MAX];
	int n = (int)strlen(fmt);
	ExecStatusType status;
	PGresult *res;

	if (n > PARAMS_MAX || !rewrite(sql, text, sizeof(text))) {
		log_error("store: %s: statement too large", what);
		return EINVAL;
	}
	for (int i = 0; i < n; i++) {
		switch (fmt[i]) {
		case 's':
			vals[i] = va_arg(ap, const char *);
			break;
		case 'i':
			snprintf(nums[i], NUM_SIZE, "%d", va_arg(ap, int));
			vals[i] = nums[i];
			break;
		case 'I':
			snprintf(nums[i], NUM_SIZE, "%" PRId64,
				 va_arg(ap, int64_t));
			vals[i] = nums[i];
			break;
		default:
			log_error("store: %s: bad parameter format", what);
			return EINVAL;
		}
	}
	res = PQexecParams(conn, text, n, NULL, vals, NULL, NULL, 0);
	status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
		*resp = res;
		return 0;
	}
	n = sqlstate_err(conn, res, what);
	PQclear(res);
	return n;
}

/* A connection lost since the last call (the server restarted) is made
 * again, within the connect timeout; never inside a transaction, whose
 * work died with the old connection. */
static int ensure(struct pg_conn *c, const char *what)
{
	uint64_t start;

	if (c->conn && PQstatus(c->conn) == CONNECTION_OK)
		return 0;
	if (c->in_tx) {
		log_error("store: %s: connection lost in a transaction", what);
		return EIO;
	}
	if (c->conn)
		PQfinish(c->conn);
	c->conn = NULL;
	if (tmr_jiffies() < c->retry_ms)
		return EIO;
	start = tmr_jiffies();
	c->conn = pg_connect(c->url);
	if (!c->conn && tmr_jiffies() - start >= SLOW_CONNECT_MS)
		c->retry_ms = tmr_jiffies() + RECONNECT_MS;
	return c->conn ? 0 : EIO;
}

static int run(struct pg_conn *c, const char *what, bool read,
	       PGresult **resp, const char *sql, const char *fmt, va_list ap)
{
	va_list again;
	int err;

	err = ensure(c, what);
	if (err)
		return err;
	va_copy(again, ap);
	err = pg_query(c->conn, what, resp, sql, fmt, ap);
	/* the link died under a read (it was found broken only now, e.g. the
	 * server restarted since the last call): one more try on a fresh
	 * connection. A write is not repeated: it may have been committed. */
	if (err == EIO && read && PQstatus(c->conn) != CONNECTION_OK &&
	    !c->in_tx && !ensure(c, what))
		err = pg_query(c->conn, what, resp, sql, fmt, again);
	va_end(again);
	return err;
}

static int exec(struct store *st, const char *what, enum db_take take,
		db_row_h *rowh, void *arg, int *changes, const char *sql,
		const char *fmt, va_list ap)
{
	struct db_row row = {&db_pg, NULL, 0};
	PGresult *res;
	int err, rows;

	err = run(pg_conn(st), what, take != DB_TAKE_NONE, &res, sql, fmt,
		  ap);
	if (err)
		return err;
	row.res = res;
	rows = PQntuples(res);
	switch (take) {
	case DB_TAKE_NONE:
		if (changes)
			*changes = atoi(PQcmdTuples(res));
		break;
	case DB_TAKE_FIRST:
		if (!rows)
			err = ENOENT;
		else if (rowh)
			err = rowh(&row, arg);
		break;
	case DB_TAKE_ALL:
		for (; row.n < rows && !err; row.n++)
			err = rowh(&row, arg);
		break;
	}
	PQclear(res);
	return err;
}

static int script(struct store *st, const char *sql, const char *what)
{
	struct pg_conn *c = pg_conn(st);
	PGresult *res;
	int err;

	err = ensure(c, what);
	if (err)
		return err;
	res = PQexec(c->conn, sql);
	if (res && (PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK)) {
		PQclear(res);
		return 0;
	}
	err = sqlstate_err(c->conn, res, what);
	PQclear(res);
	return err;
}

static int tx_begin(struct store *st)
{
	int err = script(st, "BEGIN", "begin");

	pg_conn(st)->in_tx = !err;
	return err;
}

static int tx_end(struct store *st, int err)
{
	struct pg_conn *c = pg_conn(st);

	if (!err)
		err = script(st, "COMMIT", "commit");
	else if (PQstatus(c->conn) == CONNECTION_OK)
		script(st, "ROLLBACK", "rollback");
	c->in_tx = false;
	return err;
}

static const char *col_text(const struct db_row *r, int col, size_t *len)
{
	if (PQgetisnull(r->res, r->n, col)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(r->res, r->n, col);
	return PQgetvalue(r->res, r->n, col);
}

static int64_t col_int64(const struct db_row *r, int col)
{
	return strtoll(PQgetvalue(r->res, r->n, col), NULL, 10);
}

const struct db_backend db_pg = {
	.exec = exec,
	.script = script,
	.tx_begin = tx_begin,
	.tx_end = tx_end,
	.col_text = col_text,
	.col_int64 = col_int64,
	.cdr_queue = pg_cdr_queue,
	.cdr_flush = pg_cdr_flush,
};
