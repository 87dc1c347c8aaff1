/*
 * ivr.c — IVR flows of the directory: a name (what an IVR route, TransIVR
 * or a single-step transfer to an IVR names) and its script. The store
 * keeps the text; the core's IVR engine parses it.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

#define SQL_INSERT_TEXT \
	"INSERT INTO ivr_flows(name, script) VALUES(?1, ?2)"

static const char SQL_GET[] =
	"SELECT name, script FROM ivr_flows WHERE name = ?1";
static const char SQL_INSERT[] = SQL_INSERT_TEXT;
static const char SQL_UPSERT[] = SQL_INSERT_TEXT
	" ON CONFLICT(name) DO UPDATE SET script = excluded.script";
static const char SQL_DEL[] = "DELETE FROM ivr_flows WHERE name = ?1";
static const char SQL_LIST[] =
	"SELECT name, script FROM ivr_flows ORDER BY name";

static bool flow_ok(const struct dir_ivr *f)
{
	return field_ok(f->name, sizeof(f->name), false) &&
	       field_ok(f->script, sizeof(f->script), false);
}

static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_ivr *f = row;

	db_col_text(dr, 0, f->name, sizeof(f->name));
	db_col_text(dr, 1, f->script, sizeof(f->script));
	return flow_ok(f);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_ivr_h *)h)(row, arg);
}

static const struct db_table table = {
	"ivr_flows", sizeof(struct dir_ivr), row_read, emit
};

int store_ivr_get(struct store *st, const char *name, struct dir_ivr *out)
{
	if (!st || !out || !field_ok(name, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "s", name);
}

int store_ivr_put(struct store *st, const struct dir_ivr *f, bool replace)
{
	if (!st || !f || !flow_ok(f))
		return EINVAL;
	return db_run(st, "ivr put", NULL, replace ? SQL_UPSERT : SQL_INSERT,
		      "ss", f->name, f->script);
}

int store_ivr_del(struct store *st, const char *name)
{
	if (!st || !field_ok(name, STORE_ID_SIZE, false))
		return EINVAL;
	return db_del(st, "ivr del", SQL_DEL, "s", name);
}

int store_ivr_list(struct store *st, store_ivr_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST, "");
}
