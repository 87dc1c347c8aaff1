/*
 * phones.c — the phones (DNs) agents sign in on, with the password a SIP
 * phone registers with. Digest authentication needs that password itself,
 * so unlike agent passwords it is stored as given; it is never logged.
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

#define SQL_INSERT_TEXT \
	"INSERT INTO phones(dn, sip_password) VALUES(?1, ?2)"

static const char SQL_GET[] =
	"SELECT dn, sip_password FROM phones WHERE dn = ?1";
static const char SQL_INSERT[] = SQL_INSERT_TEXT;
static const char SQL_UPSERT[] = SQL_INSERT_TEXT
	" ON CONFLICT(dn) DO UPDATE SET sip_password = excluded.sip_password";
static const char SQL_DEL[] = "DELETE FROM phones WHERE dn = ?1";
static const char SQL_LIST[] =
	"SELECT dn, sip_password FROM phones ORDER BY dn";

static bool phone_ok(const struct dir_phone *p)
{
	return field_ok(p->dn, sizeof(p->dn), false) &&
	       field_ok(p->sip_password, sizeof(p->sip_password), true);
}

static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_phone *p = row;

	db_col_text(dr, 0, p->dn, sizeof(p->dn));
	db_col_text(dr, 1, p->sip_password, sizeof(p->sip_password));
	return phone_ok(p);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_phone_h *)h)(row, arg);
}

static const struct db_table table = {
	"phones", sizeof(struct dir_phone), row_read, emit
};

int store_phone_get(struct store *st, const char *dn, struct dir_phone *out)
{
	if (!st || !out || !field_ok(dn, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_GET, "s", dn);
}

int store_phone_secret(const char *dn, char *secret, size_t size, void *arg)
{
	struct dir_phone p;
	int err = store_phone_get(arg, dn, &p);

	if (err)
		return err;
	if (strlen(p.sip_password) >= size)
		return E2BIG;
	strcpy(secret, p.sip_password);
	return 0;
}

int store_phone_put(struct store *st, const struct dir_phone *p, bool replace)
{
	if (!st || !p || !phone_ok(p))
		return EINVAL;
	return db_run(st, "phone put", NULL, replace ? SQL_UPSERT : SQL_INSERT,
		      "ss", p->dn, p->sip_password);
}

int store_phone_del(struct store *st, const char *dn)
{
	if (!st || !field_ok(dn, STORE_ID_SIZE, false))
		return EINVAL;
	return db_del(st, "phone del", SQL_DEL, "s", dn);
}

int store_phone_list(struct store *st, store_phone_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST, "");
}
