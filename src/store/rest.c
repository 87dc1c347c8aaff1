/*
 * rest.c — the rest reasons an agent picks from when going to Rest, kept in
 * the order they were added (the order the toolbar shows them in). The
 * list travels as one "a;b;c" string, so a reason cannot hold ';'.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "store_db.h"

enum { REASON_SIZE = STORE_NAME_SIZE };

static const char SQL_LIST[] =
	"SELECT reason FROM rest_reasons ORDER BY position";
static const char SQL_ADD[] =
	"INSERT INTO rest_reasons(reason, position)"
	" SELECT ?1, COALESCE(MAX(position), 0) + 1 FROM rest_reasons";
static const char SQL_DEL[] = "DELETE FROM rest_reasons WHERE reason = ?1";
static const char SQL_EXISTS[] =
	"SELECT 1 FROM rest_reasons WHERE reason = ?1";

struct join_ctx {
	char *buf;
	size_t size;
	size_t len;
};

static bool reason_ok(const char *reason)
{
	return field_ok(reason, REASON_SIZE, false) && !strchr(reason, ';');
}

static int join_row(const struct db_row *row, void *arg)
{
	struct join_ctx *ctx = arg;
	char reason[REASON_SIZE];
	size_t n, sep;

	db_col_text(row, 0, reason, sizeof(reason));
	if (!reason_ok(reason)) {
		log_warn("store: invalid rest_reasons row '%s'", reason);
		return 0;
	}
	n = strlen(reason);
	sep = ctx->len ? 1 : 0;
	if (ctx->len + sep + n >= ctx->size)
		return ENOSPC;
	if (sep)
		ctx->buf[ctx->len++] = ';';
	memcpy(ctx->buf + ctx->len, reason, n + 1);
	ctx->len += n;
	return 0;
}

int store_rest_reasons(struct store *st, char *buf, size_t size)
{
	struct join_ctx ctx = {buf, size, 0};
	int err;

	if (!st || !buf || !size)
		return EINVAL;
	buf[0] = '\0';
	err = db_list(st, "rest reasons", join_row, &ctx, SQL_LIST, "");
	if (err)
		buf[0] = '\0';
	return err;
}

int store_rest_reason_add(struct store *st, const char *reason)
{
	if (!st || !reason_ok(reason))
		return EINVAL;
	return db_run(st, "rest reason add", NULL, SQL_ADD, "s", reason);
}

int store_rest_reason_del(struct store *st, const char *reason)
{
	if (!st || !reason_ok(reason))
		return EINVAL;
	return db_del(st, "rest reason del", SQL_DEL, "s", reason);
}

int store_rest_reason_find(struct store *st, const char *reason)
{
	if (!st || !reason)
		return EINVAL;
	/* one that could not be stored is simply not there */
	if (!reason_ok(reason))
		return ENOENT;
	return db_get(st, "rest reason find", NULL, NULL, SQL_EXISTS,
		      "s", reason);
}
