/*
 * skills.c — the skills (queues) of the directory with their routing
 * settings: strategy, ring timeout, queue limits, overflow target, wrap-up,
 * recording and priority (CALL-FLOWS.md "Inbound call"). Deleting a skill
 * deletes the permissions naming it (the perms foreign key cascades).
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

#define SQL_INSERT_TEXT \
	"INSERT INTO skills(name, strategy, ring_timeout, max_wait," \
	" max_wait_noagent, overflow, wrapup, record, priority)" \
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
#define SQL_COLUMNS \
	"SELECT name, strategy, ring_timeout, max_wait, max_wait_noagent," \
	" overflow, wrapup, record, priority FROM skills"

static const char SQL_GET[] = SQL_COLUMNS " WHERE name = ?1";
static const char SQL_INSERT[] = SQL_INSERT_TEXT;
/* An upsert, not INSERT OR REPLACE, which would delete the row first and
 * so cascade to the skill's permissions. */
static const char SQL_UPSERT[] = SQL_INSERT_TEXT
	" ON CONFLICT(name) DO UPDATE SET strategy = excluded.strategy,"
	" ring_timeout = excluded.ring_timeout, max_wait = excluded.max_wait,"
	" max_wait_noagent = excluded.max_wait_noagent,"
	" overflow = excluded.overflow, wrapup = excluded.wrapup,"
	" record = excluded.record, priority = excluded.priority";
static const char SQL_DEL[] = "DELETE FROM skills WHERE name = ?1";
static const char SQL_LIST[] = SQL_COLUMNS " ORDER BY name";

static bool has_arg(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(s, prefix, n) && s[n] != '\0';
}

/* The forms store.h lists: "", "skill:NAME", "ivr:NUM", "hangup". */
static bool overflow_ok(const char *o)
{
	return !*o || !strcmp(o, "hangup") || has_arg(o, "skill:") ||
	       has_arg(o, "ivr:");
}

static bool skill_ok(const struct dir_skill *s)
{
	return field_ok(s->name, sizeof(s->name), false) &&
	       (int)s->strategy >= 0 && s->strategy < STRATEGY_COUNT &&
	       s->ring_timeout >= 0 && s->max_wait >= 0 &&
	       s->max_wait_noagent >= 0 && s->wrapup >= 0 &&
	       field_ok(s->overflow, sizeof(s->overflow), true) &&
	       overflow_ok(s->overflow);
}

/* False when the row breaks the rules the writer enforces, which only a
 * hand-edited file can do. */
static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_skill *s = row;
	int strategy, record;
	bool ok;

	db_col_text(dr, 0, s->name, sizeof(s->name));
	ok = db_col_int(dr, 1, &strategy) &&
	     db_col_int(dr, 2, &s->ring_timeout) &&
	     db_col_int(dr, 3, &s->max_wait) &&
	     db_col_int(dr, 4, &s->max_wait_noagent) &&
	     db_col_int(dr, 6, &s->wrapup) &&
	     db_col_int(dr, 7, &record) &&
	     db_col_int(dr, 8, &s->priority);
	db_col_text(dr, 5, s->overflow, sizeof(s->overflow));
	if (!ok)
		return false;
	s->strategy = (enum skill_strategy)strategy;
	s->record = record != 0;
	return skill_ok(s);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_skill_h *)h)(row, arg);
}

static const struct db_table table = {
	"skills", sizeof(struct dir_skill), row_read, emit
};

int store_skill_get(struct store *st, const char *name, struct dir_skill *out)
{
	if (!st || !out || !field_ok(name, STORE_NAME_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "s", name);
}

int store_skill_put(struct store *st, const struct dir_skill *s, bool replace)
{
	if (!st || !s || !skill_ok(s))
		return EINVAL;
	return db_run(st, "skill put", NULL, replace ? SQL_UPSERT : SQL_INSERT,
		      "siiiisiii", s->name, (int)s->strategy, s->ring_timeout,
		      s->max_wait, s->max_wait_noagent, s->overflow,
		      s->wrapup, (int)s->record, s->priority);
}

int store_skill_del(struct store *st, const char *name)
{
	if (!st || !field_ok(name, STORE_NAME_SIZE, false))
		return EINVAL;
	return db_del(st, "skill del", SQL_DEL, "s", name);
}

int store_skill_list(struct store *st, store_skill_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST, "");
}
