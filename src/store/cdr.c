/*
 * cdr.c — call detail records: one row per call leg an agent handled,
 * written when the leg ends and listed newest first (write order). A
 * backend with a CDR writer (PostgreSQL) takes writes off the loop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "store_db.h"

enum { CDR_LIST_DEFAULT = 100 };

#define SQL_FIELDS \
	"call_id, contact_id, agent, dn, ani, dnis, direction, skill," \
	" queue_wait_ms, ring_ms, talk_ms, end_reason, hangup_by," \
	" start_us, answer_us, end_us, call_data"

static const char SQL_WRITE[] =
	"INSERT INTO cdr(" SQL_FIELDS ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char SQL_SET_DATA[] =
	"UPDATE cdr SET call_data = ?2 WHERE contact_id = ?1";
static const char SQL_LIST[] =
	"SELECT " SQL_FIELDS " FROM cdr ORDER BY id DESC LIMIT ?1";

static bool one_of(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(s, set[i]))
			return true;
	}
	return false;
}

static bool cdr_ok(const struct cdr *c)
{
	static const char *const directions[] = {
		"inbound", "outbound", "internal"};
	/* "" when nobody hung up the leg (e.g. it was transferred away) */
	static const char *const hangup_by[] = {
		"", "agent", "customer", "system"};

	return field_ok(c->call_id, sizeof(c->call_id), false) &&
	       field_ok(c->agent, sizeof(c->agent), true) &&
	       field_ok(c->dn, sizeof(c->dn), true) &&
	       field_ok(c->ani, sizeof(c->ani), true) &&
	       field_ok(c->dnis, sizeof(c->dnis), true) &&
	       field_ok(c->direction, sizeof(c->direction), false) &&
	       one_of(c->direction, directions, 3) &&
	       field_ok(c->skill, sizeof(c->skill), true) &&
	       field_ok(c->end_reason, sizeof(c->end_reason), true) &&
	       field_ok(c->hangup_by, sizeof(c->hangup_by), true) &&
	       one_of(c->hangup_by, hangup_by, 4) &&
	       field_ok(c->call_data, sizeof(c->call_data), true) &&
	       c->queue_wait_ms >= 0 && c->ring_ms >= 0 && c->talk_ms >= 0 &&
	       c->start_us >= 0 && c->answer_us >= 0 && c->end_us >= 0;
}

/* False when the row breaks the rules the writer enforces, which only a
 * hand-edited file can do. */
static bool row_read(const struct db_row *dr, void *row)
{
	struct cdr *c = row;

	db_col_text(dr, 0, c->call_id, sizeof(c->call_id));
	c->contact_id = db_col_int64(dr, 1);
	db_col_text(dr, 2, c->agent, sizeof(c->agent));
	db_col_text(dr, 3, c->dn, sizeof(c->dn));
	db_col_text(dr, 4, c->ani, sizeof(c->ani));
	db_col_text(dr, 5, c->dnis, sizeof(c->dnis));
	db_col_text(dr, 6, c->direction, sizeof(c->direction));
	db_col_text(dr, 7, c->skill, sizeof(c->skill));
	c->queue_wait_ms = db_col_int64(dr, 8);
	c->ring_ms = db_col_int64(dr, 9);
	c->talk_ms = db_col_int64(dr, 10);
	db_col_text(dr, 11, c->end_reason, sizeof(c->end_reason));
	db_col_text(dr, 12, c->hangup_by, sizeof(c->hangup_by));
	c->start_us = db_col_int64(dr, 13);
	c->answer_us = db_col_int64(dr, 14);
	c->end_us = db_col_int64(dr, 15);
	db_col_text(dr, 16, c->call_data, sizeof(c->call_data));
	return cdr_ok(c);
}

static void emit(db_fn *h, const void *row, void *arg)
{
	((store_cdr_h *)h)(row, arg);
}

static const struct db_table table = {
	"cdr", sizeof(struct cdr), row_read, emit
};

int store_cdr_write(struct store *st, const struct cdr *c)
{
	if (!st || !c || !cdr_ok(c))
		return EINVAL;
	if (st->be->cdr_queue) {
		struct db_cdr_op *op = malloc(sizeof(*op));
		int err;

		if (!op)
			return ENOMEM;
		op->set_data = false;
		op->cdr = *c;
		err = st->be->cdr_queue(st, op);
		free(op);
		return err;
	}
	return db_run(st, "cdr write", NULL, SQL_WRITE, "sIssssssIIIssIIIs",
		      c->call_id, c->contact_id, c->agent, c->dn, c->ani,
		      c->dnis, c->direction, c->skill, c->queue_wait_ms,
		      c->ring_ms, c->talk_ms, c->end_reason, c->hangup_by,
		      c->start_us, c->answer_us, c->end_us, c->call_data);
}

int store_cdr_list(struct store *st, int limit, store_cdr_h *h, void *arg)
{
	if (!st || !h)
		return EINVAL;
	if (limit <= 0)
		limit = CDR_LIST_DEFAULT;
	if (st->be->cdr_flush)
		st->be->cdr_flush(st);
	return db_list_rows(st, &table, (db_fn *)h, arg, SQL_LIST, "i", limit);
}

/* Call data set after an agent's row was written (e.g. by a survey the
 * customer answered after the agent left) reaches every row of the
 * contact. */
int store_cdr_set_data(struct store *st, int64_t contact_id,
		       const char *call_data)
{
	if (!st || !field_ok(call_data, STORE_CALLDATA_SIZE, true))
		return EINVAL;
	if (st->be->cdr_queue) {
		/* after the contact's rows in the writer's queue */
		struct db_cdr_op *op = calloc(1, sizeof(*op));
		int err;

		if (!op)
			return ENOMEM;
		op->set_data = true;
		op->cdr.contact_id = contact_id;
		strcpy(op->cdr.call_data, call_data);
		err = st->be->cdr_queue(st, op);
		free(op);
		return err;
	}
	return db_run(st, "cdr set data", NULL, SQL_SET_DATA, "Is",
		      contact_id, call_data);
}
