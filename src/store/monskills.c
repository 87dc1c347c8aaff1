/*
 * monskills.c — which skills a monitor (a supervisor) supervises: a
 * monitor may act on an agent, and watch a skill, only through these rows
 * (docs/security.md "Supervisors, admins and demo credentials"). A row
 * names an existing agent and skill (foreign keys: ENOENT otherwise) and
 * goes away with either of them.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

static const char SQL_GET[] =
	"SELECT monitor, skill FROM monitor_skills"
	" WHERE monitor = ?1 AND skill = ?2";
static const char SQL_PUT[] =
	"INSERT INTO monitor_skills(monitor, skill) VALUES(?1, ?2)"
	" ON CONFLICT(monitor, skill) DO NOTHING";
static const char SQL_DEL[] =
	"DELETE FROM monitor_skills WHERE monitor = ?1 AND skill = ?2";
static const char SQL_LIST_ALL[] =
	"SELECT monitor, skill FROM monitor_skills ORDER BY monitor, skill";
static const char SQL_LIST_MONITOR[] =
	"SELECT monitor, skill FROM monitor_skills WHERE monitor = ?1"
	" ORDER BY skill";
/* one permission of the agent on one skill of the monitor's is enough */
static const char SQL_SUPERVISES[] =
	"SELECT 1 FROM monitor_skills m JOIN perms p ON p.skill = m.skill"
	" WHERE m.monitor = ?1 AND p.agent = ?2 LIMIT 1";

static bool keys_ok(const char *monitor, const char *skill)
{
	return field_ok(monitor, STORE_ID_SIZE, false) &&
	       field_ok(skill, STORE_NAME_SIZE, false);
}

/* False when the row breaks the rules the writer enforces, which only a
 * hand-edited file can do. */
static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_monskill *m = row;

	db_col_text(dr, 0, m->monitor, sizeof(m->monitor));
	db_col_text(dr, 1, m->skill, sizeof(m->skill));
	return keys_ok(m->monitor, m->skill);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_monskill_h *)h)(row, arg);
}

static const struct db_table table = {
	"monitor_skills", sizeof(struct dir_monskill), row_read, emit
};

int store_monskill_get(struct store *st, const char *monitor,
		       const char *skill, struct dir_monskill *out)
{
	if (!st || !out || !keys_ok(monitor, skill))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "ss", monitor, skill);
}

int store_monskill_put(struct store *st, const char *monitor,
		       const char *skill)
{
	if (!st || !keys_ok(monitor, skill))
		return EINVAL;
	return db_run(st, "monitor skill put", NULL, SQL_PUT, "ss", monitor,
		      skill);
}

int store_monskill_del(struct store *st, const char *monitor,
		       const char *skill)
{
	if (!st || !keys_ok(monitor, skill))
		return EINVAL;
	return db_del(st, "monitor skill del", SQL_DEL, "ss", monitor, skill);
}

int store_monskill_list(struct store *st, const char *monitor,
			store_monskill_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	if (!monitor)
		return db_list_rows(st, &table, (db_fn *)h, arg,
				    SQL_LIST_ALL, "");
	if (!field_ok(monitor, STORE_ID_SIZE, false))
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST_MONITOR,
			    "s", monitor);
}

int store_supervises(struct store *st, const char *monitor,
		     const char *agent)
{
	if (!st || !field_ok(monitor, STORE_ID_SIZE, false) ||
	    !field_ok(agent, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get(st, "supervises", NULL, NULL, SQL_SUPERVISES, "ss",
		      monitor, agent);
}
