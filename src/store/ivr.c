/*
 * ivr.c — IVR flows of the directory: a name (what an IVR route, TransIVR
 * or a single-step transfer to an IVR names) and its script. The store
 * keeps the text; the core's IVR engine parses it.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
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

struct list_ctx {
	store_ivr_h *h;
	void *arg;
};

static bool flow_ok(const struct dir_ivr *f)
{
	return field_ok(f->name, sizeof(f->name), false) &&
	       field_ok(f->script, sizeof(f->script), false);
}

static bool row_read(sqlite3_stmt *stmt, struct dir_ivr *f)
{
	memset(f, 0, sizeof(*f));
	db_col_text(stmt, 0, f->name, sizeof(f->name));
	db_col_text(stmt, 1, f->script, sizeof(f->script));
	if (flow_ok(f))
		return true;
	log_warn("store: invalid ivr_flows row '%s'", f->name);
	return false;
}

static int get_row(sqlite3_stmt *stmt, void *arg)
{
	return row_read(stmt, arg) ? 0 : EIO;
}

static int list_row(sqlite3_stmt *stmt, void *arg)
{
	struct list_ctx *ctx = arg;
	struct dir_ivr f;

	if (row_read(stmt, &f))
		ctx->h(&f, ctx->arg);
	return 0;
}

int store_ivr_get(struct store *st, const char *name, struct dir_ivr *out)
{
	if (!st || !out || !field_ok(name, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get(st, "ivr get", get_row, out, SQL_GET, "s", name);
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
	int changes = 0, err;

	if (!st || !field_ok(name, STORE_ID_SIZE, false))
		return EINVAL;
	err = db_run(st, "ivr del", &changes, SQL_DEL, "s", name);
	return err ? err : changes ? 0 : ENOENT;
}

int store_ivr_list(struct store *st, store_ivr_h *h, void *arg)
{
	struct list_ctx ctx = {h, arg};

	if (!st || !h)
		return EINVAL;
	return db_list(st, "ivr list", list_row, &ctx, SQL_LIST, "");
}
