/*
 * admins.c — the users of the web administration, each with the argon2id
 * string of a password. Putting an existing user sets a new password.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

enum { ADMIN_USER_SIZE = STORE_ID_SIZE };

/* "user" is quoted: PostgreSQL reserves the word (SQLite accepts both). */
static const char SQL_PUT[] =
	"INSERT INTO admins(\"user\", pwhash) VALUES(?1, ?2)"
	" ON CONFLICT(\"user\") DO UPDATE SET pwhash = excluded.pwhash";
static const char SQL_HASH[] = "SELECT pwhash FROM admins WHERE \"user\" = ?1";

static int hash_row(const struct db_row *row, void *arg)
{
	db_col_text(row, 0, arg, STORE_HASH_SIZE);
	return 0;
}

int store_admin_put(struct store *st, const char *user, const char *password)
{
	char hash[STORE_HASH_SIZE];
	int err;

	if (!st || !field_ok(user, ADMIN_USER_SIZE, false))
		return EINVAL;
	err = pwhash_make(&st->pw, password, hash);
	if (err)
		return err;
	return db_run(st, "admin put", NULL, SQL_PUT, "ss", user, hash);
}

/* An unknown user and a wrong password are one answer, EACCES, so that a
 * client cannot learn which users exist; a database fault is not EACCES.
 * pwhash_verify rejects a row that holds no argon2id string. */
int store_admin_verify(struct store *st, const char *user,
		       const char *password)
{
	char hash[STORE_HASH_SIZE];
	int err;

	if (!st)
		return EINVAL;
	if (!password || !field_ok(user, ADMIN_USER_SIZE, false))
		return EACCES;
	err = db_get(st, "admin verify", hash_row, hash, SQL_HASH, "s", user);
	if (err)
		return err == ENOENT ? EACCES : err;
	return pwhash_verify(hash, password) ? 0 : EACCES;
}
