/*
 * agents.c — the agents of the directory: id, name, role and the argon2id
 * string of the password. Deleting an agent deletes its permissions (the
 * perms foreign key cascades).
 *
 * store_agent_put with a NULL password stores a->pwhash as given: an
 * argon2id string (e.g. one store_agent_get returned) or "". On insert ""
 * means no password yet (no sign-in can succeed); on replace it keeps the
 * stored hash, so changing a name or role cannot erase a password.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

#define SQL_INSERT_TEXT \
	"INSERT INTO agents(id, name, role, pwhash) VALUES(?1, ?2, ?3, ?4)"

static const char SQL_GET[] =
	"SELECT id, name, role, pwhash FROM agents WHERE id = ?1";
static const char SQL_INSERT[] = SQL_INSERT_TEXT;
/* An upsert, not INSERT OR REPLACE: replacing deletes the row first, which
 * would cascade to the agent's permissions. */
static const char SQL_UPSERT[] = SQL_INSERT_TEXT
	" ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
	" role = excluded.role, pwhash = CASE excluded.pwhash"
	" WHEN '' THEN agents.pwhash ELSE excluded.pwhash END";
static const char SQL_DEL[] = "DELETE FROM agents WHERE id = ?1";
static const char SQL_LIST[] =
	"SELECT id, name, role, pwhash FROM agents ORDER BY id";

static bool agent_ok(const struct dir_agent *a)
{
	return field_ok(a->id, sizeof(a->id), false) &&
	       field_ok(a->name, sizeof(a->name), false) &&
	       (a->role == ROLE_AGENT || a->role == ROLE_MONITOR);
}

static bool hash_ok(const char *hash)
{
	return field_ok(hash, STORE_HASH_SIZE, true) &&
	       (!*hash || pwhash_is_hash(hash));
}

/* False when the row breaks the rules the writer enforces, which only a
 * hand-edited file can do. */
static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_agent *a = row;
	int role;
	bool ok;

	db_col_text(dr, 0, a->id, sizeof(a->id));
	db_col_text(dr, 1, a->name, sizeof(a->name));
	ok = db_col_int(dr, 2, &role);
	a->role = (enum agent_role)role;
	db_col_text(dr, 3, a->pwhash, sizeof(a->pwhash));
	return ok && agent_ok(a) && hash_ok(a->pwhash);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_agent_h *)h)(row, arg);
}

static const struct db_table table = {
	"agents", sizeof(struct dir_agent), row_read, emit
};

int store_agent_get(struct store *st, const char *id, struct dir_agent *out)
{
	if (!st || !out || !field_ok(id, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "s", id);
}

int store_agent_put(struct store *st, const struct dir_agent *a,
		    const char *password, bool replace)
{
	char hash[STORE_HASH_SIZE];
	int err;

	if (!st || !a || !agent_ok(a))
		return EINVAL;
	if (password) {
		err = pwhash_make(&st->pw, password, hash);
		if (err)
			return err;
	}
	else if (hash_ok(a->pwhash)) {
		memcpy(hash, a->pwhash, sizeof(hash));
	}
	else {
		return EINVAL;
	}
	return db_run(st, "agent put", NULL, replace ? SQL_UPSERT : SQL_INSERT,
		      "ssis", a->id, a->name, (int)a->role, hash);
}

int store_agent_del(struct store *st, const char *id)
{
	if (!st || !field_ok(id, STORE_ID_SIZE, false))
		return EINVAL;
	return db_del(st, "agent del", SQL_DEL, "s", id);
}

int store_agent_list(struct store *st, store_agent_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST, "");
}
