/*
 * perms.c — which skills an agent may sign in with, and the default level
 * for each. A permission names an existing agent and skill (foreign keys:
 * ENOENT otherwise) and goes away with either of them.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

static const char SQL_GET[] =
	"SELECT agent, skill, level FROM perms WHERE agent = ?1 AND skill = ?2";
static const char SQL_PUT[] =
	"INSERT INTO perms(agent, skill, level) VALUES(?1, ?2, ?3)"
	" ON CONFLICT(agent, skill) DO UPDATE SET level = excluded.level";
static const char SQL_DEL[] =
	"DELETE FROM perms WHERE agent = ?1 AND skill = ?2";
static const char SQL_LIST_ALL[] =
	"SELECT agent, skill, level FROM perms ORDER BY agent, skill";
static const char SQL_LIST_AGENT[] =
	"SELECT agent, skill, level FROM perms WHERE agent = ?1 ORDER BY skill";

static bool perm_ok(const struct dir_perm *p)
{
	return field_ok(p->agent, sizeof(p->agent), false) &&
	       field_ok(p->skill, sizeof(p->skill), false) && p->level >= 0;
}

/* False when the row breaks the rules the writer enforces, which only a
 * hand-edited file can do. */
static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_perm *p = row;
	bool ok;

	db_col_text(dr, 0, p->agent, sizeof(p->agent));
	db_col_text(dr, 1, p->skill, sizeof(p->skill));
	ok = db_col_int(dr, 2, &p->level);
	return ok && perm_ok(p);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_perm_h *)h)(row, arg);
}

static const struct db_table table = {
	"perms", sizeof(struct dir_perm), row_read, emit
};

int store_perm_get(struct store *st, const char *agent, const char *skill,
		   struct dir_perm *out)
{
	if (!st || !out || !field_ok(agent, STORE_ID_SIZE, false) ||
	    !field_ok(skill, STORE_NAME_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "ss", agent, skill);
}

int store_perm_put(struct store *st, const struct dir_perm *p)
{
	if (!st || !p || !perm_ok(p))
		return EINVAL;
	return db_run(st, "perm put", NULL, SQL_PUT, "ssi", p->agent,
		      p->skill, p->level);
}

int store_perm_del(struct store *st, const char *agent, const char *skill)
{
	if (!st || !field_ok(agent, STORE_ID_SIZE, false) ||
	    !field_ok(skill, STORE_NAME_SIZE, false))
		return EINVAL;
	return db_del(st, "perm del", SQL_DEL, "ss", agent, skill);
}

int store_perm_list(struct store *st, const char *agent, store_perm_h *h,
		    void *arg)
{
	if (!st || !h)
		return EINVAL;
	if (!agent)
		return db_list_rows(st, &table, (db_fn *)h, arg,
				    SQL_LIST_ALL, "");
	if (!field_ok(agent, STORE_ID_SIZE, false))
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST_AGENT,
			    "s", agent);
}
