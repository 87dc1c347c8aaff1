/*
 * calldata.c — call data (SetCallData / GetCallData): key/value pairs
 * attached to the customer's contact. They live on the call, which follows
 * the customer across transfers, so every agent that handles the contact
 * later sees them; the CDR rows carry them.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"


struct calldata {
	struct le le;
	char key[SW_DATA_KEY_MAX + 1];
	char value[SW_DATA_VALUE_MAX + 1];
};

int calldata_set(struct call *call, const char *key, const char *value)
{
	struct calldata *d;
	struct le *le;

	if (!key || !*key)
		return ArKeyIsEmpty;
	if (!value || !*value)
		return ArValueIsEmpty;
	if (strlen(key) > SW_DATA_KEY_MAX || strlen(value) > SW_DATA_VALUE_MAX)
		return ArInvalidParam;
	LIST_FOREACH(&call->data, le) {
		d = le->data;
		if (0 == strcmp(d->key, key)) {
			str_ncpy(d->value, value, sizeof(d->value));
			return ArSuccess;
		}
	}
	if (list_count(&call->data) >= SW_DATA_MAX_PAIRS)
		return ArInvalidParam;
	d = mem_zalloc(sizeof(*d), NULL);
	if (!d)
		return ArFailed;
	str_ncpy(d->key, key, sizeof(d->key));
	str_ncpy(d->value, value, sizeof(d->value));
	list_append(&call->data, &d->le, d);
	return ArSuccess;
}

const char *calldata_get(const struct call *call, const char *key)
{
	struct le *le;

	LIST_FOREACH(&call->data, le) {
		const struct calldata *d = le->data;

		if (0 == strcmp(d->key, key))
			return d->value;
	}
	return NULL;
}

/* The CDR's call_data column ("" when there is none). */
void calldata_cdr(const struct call *call, char *out, size_t size)
{
	struct store_kv kv[SW_DATA_MAX_PAIRS];
	size_t n = 0;
	struct le *le;

	out[0] = '\0';
	LIST_FOREACH(&call->data, le) {
		const struct calldata *d = le->data;

		if (n < SW_DATA_MAX_PAIRS)
			kv[n++] = (struct store_kv){d->key, d->value};
	}
	if (n && store_kv_json(kv, n, out, size)) {
		log_warn("call %s: call data too large for the CDR",
			 call->id);
		out[0] = '\0';
	}
}

static const char *dir_name(enum call_dir dir)
{
	return dir == CALL_INBOUND ? "in" : dir == CALL_OUTBOUND ? "out" :
		"internal";
}

void call_note(const struct call *call)
{
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	struct sw_note n = {
		.call = call->id, .contact_id = call->contact_id,
		.dir = dir_name(call->dir), .skill = call->skill,
		.ani = call->ani, .dnis = call->dnis,
		.start_us = call->start, .queued_us = call->queued,
		.held = call->held,
	};
	size_t ndata = 0, i;
	struct le *le;

	/* made on every agent state change: not for a switch that dies
	 * with its core and keeps none */
	if (!sw_keeps_notes(call->core->sw))
		return;
	LIST_FOREACH(&call->data, le) {
		const struct calldata *d = le->data;

		if (ndata == SW_DATA_MAX_PAIRS)
			break;
		kv[ndata].key = d->key;
		kv[ndata].value = d->value;
		ndata++;
	}
	for (i = 0; i < CALL_PARTIES; i++) {
		const struct party *p = &call->parties[i];
		struct sw_note pn = n;

		if (!p->leg)
			continue;
		pn.party = party_name(party_role(call, p));
		pn.agent = p->agent ? p->agent->id : "";
		pn.answered_us = p->answered ? p->answer_time : 0;
		if (p == &call->far) {   /* the data goes with the customer */
			pn.data = kv;
			pn.ndata = ndata;
		}
		sw_annotate(call->core->sw, p->leg, &pn);
	}
}

int core_set_call_data(struct core *core, struct agent *a, const char *key,
		       const char *value)
{
	int code;

	(void)core;
	if (!a->call)
		return ArAgentStatusIsWrong;
	code = calldata_set(a->call, key, value);
	if (code == ArSuccess)
		call_note(a->call);
	return code;
}

int core_get_call_data(struct core *core, struct agent *a, const char *key,
		       const char **valuep)
{
	const char *v;

	(void)core;
	if (!key || !*key)
		return ArKeyIsEmpty;
	if (strlen(key) > SW_DATA_KEY_MAX)
		return ArInvalidParam;
	if (!a->call)
		return ArAgentStatusIsWrong;
	v = calldata_get(a->call, key);
	if (!v)
		return ArFailed;
	*valuep = v;
	return ArSuccess;
}
