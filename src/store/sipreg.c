/*
 * sipreg.c — the SIP phones' registrations the switch nodes share: the
 * node a phone registered on writes its binding (DN, contact, the route
 * to it, itself, when it lapses) and removes it; a node asked to ring a
 * DN it holds no binding for reads the one lapsing last. Lapsed rows are
 * dropped by the next write (a node that died leaves its rows behind).
 */
#include <errno.h>
#include <string.h>
#include "store_db.h"

static const char SQL_PUT[] =
	"INSERT INTO sip_bindings(dn, contact, route, node, expires_s)"
	" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(dn, contact) DO UPDATE SET"
	" route = excluded.route, node = excluded.node,"
	" expires_s = excluded.expires_s";
static const char SQL_LAPSED[] =
	"DELETE FROM sip_bindings WHERE expires_s <= ?1";
static const char SQL_DEL[] =
	"DELETE FROM sip_bindings WHERE dn = ?1 AND contact = ?2"
	" AND node = ?3";
static const char SQL_FIND[] =
	"SELECT dn, contact, route, node, expires_s FROM sip_bindings"
	" WHERE dn = ?1 AND expires_s > ?2 ORDER BY expires_s DESC LIMIT 1";

static bool sipreg_ok(const struct dir_sipreg *r)
{
	return field_ok(r->dn, sizeof(r->dn), false) &&
	       field_ok(r->contact, sizeof(r->contact), false) &&
	       field_ok(r->route, sizeof(r->route), false) &&
	       field_ok(r->node, sizeof(r->node), false) &&
	       r->expires_s > 0;
}

static bool row_read(const struct db_row *dr, void *row)
{
	struct dir_sipreg *r = row;

	db_col_text(dr, 0, r->dn, sizeof(r->dn));
	db_col_text(dr, 1, r->contact, sizeof(r->contact));
	db_col_text(dr, 2, r->route, sizeof(r->route));
	db_col_text(dr, 3, r->node, sizeof(r->node));
	r->expires_s = db_col_int64(dr, 4);
	return sipreg_ok(r);
}

/* Never listed: the table is read a DN at a time. */
static const struct db_table table = {
	"sip_bindings", sizeof(struct dir_sipreg), row_read, NULL
};

int store_sipreg_put(struct store *st, const struct dir_sipreg *r,
		     int64_t now_s)
{
	int err;

	if (!st || !r || !sipreg_ok(r))
		return EINVAL;
	err = db_run(st, "sip binding lapsed", NULL, SQL_LAPSED, "I", now_s);
	return err ? err : db_run(st, "sip binding put", NULL, SQL_PUT,
				  "ssssI", r->dn, r->contact, r->route,
				  r->node, r->expires_s);
}

int store_sipreg_del(struct store *st, const char *dn, const char *contact,
		     const char *node)
{
	if (!st || !field_ok(dn, STORE_ID_SIZE, false) ||
	    !field_ok(contact, STORE_URI_SIZE, false) ||
	    !field_ok(node, STORE_NAME_SIZE, false))
		return EINVAL;
	return db_del(st, "sip binding del", SQL_DEL, "sss", dn, contact,
		      node);
}

int store_sipreg_find(struct store *st, const char *dn, int64_t now_s,
		      struct dir_sipreg *out)
{
	if (!st || !out || !field_ok(dn, STORE_ID_SIZE, false))
		return EINVAL;
	return db_get_row(st, &table, out, SQL_FIND, "sI", dn, now_s);
}
