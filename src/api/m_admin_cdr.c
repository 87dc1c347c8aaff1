/*
 * m_admin_cdr.c — Admin.ListCDR: the newest call-detail records, one per
 * call leg handled by an agent (store.h struct cdr).
 */
#include "api/api_int.h"
#include "api/shape.h"

static void list_cdr(const struct cdr *c, void *arg)
{
	json_t *row, *data = NULL;

	/* call data is kept as JSON object text; show it as an object */
	if (c->call_data[0])
		data = json_loads(c->call_data, 0, NULL);
	if (!data)
		data = json_object();
	row = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I,"
			" s:I, s:s, s:s, s:I, s:I, s:I, s:o}",
			"callID", c->call_id,
			"contactID", (json_int_t)c->contact_id,
			"agent", c->agent, "dn", c->dn, "ani", c->ani,
			"dnis", c->dnis, "direction", c->direction,
			"skill", c->skill,
			"queueWaitMs", (json_int_t)c->queue_wait_ms,
			"ringMs", (json_int_t)c->ring_ms,
			"talkMs", (json_int_t)c->talk_ms,
			"endReason", c->end_reason, "hangupBy", c->hangup_by,
			"startTime", (json_int_t)c->start_us,
			"answerTime", (json_int_t)c->answer_us,
			"endTime", (json_int_t)c->end_us,
			"callData", data);
	json_array_append_new(arg, row);
}

static const struct pspec cdr_params[] = {
	{.name = "limit", .type = PT_INT, .min = 1, .max = 10000,
	 .def = 100},
	{NULL},
};

static json_t *m_list_cdr(struct rpc_call *c)
{
	json_t *arr = json_array();

	if (arr && store_cdr_list(c->api->st, (int)c->v[0].i, list_cdr,
				  arr)) {
		json_decref(arr);
		return result_msg(ArFailed, "database error");
	}
	return admin_data(arr);
}

const struct rpc_method m_admin_cdr_methods[] = {
	{"Admin.ListCDR", m_list_cdr, NEEDS_ADMIN, cdr_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
