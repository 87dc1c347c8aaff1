/*
 * routes.c — access numbers (the DNIS customers dial) and where each leads:
 * a skill queue, an IVR flow or one agent's private queue.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

#define SQL_INSERT_TEXT \
	"INSERT INTO routes(access, kind, target) VALUES(?1, ?2, ?3)"

static const char SQL_GET[] =
	"SELECT access, kind, target FROM routes WHERE access = ?1";
static const char SQL_INSERT[] = SQL_INSERT_TEXT;
static const char SQL_UPSERT[] = SQL_INSERT_TEXT
	" ON CONFLICT(access) DO UPDATE SET kind = excluded.kind,"
	" target = excluded.target";
static const char SQL_DEL[] = "DELETE FROM routes WHERE access = ?1";
static const char SQL_LIST[] =
	"SELECT access, kind, target FROM routes ORDER BY access";

static bool route_ok(const struct dir_route *r)
{
	return field_ok(r->access, sizeof(r->access), false) &&
	       (r->kind == ROUTE_SKILL || r->kind == ROUTE_IVR ||
		r->kind == ROUTE_AGENT) &&
	       field_ok(r->target, sizeof(r->target), false);
}

/* False when the row breaks the rules the writer enforces, which only a
 * hand-edited file can do. */
static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_route *r = row;
	int kind;
	bool ok;

	db_col_text(dr, 0, r->access, sizeof(r->access));
	ok = db_col_int(dr, 1, &kind);
	r->kind = (enum route_kind)kind;
	db_col_text(dr, 2, r->target, sizeof(r->target));
	return ok && route_ok(r);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_route_h *)h)(row, arg);
}

static const struct db_table table = {
	"routes", sizeof(struct dir_route), row_read, emit
};

int store_route_get(struct store *st, const char *access,
		    struct dir_route *out)
{
	if (!st || !out || !field_ok(access, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "s", access);
}

int store_route_put(struct store *st, const struct dir_route *r, bool replace)
{
	if (!st || !r || !route_ok(r))
		return EINVAL;
	return db_run(st, "route put", NULL, replace ? SQL_UPSERT : SQL_INSERT,
		      "sis", r->access, (int)r->kind, r->target);
}

int store_route_del(struct store *st, const char *access)
{
	if (!st || !field_ok(access, STORE_ID_SIZE, false))
		return EINVAL;
	return db_del(st, "route del", SQL_DEL, "s", access);
}

int store_route_list(struct store *st, store_route_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST, "");
}
